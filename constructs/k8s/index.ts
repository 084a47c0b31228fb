import { requireEngines } from '../private/engines';

// Before anything loads an engine: a missing one is one line naming what to install.
requireEngines('cdk-enterprise-baseline/k8s', ['cdk8s', 'cdk8s-plus-28', 'constructs']);

export * from './team-namespace';
export * from './service-workload';
export * from './argocd-application';
export * from './prometheus-analysis-template';
export * from './service-network-policies';
export * from './fqdn-egress-policy';
export * from './service-monitoring';
export * from './cluster-gateway';
export * from './service-route';
export * from './grafana-dashboard';
export * from './priority-class';
export * from './plain-api-object';
export * from './encrypted-storage-class';
