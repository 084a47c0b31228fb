import { isEnvironmentArtifact } from './environment';
import { RESOURCE_SATURATION, SECURITY_EVENT } from '../../../standards/alerts';
import { controlById } from '../../controls';
import { blocks, terraformResources } from '../../private/terraform';
import type { Rule } from '../../types';

/**
 * The alert standards Azure can see are alerted on in every environment: node CPU and memory saturation on AKS, and
 * bursts of denied operations in the Activity Log, each alert notifying action groups.
 */
export const azureAlertStandards: Rule = {
  id: 'TF-AZURE-ALERT-STANDARDS',
  severity: 'error',
  controls: [controlById('alert-standards-present').id],
  kind: 'terraform',
  clouds: ['azure'],
  description: 'The environment stack has metric alerts on AKS node CPU and memory at the saturation standard and a log alert on denied operations at the security-event burst, each notifying action groups.',
  remediation: 'Add AzureActionGroups, AksClusterAlerts and AzureActivityLogExport (the platform\'s Azure stack does), with thresholds from lib/standards.',
  check: (artifact) => {
    if (!isEnvironmentArtifact(artifact)) return [];
    const violations: { resource: string; message: string }[] = [];
    const metricAlerts = terraformResources(artifact.document, 'azurerm_monitor_metric_alert');
    const percent = (RESOURCE_SATURATION.thresholdRatio ?? 0) * 100;
    for (const metric of ['node_cpu_usage_percentage', 'node_memory_working_set_percentage']) {
      const found = metricAlerts.filter((a) => blocks(a.body.criteria).some((c) => c.metric_name === metric));
      if (found.length === 0) violations.push({ resource: artifact.name, message: `no metric alert on ${metric} (expected one for node saturation)` });
      for (const a of found) {
        const threshold = blocks(a.body.criteria).find((c) => c.metric_name === metric)?.threshold;
        if (threshold !== percent) violations.push({ resource: a.address, message: `threshold ${threshold} on ${metric} (expected ${percent}, the standard's)` });
        if (blocks(a.body.action).length === 0) violations.push({ resource: a.address, message: 'has no action (expected the action group of its escalation role)' });
      }
    }
    const denied = terraformResources(artifact.document, 'azurerm_monitor_scheduled_query_rules_alert_v2')
      .filter((a) => blocks(a.body.criteria).some((c) => /AzureActivity/.test(String(c.query)) && /Forbidden/.test(String(c.query))));
    if (denied.length === 0) violations.push({ resource: artifact.name, message: 'no log alert on denied operations in the Activity Log (expected one for security events)' });
    for (const a of denied) {
      const threshold = blocks(a.body.criteria)[0]?.threshold;
      if (threshold !== SECURITY_EVENT.burst?.count) violations.push({ resource: a.address, message: `threshold ${threshold} (expected ${SECURITY_EVENT.burst?.count}, the security-event burst)` });
      const groups = a.body.action?.action_groups;
      if (!Array.isArray(groups) || groups.length === 0) violations.push({ resource: a.address, message: 'has no action groups (expected DevOps and Security)' });
    }
    return violations;
  },
};
