import { isEnvironmentArtifact } from './environment';
import { controlById } from '../../controls';
import { blocks, preventDestroy, refersTo, terraformResources } from '../../private/terraform';
import type { Rule } from '../../types';

/** Activity Log categories the audit trail needs at least: who changed what, security alerts, policy decisions. */
export const REQUIRED_ACTIVITY_LOG_CATEGORIES = ['Administrative', 'Security', 'Policy'];

/**
 * The subscription's Activity Log exported to a Log Analytics workspace that cannot be destroyed (CIS Azure 5.1.1-5.1.2;
 * Checkov CKV_AZURE_37/38 on the retained, complete export).
 */
export const azureActivityLogExported: Rule = {
  id: 'TF-AZURE-ACTIVITY-LOG-EXPORTED',
  severity: 'error',
  controls: [controlById('audit-trail-on').id],
  kind: 'terraform',
  clouds: ['azure'],
  description: `The environment stack exports the subscription's Activity Log (at least ${REQUIRED_ACTIVITY_LOG_CATEGORIES.join(', ')}) to a Log Analytics workspace with prevent_destroy.`,
  remediation: 'Add an AzureActivityLogExport (the platform\'s Azure stack does): azurerm_monitor_diagnostic_setting with target_resource_id /subscriptions/<id> and log_analytics_workspace_id of the environment\'s workspace.',
  check: (artifact) => {
    if (!isEnvironmentArtifact(artifact)) return [];
    const settings = terraformResources(artifact.document, 'azurerm_monitor_diagnostic_setting')
      .filter((s) => /^\/subscriptions\/[^/]+$/.test(String(s.body.target_resource_id)));
    if (settings.length === 0) {
      return [{ resource: artifact.name, message: 'the environment stack has no diagnostic setting on the subscription (expected the Activity Log exported to the workspace)' }];
    }
    const workspaces = terraformResources(artifact.document, 'azurerm_log_analytics_workspace');
    return settings.flatMap((s) => {
      const problems: string[] = [];
      const categories = blocks(s.body.enabled_log).map((l) => l.category);
      const missing = REQUIRED_ACTIVITY_LOG_CATEGORIES.filter((c) => !categories.includes(c));
      if (missing.length > 0) problems.push(`enabled_log misses ${missing.join(', ')} (expected at least ${REQUIRED_ACTIVITY_LOG_CATEGORIES.join(', ')})`);
      const workspace = workspaces.find((w) => refersTo(s.body.log_analytics_workspace_id, w));
      if (!workspace) problems.push('log_analytics_workspace_id is not a workspace of this stack (expected the environment\'s workspace)');
      else if (!preventDestroy(workspace)) problems.push(`workspace ${workspace.address} has no prevent_destroy (expected the audit log store protected from terraform destroy)`);
      return problems.map((message) => ({ resource: s.address, message }));
    });
  },
};
