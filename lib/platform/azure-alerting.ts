import { Construct } from 'constructs';
import { roleContacts } from './alert-receivers';
import { AzureActionGroups } from '../../constructs/azure/action-groups';
import { AzureActivityLogExport } from '../../constructs/azure/activity-log-export';
import type { AksCluster } from '../../constructs/azure/aks-cluster';
import { AksClusterAlerts } from '../../constructs/azure/cluster-alerts';
import type { AzureLogAnalyticsWorkspace } from '../../constructs/azure/log-analytics-workspace';
import type { Environment, Organization } from '../spec';
import { RESOURCE_SATURATION, SECURITY_EVENT } from '../standards/alerts';

/** The cloud side of the alert standards on Azure, as {@link azureAlerting} builds it. */
export interface AzureAlerting {
  readonly actionGroups: AzureActionGroups;
  readonly clusterAlerts: AksClusterAlerts;
  readonly activityLog: AzureActivityLogExport;
}

/**
 * The alert standards (`lib/standards`) as Azure sees them: an action group per escalation role, node saturation
 * metric alerts on AKS, and the subscription's Activity Log exported to the environment's workspace with a log
 * alert on bursts of denied operations. Outage and error rate need the workloads' own signals: the in-cluster
 * Prometheus alerts on them.
 */
export function azureAlerting(
  scope: Construct, org: Organization, env: Environment, namePrefix: string, cluster: AksCluster, logs: AzureLogAnalyticsWorkspace,
): AzureAlerting {
  const azure = env.azure!;
  // A reference to the cluster's resource group, so every alert waits for it.
  const resourceGroupName = cluster.resourceGroup.name;
  const actionGroups = new AzureActionGroups(scope, 'ActionGroups', {
    namePrefix,
    resourceGroupName,
    levels: roleContacts(org).map((c) => ({ name: c.role, emails: c.emails, webhookUrls: c.webhookUrls })),
    tags: env.tags,
  });
  const saturation = RESOURCE_SATURATION.thresholdRatio;
  if (saturation === undefined) throw new Error('azureAlerting: the saturation standard has no thresholdRatio (expected a ratio like 0.8)');
  const clusterAlerts = new AksClusterAlerts(scope, 'ClusterAlerts', {
    namePrefix,
    resourceGroupName,
    clusterId: cluster.cluster.id,
    saturationThresholdPercent: Number((saturation * 100).toPrecision(12)),
    saturationMinutes: RESOURCE_SATURATION.forMinutes,
    saturationActionGroupIds: RESOURCE_SATURATION.escalation.map((role) => actionGroups.actionGroupId(role)),
    tags: env.tags,
  });
  const burst = SECURITY_EVENT.burst!;
  const activityLog = new AzureActivityLogExport(scope, 'ActivityLog', {
    namePrefix,
    subscriptionId: azure.subscriptionId,
    logAnalyticsWorkspaceId: logs.workspaceResourceId,
    location: azure.location,
    resourceGroupName,
    alertActionGroupIds: SECURITY_EVENT.escalation.map((role) => actionGroups.actionGroupId(role)),
    deniedThreshold: burst.count,
    deniedWindowMinutes: burst.windowMinutes,
    breakGlassCallers: org.alerting.breakGlass?.azure,
    tags: env.tags,
  });
  return { actionGroups, clusterAlerts, activityLog };
}
