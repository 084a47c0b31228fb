import type { Addon } from './addon';
import { type CustomResourceStateMetrics, type KubeStateMetricsRbacRule, ROLLOUT_STATE_CONFIG, ROLLOUT_STATE_RBAC_RULES } from './rollout-state-metrics';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';
import { BASELINE_STORAGE_CLASS } from '../standards/storage';

/** Requests and limits of one container, as Kubernetes quantities. */
export interface MonitoringResources {
  /** Ephemeral storage is local disk (logs, emptyDir): bounded so one pod cannot fill a node and evict others. */
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** A persistent volume claim's spec, as the chart takes it. */
export interface VolumeClaimSpec {
  /** The class, named so the volume never lands on a cloud default class without the customer key. @default - the cluster's default class */
  readonly storageClassName?: string;
  readonly accessModes: readonly string[];
  readonly resources: { readonly requests: { readonly storage: string } };
}

/** The restricted pod security context every monitoring pod that can run unprivileged gets. */
export interface MonitoringPodSecurityContext {
  readonly runAsNonRoot: boolean;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly seccompProfile: { readonly type: 'RuntimeDefault' };
}

/** Key of the kube-state-metrics subchart's values in kube-prometheus-stack's. */
export const KUBE_STATE_METRICS_SUBCHART = 'kube-state-metrics';

/**
 * The values of the `kube-prometheus-stack` chart (79.x layout) that the baseline sets for every cluster; the
 * platform adds each environment's own (replicas and volume from the tier, the Alertmanager configuration from the
 * organization's receivers, external labels) in `lib/platform/monitoring-values.ts`.
 */
export interface KubePrometheusStackValues {
  /** Fixed object names, so {@link IN_CLUSTER_PROMETHEUS_URL} does not depend on the release name. */
  readonly fullnameOverride: string;
  readonly crds: { readonly enabled: boolean };
  /** The chart's own rules for the cluster's components (kubelet, API server, etcd, nodes); they route to devops. */
  readonly defaultRules: { readonly create: boolean };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      /** Select every PrometheusRule, ServiceMonitor and PodMonitor in every namespace, so teams add their own. */
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly podAntiAffinity: 'hard' | 'soft';
      /** The platform's PriorityClass, above every service (`lib/standards/priority.ts`). */
      readonly priorityClassName: string;
      readonly resources: MonitoringResources;
      readonly securityContext: MonitoringPodSecurityContext;
    };
  };
  readonly alertmanager: {
    readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
    readonly alertmanagerSpec: {
      readonly replicas: number;
      readonly podAntiAffinity: 'hard' | 'soft';
      /** The platform's PriorityClass: the alerts about a cluster under pressure must outlive the pressure. */
      readonly priorityClassName: string;
      readonly resources: MonitoringResources;
      readonly securityContext: MonitoringPodSecurityContext;
      readonly storage: { readonly volumeClaimTemplate: { readonly spec: VolumeClaimSpec } };
    };
  };
  readonly grafana: {
    readonly defaultDashboardsEnabled: boolean;
    /** Dashboards come from labelled ConfigMaps in any namespace (the baseline generates them). */
    readonly sidecar: {
      readonly dashboards: {
        readonly enabled: boolean;
        readonly label: string;
        readonly labelValue: string;
        readonly searchNamespace: string;
        /** Annotation a ConfigMap names its folder with; with `foldersFromFilesStructure`, Grafana files it there. */
        readonly folderAnnotation: string;
        readonly provider: { readonly foldersFromFilesStructure: boolean };
      };
    };
    readonly resources: MonitoringResources;
  };
  /** The operator, which templates `priorityClassName` although its `values.yaml` does not list it. */
  readonly prometheusOperator: { readonly priorityClassName: string; readonly resources: MonitoringResources };
  /**
   * The kube-state-metrics subchart: besides the built-in objects it reads every Argo Rollouts `Rollout`'s release
   * commit time and condition transitions ({@link ROLLOUT_STATE_CONFIG}), which the lead-time rules use.
   */
  readonly [KUBE_STATE_METRICS_SUBCHART]: {
    readonly customResourceState: { readonly enabled: boolean; readonly config: CustomResourceStateMetrics };
    /** Added to its ClusterRole: reading Rollouts. */
    readonly rbac: { readonly extraRules: readonly KubeStateMetricsRbacRule[] };
    /**
     * Its series keep the `namespace` of the object they describe (the team), not the one of the kube-state-metrics
     * pod: every rule that selects teams by namespace depends on it. The chart's default, pinned here.
     */
    readonly prometheus: { readonly monitor: { readonly honorLabels: boolean } };
  };
}

/** Label and value that make the Grafana sidecar load a ConfigMap as a dashboard. */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;

/** Annotation that files a dashboard ConfigMap in a Grafana folder (each team's services in the team's folder). */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** Namespace of the in-cluster monitoring stack. */
export const MONITORING_NAMESPACE = 'monitoring';

/** Labels of the Prometheus server pods (set by the Prometheus Operator), for NetworkPolicies that let it scrape. */
export const PROMETHEUS_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'prometheus' };

const SECURITY_CONTEXT: MonitoringPodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 2000,
  fsGroup: 2000,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * kube-prometheus-stack: the Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics and the
 * node exporter.
 *
 * Chart 79.7.1 ships Prometheus Operator v0.86.2. Prometheus keeps 30 days (the SLO period, so "error budget
 * remaining" can be computed in-cluster) on a persistent volume; replicas and volume size are tier knobs
 * (`monitoring.*`). Alertmanager runs two replicas (they gossip, so each alert is sent once) behind a
 * PodDisruptionBudget.
 *
 * Its namespace is excluded from the baseline's Kyverno policies, for two reasons that cannot be configured away:
 * the node exporter needs the host's network, PID namespace and `/proc` and `/sys` (Pod Security `privileged`), and
 * the chart pulls its images from their upstream registries (quay.io, registry.k8s.io, docker.io) at the pinned
 * chart version, not from the environment's own registry. Every pod that can run restricted does (security
 * context and resources set here).
 */
export const KUBE_PROMETHEUS_STACK_ADDON: Addon<KubePrometheusStackValues> = {
  name: 'kube-prometheus-stack',
  description: 'Metrics and alerting: Prometheus (30 days), Alertmanager routing the alert standards to their escalation paths, Grafana with generated dashboards.',
  namespace: MONITORING_NAMESPACE,
  helm: {
    repoUrl: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '79.7.1',
  },
  appVersion: 'v0.86.2',
  // After the policy engine; before the services, whose ServiceMonitors need its CRDs.
  syncWave: -8,
  policyExcludedNamespaces: [MONITORING_NAMESPACE],
  imagePatterns: [
    'quay.io/prometheus/*',
    'quay.io/prometheus-operator/*',
    'registry.k8s.io/kube-state-metrics/*',
    'ghcr.io/jkroepke/kube-webhook-certgen*',
    'docker.io/grafana/grafana*',
    'quay.io/kiwigrid/k8s-sidecar*',
  ],
  values: {
    fullnameOverride: 'kube-prometheus-stack',
    crds: { enabled: true },
    defaultRules: { create: true },
    prometheus: {
      prometheusSpec: {
        retention: '30d',
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        podAntiAffinity: 'hard',
        priorityClassName: PLATFORM_PRIORITY_CLASS.name,
        resources: { requests: { 'cpu': '500m', 'memory': '2Gi', 'ephemeral-storage': '256Mi' }, limits: { 'cpu': '2', 'memory': '8Gi', 'ephemeral-storage': '1Gi' } },
        securityContext: SECURITY_CONTEXT,
      },
    },
    alertmanager: {
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      alertmanagerSpec: {
        replicas: 2,
        podAntiAffinity: 'hard',
        priorityClassName: PLATFORM_PRIORITY_CLASS.name,
        resources: { requests: { 'cpu': '50m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' }, limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' } },
        securityContext: SECURITY_CONTEXT,
        // Silences and the notification log survive a restart, so nobody is paged twice.
        storage: { volumeClaimTemplate: { spec: { storageClassName: BASELINE_STORAGE_CLASS, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } } },
      },
    },
    grafana: {
      defaultDashboardsEnabled: true,
      sidecar: {
        dashboards: {
          enabled: true,
          label: GRAFANA_DASHBOARD_LABEL.key,
          labelValue: GRAFANA_DASHBOARD_LABEL.value,
          searchNamespace: 'ALL',
          folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
        },
      },
      resources: { requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' }, limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' } },
    },
    prometheusOperator: {
      priorityClassName: PLATFORM_PRIORITY_CLASS.name,
      resources: { requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' }, limits: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' } },
    },
    [KUBE_STATE_METRICS_SUBCHART]: {
      customResourceState: { enabled: true, config: ROLLOUT_STATE_CONFIG },
      rbac: { extraRules: ROLLOUT_STATE_RBAC_RULES },
      prometheus: { monitor: { honorLabels: true } },
    },
  },
};
