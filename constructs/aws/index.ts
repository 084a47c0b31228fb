export * from './network';
export * from './mandatory-tags';
export * from './eks-cluster';
export * from './pod-identity';
export * from './ecr-registry';
export * from './ecr-registry-settings';
export * from './budget';
export * from './config-rules';
