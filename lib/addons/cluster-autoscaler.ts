import type { Addon } from './addon';

/** The values of the `cluster-autoscaler` chart (9.x layout) that the baseline sets for every EKS cluster. */
export interface ClusterAutoscalerChartValues {
  readonly cloudProvider: 'aws';
  /** The service account EKS Pod Identity gives the autoscaler's IAM role to (`EksClusterAutoscaler`). */
  readonly rbac: { readonly serviceAccount: { readonly create: boolean; readonly name: string } };
  readonly replicaCount: number;
  /**
   * `system-cluster-critical`, the chart's own default, kept on purpose: above the platform class, because
   * it adds the nodes that pending pods, the platform's included, wait for.
   */
  readonly priorityClassName: 'system-cluster-critical';
  readonly podDisruptionBudget: { readonly maxUnavailable: number };
  readonly resources: {
    /** Ephemeral storage is local disk (logs, emptyDir): bounded so one pod cannot fill a node and evict others. */
    readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
    readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  };
  /** Command-line flags of the autoscaler, as the chart passes them (`--<key>=<value>`). */
  readonly extraArgs: Readonly<Record<string, string | boolean>>;
  readonly securityContext: { readonly runAsNonRoot: boolean; readonly runAsUser: number; readonly runAsGroup: number; readonly fsGroup: number; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  readonly containerSecurityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly readOnlyRootFilesystem: boolean;
  };
}

/**
 * Cluster Autoscaler on EKS: adds nodes to a managed node group when pods are pending for lack of room, and removes
 * nodes that have been underused, always inside the group's minimum and maximum.
 *
 * Cluster Autoscaler rather than Karpenter, because the tier's node bounds (`cluster.generalNodesMin/Max`) are the
 * contract on every cloud: AKS and GKE scale their pools between those bounds with their own managed autoscalers,
 * and Cluster Autoscaler does the same with the EKS managed node groups (it discovers them by the tags EKS puts on
 * their Auto Scaling groups), so a tier means the same capacity everywhere and nodes stay on the managed groups'
 * launch templates (IMDSv2 hop limit 1, encrypted volumes) and their rolling upgrades. Karpenter would bring its own
 * node lifecycle, node role and limits outside those bounds.
 *
 * Chart `cluster-autoscaler` 9.51.0 ships Cluster Autoscaler v1.33.0, whose minor matches the baseline's default
 * Kubernetes version (the autoscaler supports the Kubernetes minor it is built for). Its AWS permissions come from
 * an IAM role through EKS Pod Identity (`EksClusterAutoscaler`), bound to the service account named here, and its
 * cluster name and region are set per environment by the platform.
 */
export const CLUSTER_AUTOSCALER_ADDON: Addon<ClusterAutoscalerChartValues> = {
  name: 'cluster-autoscaler',
  description: 'Node autoscaler for the EKS managed node groups: scales each group within its tier bounds when pods are pending or nodes are underused.',
  namespace: 'cluster-autoscaler',
  helm: {
    repoUrl: 'https://kubernetes.github.io/autoscaler',
    chart: 'cluster-autoscaler',
    version: '9.51.0',
  },
  appVersion: 'v1.33.0',
  clouds: ['aws'],
  syncWave: -5,
  policyExcludedNamespaces: ['cluster-autoscaler'],
  imagePatterns: ['registry.k8s.io/autoscaling/*'],
  values: {
    cloudProvider: 'aws',
    rbac: { serviceAccount: { create: true, name: 'cluster-autoscaler' } },
    // Leader-elected: the second replica takes over within seconds when a node drain moves the first.
    replicaCount: 2,
    priorityClassName: 'system-cluster-critical',
    podDisruptionBudget: { maxUnavailable: 1 },
    resources: { requests: { 'cpu': '100m', 'memory': '300Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '256Mi' } },
    extraArgs: {
      // The system and general groups each span the three zones: keep their sizes even as they scale.
      'balance-similar-node-groups': true,
      'expander': 'least-waste',
      // Every service mounts an emptyDir at /tmp, which is scratch: it must not pin a node against scale-down.
      'skip-nodes-with-local-storage': false,
    },
    securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
  },
};
