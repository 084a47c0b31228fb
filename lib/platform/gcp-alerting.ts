import { Construct } from 'constructs';
import { roleContacts } from './alert-receivers';
import { GcpAuditLogSink } from '../../constructs/gcp/audit-log-sink';
import { GkeClusterAlertPolicies } from '../../constructs/gcp/cluster-alert-policies';
import type { GkeCluster } from '../../constructs/gcp/gke-cluster';
import { GcpNotificationChannels } from '../../constructs/gcp/notification-channels';
import type { Environment, Organization } from '../spec';
import { CRITICAL_OUTAGE, escalationDelays, RESOURCE_SATURATION, SECURITY_EVENT } from '../standards/alerts';

/** The cloud side of the alert standards on Google Cloud, as {@link gcpAlerting} builds it. */
export interface GcpAlerting {
  readonly channels: GcpNotificationChannels;
  readonly clusterPolicies: GkeClusterAlertPolicies;
  readonly auditLogs: GcpAuditLogSink;
}

/**
 * The alert standards (`lib/standards`) as Google Cloud sees them: notification channels per escalation role; on
 * GKE, node saturation, outages of the teams' Deployments (one policy per escalation step) and crash loops; and the
 * project's audit logs sunk to a locked, CMEK-encrypted bucket with an alert on bursts of permission denials. The
 * error rate needs the workloads' request metrics: the in-cluster Prometheus alerts on it.
 */
export function gcpAlerting(scope: Construct, org: Organization, env: Environment, namePrefix: string, cluster: GkeCluster): GcpAlerting {
  const gcp = env.gcp!;
  const labels = { ...env.tags };
  const channels = new GcpNotificationChannels(scope, 'AlertChannels', {
    namePrefix,
    project: gcp.project,
    levels: roleContacts(org).map((c) => ({ name: c.role, emails: c.emails, webhookUrls: c.webhookUrls })),
    labels,
  });
  const clusterPolicies = new GkeClusterAlertPolicies(scope, 'ClusterAlerts', {
    namePrefix,
    project: gcp.project,
    clusterName: cluster.clusterName,
    saturationThresholdRatio: RESOURCE_SATURATION.thresholdRatio,
    saturationMinutes: RESOURCE_SATURATION.forMinutes,
    saturationChannelIds: RESOURCE_SATURATION.escalation.flatMap((role) => channels.channelIds(role)),
    workloadNamespaces: org.teams.map((t) => t.name),
    outageEscalation: escalationDelays(CRITICAL_OUTAGE).map((step) => ({
      name: step.role,
      afterMinutes: step.afterMinutes,
      channelIds: channels.channelIds(step.role),
    })),
    // A crash loop is the outage's first sign (failing probes), for its first step; the outage policies escalate
    // once no replica is left.
    restartBurst: {
      ...CRITICAL_OUTAGE.burst!,
      afterMinutes: escalationDelays(CRITICAL_OUTAGE)[0].afterMinutes,
      channelIds: channels.channelIds(CRITICAL_OUTAGE.escalation[0]),
    },
    labels,
  });
  const burst = SECURITY_EVENT.burst!;
  const auditLogs = new GcpAuditLogSink(scope, 'AuditLogs', {
    namePrefix,
    project: gcp.project,
    region: gcp.region,
    alertChannelIds: SECURITY_EVENT.escalation.flatMap((role) => channels.channelIds(role)),
    deniedThreshold: burst.count,
    deniedWindowMinutes: burst.windowMinutes,
    retentionDays: env.profile.audit.retentionDays,
    breakGlassPrincipals: org.alerting.breakGlass?.gcp,
    labels,
  });
  return { channels, clusterPolicies, auditLogs };
}
