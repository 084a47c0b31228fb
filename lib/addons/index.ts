export * from './addon';
export * from './catalog';
export * from './kyverno';
export * from './argo-cd';
export * from './argo-rollouts';
export * from './prometheus-address';
export * from './kube-prometheus-stack';
