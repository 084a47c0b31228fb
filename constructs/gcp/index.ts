import { requireEngines } from '../private/engines';

// Before anything loads an engine: a missing one is one line naming what to install.
requireEngines('cdk-enterprise-baseline/gcp', ['cdktf', '@cdktf/provider-google', 'constructs']);

export * from './network';
export * from './nat-log-filter';
export * from './google-private-apis';
export * from './gke-cluster';
export * from './gke-release-channel';
// The public-endpoint exception every cluster construct (EKS, AKS, GKE) takes.
export type { ClusterPublicEndpoint } from '../../core/public-endpoint';
export * from './gke-cluster-ref';
export * from './workload-identity';
export * from './artifact-registry';
export * from './budget';
export * from './org-policies';
export * from './github-actions-federation';
export * from './github-actions-service-account';
export * from './binary-authorization';
// Validates every stack of a cdktf app at once (cdktf's own synth stops at the first broken stack).
export { ConstructValidationError, validateApp } from '../../core/validation';
export * from './notification-channels';
export * from './cluster-alert-policies';
export * from './audit-log-sink';
