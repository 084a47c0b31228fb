import { requireEngines } from '../private/engines';

// Before anything loads an engine: a missing one is one line naming what to install.
requireEngines('cdk-enterprise-baseline/azure', ['cdktf', '@cdktf/provider-azurerm', 'constructs']);

export * from './network';
export * from './public-ingress-address';
export * from './tags';
export * from './aks-cluster';
export * from './aks-maintenance-day';
export * from './aks-upgrade-channels';
// The VM sizes whose temp disk holds an ephemeral OS disk (AksNodePoolSize.ephemeralOsDisk).
export { AKS_DEFAULT_OS_DISK_GIB, AZURE_VM_TEMP_DISK_GIB, ephemeralOsDiskGiB } from '../../core/azure-vm-disks';
// The public-endpoint exception every cluster construct (EKS, AKS, GKE) takes.
export type { ClusterPublicEndpoint } from '../../core/public-endpoint';
export * from './aks-cluster-ref';
export * from './workload-identity';
export * from './acr-registry';
export * from './defender-for-containers';
export * from './budget';
export * from './policy-assignments';
export * from './pod-security-effect';
export * from './log-analytics-workspace';
export * from './application-insights';
export * from './github-actions-identity';
// Validates every stack of a cdktf app at once (cdktf's own synth stops at the first broken stack).
export { ConstructValidationError, validateApp } from '../../core/validation';
export * from './action-groups';
export * from './cluster-alerts';
export * from './managed-prometheus';
export * from './entra-sign-in-alerts';
export * from './registry-alerts';
export * from './activity-log-export';
