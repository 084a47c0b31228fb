import { Construct } from 'constructs';
import { roleContacts } from './alert-receivers';
import { AwsAlertTopics } from '../../constructs/aws/alert-topics';
import { AwsAuditTrail } from '../../constructs/aws/audit-trail';
import { EksContainerInsights } from '../../constructs/aws/container-insights';
import type { EksCluster } from '../../constructs/aws/eks-cluster';
import type { Environment, Organization } from '../spec';
import { eksAddonPins } from '../spec/clouds';
import { CRITICAL_OUTAGE, escalationDelays, RESOURCE_SATURATION, SECURITY_EVENT } from '../standards/alerts';

/** The cloud side of the alert standards on AWS, as {@link awsAlerting} builds it. */
export interface AwsAlerting {
  readonly topics: AwsAlertTopics;
  readonly auditTrail: AwsAuditTrail;
  readonly containerInsights: EksContainerInsights;
}

/**
 * The alert standards (`lib/standards`) as AWS sees them: an SNS topic per escalation role, Container Insights
 * alarms for saturation and failed nodes (escalating step by step like the in-cluster outage alert), and the
 * account's CloudTrail trail with its security alarms. The high-error-rate standard needs request metrics, which
 * only the cluster has: Prometheus alerts on it.
 */
export function awsAlerting(scope: Construct, org: Organization, env: Environment, cluster: EksCluster): AwsAlerting {
  const topics = new AwsAlertTopics(scope, 'AlertTopics', {
    levels: roleContacts(org).map((c) => ({ name: c.role, emails: c.emails, webhookUrls: c.webhookUrls })),
  });
  const burst = SECURITY_EVENT.burst!;
  const auditTrail = new AwsAuditTrail(scope, 'AuditTrail', {
    alarmTopics: SECURITY_EVENT.escalation.map((role) => topics.topic(role)),
    unauthorizedCallsThreshold: burst.count,
    unauthorizedCallsWindowMinutes: burst.windowMinutes,
    logRetentionDays: env.profile.cluster.logRetentionDays,
    bucketRetentionDays: env.profile.audit.retentionDays,
  });
  const containerInsights = new EksContainerInsights(scope, 'ContainerInsights', {
    cluster,
    addonVersion: eksAddonPins(org.kubernetes.version).cloudwatchObservability,
    logRetentionDays: env.profile.cluster.logRetentionDays,
    saturationThresholdPercent: ratioToPercent(RESOURCE_SATURATION.thresholdRatio),
    saturationMinutes: RESOURCE_SATURATION.forMinutes,
    saturationTopics: RESOURCE_SATURATION.escalation.map((role) => topics.topic(role)),
    nodeFailureEscalation: escalationDelays(CRITICAL_OUTAGE).map((step) => ({
      // CloudWatch needs one period at least; the in-cluster rule's `for` is the same number of minutes.
      afterMinutes: Math.max(1, step.afterMinutes),
      topics: [topics.topic(step.role)],
    })),
  });
  // The add-on's pods run on the nodes: without them the add-on never turns active.
  containerInsights.addon.node.addDependency(cluster.systemNodeGroup);
  return { topics, auditTrail, containerInsights };
}

function ratioToPercent(ratio: number | undefined): number {
  if (ratio === undefined) throw new Error('awsAlerting: the saturation standard has no thresholdRatio (expected a ratio like 0.8)');
  return Number((ratio * 100).toPrecision(12));
}
