// Monitoring rendered from lib/standards: Prometheus rules, the Alertmanager configuration, dashboards.
export * from './alertmanager-config';
export * from './duration';
export * from './prometheus-rules';
export * from './rule-types';
