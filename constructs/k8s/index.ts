export * from './team-namespace';
export * from './service-workload';
export * from './argocd-application';
export * from './prometheus-analysis-template';
export * from './service-network-policies';
export * from './fqdn-egress-policy';
