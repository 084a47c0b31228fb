import { isEnvironmentArtifact } from './environment';
import { CRITICAL_OUTAGE, escalationDelays, RESOURCE_SATURATION, SECURITY_EVENT } from '../../../standards/alerts';
import { controlById } from '../../controls';
import { blocks, terraformResources } from '../../private/terraform';
import type { Rule } from '../../types';

/** A managed-Prometheus outage rule: a Deployment with no available replica. */
const OUTAGE_EXPRESSION = /\bkube_deployment_status_replicas_available\b[^)]*== 0\)/;

/**
 * The alert standards Azure can see are alerted on in every environment: outages of the services on AKS (a
 * managed-Prometheus rule per escalation step), node CPU and memory saturation, bursts of denied operations in the
 * Activity Log and, where the stack has a registry, of refused registry requests; each alert notifying action groups.
 */
export const azureAlertStandards: Rule = {
  id: 'TF-AZURE-ALERT-STANDARDS',
  severity: 'error',
  controls: [controlById('alert-standards-present').id],
  kind: 'terraform',
  clouds: ['azure'],
  description: 'The environment stack has a managed-Prometheus outage rule for each critical-outage escalation step, metric alerts on AKS node CPU and memory at the saturation standard, and log alerts on denied operations (and refused registry requests) at the security-event burst, each notifying action groups.',
  remediation: 'Add AzureActionGroups, AksManagedPrometheus, AksClusterAlerts (with `outage`), AzureActivityLogExport and AcrRegistryAlerts (the platform\'s Azure stack does), with thresholds and steps from lib/standards.',
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
    const outageRules = terraformResources(artifact.document, 'azurerm_monitor_alert_prometheus_rule_group')
      .flatMap((g) => blocks(g.body.rule).filter((r) => OUTAGE_EXPRESSION.test(String(r.expression ?? ''))).map((rule) => ({ address: g.address, rule })));
    for (const step of escalationDelays(CRITICAL_OUTAGE)) {
      const duration = step.afterMinutes > 0 ? `PT${step.afterMinutes}M` : undefined;
      const found = outageRules.filter(({ rule }) => rule.for === duration);
      if (found.length === 0) {
        violations.push({ resource: artifact.name, message: `no outage rule for escalation step ${step.role} after ${step.afterMinutes} min (expected a managed-Prometheus rule on kube_deployment_status_replicas_available with for ${duration ?? 'unset'})` });
      }
      for (const { address } of found.filter(({ rule }) => blocks(rule.action).length === 0)) {
        violations.push({ resource: address, message: `the outage rule of step ${step.role} has no action (expected the action group of ${step.role})` });
      }
    }
    if (terraformResources(artifact.document, 'azurerm_container_registry').length > 0) {
      const refused = terraformResources(artifact.document, 'azurerm_monitor_scheduled_query_rules_alert_v2')
        .filter((a) => blocks(a.body.criteria).some((c) => /ContainerRegistryLoginEvents/.test(String(c.query))));
      if (refused.length === 0) violations.push({ resource: artifact.name, message: 'no log alert on refused registry requests (expected one for security events, like AcrRegistryAlerts)' });
      for (const a of refused) {
        const threshold = blocks(a.body.criteria)[0]?.threshold;
        if (threshold !== SECURITY_EVENT.burst?.count) violations.push({ resource: a.address, message: `threshold ${threshold} (expected ${SECURITY_EVENT.burst?.count}, the security-event burst)` });
      }
    }
    return violations;
  },
};
