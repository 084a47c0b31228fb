/**
 * What kube-state-metrics reads from every Argo Rollouts `Rollout`, through its custom resource state metrics
 * (`--custom-resource-state-config`, KSM 2.x): when the released commit was made (the workload's
 * {@link RELEASE_COMMITTED_AT_ANNOTATION}) and when each status condition last changed. Together they give the lead
 * time from commit to running: the `Completed` condition turns `True` when the release's ReplicaSet becomes the
 * stable one (Argo Rollouts `RolloutCompleted`: `status.stableRS == status.currentPodHash`), which is the moment it
 * is fully promoted; its `lastTransitionTime` does not move afterwards while that revision stays stable.
 *
 * Argo Rollouts' own metrics (`rollout_info`, `rollout_events_total`) carry neither time, hence this reader.
 */
import { RELEASE_COMMITTED_AT_ANNOTATION } from '../../core/release';

/** kube-state-metrics' custom resource state configuration, as far as the baseline writes it. */
export interface CustomResourceStateMetrics {
  readonly kind: 'CustomResourceStateMetrics';
  readonly spec: { readonly resources: readonly CustomResourceStateResource[] };
}

/** The metrics of one custom resource kind. */
export interface CustomResourceStateResource {
  readonly groupVersionKind: { readonly group: string; readonly version: string; readonly kind: string };
  /** Every metric is named `<metricNamePrefix>_<name>`. */
  readonly metricNamePrefix: string;
  /** Labels every metric of the kind gets, each from a path into the object. */
  readonly labelsFromPath: Readonly<Record<string, readonly string[]>>;
  readonly metrics: readonly CustomResourceStateGauge[];
}

/** A gauge read from a path into the object; a path to a list gives one series per element. */
export interface CustomResourceStateGauge {
  readonly name: string;
  readonly help: string;
  /** Verbosity of the "path not found" log: a Rollout without the annotation is expected, not an error. */
  readonly errorLogV?: number;
  readonly each: {
    readonly type: 'Gauge';
    readonly gauge: {
      readonly path: readonly string[];
      /** Labels from paths relative to each element of `path`. */
      readonly labelsFromPath?: Readonly<Record<string, readonly string[]>>;
      /** The value, relative to each element; a string in RFC 3339 becomes its Unix time. */
      readonly valueFrom?: readonly string[];
    };
  };
}

/** A rule of the kube-state-metrics ClusterRole. */
export interface KubeStateMetricsRbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const PREFIX = 'baseline_rollout';
const COMMITTED_AT = 'release_committed_at_timestamp_seconds';
const CONDITION_TRANSITION = 'condition_last_transition_timestamp_seconds';

/** Series kube-state-metrics exposes per Rollout, with labels `namespace` (the team) and `name` (the service). */
export const ROLLOUT_STATE_METRICS = {
  /** When the released commit was made, in Unix seconds; absent for a Rollout without the annotation. */
  releaseCommittedAt: `${PREFIX}_${COMMITTED_AT}`,
  /**
   * When each status condition last changed, in Unix seconds, with labels `type` (`Completed`, `Healthy`,
   * `Progressing`, ...) and `status` (`True`, `False`, `Unknown`).
   */
  conditionLastTransition: `${PREFIX}_${CONDITION_TRANSITION}`,
} as const;

/** The custom resource state configuration: the Rollout's commit time and condition transition times. */
export const ROLLOUT_STATE_CONFIG: CustomResourceStateMetrics = {
  kind: 'CustomResourceStateMetrics',
  spec: {
    resources: [{
      groupVersionKind: { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout' },
      metricNamePrefix: PREFIX,
      labelsFromPath: { namespace: ['metadata', 'namespace'], name: ['metadata', 'name'] },
      metrics: [
        {
          name: COMMITTED_AT,
          help: 'When the commit the Rollout releases was made (Unix seconds), from its release annotation.',
          errorLogV: 5,
          each: { type: 'Gauge', gauge: { path: ['metadata', 'annotations', RELEASE_COMMITTED_AT_ANNOTATION] } },
        },
        {
          name: CONDITION_TRANSITION,
          help: 'When each status condition of the Rollout last changed (Unix seconds).',
          each: {
            type: 'Gauge',
            gauge: { path: ['status', 'conditions'], labelsFromPath: { type: ['type'], status: ['status'] }, valueFrom: ['lastTransitionTime'] },
          },
        },
      ],
    }],
  },
};

/** What kube-state-metrics needs to read Rollouts: list and watch them, and the CRDs it discovers them by. */
export const ROLLOUT_STATE_RBAC_RULES: readonly KubeStateMetricsRbacRule[] = [
  { apiGroups: ['argoproj.io'], resources: ['rollouts'], verbs: ['list', 'watch'] },
  { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['list', 'watch'] },
];
