/**
 * The organization's alert standards, written once as data. Every renderer (Prometheus rules in the cluster,
 * CloudWatch alarms, Azure Monitor alerts, Cloud Monitoring policies, Argo Rollouts analysis) reads its thresholds,
 * response times and escalation paths from here and never retypes them; tests read the rendered values back and
 * compare them with this table.
 *
 * | Alert               | Threshold                                   | Response time | Escalation path           |
 * |---------------------|---------------------------------------------|---------------|---------------------------|
 * | Critical outage     | service down                                | immediate     | DevOps -> Eng Lead -> CTO |
 * | High error rate     | > 5 % of requests failing                   | 15 minutes    | On-call -> Team lead      |
 * | Resource saturation | > 80 % CPU or memory                        | 1 hour        | DevOps reviews capacity   |
 * | Security event      | unauthorized access (401/403 bursts, denials)| immediate     | DevOps + Security         |
 */

/** Who is reached at one step of an escalation path. The spec maps each role to its receivers. */
export type EscalationRole = 'devops' | 'eng-lead' | 'cto' | 'on-call' | 'team-lead' | 'security';

/** Every escalation role, in a stable order (validation and docs list them like this). */
export const ESCALATION_ROLES: readonly EscalationRole[] = ['devops', 'eng-lead', 'cto', 'on-call', 'team-lead', 'security'];

/** Identifier of one alert standard; also the `standard` label of every rendered alert. */
export type AlertStandardId = 'critical-outage' | 'high-error-rate' | 'resource-saturation' | 'security-event';

/**
 * How an alert escalates. `sequential` steps are notified one after the other, each `responseTimeMinutes` after
 * the previous one while the alert still fires (an unacknowledged outage reaches the CTO); `together` notifies
 * every step at once (a security event reaches DevOps and Security at the same time).
 */
export type EscalationMode = 'sequential' | 'together';

/** One row of the standards table. */
export interface AlertStandard {
  readonly id: AlertStandardId;
  readonly title: string;
  /** What the alert means, in words for the alert's description. */
  readonly condition: string;
  /**
   * The threshold as a ratio in [0, 1], where the standard has one: the share of failing requests, or the share
   * of CPU or memory in use. The alert fires strictly above it.
   */
  readonly thresholdRatio?: number;
  /** How long the condition must hold before the alert fires, in minutes (0: at once). */
  readonly forMinutes: number;
  /** The response time the organization promises: 0 is immediate. Drives group and repeat intervals. */
  readonly responseTimeMinutes: number;
  /** Severity label, the same on every cloud: `critical` pages, `warning` opens a ticket. */
  readonly severity: 'critical' | 'warning';
  readonly escalation: readonly EscalationRole[];
  readonly escalationMode: EscalationMode;
  /**
   * For `sequential` escalation: how long each step has to resolve the alert before the next step is notified too,
   * in minutes. It is the response time where the table gives one; an "immediate" standard still needs a step
   * length, or every step would be paged at once.
   */
  readonly escalateAfterMinutes: number;
  /**
   * What counts as a burst, for standards that count events: more than `count` events within `windowMinutes`.
   * Security events count denied requests, and every renderer (API server 401/403 in the cluster, CloudTrail
   * unauthorized calls, Azure Activity Log authorization failures, GCP audit-log permission denials) uses these
   * numbers. The critical outage counts container restarts: a crash-looping container is a failing probe.
   */
  readonly burst?: { readonly count: number; readonly windowMinutes: number };
}

export const CRITICAL_OUTAGE: AlertStandard = {
  id: 'critical-outage',
  title: 'Critical outage',
  condition: 'service down: no healthy replicas, failing probes or no successful scrape',
  forMinutes: 2,
  responseTimeMinutes: 0,
  severity: 'critical',
  escalation: ['devops', 'eng-lead', 'cto'],
  escalationMode: 'sequential',
  escalateAfterMinutes: 15,
  // More than 3 restarts of one pod's containers within 10 minutes: a container in CrashLoopBackOff restarts after
  // 10, 20, 40, 80 and 160 s, so it shows 5 restarts in its first 10 minutes, while an OOM kill, a node drain or a
  // failed liveness probe that recovers restarts once or twice.
  burst: { count: 3, windowMinutes: 10 },
};

export const HIGH_ERROR_RATE: AlertStandard = {
  id: 'high-error-rate',
  title: 'High error rate',
  condition: 'more than 5 % of requests failing',
  thresholdRatio: 0.05,
  forMinutes: 5,
  responseTimeMinutes: 15,
  severity: 'critical',
  escalation: ['on-call', 'team-lead'],
  escalationMode: 'sequential',
  escalateAfterMinutes: 15,
};

export const RESOURCE_SATURATION: AlertStandard = {
  id: 'resource-saturation',
  title: 'Resource saturation',
  condition: 'more than 80 % of CPU or memory in use',
  thresholdRatio: 0.8,
  forMinutes: 15,
  responseTimeMinutes: 60,
  severity: 'warning',
  escalation: ['devops'],
  escalationMode: 'sequential',
  escalateAfterMinutes: 60,
};

export const SECURITY_EVENT: AlertStandard = {
  id: 'security-event',
  title: 'Security event',
  condition: 'unauthorized access: bursts of 401/403 on the API server, cloud audit denials, root or break-glass sign-in',
  forMinutes: 0,
  responseTimeMinutes: 0,
  severity: 'critical',
  escalation: ['devops', 'security'],
  escalationMode: 'together',
  escalateAfterMinutes: 0,
  // More than 20 denied requests within 5 minutes: a scanner or a stolen credential probing, not one misconfigured
  // client retrying once.
  burst: { count: 20, windowMinutes: 5 },
};

/** The four standards, in table order. */
export const ALERT_STANDARDS: readonly AlertStandard[] = [CRITICAL_OUTAGE, HIGH_ERROR_RATE, RESOURCE_SATURATION, SECURITY_EVENT];

/** The standard with this id. */
export function alertStandard(id: AlertStandardId): AlertStandard {
  const found = ALERT_STANDARDS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown alert standard "${id}" (expected one of ${ALERT_STANDARDS.map((s) => s.id).join(', ')})`);
  return found;
}

/**
 * When an escalation step is notified, in minutes after the condition started: the standard's `forMinutes` for the
 * first step, then one `escalateAfterMinutes` more per step. Steps notified together all start at `forMinutes`.
 */
export function escalationDelays(standard: AlertStandard): { readonly role: EscalationRole; readonly afterMinutes: number }[] {
  return standard.escalation.map((role, step) => ({
    role,
    afterMinutes: standard.forMinutes + (standard.escalationMode === 'sequential' ? step * standard.escalateAfterMinutes : 0),
  }));
}

/** How often a notification is grouped and repeated, derived from a response time. */
export interface NotificationTiming {
  /** Wait before the first notification of a new group, so alerts firing together arrive together. */
  readonly groupWaitSeconds: number;
  /** Wait before notifying about alerts added to a group that was already notified. */
  readonly groupIntervalMinutes: number;
  /** Re-notify while the alert still fires: once per response time, so an unanswered alert is asked again. */
  readonly repeatIntervalMinutes: number;
}

/** Immediate standards are repeated this often while they fire: a page nobody took is re-sent. */
export const IMMEDIATE_REPEAT_MINUTES = 15;

/**
 * The notification timing of a response time: immediate standards wait 10 s for their group and repeat every
 * `IMMEDIATE_REPEAT_MINUTES`; others wait 30 s, add to a group at most every quarter of the response time, and
 * repeat once per response time.
 */
export function notificationTiming(responseTimeMinutes: number): NotificationTiming {
  if (responseTimeMinutes === 0) return { groupWaitSeconds: 10, groupIntervalMinutes: 1, repeatIntervalMinutes: IMMEDIATE_REPEAT_MINUTES };
  return {
    groupWaitSeconds: 30,
    groupIntervalMinutes: Math.max(1, Math.ceil(responseTimeMinutes / 4)),
    repeatIntervalMinutes: responseTimeMinutes,
  };
}
