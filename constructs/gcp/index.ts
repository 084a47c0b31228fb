export * from './network';
export * from './gke-cluster';
export * from './workload-identity';
export * from './artifact-registry';
