// Monitoring rendered from lib/standards: Prometheus rules, the Alertmanager configuration, dashboards.
export * from './alertmanager-config';
export * from './dashboard-model';
export * from './dashboards';
export * from './delivery-metrics';
export * from './duration';
export * from './prometheus-rules';
export * from './rule-types';
export * from './otel-collector-config';
