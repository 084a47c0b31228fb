import { MANDATORY_TAG_KEYS } from '../../spec/tags';
import { stateBackendViolations } from '../private/state-backend';
import { block, blocks, eachResource, preventDestroy, refersTo, terraformResources } from '../private/terraform';
import { expected, isRecord, missingKeys, recordedReason, show } from '../private/values';
import { azureDocumentedExceptions, azureFlowLogRetention, azureKeyRotationExpiry, azureKeyVaultPrivate, azureStorageLockedDown } from '../rules/encryption/azure';
import { azureEphemeralOsDisks, azureNodeDisksCmk, azureNodeDisksExceptions } from '../rules/encryption/node-disks';
import { azureRegistryCmk } from '../rules/encryption/registries';
import { azureGitHubTrustScoped } from '../rules/identity/ci-federation';
import { azureNoAdminPortsFromInternet } from '../rules/network/admin-ports';
import { azureActivityLogExported } from '../rules/observability/azure-activity-log-export';
import { azureAlertStandards } from '../rules/observability/azure-alert-standards';
import type { Rule, RulePack, Violation } from '../types';

const AKS = 'azurerm_kubernetes_cluster';
const AKS_POOL = 'azurerm_kubernetes_cluster_node_pool';
const ACR = 'azurerm_container_registry';
const BUDGET = 'azurerm_consumption_budget_subscription';
/** Assignments that cover a whole subscription: a resource-group assignment leaves every other group open. */
const SUBSCRIPTION_WIDE_ASSIGNMENTS = ['azurerm_subscription_policy_assignment', 'azurerm_management_group_policy_assignment'];

/** Budget alert thresholds of the baseline, in percent of actual cost. */
const BUDGET_ALERT_PERCENTS = [80, 100];

/** Built-in Azure Policy definitions (GUIDs, the same in every tenant) that the guardrails rule looks for. */
const POD_SECURITY_RESTRICTED_INITIATIVE = '42b8ef37-b724-4e24-bbc8-7a7708edfe00';
const ALLOWED_LOCATIONS_POLICY = 'e56962a6-4747-49cd-b67b-bf8b01975c4c';
/** "Require a tag on resource groups" and "Require a tag on resources", both deny. */
const REQUIRE_TAG_POLICIES = ['96670d01-0a4d-4649-9c89-2d3abc0a5025', '871b6d14-10aa-478d-b590-94f262ecfa99'];

/**
 * azurerm resource types that take a `tags` argument, so a resource of one of them without tags is a finding.
 * A resource of any other type that writes `tags` is checked too; this list only catches tags left out entirely.
 * Kept to the types of the baseline and its usual companions; the test suite checks it against the provider bindings.
 */
export const AZURE_TAGGABLE_TYPES: readonly string[] = [
  'azurerm_application_insights',
  'azurerm_container_registry',
  'azurerm_disk_encryption_set',
  'azurerm_key_vault',
  'azurerm_key_vault_key',
  'azurerm_kubernetes_cluster',
  'azurerm_kubernetes_cluster_node_pool',
  'azurerm_log_analytics_workspace',
  'azurerm_monitor_action_group',
  'azurerm_monitor_alert_prometheus_rule_group',
  'azurerm_monitor_data_collection_endpoint',
  'azurerm_monitor_data_collection_rule',
  'azurerm_monitor_metric_alert',
  'azurerm_monitor_scheduled_query_rules_alert_v2',
  'azurerm_monitor_workspace',
  'azurerm_nat_gateway',
  'azurerm_network_security_group',
  'azurerm_network_watcher',
  'azurerm_network_watcher_flow_log',
  'azurerm_private_dns_zone',
  'azurerm_private_dns_zone_virtual_network_link',
  'azurerm_private_endpoint',
  'azurerm_public_ip',
  'azurerm_resource_group',
  'azurerm_storage_account',
  'azurerm_user_assigned_identity',
  'azurerm_virtual_network',
];

/** Stateful types whose loss is unrecoverable (keys make data unreadable, registries and logs are evidence). */
const AZURE_STATEFUL_TYPES = [
  'azurerm_container_registry',
  // Every node disk is encrypted through it.
  'azurerm_disk_encryption_set',
  'azurerm_key_vault',
  'azurerm_key_vault_key',
  'azurerm_key_vault_managed_hardware_security_module',
  'azurerm_log_analytics_workspace',
];

/** AKS control-plane log categories that record who did what to the cluster. */
const AKS_AUDIT_CATEGORIES = ['kube-audit', 'kube-audit-admin'];

const terraform = { kind: 'terraform', clouds: ['azure'] } as const;

const aksPrivateApi: Rule = {
  ...terraform,
  id: 'TF-AZURE-AKS-PRIVATE-API',
  severity: 'error',
  controls: ['cluster-api-private'],
  description: 'AKS API servers are private: no public endpoint, no public FQDN, no authorized public IP ranges.',
  remediation: 'Create the cluster with AksCluster without `publicEndpoint`; reach the API through the VNet (VPN, bastion or a private runner). A public API needs an exception with its reason.',
  check: (artifact) => eachResource(artifact, [AKS], ({ body }) => [
    body.private_cluster_enabled !== true
      ? expected('private_cluster_enabled', body.private_cluster_enabled, 'true') + recordedReason(isRecord(body.tags) ? body.tags['public-api-server-reason'] : undefined)
      : undefined,
    body.private_cluster_public_fqdn_enabled === true ? expected('private_cluster_public_fqdn_enabled', true, 'false or unset') : undefined,
    (block(body.api_server_access_profile)?.authorized_ip_ranges ?? []).length > 0
      ? expected('api_server_access_profile.authorized_ip_ranges', block(body.api_server_access_profile)?.authorized_ip_ranges, 'none: ranges only make sense on a public API server')
      : undefined,
  ]),
};

const aksSecretsCmk: Rule = {
  ...terraform,
  id: 'TF-AZURE-AKS-SECRETS-CMK',
  severity: 'error',
  controls: ['secrets-encrypted-cmk'],
  description: 'AKS encrypts etcd secrets with a customer-managed Key Vault key (KMS etcd encryption).',
  remediation: 'Set key_management_service.key_vault_key_id to a key in a purge-protected Key Vault (AksCluster does this).',
  check: (artifact) => eachResource(artifact, [AKS], ({ body }) => {
    const kms = block(body.key_management_service);
    return [kms?.key_vault_key_id ? undefined : expected('key_management_service.key_vault_key_id', kms?.key_vault_key_id, 'a Key Vault key id')];
  }),
};

const aksNoLocalAccounts: Rule = {
  ...terraform,
  id: 'TF-AZURE-AKS-NO-STATIC-CREDENTIALS',
  severity: 'error',
  controls: ['no-static-credentials'],
  description: 'AKS has local accounts disabled (Entra ID only) and workload identity enabled, so no static kubeconfig or cloud secret exists.',
  remediation: 'Set local_account_disabled = true, workload_identity_enabled = true and oidc_issuer_enabled = true.',
  check: (artifact) => eachResource(artifact, [AKS], ({ body }) => [
    body.local_account_disabled !== true ? expected('local_account_disabled', body.local_account_disabled, 'true') : undefined,
    body.workload_identity_enabled !== true ? expected('workload_identity_enabled', body.workload_identity_enabled, 'true') : undefined,
    body.oidc_issuer_enabled !== true ? expected('oidc_issuer_enabled', body.oidc_issuer_enabled, 'true') : undefined,
  ]),
};

const aksNodesNoPublicIp: Rule = {
  ...terraform,
  id: 'TF-AZURE-AKS-NODES-NO-PUBLIC-IP',
  severity: 'error',
  controls: ['nodes-no-public-ip'],
  description: 'AKS node pools give their nodes no public IP.',
  remediation: 'Leave node_public_ip_enabled unset or false on the default and every additional node pool; egress goes through the NAT gateway.',
  check: (artifact) => eachResource(artifact, [AKS, AKS_POOL], ({ type, body }) => {
    const pool = type === AKS ? block(body.default_node_pool) : body;
    const property = type === AKS ? 'default_node_pool.node_public_ip_enabled' : 'node_public_ip_enabled';
    return [pool?.node_public_ip_enabled === true ? expected(property, true, 'false or unset') : undefined];
  }),
};

const acrPrivate: Rule = {
  ...terraform,
  id: 'TF-AZURE-ACR-PRIVATE',
  severity: 'error',
  controls: ['registry-private'],
  description: 'Container registries have public network access disabled and no anonymous pull.',
  remediation: 'Set public_network_access_enabled = false (reach the registry through a private endpoint) and leave anonymous_pull_enabled unset or false.',
  check: (artifact) => eachResource(artifact, [ACR], ({ body }) => [
    // The provider's default is public access, so unset is a finding.
    body.public_network_access_enabled !== false ? expected('public_network_access_enabled', body.public_network_access_enabled, 'false') : undefined,
    body.anonymous_pull_enabled === true ? expected('anonymous_pull_enabled', true, 'false or unset') : undefined,
  ]),
};

const acrNoAdmin: Rule = {
  ...terraform,
  id: 'TF-AZURE-ACR-NO-ADMIN-USER',
  severity: 'error',
  controls: ['registry-private', 'no-static-credentials'],
  description: 'Container registries have no admin user: its password is a shared static credential.',
  remediation: 'Leave admin_enabled unset or false; grant AcrPull/AcrPush roles to Entra ID identities instead.',
  check: (artifact) => eachResource(artifact, [ACR], ({ body }) => [
    body.admin_enabled === true ? expected('admin_enabled', true, 'false or unset') : undefined,
  ]),
};

const acrScanOnPush: Rule = {
  ...terraform,
  id: 'TF-AZURE-ACR-SCAN-ON-PUSH',
  severity: 'error',
  controls: ['registry-scan-on-push'],
  description: 'Images pushed to a container registry are scanned for vulnerabilities: Defender for Containers (Standard) with registry vulnerability assessment is on for the subscription.',
  remediation: 'Add an azurerm_security_center_subscription_pricing with resource_type = "Containers", tier = "Standard" and the extension ContainerRegistriesVulnerabilityAssessments (AzureDefenderForContainers).',
  check: (artifact) => {
    const plans = terraformResources(artifact.document, 'azurerm_security_center_subscription_pricing')
      .filter((p) => p.body.resource_type === 'Containers' && p.body.tier === 'Standard'
        && blocks(p.body.extension).some((e) => e.name === 'ContainerRegistriesVulnerabilityAssessments'));
    return eachResource(artifact, [ACR], () => [
      plans.length > 0 ? undefined : 'no Defender for Containers plan with ContainerRegistriesVulnerabilityAssessments covers this registry (expected tier Standard for resource_type Containers)',
    ]);
  },
};

const vnetFlowLogs: Rule = {
  ...terraform,
  id: 'TF-AZURE-VNET-FLOW-LOGS',
  severity: 'error',
  controls: ['flow-logs-on'],
  description: 'Every virtual network is the target of an enabled Network Watcher flow log (VNet flow logs).',
  remediation: 'Add an azurerm_network_watcher_flow_log with target_resource_id = the VNet id, enabled = true, a storage account and a retention policy (NSG flow logs are retired; use VNet flow logs).',
  check: (artifact) => {
    const flowLogs = terraformResources(artifact.document, 'azurerm_network_watcher_flow_log').filter((f) => f.body.enabled !== false);
    return eachResource(artifact, ['azurerm_virtual_network'], (vnet) => [
      flowLogs.some((f) => refersTo(f.body.target_resource_id, vnet))
        ? undefined
        : 'no enabled azurerm_network_watcher_flow_log targets this virtual network (expected a VNet flow log with target_resource_id = its id)',
    ]);
  },
};

const aksMonitoring: Rule = {
  ...terraform,
  id: 'TF-AZURE-AKS-MONITORING',
  severity: 'error',
  controls: ['diagnostics-on'],
  description: 'AKS sends container logs and metrics to Log Analytics (Container Insights, oms_agent).',
  remediation: 'Set oms_agent.log_analytics_workspace_id (with msi_auth_for_monitoring_enabled = true) to the environment\'s workspace.',
  check: (artifact) => eachResource(artifact, [AKS], ({ body }) => {
    const oms = block(body.oms_agent);
    return [oms?.log_analytics_workspace_id ? undefined : expected('oms_agent.log_analytics_workspace_id', oms?.log_analytics_workspace_id, 'a Log Analytics workspace id')];
  }),
};

const aksAuditLogs: Rule = {
  ...terraform,
  id: 'TF-AZURE-AKS-AUDIT-LOGS',
  severity: 'error',
  controls: ['diagnostics-on'],
  description: 'AKS control-plane audit logs (kube-audit or kube-audit-admin) are exported by a diagnostic setting; AKS keeps none otherwise.',
  remediation: 'Add an azurerm_monitor_diagnostic_setting with target_resource_id = the cluster id, a Log Analytics workspace, and enabled_log categories kube-audit-admin (or kube-audit) and kube-apiserver.',
  check: (artifact) => {
    const settings = terraformResources(artifact.document, 'azurerm_monitor_diagnostic_setting');
    return eachResource(artifact, [AKS], (cluster) => {
      const categories = settings
        .filter((s) => refersTo(s.body.target_resource_id, cluster))
        .flatMap((s) => blocks(s.body.enabled_log).map((l) => l.category ?? l.category_group));
      return [
        categories.some((c) => AKS_AUDIT_CATEGORIES.includes(c) || c === 'audit' || c === 'allLogs')
          ? undefined
          : `no azurerm_monitor_diagnostic_setting exports its audit logs (found categories ${show(categories)}; expected kube-audit-admin or kube-audit)`,
      ];
    });
  },
};

const deletionProtection: Rule = {
  ...terraform,
  id: 'TF-AZURE-DELETION-PROTECTION',
  severity: 'error',
  controls: ['deletion-protection'],
  description: 'Stateful resources (registries, Key Vaults, keys, Log Analytics workspaces) carry lifecycle.prevent_destroy.',
  remediation: 'Set lifecycle { prevent_destroy = true } on the resource; removing it is then a deliberate, reviewed change.',
  check: (artifact) => eachResource(artifact, AZURE_STATEFUL_TYPES, (resource) => [
    preventDestroy(resource) ? undefined : expected('lifecycle.prevent_destroy', block(resource.body.lifecycle)?.prevent_destroy, 'true'),
  ]),
};

const keyVaultPurgeProtection: Rule = {
  ...terraform,
  id: 'TF-AZURE-KEY-VAULT-PURGE-PROTECTION',
  severity: 'error',
  controls: ['deletion-protection', 'secrets-encrypted-cmk'],
  description: 'Key Vaults have purge protection, so a deleted vault or key can be recovered during the retention period.',
  remediation: 'Set purge_protection_enabled = true (it cannot be turned off again, by design).',
  check: (artifact) => eachResource(artifact, ['azurerm_key_vault'], ({ body }) => [
    body.purge_protection_enabled !== true ? expected('purge_protection_enabled', body.purge_protection_enabled, 'true') : undefined,
  ]),
};

const mandatoryTags: Rule = {
  ...terraform,
  id: 'TF-AZURE-MANDATORY-TAGS',
  severity: 'error',
  controls: ['mandatory-tags'],
  description: `Every taggable Azure resource carries the mandatory tags (${MANDATORY_TAG_KEYS.join(', ')}).`,
  remediation: 'Apply the AzureTags aspect to the stack (the platform does), or pass the tags to the resource.',
  check: (artifact) => terraformResources(artifact.document)
    .filter((r) => r.body.tags !== undefined || AZURE_TAGGABLE_TYPES.includes(r.type))
    .flatMap((r) => {
      const missing = missingKeys(r.body.tags, MANDATORY_TAG_KEYS);
      return missing.length === 0 ? [] : [{ resource: r.address, message: `tags lack ${missing.join(', ')} (found ${show(r.body.tags)})` }];
    }),
};

const budgetAlerts: Rule = {
  ...terraform,
  id: 'TF-AZURE-BUDGET-ALERTS',
  severity: 'error',
  controls: ['budget-alert-set'],
  description: 'The environment\'s subscription has a monthly consumption budget that emails its receivers when actual cost reaches 80 % and 100 %.',
  remediation: 'Add an AzureSubscriptionBudget (azurerm_consumption_budget_subscription, time_grain Monthly, a positive amount) with enabled Actual notifications at 80 and 100 that have contact emails.',
  check: (artifact) => {
    const budgets = terraformResources(artifact.document, BUDGET);
    if (budgets.length === 0) {
      return [{ resource: BUDGET, message: 'the stack has no subscription budget (expected a monthly azurerm_consumption_budget_subscription alerting at 80 % and 100 %)' }];
    }
    return eachResource(artifact, [BUDGET], ({ body }) => {
      const notifications = blocks(body.notification);
      const alerting = notifications
        .filter((n) => n.enabled !== false && (n.threshold_type ?? 'Actual') === 'Actual' && receiversOf(n) > 0)
        .map((n) => n.threshold);
      const found = notifications.map((n) => `${n.threshold_type ?? 'Actual'} ${n.threshold}${n.enabled === false ? ' (disabled)' : ''}${receiversOf(n) === 0 ? ' (no receivers)' : ''}`);
      return [
        (body.time_grain ?? 'Monthly') !== 'Monthly' ? expected('time_grain', body.time_grain, 'Monthly or unset') : undefined,
        !(typeof body.amount === 'number' && body.amount > 0) ? expected('amount', body.amount, 'a positive monthly amount') : undefined,
        ...BUDGET_ALERT_PERCENTS.map((percent) => alerting.includes(percent)
          ? undefined
          : `no enabled Actual notification at ${percent} % with receivers (found ${show(found)})`),
      ];
    });
  },
};

const policyGuardrails: Rule = {
  ...terraform,
  id: 'TF-AZURE-POLICY-GUARDRAILS',
  severity: 'error',
  controls: ['cloud-guardrails-enforced'],
  description: `Azure Policy enforces the baseline on the whole subscription: the Kubernetes pod security restricted initiative with effect Deny, allowed locations, and a required tag for each mandatory key (${MANDATORY_TAG_KEYS.join(', ')}).`,
  remediation: 'Add AzurePolicyGuardrails to the stack: subscription (or management group) assignments, enforce unset or true, of the built-in initiative 42b8ef37-b724-4e24-bbc8-7a7708edfe00 with effect Deny, Allowed locations (e56962a6-4747-49cd-b67b-bf8b01975c4c) with listOfAllowedLocations, and Require a tag on resource groups (96670d01-0a4d-4649-9c89-2d3abc0a5025) or on resources (871b6d14-10aa-478d-b590-94f262ecfa99) per mandatory key.',
  check: (artifact) => {
    const all = terraformResources(artifact.document, ...SUBSCRIPTION_WIDE_ASSIGNMENTS);
    const violations: Violation[] = all
      .filter((a) => a.body.enforce === false)
      .map((a) => ({ resource: a.address, message: expected('enforce', false, 'true or unset: DoNotEnforce only reports') }));
    const enforced = all.filter((a) => a.body.enforce !== false);
    const assigning = (guid: string) => enforced.filter((a) => definitionIs(a.body.policy_definition_id, guid));
    const missing = (message: string) => violations.push({ resource: 'azurerm_subscription_policy_assignment', message });

    const podSecurity = assigning(POD_SECURITY_RESTRICTED_INITIATIVE);
    if (podSecurity.length === 0) missing(`no enforced assignment of the pod security restricted initiative (expected policy set ${POD_SECURITY_RESTRICTED_INITIATIVE} with effect Deny)`);
    for (const a of podSecurity) {
      const effect = parameterOf(a.body.parameters, 'effect');
      if (typeof effect !== 'string' || effect.toLowerCase() !== 'deny') {
        violations.push({ resource: a.address, message: expected('parameters.effect', effect, 'Deny: the initiative\'s default, Audit, admits non-compliant pods') });
      }
    }

    const locations = assigning(ALLOWED_LOCATIONS_POLICY);
    if (locations.length === 0) missing(`no enforced assignment of Allowed locations (expected policy ${ALLOWED_LOCATIONS_POLICY} with listOfAllowedLocations)`);
    for (const a of locations) {
      const list = parameterOf(a.body.parameters, 'listOfAllowedLocations');
      if (!Array.isArray(list) || list.length === 0) {
        violations.push({ resource: a.address, message: expected('parameters.listOfAllowedLocations', list, 'the environment\'s locations') });
      }
    }

    const taggedKeys = REQUIRE_TAG_POLICIES.flatMap(assigning).map((a) => parameterOf(a.body.parameters, 'tagName'));
    const untagged = MANDATORY_TAG_KEYS.filter((key) => !taggedKeys.includes(key));
    if (untagged.length > 0) missing(`no enforced required-tag assignment for ${untagged.join(', ')} (expected Require a tag on resource groups or on resources per mandatory key)`);
    return violations;
  },
};

const stateBackend: Rule = {
  ...terraform,
  id: 'TF-AZURE-STATE-BACKEND',
  severity: 'error',
  controls: ['state-locked-encrypted'],
  description: 'The Terraform state lives in a remote backend with locking and encryption (azurerm with Entra ID auth).',
  remediation: 'Configure the azurerm backend with use_azuread_auth = true on the organization\'s state storage account (lib/platform/terraform-backends.ts).',
  check: (artifact) => stateBackendViolations(artifact.document),
};

/** How many receivers a budget notification reaches: emails, action groups and roles. */
function receiversOf(notification: Record<string, any>): number {
  return ['contact_emails', 'contact_groups', 'contact_roles']
    .reduce((n, key) => n + (Array.isArray(notification[key]) ? notification[key].length : 0), 0);
}

/** Whether a policy definition id (`/providers/Microsoft.Authorization/policy[Set]Definitions/<guid>`) names `guid`. */
function definitionIs(id: unknown, guid: string): boolean {
  return typeof id === 'string' && id.toLowerCase().endsWith(`/${guid}`);
}

/** A parameter's value in an assignment's `parameters` (a JSON string as the provider takes it), or undefined. */
function parameterOf(parameters: unknown, name: string): unknown {
  let parsed: unknown = parameters;
  if (typeof parameters === 'string') {
    try {
      parsed = JSON.parse(parameters);
    } catch {
      return undefined;
    }
  }
  const entry = isRecord(parsed) ? parsed[name] : undefined;
  return isRecord(entry) ? entry.value : undefined;
}

/** Terraform rules for the Azure stacks (`cdktf.out/stacks/*-azure/cdk.tf.json`). */
export const terraformAzurePack: RulePack = {
  name: 'terraform-azure',
  description: 'AKS, ACR, networking, Key Vault, tags, state backend, budget and Azure Policy guardrails of the Azure Terraform stacks.',
  rules: [
    aksPrivateApi,
    aksSecretsCmk,
    aksNoLocalAccounts,
    aksNodesNoPublicIp,
    acrPrivate,
    acrNoAdmin,
    acrScanOnPush,
    vnetFlowLogs,
    aksMonitoring,
    aksAuditLogs,
    deletionProtection,
    keyVaultPurgeProtection,
    mandatoryTags,
    stateBackend,
    budgetAlerts,
    policyGuardrails,
    azureNoAdminPortsFromInternet,
    azureActivityLogExported,
    azureAlertStandards,
    azureKeyVaultPrivate,
    azureKeyRotationExpiry,
    azureStorageLockedDown,
    azureFlowLogRetention,
    azureDocumentedExceptions,
    azureGitHubTrustScoped,
    azureRegistryCmk,
    azureNodeDisksCmk,
    azureEphemeralOsDisks,
    azureNodeDisksExceptions,
  ],
};
