import * as fs from 'fs';
import * as path from 'path';
import { acme } from '../../../../examples/acme/org';
import { synthesizeArtifacts } from '../../../../lib/platform';
import { AZURE_TAGGABLE_TYPES, exceptionMatches, Finding, terraformAzurePack } from '../../../../lib/policy';
import { defineOrganization } from '../../../../lib/spec';
import { broken, exampleLedger, ruleOf, tfResource } from '../support';

/** A registry as AcrRegistry writes it, for stacks that have none yet. */
const COMPLIANT_ACR = {
  name: 'acracmeprod',
  admin_enabled: false,
  anonymous_pull_enabled: false,
  public_network_access_enabled: false,
  lifecycle: { prevent_destroy: true },
  tags: { 'owner': 'platform-team', 'cost-center': 'cc-1001', 'environment': 'prod', 'data-classification': 'confidential' },
};

describe('Terraform Azure pack', () => {
  // GIVEN the example organization's Azure stacks, synthesized once
  const artifacts = synthesizeArtifacts(defineOrganization(acme), { clouds: ['azure'] }).filter((a) => a.kind === 'terraform');
  const prod = artifacts.find((a) => a.environment === 'prod')!;

  /** Whether the example's ledger covers a violation: the known gaps the rules found in today's constructs. */
  const excepted = (ruleId: string, environment: string, resource: string) =>
    exampleLedger.some((e) => exceptionMatches(e, { ruleId, environment, resource } as Finding));

  test('the example has one Terraform artifact per environment', () => {
    expect(artifacts.map((a) => a.environment).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  test.each(terraformAzurePack.rules.filter((r) => r.severity === 'error').map((r) => [r.id, r] as const))('%s passes on the clean example (beyond the ledger\'s known gaps)', (_id, rule) => {
    // WHEN the rule reads every clean Azure stack
    const unexcepted = artifacts.flatMap((a) => rule.check(a).filter((v) => !excepted(rule.id, a.environment, v.resource)));
    // THEN it finds nothing the ledger does not already cover
    expect(unexcepted).toEqual([]);
  });

  test('the former gaps are closed: every VNet has a flow log and every cluster exports its audit logs, with no exception', () => {
    // WHEN the two rules read the clean stacks
    const gaps = ['TF-AZURE-VNET-FLOW-LOGS', 'TF-AZURE-AKS-AUDIT-LOGS'].flatMap((id) => artifacts.flatMap((a) => ruleOf(terraformAzurePack, id).check(a)));
    // THEN nothing is found, and the ledger holds no exception for either rule
    expect(gaps).toEqual([]);
    expect(exampleLedger.filter((e) => ['TF-AZURE-VNET-FLOW-LOGS', 'TF-AZURE-AKS-AUDIT-LOGS'].includes(e.ruleId))).toEqual([]);
  });

  test.each<[string, string, (doc: any) => string, string]>([
    ['TF-AZURE-AKS-PRIVATE-API', 'private cluster off', (doc) => aks(doc, (b) => { b.private_cluster_enabled = false; }), 'private_cluster_enabled is false (expected true)'],
    ['TF-AZURE-AKS-PRIVATE-API', 'a public API server AksCluster tagged with its reason', (doc) => aks(doc, (b) => {
      b.private_cluster_enabled = false;
      b.tags = { ...b.tags, 'public-api-server-reason': 'SEC-1234: CI runners without VNet access' };
    }), 'private_cluster_enabled is false (expected true); the cluster records why: "SEC-1234: CI runners without VNet access"'],
    ['TF-AZURE-AKS-PRIVATE-API', 'public FQDN', (doc) => aks(doc, (b) => { b.private_cluster_public_fqdn_enabled = true; }), 'private_cluster_public_fqdn_enabled is true (expected false or unset)'],
    ['TF-AZURE-AKS-PRIVATE-API', 'authorized ranges', (doc) => aks(doc, (b) => { b.api_server_access_profile = { authorized_ip_ranges: ['203.0.113.0/24'] }; }),
      'api_server_access_profile.authorized_ip_ranges is ["203.0.113.0/24"] (expected none: ranges only make sense on a public API server)'],
    ['TF-AZURE-AKS-SECRETS-CMK', 'no KMS', (doc) => aks(doc, (b) => { delete b.key_management_service; }), 'key_management_service.key_vault_key_id is unset (expected a Key Vault key id)'],
    ['TF-AZURE-AKS-NO-STATIC-CREDENTIALS', 'local accounts', (doc) => aks(doc, (b) => { b.local_account_disabled = false; }), 'local_account_disabled is false (expected true)'],
    ['TF-AZURE-AKS-NO-STATIC-CREDENTIALS', 'no workload identity', (doc) => aks(doc, (b) => { delete b.workload_identity_enabled; }), 'workload_identity_enabled is unset (expected true)'],
    ['TF-AZURE-AKS-NODES-NO-PUBLIC-IP', 'default pool', (doc) => aks(doc, (b) => { b.default_node_pool.node_public_ip_enabled = true; }), 'default_node_pool.node_public_ip_enabled is true (expected false or unset)'],
    ['TF-AZURE-AKS-NODES-NO-PUBLIC-IP', 'user pool', (doc) => first(doc, 'azurerm_kubernetes_cluster_node_pool', (b) => { b.node_public_ip_enabled = true; }), 'node_public_ip_enabled is true (expected false or unset)'],
    ['TF-AZURE-ACR-PRIVATE', 'public access', (doc) => acr(doc, (b) => { b.public_network_access_enabled = true; }), 'public_network_access_enabled is true (expected false)'],
    ['TF-AZURE-ACR-PRIVATE', 'public access left to the provider default', (doc) => acr(doc, (b) => { delete b.public_network_access_enabled; }), 'public_network_access_enabled is unset (expected false)'],
    ['TF-AZURE-ACR-PRIVATE', 'anonymous pull', (doc) => acr(doc, (b) => { b.anonymous_pull_enabled = true; }), 'anonymous_pull_enabled is true (expected false or unset)'],
    ['TF-AZURE-ACR-CMK', 'a registry on a Microsoft-managed key', (doc) => acr(doc, (b) => { delete b.encryption; }), 'encryption.key_vault_key_id is unset (expected a Key Vault key)'],
    ['TF-AZURE-ACR-NO-ADMIN-USER', 'admin user', (doc) => acr(doc, (b) => { b.admin_enabled = true; }), 'admin_enabled is true (expected false or unset)'],
    ['TF-AZURE-AKS-MONITORING', 'no Container Insights', (doc) => aks(doc, (b) => { delete b.oms_agent; }), 'oms_agent.log_analytics_workspace_id is unset (expected a Log Analytics workspace id)'],
    ['TF-AZURE-DELETION-PROTECTION', 'Key Vault without prevent_destroy', (doc) => first(doc, 'azurerm_key_vault', (b) => { delete b.lifecycle; }), 'lifecycle.prevent_destroy is unset (expected true)'],
    ['TF-AZURE-DELETION-PROTECTION', 'registry without prevent_destroy', (doc) => acr(doc, (b) => { b.lifecycle = { prevent_destroy: false }; }), 'lifecycle.prevent_destroy is false (expected true)'],
    ['TF-AZURE-KEY-VAULT-PURGE-PROTECTION', 'purge protection off', (doc) => first(doc, 'azurerm_key_vault', (b) => { b.purge_protection_enabled = false; }), 'purge_protection_enabled is false (expected true)'],
    ['TF-AZURE-MANDATORY-TAGS', 'a tag missing', (doc) => first(doc, 'azurerm_virtual_network', (b) => { b.tags = { 'cost-center': 'cc-1001', 'environment': 'prod', 'data-classification': 'confidential' }; }),
      'tags lack owner (found {"cost-center":"cc-1001","environment":"prod","data-classification":"confidential"})'],
    ['TF-AZURE-MANDATORY-TAGS', 'tags left out of a taggable type', (doc) => first(doc, 'azurerm_resource_group', (b) => { delete b.tags; }),
      'tags lack owner, cost-center, environment, data-classification (found unset)'],
    ['TF-AZURE-MANDATORY-TAGS', 'an empty value', (doc) => first(doc, 'azurerm_key_vault_key', (b) => { b.tags = { 'owner': ' ', 'cost-center': 'cc-1001', 'environment': 'prod', 'data-classification': 'x' }; }),
      'tags lack owner (found {"owner":" ","cost-center":"cc-1001","environment":"prod","data-classification":"x"})'],
    ['TF-AZURE-STATE-BACKEND', 'storage key auth', (doc) => { doc.terraform.backend.azurerm.use_azuread_auth = false; return 'terraform.backend'; },
      'backend azurerm use_azuread_auth is false (expected true: Entra ID auth, no storage account key)'],
    ['TF-AZURE-STATE-BACKEND', 'local state', (doc) => { delete doc.terraform.backend; return 'terraform.backend'; },
      'no backend is configured, so state is local, unlocked and unencrypted (expected a remote backend: azurerm, gcs or s3)'],
    ['TF-AZURE-BUDGET-ALERTS', 'no budget', (doc) => { delete doc.resource.azurerm_consumption_budget_subscription; return 'azurerm_consumption_budget_subscription'; },
      'the stack has no subscription budget (expected a monthly azurerm_consumption_budget_subscription alerting at 80 % and 100 %)'],
    ['TF-AZURE-BUDGET-ALERTS', 'the 80 % alert disabled', (doc) => budget(doc, (b) => { b.notification[0].enabled = false; }),
      'no enabled Actual notification at 80 % with receivers (found ["Actual 80 (disabled)","Actual 100","Forecasted 100"])'],
    ['TF-AZURE-BUDGET-ALERTS', 'the 100 % alert without receivers', (doc) => budget(doc, (b) => { b.notification[1].contact_emails = []; }),
      'no enabled Actual notification at 100 % with receivers (found ["Actual 80","Actual 100 (no receivers)","Forecasted 100"])'],
    ['TF-AZURE-BUDGET-ALERTS', 'a yearly budget', (doc) => budget(doc, (b) => { b.time_grain = 'Annually'; }), 'time_grain is "Annually" (expected Monthly or unset)'],
    ['TF-AZURE-BUDGET-ALERTS', 'no amount', (doc) => budget(doc, (b) => { b.amount = 0; }), 'amount is 0 (expected a positive monthly amount)'],
    ['TF-AZURE-POLICY-GUARDRAILS', 'pod security in Audit', (doc) => assignment(doc, 'pod-security-restricted', (b) => { b.parameters = JSON.stringify({ effect: { value: 'Audit' } }); }),
      'parameters.effect is "Audit" (expected Deny: the initiative\'s default, Audit, admits non-compliant pods)'],
    ['TF-AZURE-POLICY-GUARDRAILS', 'pod security effect left to the initiative\'s default', (doc) => assignment(doc, 'pod-security-restricted', (b) => { b.parameters = '{}'; }),
      'parameters.effect is unset (expected Deny: the initiative\'s default, Audit, admits non-compliant pods)'],
    ['TF-AZURE-POLICY-GUARDRAILS', 'allowed locations without locations', (doc) => assignment(doc, 'allowed-locations', (b) => { b.parameters = JSON.stringify({ listOfAllowedLocations: { value: [] } }); }),
      'parameters.listOfAllowedLocations is [] (expected the environment\'s locations)'],
    ['TF-AZURE-POLICY-GUARDRAILS', 'a mandatory tag key without its assignment', (doc) => {
      const address = assignment(doc, 'rg-tag-owner', () => undefined);
      delete doc.resource.azurerm_subscription_policy_assignment[address.split('.')[1]];
      return 'azurerm_subscription_policy_assignment';
    }, 'no enforced required-tag assignment for owner (expected Require a tag on resource groups or on resources per mandatory key)'],
    // Findings of issue 15: each reintroduced on the real stack is caught
    ['TF-AZURE-KEY-VAULT-PRIVATE', 'a public AKS vault', (doc) => kmsVault(doc, (b) => { b.public_network_access_enabled = true; }),
      'public_network_access_enabled is true (expected false (or the reason in the public-network-access-reason tag))'],
    ['TF-AZURE-KEY-VAULT-PRIVATE', 'a vault firewall that allows', (doc) => kmsVault(doc, (b) => { b.network_acls = { default_action: 'Allow', bypass: 'AzureServices' }; }),
      'network_acls.default_action is "Allow" (expected "Deny")'],
    ['TF-AZURE-KEY-VAULT-PRIVATE', 'a vault without its private endpoint', (doc) => {
      const address = kmsVault(doc, () => undefined);
      for (const [name, endpoint] of Object.entries<any>(doc.resource.azurerm_private_endpoint)) {
        if (endpoint.private_service_connection.private_connection_resource_id === `\${${address}.id}`) delete doc.resource.azurerm_private_endpoint[name];
      }
      return address;
    }, 'no azurerm_private_endpoint connects to this vault (expected one with subresource "vault")'],
    ['TF-AZURE-KEY-VAULT-PRIVATE', 'a documented public vault without the trusted-service bypass', (doc) => {
      doc.resource.azurerm_key_vault.acr_encryption_key_vault.network_acls = { default_action: 'Allow', bypass: 'None' };
      return 'azurerm_key_vault.acr_encryption_key_vault';
    }, 'network_acls.bypass is "None" (expected "AzureServices")'],
    ['TF-AZURE-KEY-ROTATION-EXPIRY', 'a key without expiry', (doc) => first(doc, 'azurerm_key_vault_key', (b) => { delete b.expiration_date; }),
      'expiration_date is unset (expected an expiry for the first version)'],
    ['TF-AZURE-KEY-ROTATION-EXPIRY', 'a key without automatic rotation', (doc) => first(doc, 'azurerm_key_vault_key', (b) => { delete b.rotation_policy.automatic; }),
      'rotation_policy.automatic.time_after_creation is unset (expected a rotation period like P180D)'],
    ['TF-AZURE-STORAGE-LOCKED-DOWN', 'shared keys back on', (doc) => first(doc, 'azurerm_storage_account', (b) => { b.shared_access_key_enabled = true; }),
      'shared_access_key_enabled is true (expected false: Entra ID only)'],
    ['TF-AZURE-STORAGE-LOCKED-DOWN', 'no SAS expiry', (doc) => first(doc, 'azurerm_storage_account', (b) => { delete b.sas_policy; }),
      'sas_policy.expiration_period is unset (expected a SAS expiration period like 01.00:00:00)'],
    ['TF-AZURE-STORAGE-LOCKED-DOWN', 'no customer-managed key', (doc) => {
      delete doc.resource.azurerm_storage_account_customer_managed_key;
      return first(doc, 'azurerm_storage_account', () => undefined);
    }, 'no customer-managed key encrypts this account (expected customer_managed_key or an azurerm_storage_account_customer_managed_key)'],
    ['TF-AZURE-STORAGE-LOCKED-DOWN', 'a public endpoint without a reason', (doc) => first(doc, 'azurerm_storage_account', (b) => { delete b.tags['public-network-access-reason']; }),
      'public_network_access_enabled is true (expected false (or the reason in the public-network-access-reason tag))'],
    ['TF-AZURE-STORAGE-LOCKED-DOWN', 'a reasoned public endpoint that admits everyone', (doc) => first(doc, 'azurerm_storage_account', (b) => { b.network_rules.default_action = 'Allow'; }),
      'network_rules.default_action is "Allow" (expected "Deny": a public endpoint kept for a trusted service admits nobody else)'],
    ['TF-AZURE-AKS-NODE-DISKS-CMK', 'node disks on platform-managed keys without a reason', (doc) => aks(doc, (b) => { delete b.disk_encryption_set_id; }),
      'disk_encryption_set_id is unset (expected a disk encryption set with a customer-managed key (or, on a cluster created before, the reason in the node-disks-platform-key-reason tag))'],
    ['TF-AZURE-AKS-NODE-DISKS-CMK', 'a disk encryption set on the platform key', (doc) => {
      first(doc, 'azurerm_disk_encryption_set', (b) => { b.encryption_type = 'EncryptionAtRestWithPlatformKey'; });
      return aks(doc, () => undefined);
    }, 'azurerm_disk_encryption_set.Cluster_DiskEncryptionSet_C5A085D9 encryption_type is "EncryptionAtRestWithPlatformKey" (expected one with the customer\'s key (EncryptionAtRestWithCustomerKey, EncryptionAtRestWithPlatformAndCustomerKeys, ConfidentialVmEncryptedWithCustomerKey))'],
    ['TF-AZURE-AKS-EPHEMERAL-OS-DISK', 'a managed OS disk on the system pool', (doc) => aks(doc, (b) => { b.default_node_pool.os_disk_type = 'Managed'; }),
      'default_node_pool.os_disk_type is "Managed" (expected "Ephemeral" (vm_size "Standard_D4ds_v5" has a 150 GiB temp disk))'],
    ['TF-AZURE-AKS-EPHEMERAL-OS-DISK', 'the provider\'s default (managed) on the user pool', (doc) => first(doc, 'azurerm_kubernetes_cluster_node_pool', (b) => { delete b.os_disk_type; }),
      'os_disk_type is unset (expected "Ephemeral" (vm_size "Standard_D4ds_v5" has a 150 GiB temp disk))'],
    ['TF-AZURE-DELETION-PROTECTION', 'a disk encryption set without prevent_destroy', (doc) => first(doc, 'azurerm_disk_encryption_set', (b) => { delete b.lifecycle; }),
      'lifecycle.prevent_destroy is unset (expected true)'],
    ['TF-AZURE-FLOW-LOG-RETENTION', 'dev\'s former 30 days', (doc) => first(doc, 'azurerm_network_watcher_flow_log', (b) => { b.retention_policy.days = 30; }),
      'retention_policy.days is 30 (expected at least 90)'],
  ])('%s fails on %s', (ruleId, _case, mutate, message) => {
    // GIVEN the real prod stack with one property broken
    let resource = '';
    const artifact = broken(prod, (doc) => { resource = mutate(doc); });
    // WHEN the rule reads it
    const violations = ruleOf(terraformAzurePack, ruleId).check(artifact);
    // THEN it reports exactly that resource and value
    expect(violations).toEqual([{ resource, message }]);
  });

  test('TF-AZURE-DOCUMENTED-EXCEPTIONS reports exactly the reasoned public endpoints: the ACR vault and the flow-log storage account', () => {
    // WHEN the warning rule reads the clean prod stack
    const found = ruleOf(terraformAzurePack, 'TF-AZURE-DOCUMENTED-EXCEPTIONS').check(prod);
    // THEN each carries its reason
    expect(found.map((f) => f.resource).sort()).toEqual(['azurerm_key_vault.acr_encryption_key_vault', 'azurerm_storage_account.Network_FlowLogStorage_0AB7F5E1']);
    expect(found.every((f) => f.message.startsWith('public-network-access-reason: "'))).toBe(true);
    expect(ruleOf(terraformAzurePack, 'TF-AZURE-DOCUMENTED-EXCEPTIONS').severity).toBe('warning');
  });

  test('a cluster created before: platform-managed node disks with a reason pass, and are listed as a warning with the reason', () => {
    // GIVEN the prod stack as a cluster built before the disk encryption set looks: no set, managed OS disks, the tag
    const before = broken(prod, (doc) => {
      delete doc.resource.azurerm_disk_encryption_set;
      aks(doc, (b) => {
        delete b.disk_encryption_set_id;
        b.default_node_pool.os_disk_type = 'Managed';
        b.tags = { ...b.tags, 'node-disks-platform-key-reason': 'created in 2025; rebuilt in CHG-1234' };
      });
      first(doc, 'azurerm_kubernetes_cluster_node_pool', (b) => { b.os_disk_type = 'Managed'; });
    });
    // THEN the error rules accept the recorded exception, and the warning shows it
    expect(['TF-AZURE-AKS-NODE-DISKS-CMK', 'TF-AZURE-AKS-EPHEMERAL-OS-DISK'].flatMap((id) => ruleOf(terraformAzurePack, id).check(before))).toEqual([]);
    const cluster = aks(structuredClone(before.document), () => undefined);
    expect(ruleOf(terraformAzurePack, 'TF-AZURE-AKS-NODE-DISKS-EXCEPTIONS').check(before)).toEqual([
      { resource: cluster, message: 'node disks keep platform-managed keys: "created in 2025; rebuilt in CHG-1234"' },
    ]);
    // AND the clean example records none
    expect(artifacts.flatMap((a) => ruleOf(terraformAzurePack, 'TF-AZURE-AKS-NODE-DISKS-EXCEPTIONS').check(a))).toEqual([]);
  });

  test('a compliant registry passes every registry rule', () => {
    const artifact = broken(prod, (doc) => { acr(doc, () => undefined); });
    for (const id of ['TF-AZURE-ACR-PRIVATE', 'TF-AZURE-ACR-NO-ADMIN-USER', 'TF-AZURE-DELETION-PROTECTION', 'TF-AZURE-MANDATORY-TAGS']) {
      expect(ruleOf(terraformAzurePack, id).check(artifact)).toEqual([]);
    }
  });

  test('a VNet flow log targeting the network satisfies TF-AZURE-VNET-FLOW-LOGS; a disabled one does not', () => {
    // GIVEN the prod stack with a flow log on its VNet
    const withFlowLog = (enabled: boolean) => broken(prod, (doc) => {
      const vnet = Object.keys(doc.resource.azurerm_virtual_network)[0];
      doc.resource.azurerm_network_watcher_flow_log = { flow: { enabled, target_resource_id: `\${azurerm_virtual_network.${vnet}.id}` } };
    });
    const rule = ruleOf(terraformAzurePack, 'TF-AZURE-VNET-FLOW-LOGS');
    // THEN an enabled one passes and a disabled one is still a finding
    expect(rule.check(withFlowLog(true))).toEqual([]);
    expect(rule.check(withFlowLog(false))).toHaveLength(1);
  });

  test('a diagnostic setting exporting kube-audit-admin satisfies TF-AZURE-AKS-AUDIT-LOGS; one with other categories does not', () => {
    const withSetting = (category: string) => broken(prod, (doc) => {
      const cluster = Object.keys(doc.resource.azurerm_kubernetes_cluster)[0];
      doc.resource.azurerm_monitor_diagnostic_setting = {
        aks: { target_resource_id: `\${azurerm_kubernetes_cluster.${cluster}.id}`, enabled_log: [{ category }, { category: 'kube-apiserver' }] },
      };
    });
    const rule = ruleOf(terraformAzurePack, 'TF-AZURE-AKS-AUDIT-LOGS');
    expect(rule.check(withSetting('kube-audit-admin'))).toEqual([]);
    expect(rule.check(withSetting('guard')).map((v) => v.message)).toEqual([
      'no azurerm_monitor_diagnostic_setting exports its audit logs (found categories ["guard","kube-apiserver"]; expected kube-audit-admin or kube-audit)',
    ]);
  });

  test('TF-AZURE-POLICY-GUARDRAILS: an assignment in DoNotEnforce mode is a finding and does not count', () => {
    // GIVEN the prod stack with Allowed locations only reporting
    let address = '';
    const artifact = broken(prod, (doc) => { address = assignment(doc, 'allowed-locations', (b) => { b.enforce = false; }); });
    // WHEN the rule reads it
    const violations = ruleOf(terraformAzurePack, 'TF-AZURE-POLICY-GUARDRAILS').check(artifact);
    // THEN the assignment is named, and the guardrail counts as missing
    expect(violations).toEqual([
      { resource: address, message: 'enforce is false (expected true or unset: DoNotEnforce only reports)' },
      {
        resource: 'azurerm_subscription_policy_assignment',
        message: 'no enforced assignment of Allowed locations (expected policy e56962a6-4747-49cd-b67b-bf8b01975c4c with listOfAllowedLocations)',
      },
    ]);
  });

  test('TF-AZURE-POLICY-GUARDRAILS: a stack without any assignment misses every guardrail', () => {
    // GIVEN the prod stack without its policy assignments
    const artifact = broken(prod, (doc) => { delete doc.resource.azurerm_subscription_policy_assignment; });
    // WHEN the rule reads it THEN each missing guardrail is one finding
    expect(ruleOf(terraformAzurePack, 'TF-AZURE-POLICY-GUARDRAILS').check(artifact).map((v) => v.message)).toEqual([
      'no enforced assignment of the pod security restricted initiative (expected policy set 42b8ef37-b724-4e24-bbc8-7a7708edfe00 with effect Deny)',
      'no enforced assignment of Allowed locations (expected policy e56962a6-4747-49cd-b67b-bf8b01975c4c with listOfAllowedLocations)',
      'no enforced required-tag assignment for owner, cost-center, environment, data-classification (expected Require a tag on resource groups or on resources per mandatory key)',
    ]);
  });

  test('TF-AZURE-POLICY-GUARDRAILS: management-group assignments and "Require a tag on resources" count; resource-group ones do not', () => {
    // GIVEN the guardrails moved to a management group with tags required on resources; or narrowed to a resource group
    const moved = broken(prod, (doc) => {
      const assignments = doc.resource.azurerm_subscription_policy_assignment;
      for (const body of Object.values<any>(assignments)) {
        if (body.policy_definition_id.endsWith('96670d01-0a4d-4649-9c89-2d3abc0a5025')) {
          body.policy_definition_id = '/providers/Microsoft.Authorization/policyDefinitions/871b6d14-10aa-478d-b590-94f262ecfa99';
        }
      }
      doc.resource.azurerm_management_group_policy_assignment = assignments;
      delete doc.resource.azurerm_subscription_policy_assignment;
    });
    const narrowed = broken(prod, (doc) => {
      doc.resource.azurerm_resource_group_policy_assignment = doc.resource.azurerm_subscription_policy_assignment;
      delete doc.resource.azurerm_subscription_policy_assignment;
    });
    const rule = ruleOf(terraformAzurePack, 'TF-AZURE-POLICY-GUARDRAILS');
    // THEN the management group passes, and resource-group scope leaves every guardrail missing
    expect(rule.check(moved)).toEqual([]);
    expect(rule.check(narrowed)).toHaveLength(3);
  });

  test('TF-AZURE-BUDGET-ALERTS: every environment\'s budget alerts at 80 % and 100 % with the tier\'s amount', () => {
    // GIVEN the clean stacks WHEN the budgets are read
    const budgetOf = (document: any) => Object.values<any>(document.resource.azurerm_consumption_budget_subscription)[0];
    const amounts = Object.fromEntries(artifacts.map((a) => [a.environment, budgetOf(a.document).amount]));
    // THEN each has its tier's amount, and the rule finds nothing
    expect(amounts).toEqual({ dev: 3000, staging: 6000, prod: 25000 });
    expect(artifacts.flatMap((a) => ruleOf(terraformAzurePack, 'TF-AZURE-BUDGET-ALERTS').check(a))).toEqual([]);
  });

  test('AZURE_TAGGABLE_TYPES agrees with the provider bindings, and covers every taggable type of the example', () => {
    // GIVEN the provider bindings, which declare `tags` on the Config of each taggable resource
    const bindings = path.dirname(require.resolve('@cdktf/provider-azurerm/package.json'));
    const takesTags = (type: string) => {
      const file = path.join(bindings, 'lib', type.replace(/^azurerm_/, '').replace(/_/g, '-'), 'index.d.ts');
      return fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('readonly tags?:');
    };
    // THEN every listed type takes tags
    expect(AZURE_TAGGABLE_TYPES.filter((t) => !takesTags(t))).toEqual([]);
    // AND every taggable type the example writes is listed (add new ones when a construct starts using them)
    const used = [...new Set(artifacts.flatMap((a) => Object.keys(a.document.resource ?? {})))];
    expect(used.filter((t) => takesTags(t) && !AZURE_TAGGABLE_TYPES.includes(t))).toEqual([]);
  });
});

function first(doc: any, type: string, mutate: (body: any) => void): string {
  const name = Object.keys(doc.resource[type])[0];
  mutate(doc.resource[type][name]);
  return `${type}.${name}`;
}

/** The AKS KMS vault: the one whose name has no purpose suffix. */
function kmsVault(doc: any, mutate: (body: any) => void): string {
  const [name, body] = Object.entries<any>(doc.resource.azurerm_key_vault).find(([id]) => id.startsWith('Cluster_'))!;
  mutate(body);
  return `azurerm_key_vault.${name}`;
}

function aks(doc: any, mutate: (body: any) => void): string {
  return first(doc, 'azurerm_kubernetes_cluster', mutate);
}

function budget(doc: any, mutate: (body: any) => void): string {
  return first(doc, 'azurerm_consumption_budget_subscription', mutate);
}

/** The policy assignment whose name ends with `-<purpose>`. */
function assignment(doc: any, purpose: string, mutate: (body: any) => void): string {
  const type = 'azurerm_subscription_policy_assignment';
  const name = Object.keys(doc.resource[type]).find((n) => doc.resource[type][n].name.endsWith(`-${purpose}`));
  if (!name) throw new Error(`no ${type} named *-${purpose}`);
  mutate(doc.resource[type][name]);
  return `${type}.${name}`;
}

function acr(doc: any, mutate: (body: any) => void): string {
  const { address, body } = tfResource(doc, 'azurerm_container_registry', 'acr', COMPLIANT_ACR);
  mutate(body);
  return address;
}
