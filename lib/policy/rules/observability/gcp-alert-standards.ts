import { isEnvironmentArtifact } from './environment';
import { CRITICAL_OUTAGE, escalationDelays, RESOURCE_SATURATION, SECURITY_EVENT } from '../../../standards/alerts';
import { controlById } from '../../controls';
import { blocks, terraformResources } from '../../private/terraform';
import type { Rule } from '../../types';

/** Audit-log entries of calls refused for lack of permission (gRPC status 7). */
const PERMISSION_DENIED = /protoPayload\.status\.code\s*=\s*7\b/;

/**
 * What each required policy is measured on, and its threshold. Log-based metrics are told apart by their own
 * filter: only a metric counting permission denials measures the security-event burst (a break-glass metric, at
 * threshold 0, is another alert).
 */
function requiredPolicies(document: unknown): ReadonlyArray<{ readonly what: string; readonly filter: RegExp; readonly threshold?: number }> {
  const deniedMetrics = terraformResources(document, 'google_logging_metric').filter((m) => PERMISSION_DENIED.test(String(m.body.filter ?? '')));
  const refs = deniedMetrics.flatMap((m) => [`\${google_logging_metric.${m.name}.name}`, ...(typeof m.body.name === 'string' ? [m.body.name] : [])]);
  const escaped = refs.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return [
    { what: 'node CPU saturation', filter: /kubernetes\.io\/node\/cpu\/allocatable_utilization/, threshold: RESOURCE_SATURATION.thresholdRatio },
    { what: 'node memory saturation', filter: /kubernetes\.io\/node\/memory\/allocatable_utilization/, threshold: RESOURCE_SATURATION.thresholdRatio },
    {
      what: 'permission denials',
      // No denial metric: a pattern that matches nothing, so the missing policy is reported.
      filter: escaped.length > 0 ? new RegExp(`logging\\.googleapis\\.com/user/(${escaped.join('|')})"`) : /(?!)/,
      threshold: SECURITY_EVENT.burst?.count,
    },
  ];
}

/** A PromQL outage condition: a Deployment with no available replica. */
const OUTAGE_QUERY = /\bkube_deployment_status_replicas_available\b[^)]*== 0\)/;

/**
 * The alert standards Google Cloud can see are alerted on in every environment: outages of the services on GKE (a
 * PromQL policy per escalation step), node CPU and memory saturation and bursts of permission denials in the audit
 * logs, each policy notifying channels.
 */
export const gcpAlertStandards: Rule = {
  id: 'TF-GCP-ALERT-STANDARDS',
  severity: 'error',
  controls: [controlById('alert-standards-present').id],
  kind: 'terraform',
  clouds: ['gcp'],
  description: 'The environment stack has a GKE outage policy for each critical-outage escalation step, alert policies on GKE node CPU and memory at the saturation standard and on audit-log permission denials (a log-based metric of status code 7) at the security-event burst, each notifying channels.',
  remediation: 'Add GcpNotificationChannels, GkeClusterAlertPolicies and GcpAuditLogSink (the platform\'s GCP stack does), with thresholds from lib/standards.',
  check: (artifact) => {
    if (!isEnvironmentArtifact(artifact)) return [];
    const policies = terraformResources(artifact.document, 'google_monitoring_alert_policy');
    const outages = policies.flatMap((p) => blocks(p.body.conditions)
      .map((c) => c.condition_prometheus_query_language)
      .filter((q) => q && OUTAGE_QUERY.test(String(q.query ?? '')))
      .map((q) => ({ policy: p, duration: q.duration })));
    const outageProblems = escalationDelays(CRITICAL_OUTAGE).flatMap((step) => {
      const duration = `${step.afterMinutes * 60}s`;
      const found = outages.filter((o) => o.duration === duration);
      if (found.length === 0) {
        return [{ resource: artifact.name, message: `no outage policy for escalation step ${step.role} after ${step.afterMinutes} min (expected a PromQL policy on kube_deployment_status_replicas_available with duration ${duration})` }];
      }
      return found.filter((o) => !Array.isArray(o.policy.body.notification_channels) || o.policy.body.notification_channels.length === 0)
        .map((o) => ({ resource: o.policy.address, message: `the outage policy of step ${step.role} has no notification_channels (expected the channels of ${step.role})` }));
    });
    return [...outageProblems, ...requiredPolicies(artifact.document).flatMap((required) => {
      const found = policies.filter((p) => blocks(p.body.conditions).some((c) => required.filter.test(String(c.condition_threshold?.filter ?? ''))));
      if (found.length === 0) return [{ resource: artifact.name, message: `no alert policy for ${required.what} (expected one at the standard's threshold)` }];
      return found.flatMap((p) => {
        const problems: string[] = [];
        const threshold = blocks(p.body.conditions).map((c) => c.condition_threshold).find((t) => required.filter.test(String(t?.filter ?? '')))?.threshold_value;
        if (threshold !== required.threshold) problems.push(`threshold ${threshold} for ${required.what} (expected ${required.threshold}, the standard's)`);
        if (!Array.isArray(p.body.notification_channels) || p.body.notification_channels.length === 0) problems.push('has no notification_channels (expected the channels of its escalation roles)');
        return problems.map((message) => ({ resource: p.address, message }));
      });
    })];
  },
};
