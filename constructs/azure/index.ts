export * from './network';
export * from './tags';
export * from './aks-cluster';
export * from './workload-identity';
export * from './acr-registry';
export * from './defender-for-containers';
export * from './budget';
export * from './policy-assignments';
