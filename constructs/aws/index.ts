import { requireEngines } from '../private/engines';

// Before anything loads an engine: a missing one is one line naming what to install.
requireEngines('cdk-enterprise-baseline/aws', ['aws-cdk-lib', 'constructs']);

export * from './network';
export * from './mandatory-tags';
export * from './eks-cluster';
export * from './eks-capacity-type';
export * from './eks-upgrade-support-type';
// The public-endpoint exception every cluster construct (EKS, AKS, GKE) takes.
export type { ClusterPublicEndpoint } from '../../core/public-endpoint';
export * from './pod-identity';
export * from './ecr-registry';
export * from './ecr-registry-settings';
export * from './ecr-scan-frequency';
export * from './budget';
export * from './config-rules';
export * from './eks-cluster-autoscaler';
export * from './eks-registry-reader';
export * from './github-oidc-provider';
export * from './github-actions-role';
export * from './alert-topics';
export * from './audit-trail';
export * from './container-insights';
