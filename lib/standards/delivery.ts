/**
 * How a release reaches its users, written once as data: the canary steps of every service's Argo Rollout and how
 * its analysis measures. The thresholds the analysis compares against are not here: they are the alert standards'
 * ({@link HIGH_ERROR_RATE}) and each service's SLO, so a canary is judged by the same numbers that would page.
 */
import { type EscalationRole, HIGH_ERROR_RATE } from './alerts';

/**
 * Share of the pods, in percent, that run the new version at each canary step; after the last step the rollout
 * goes to 100 %. Without a traffic router (mesh or gateway), weights are reached by replica counts.
 */
export const CANARY_STEP_WEIGHTS_PERCENT: readonly number[] = [10, 25, 50];

/** How long each canary step holds before the next one, in seconds: long enough for the analysis to measure it. */
export const CANARY_STEP_PAUSE_SECONDS = 300;

/** How often the canary analysis queries Prometheus, in seconds. */
export const CANARY_ANALYSIS_INTERVAL_SECONDS = 60;

/**
 * The window each analysis measurement looks back over, in minutes: a few scrape intervals, short enough that the
 * canary's first minutes are judged on their own.
 */
export const CANARY_ANALYSIS_WINDOW_MINUTES = 2;

/**
 * Failed measurements tolerated before the analysis fails and the rollout aborts: one, so a single noisy minute does
 * not roll back a good release, and two bad minutes in a row do.
 */
export const CANARY_ANALYSIS_FAILURE_LIMIT = 1;

/**
 * Seconds the new pods have to become ready at a step. Past it, failing readiness or startup probes abort the
 * rollout (`progressDeadlineAbort`), which scales the canary down and leaves the stable version serving.
 */
export const CANARY_PROGRESS_DEADLINE_SECONDS = 600;

/** The error-rate ratio above which a canary fails: the organization's high-error-rate standard. */
export function canaryMaxErrorRatio(): number {
  if (HIGH_ERROR_RATE.thresholdRatio === undefined) {
    throw new Error('standards: HIGH_ERROR_RATE has no thresholdRatio (expected the share of failing requests, like 0.05)');
  }
  return HIGH_ERROR_RATE.thresholdRatio;
}

/** A Kubernetes kind, by API group (`''` for the core group), as Argo CD's project resource lists name it. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * The namespaced kinds a team's Argo CD project may deploy into the team's namespace: what a service is made of.
 * Nothing cluster-scoped, and nothing that grants access (Role, RoleBinding) or holds secrets: namespaces, quotas,
 * RBAC and policies are the platform's.
 */
export const TEAM_RESOURCE_KINDS: readonly GroupKind[] = [
  { group: '', kind: 'ConfigMap' },
  { group: '', kind: 'Service' },
  { group: '', kind: 'ServiceAccount' },
  { group: 'apps', kind: 'Deployment' },
  { group: 'argoproj.io', kind: 'AnalysisTemplate' },
  { group: 'argoproj.io', kind: 'Rollout' },
  { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { group: 'policy', kind: 'PodDisruptionBudget' },
];

/**
 * The change-failure-rate alert of the delivery metrics (DORA's "change failure rate"): a team whose share of
 * aborted releases over `windowDays` goes above the organization's error-rate standard (the same 5 % a canary may
 * not exceed) gets a ticket to its team lead, answered within a working day.
 */
export const CHANGE_FAILURE_RATE = {
  /** The value of the `standard` label of the alert, which Alertmanager routes on. */
  id: 'change-failure-rate',
  /** Releases and aborts are counted over this many days: a month of a team's releases. */
  windowDays: 30,
  severity: 'warning',
  escalation: ['team-lead'],
  responseTimeMinutes: 8 * 60,
} as const satisfies {
  readonly id: string;
  readonly windowDays: number;
  readonly severity: 'critical' | 'warning';
  readonly escalation: readonly EscalationRole[];
  readonly responseTimeMinutes: number;
};

/** The share of aborted releases above which a team's change failure rate alerts: the high-error-rate standard's. */
export function changeFailureMaxRatio(): number {
  return canaryMaxErrorRatio();
}
