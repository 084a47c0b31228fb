export * from './network';
export * from './google-private-apis';
export * from './gke-cluster';
export * from './workload-identity';
export * from './artifact-registry';
export * from './budget';
export * from './org-policies';
