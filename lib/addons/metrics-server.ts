import type { Addon } from './addon';

/** Requests and limits of one container, as Kubernetes quantities. */
export interface MetricsServerResources {
  /** Ephemeral storage is local disk (logs, emptyDir): bounded so one pod cannot fill a node and evict others. */
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** The values of the `metrics-server` chart (3.x layout) that the baseline sets; the chart's defaults apply to the rest. */
export interface MetricsServerChartValues {
  readonly replicas: number;
  /**
   * `system-cluster-critical`, the chart's own default, kept on purpose: above the platform class, because
   * every autoscaler, the platform's included, reads the metrics it serves.
   */
  readonly priorityClassName: 'system-cluster-critical';
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly resources: MetricsServerResources;
  /** The chart registers `v1beta1.metrics.k8s.io`, the resource metrics API every HorizontalPodAutoscaler reads. */
  readonly apiService: { readonly create: boolean };
  readonly podSecurityContext: { readonly runAsNonRoot: boolean; readonly seccompProfile: { readonly type: 'RuntimeDefault' } };
  readonly securityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly readOnlyRootFilesystem: boolean;
    readonly runAsNonRoot: boolean;
    readonly runAsUser: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly topologySpreadConstraints: readonly {
    readonly maxSkew: number;
    readonly topologyKey: string;
    readonly whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule';
    readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  }[];
}

/**
 * metrics-server, the source of the resource metrics API (`metrics.k8s.io`) that every HorizontalPodAutoscaler reads
 * CPU from. EKS does not run one by itself (AKS and GKE do, managed by the cloud), so without it every autoscaler of
 * an EKS cluster holds its minimum.
 *
 * Chart `metrics-server` 3.13.0 ships metrics-server v0.8.0. Two replicas with a PodDisruptionBudget and a zone
 * spread, as upstream documents for high availability: the metrics API is an aggregated API, and while it is down
 * every autoscaler of the cluster is blind. Pods meet the `restricted` Pod Security Standard.
 */
export const METRICS_SERVER_ADDON: Addon<MetricsServerChartValues> = {
  name: 'metrics-server',
  description: 'Resource metrics API (metrics.k8s.io) for HorizontalPodAutoscalers and kubectl top, where the cloud runs none.',
  namespace: 'metrics-server',
  helm: {
    repoUrl: 'https://kubernetes-sigs.github.io/metrics-server/',
    chart: 'metrics-server',
    version: '3.13.0',
  },
  appVersion: 'v0.8.0',
  clouds: ['aws'],
  // After the policy engine, before the services whose autoscalers read it.
  syncWave: -5,
  policyExcludedNamespaces: ['metrics-server'],
  imagePatterns: ['registry.k8s.io/metrics-server/*'],
  values: {
    replicas: 2,
    priorityClassName: 'system-cluster-critical',
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    resources: { requests: { 'cpu': '100m', 'memory': '200Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '1', 'memory': '500Mi', 'ephemeral-storage': '256Mi' } },
    apiService: { create: true },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    topologySpreadConstraints: [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'metrics-server' } },
    }],
  },
};
