import type { Addon } from './addon';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** Requests and limits of one container, as Kubernetes quantities. */
export interface ArgoRolloutsResources {
  /** Ephemeral storage is local disk (logs, emptyDir): bounded so one pod cannot fill a node and evict others. */
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** The values of the `argo-rollouts` chart (2.x layout) that the baseline sets; the chart's defaults apply to the rest. */
export interface ArgoRolloutsChartValues {
  /** The chart installs and upgrades the Rollout and AnalysisTemplate CRDs, and keeps them on uninstall. */
  readonly installCRDs: boolean;
  readonly keepCRDs: boolean;
  readonly controller: {
    readonly replicas: number;
    /** The platform's PriorityClass, above every service (`lib/standards/priority.ts`). */
    readonly priorityClassName: string;
    readonly resources: ArgoRolloutsResources;
    readonly pdb: { readonly enabled: boolean; readonly minAvailable: number };
    readonly metrics: {
      readonly enabled: boolean;
      /**
       * A ServiceMonitor for the controller's metrics. Its series carry the Rollout's namespace in `namespace`, which
       * Prometheus renames `exported_namespace` next to the target's own (`argo-rollouts`); the relabelling puts the
       * Rollout's back, so delivery rules select teams by `namespace` like every other rule.
       */
      readonly serviceMonitor: {
        readonly enabled: boolean;
        readonly metricRelabelings: readonly {
          readonly sourceLabels?: readonly string[];
          readonly regex: string;
          readonly targetLabel?: string;
          readonly replacement?: string;
          readonly action: 'replace' | 'labeldrop';
        }[];
      };
    };
    readonly topologySpreadConstraints: readonly {
      readonly maxSkew: number;
      readonly topologyKey: string;
      readonly whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule';
    }[];
  };
  readonly podSecurityContext: {
    readonly runAsNonRoot: boolean;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly containerSecurityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly readOnlyRootFilesystem: boolean;
    readonly runAsNonRoot: boolean;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  /** The dashboard has no authentication of its own: off, `kubectl argo rollouts` and Argo CD show rollouts instead. */
  readonly dashboard: { readonly enabled: boolean };
}

/**
 * Argo Rollouts, the controller that releases every service as a canary and rolls it back when its analysis fails.
 *
 * Chart `argo-rollouts` 2.40.9 ships Argo Rollouts v1.9.0. Two controller replicas (leader-elected: the second is
 * for failover) with a PodDisruptionBudget and a zone spread, so a node drain or a zone outage never leaves a
 * rollout half-done without a controller. Its metrics (`rollout_info`, `analysis_run_info`, ...) feed the delivery
 * dashboard. Pods meet the `restricted` Pod Security Standard: the chart's container context plus a RuntimeDefault
 * seccomp profile at pod level.
 */
export const ARGO_ROLLOUTS_ADDON: Addon<ArgoRolloutsChartValues> = {
  name: 'argo-rollouts',
  description: 'Progressive delivery: releases each service as a canary in steps, analyses its error rate and latency in Prometheus, and aborts and rolls back a failing release.',
  namespace: 'argo-rollouts',
  helm: {
    repoUrl: 'https://argoproj.github.io/argo-helm',
    chart: 'argo-rollouts',
    version: '2.40.9',
  },
  appVersion: 'v1.9.0',
  // After the policy engine, before the services whose Rollouts need its CRDs.
  syncWave: -5,
  policyExcludedNamespaces: ['argo-rollouts'],
  imagePatterns: ['quay.io/argoproj/argo-rollouts*'],
  values: {
    installCRDs: true,
    keepCRDs: true,
    controller: {
      replicas: 2,
      priorityClassName: PLATFORM_PRIORITY_CLASS.name,
      resources: { requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' }, limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' } },
      pdb: { enabled: true, minAvailable: 1 },
      metrics: {
        enabled: true,
        serviceMonitor: {
          enabled: true,
          metricRelabelings: [
            { sourceLabels: ['exported_namespace'], regex: '(.+)', targetLabel: 'namespace', replacement: '$1', action: 'replace' },
            { regex: 'exported_namespace', action: 'labeldrop' },
          ],
        },
      },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
    },
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containerSecurityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    dashboard: { enabled: false },
  },
};
