import { Construct } from 'constructs';
import { roleContacts } from './alert-receivers';
import type { AcrRegistry } from '../../constructs/azure/acr-registry';
import { AzureActionGroups } from '../../constructs/azure/action-groups';
import { AzureActivityLogExport } from '../../constructs/azure/activity-log-export';
import type { AksCluster } from '../../constructs/azure/aks-cluster';
import { AksClusterAlerts } from '../../constructs/azure/cluster-alerts';
import { EntraSignInAlerts } from '../../constructs/azure/entra-sign-in-alerts';
import type { AzureLogAnalyticsWorkspace } from '../../constructs/azure/log-analytics-workspace';
import { AksManagedPrometheus } from '../../constructs/azure/managed-prometheus';
import { AcrRegistryAlerts } from '../../constructs/azure/registry-alerts';
import type { Environment, Organization } from '../spec';
import { CRITICAL_OUTAGE, escalationDelays, RESOURCE_SATURATION, SECURITY_EVENT } from '../standards/alerts';

/** The cloud side of the alert standards on Azure, as {@link azureAlerting} builds it. */
export interface AzureAlerting {
  readonly actionGroups: AzureActionGroups;
  readonly managedPrometheus: AksManagedPrometheus;
  readonly clusterAlerts: AksClusterAlerts;
  readonly activityLog: AzureActivityLogExport;
  readonly registryAlerts: AcrRegistryAlerts;
  /** The tenant's sign-in logs and the break-glass sign-in alert, in the environment the spec opts in. */
  readonly entraSignIns?: EntraSignInAlerts;
}

/**
 * The alert standards (`lib/standards`) as Azure sees them: an action group per escalation role; on AKS, node
 * saturation metric alerts, and outages of the teams' Deployments (one rule per escalation step) and crash loops as
 * a Prometheus rule group on the cluster's managed Prometheus; and the subscription's Activity Log exported to the
 * environment's workspace with a log alert on bursts of denied operations, and the same burst of refused registry
 * sign-ins, pulls and pushes on the environment's ACR. The error rate needs the workloads'
 * request metrics: the in-cluster Prometheus alerts on it.
 */
export function azureAlerting(
  scope: Construct, org: Organization, env: Environment, namePrefix: string, cluster: AksCluster, logs: AzureLogAnalyticsWorkspace,
  registry: AcrRegistry,
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
  const managedPrometheus = new AksManagedPrometheus(scope, 'ManagedPrometheus', {
    namePrefix,
    location: azure.location,
    resourceGroupName,
    clusterId: cluster.cluster.id,
    tags: env.tags,
  });
  const outageSteps = escalationDelays(CRITICAL_OUTAGE);
  const clusterAlerts = new AksClusterAlerts(scope, 'ClusterAlerts', {
    namePrefix,
    resourceGroupName,
    clusterId: cluster.cluster.id,
    saturationThresholdPercent: Number((saturation * 100).toPrecision(12)),
    saturationMinutes: RESOURCE_SATURATION.forMinutes,
    saturationActionGroupIds: RESOURCE_SATURATION.escalation.map((role) => actionGroups.actionGroupId(role)),
    outage: {
      location: azure.location,
      prometheusWorkspaceId: managedPrometheus.workspaceId,
      clusterName: cluster.clusterName,
      workloadNamespaces: org.teams.map((t) => t.name),
      escalation: outageSteps.map((step) => ({
        name: step.role, afterMinutes: step.afterMinutes, actionGroupIds: [actionGroups.actionGroupId(step.role)],
      })),
      // A crash loop is the outage's first sign (failing probes), for its first step; the outage rules escalate once
      // no replica is left.
      restartBurst: {
        ...CRITICAL_OUTAGE.burst!, afterMinutes: outageSteps[0].afterMinutes, actionGroupIds: [actionGroups.actionGroupId(outageSteps[0].role)],
      },
    },
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
  const registryAlerts = new AcrRegistryAlerts(scope, 'RegistryAlerts', {
    namePrefix,
    location: azure.location,
    resourceGroupName,
    registryId: registry.registryId,
    deniedActionGroupIds: SECURITY_EVENT.escalation.map((role) => actionGroups.actionGroupId(role)),
    deniedThreshold: burst.count,
    deniedWindowMinutes: burst.windowMinutes,
    tags: env.tags,
  });
  const breakGlass = org.alerting.breakGlass;
  const entraSignIns = breakGlass?.entraSignInLogs?.environment === env.name
    ? new EntraSignInAlerts(scope, 'EntraSignIns', {
      namePrefix,
      location: azure.location,
      resourceGroupName,
      logAnalyticsWorkspaceId: logs.workspaceResourceId,
      breakGlassAccounts: breakGlass.azure ?? [],
      actionGroupIds: SECURITY_EVENT.escalation.map((role) => actionGroups.actionGroupId(role)),
      tags: env.tags,
    })
    : undefined;
  return { actionGroups, managedPrometheus, clusterAlerts, activityLog, registryAlerts, entraSignIns };
}
