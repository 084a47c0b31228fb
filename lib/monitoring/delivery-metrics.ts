/**
 * Delivery metrics from Argo Rollouts: deployment frequency, change failure rate (aborted releases over all
 * releases) and release duration per team and service, as recording rules, the change-failure-rate alert and the
 * delivery dashboard.
 *
 * Argo Rollouts counts the events it emits per Rollout in `rollout_events_total{namespace, name, type, reason}`:
 * `RolloutUpdated` when a new revision starts releasing, `RolloutCompleted` when it is fully promoted,
 * `RolloutAborted` when its analysis fails or its pods never become ready (the canary is scaled down and the stable
 * version keeps serving). `rollout_info{phase}` gives each Rollout's phase now (Healthy, Progressing, Paused,
 * Degraded). A Rollout is named after its service.
 *
 * Lead time comes from kube-state-metrics ({@link ROLLOUT_STATE_METRICS}): when the released commit was made (the
 * Rollout's annotation, which the release workflow's `releases.json` fills) and when the Rollout's `Completed`
 * condition last turned `True` (the release fully promoted). Each cluster measures commit to running in its own
 * environment; in a prod cluster that is the DORA lead time for changes.
 */
import { ROLLOUT_STATE_METRICS } from '../addons/rollout-state-metrics';
import { CHANGE_FAILURE_RATE, changeFailureMaxRatio } from '../standards';
import { buildDashboard, dashboardLink, type GrafanaDashboard } from './dashboard-model';
import { DASHBOARD_TAGS } from './dashboards';
import { promDuration } from './duration';
import { ALERT_LABELS, type PrometheusRuleGroup } from './rule-types';

/** Argo Rollouts event reasons the delivery metrics count. */
export const ROLLOUT_EVENT_REASONS = {
  /** A new revision started releasing. */
  updated: 'RolloutUpdated',
  /** A revision was fully promoted. */
  completed: 'RolloutCompleted',
  /** A release was aborted: analysis failed or pods never became ready. */
  aborted: 'RolloutAborted',
} as const;

const WINDOW = promDuration(CHANGE_FAILURE_RATE.windowDays * 1440);
/** Release duration is averaged over a week: recent enough to show a change in the pipeline. */
const DURATION_WINDOW_DAYS = 7;
/**
 * How often the delivery rules are evaluated, in seconds. Fixed rather than Prometheus' global interval: the release
 * duration counts the evaluations a Rollout spent releasing, so each one must stand for a known length of time.
 */
export const DELIVERY_EVALUATION_SECONDS = 60;

/** Recorded delivery series, by team (`namespace`) or by Rollout (`namespace`, `name`). */
export const DELIVERY_RECORDED = {
  /** Releases started per team over the change-failure window. */
  releases: `namespace:rollout_releases:increase${WINDOW}`,
  /** Releases aborted per team over the same window. */
  aborts: `namespace:rollout_aborts:increase${WINDOW}`,
  /** Aborted over started releases per team, in [0, 1]; absent for a team without releases in the window. */
  changeFailureRatio: `namespace:rollout_change_failure_ratio:${WINDOW}`,
  /** 1 while a Rollout is releasing (progressing or paused at a canary step), 0 otherwise. */
  inProgress: 'namespace_name:rollout_in_progress:bool',
  /**
   * Per Rollout, seconds from the commit of its current release to that release's full promotion in this cluster.
   * Absent while a release is in progress or aborted, and for a Rollout whose release gives no commit time.
   */
  leadTime: 'namespace_name:rollout_lead_time_seconds',
  /** Per team, the median of its services' {@link DELIVERY_RECORDED.leadTime}. */
  teamLeadTime: 'namespace:rollout_lead_time_seconds:median',
} as const;

function teams(namespaces: readonly string[]): string {
  return `namespace=~${JSON.stringify([...namespaces].sort().join('|'))}`;
}

function events(reason: string, ns: string, window: string, by = 'namespace'): string {
  return `sum by (${by}) (increase(rollout_events_total{reason=${JSON.stringify(reason)},${ns}}[${window}]))`;
}

/**
 * The delivery rules of a cluster: releases, aborts and the change failure rate per team over
 * {@link CHANGE_FAILURE_RATE}`.windowDays`, whether each Rollout is releasing, and the alert that opens a ticket for
 * a team lead when the team's change failure rate goes above the organization's error-rate standard.
 */
export function deliveryRuleGroups(namespaces: readonly string[]): PrometheusRuleGroup[] {
  const ns = teams(namespaces);
  const max = changeFailureMaxRatio();
  return [{
    name: 'baseline-delivery',
    interval: `${DELIVERY_EVALUATION_SECONDS}s`,
    rules: [
      { record: DELIVERY_RECORDED.releases, expr: events(ROLLOUT_EVENT_REASONS.updated, ns, WINDOW) },
      { record: DELIVERY_RECORDED.aborts, expr: events(ROLLOUT_EVENT_REASONS.aborted, ns, WINDOW) },
      {
        record: DELIVERY_RECORDED.changeFailureRatio,
        // A team that released but never aborted has no abort series: count it as 0, not as missing.
        expr: `(${DELIVERY_RECORDED.aborts} or ${DELIVERY_RECORDED.releases} * 0) / (${DELIVERY_RECORDED.releases} > 0)`,
      },
      {
        record: DELIVERY_RECORDED.leadTime,
        // Promotion time minus commit time. Right after Argo CD applies a new release, the old promotion time can
        // meet the new commit time for a moment, before the controller turns Completed to False: a negative
        // difference is that moment, not a lead time.
        expr: `max by (namespace, name) (${ROLLOUT_STATE_METRICS.conditionLastTransition}{type="Completed",status="True",${ns}})`
          + ` - on (namespace, name) max by (namespace, name) (${ROLLOUT_STATE_METRICS.releaseCommittedAt}{${ns}}) >= 0`,
      },
      { record: DELIVERY_RECORDED.teamLeadTime, expr: `quantile by (namespace) (0.5, ${DELIVERY_RECORDED.leadTime})` },
      {
        record: DELIVERY_RECORDED.inProgress,
        expr: `max by (namespace, name) (rollout_info{phase=~"Progressing|Paused",${ns}}) or max by (namespace, name) (rollout_info{${ns}}) * 0`,
      },
      {
        alert: 'ChangeFailureRateHigh',
        expr: `${DELIVERY_RECORDED.changeFailureRatio} > ${max}`,
        labels: {
          [ALERT_LABELS.standard]: CHANGE_FAILURE_RATE.id,
          [ALERT_LABELS.severity]: CHANGE_FAILURE_RATE.severity,
          [ALERT_LABELS.escalateTo]: CHANGE_FAILURE_RATE.escalation[0],
        },
        annotations: {
          summary: `Change failure rate of team {{ $labels.namespace }} is above ${Number((max * 100).toPrecision(6))} %`,
          description: `{{ $value | humanizePercentage }} of the releases of team {{ $labels.namespace }} were aborted over ${WINDOW} (standard: at most ${Number((max * 100).toPrecision(6))} %). Look at the aborted rollouts in the delivery dashboard.`,
        },
      },
    ],
  }];
}

/** Uid of the delivery dashboard. */
export const DELIVERY_DASHBOARD_UID = 'baseline-delivery';

/**
 * The delivery dashboard: per team the change failure rate against the standard, releases, deployment frequency and
 * lead time; per service the lead time from commit to running here, the release duration (from a new revision to full promotion: the part of lead time the cluster
 * sees) and aborted releases; and the Rollouts and canary analyses that are not healthy now.
 */
export function deliveryDashboard(namespaces: readonly string[]): GrafanaDashboard {
  const ns = teams(namespaces);
  const max = changeFailureMaxRatio();
  const durationWindow = promDuration(DURATION_WINDOW_DAYS * 1440);
  return buildDashboard({
    uid: DELIVERY_DASHBOARD_UID,
    title: 'Delivery',
    description: `Releases through Argo Rollouts: deployment frequency, change failure rate (aborted over started releases, alerting above ${Number((max * 100).toPrecision(6))} % over ${WINDOW}), lead time from commit to running here, release duration, and what is not healthy now. Generated by the baseline.`,
    tags: [DASHBOARD_TAGS.baseline, DASHBOARD_TAGS.platform],
    from: 'now-30d',
    links: [dashboardLink('Platform', DASHBOARD_TAGS.platform), dashboardLink('Services', DASHBOARD_TAGS.service)],
    rows: [
      {
        title: 'Per team',
        panels: [
          {
            type: 'stat',
            title: `Change failure rate (${WINDOW})`,
            description: `Aborted over started releases per team; the ChangeFailureRateHigh alert opens a ticket above ${Number((max * 100).toPrecision(6))} %.`,
            unit: 'percentunit',
            decimals: 1,
            width: 6,
            thresholds: [{ value: max, color: 'red' }],
            queries: [{ expr: DELIVERY_RECORDED.changeFailureRatio, legend: '{{namespace}}' }],
          },
          {
            type: 'stat',
            title: `Releases (${WINDOW})`,
            description: 'Releases started per team (new revisions of a Rollout).',
            unit: 'short',
            width: 6,
            queries: [{ expr: DELIVERY_RECORDED.releases, legend: '{{namespace}}' }],
          },
          {
            type: 'timeseries',
            title: 'Deployment frequency',
            description: 'Releases fully promoted per team and day.',
            unit: 'short',
            width: 6,
            min: 0,
            queries: [{ expr: events(ROLLOUT_EVENT_REASONS.completed, ns, '1d'), legend: '{{namespace}}' }],
          },
          {
            type: 'stat',
            title: 'Lead time (median of services)',
            description: 'Per team, the median over its services of the lead time of their current release: from its commit to full promotion in this environment.',
            unit: 's',
            width: 6,
            queries: [{ expr: DELIVERY_RECORDED.teamLeadTime, legend: '{{namespace}}' }],
          },
        ],
      },
      {
        title: 'Per service',
        panels: [
          {
            type: 'timeseries',
            title: 'Lead time (commit to running here)',
            description: 'Per service, from the commit of its current release to that release fully promoted in this environment; each release is a step. In a prod cluster this is the lead time for changes. Services whose release gives no commit time are missing.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [{ expr: DELIVERY_RECORDED.leadTime, legend: '{{namespace}}/{{name}}' }],
          },
          {
            type: 'timeseries',
            title: `Release duration (mean over ${durationWindow})`,
            description: 'Time from a new revision to its full promotion (canary steps, pauses and analyses), per release: the part of the lead time the cluster sees.',
            unit: 's',
            width: 8,
            min: 0,
            queries: [{
              // Evaluations spent releasing times their interval: seconds releasing, whatever the Rollout's age.
              expr: `sum_over_time(${DELIVERY_RECORDED.inProgress}{${ns}}[${durationWindow}]) * ${DELIVERY_EVALUATION_SECONDS} / (${events(ROLLOUT_EVENT_REASONS.completed, ns, durationWindow, 'namespace, name')} > 0)`,
              legend: '{{namespace}}/{{name}}',
            }],
          },
          {
            type: 'timeseries',
            title: 'Aborted releases',
            description: 'Releases aborted per service and day: failed canary analysis or pods that never became ready.',
            unit: 'short',
            width: 8,
            min: 0,
            queries: [{ expr: `${events(ROLLOUT_EVENT_REASONS.aborted, ns, '1d', 'namespace, name')} > 0`, legend: '{{namespace}}/{{name}}' }],
          },
        ],
      },
      {
        title: 'Now',
        panels: [
          {
            type: 'stat',
            title: 'Rollouts not healthy',
            description: 'Rollouts releasing (Progressing, Paused) or Degraded (aborted, or failing) now, by phase.',
            unit: 'short',
            width: 12,
            height: 5,
            thresholds: [{ value: 1, color: 'orange' }],
            queries: [{ expr: `count by (phase) (rollout_info{phase!="Healthy",${ns}})`, legend: '{{phase}}' }],
          },
          {
            type: 'stat',
            title: 'Canary analyses failed',
            description: 'AnalysisRuns that failed or errored, per team.',
            unit: 'short',
            width: 12,
            height: 5,
            thresholds: [{ value: 1, color: 'red' }],
            queries: [{ expr: `count by (namespace) (analysis_run_info{phase=~"Failed|Error",${ns}})`, legend: '{{namespace}}' }],
          },
        ],
      },
    ],
  });
}
