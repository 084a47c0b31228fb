import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { acme } from '../../../examples/acme/org';
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { defineOrganization } from '../../../lib/spec';
import { resourceAt as at, TfJson } from '../../support/terraform';

const org = defineOrganization(acme);

function synth(envName: string): TfJson {
  const environment = org.environments.find((e) => e.name === envName)!;
  const app = Testing.app();
  const stack = new EnvironmentAzureStack(app, `acme-${envName}-azure`, { organization: org, environment });
  return JSON.parse(Testing.synth(stack));
}

describe('EnvironmentAzureStack', () => {
  const dev = synth('dev');

  test('the environment owns the Log Analytics workspace and takes over the state of the one AksCluster created (moved block)', () => {
    // THEN: the old address moves to the new one, so the workspace and its logs are kept
    expect((dev as TfJson & { moved?: unknown }).moved).toEqual([{
      from: 'azurerm_log_analytics_workspace.Cluster_LogAnalyticsWorkspace_ABA6E719',
      to: 'azurerm_log_analytics_workspace.Logs_6819BB44',
    }]);
    // AND name and resource group stay what they were, so the move replaces nothing
    const workspace = at(dev, 'azurerm_log_analytics_workspace.Logs_6819BB44');
    expect(workspace.name).toBe('log-acme-dev-aks');
    expect(workspace.resource_group_name).toBe('rg-acme-dev-aks');
    expect(workspace.depends_on).toEqual(['azurerm_resource_group.Cluster_ResourceGroup_CFE37354']);
    expect(workspace.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('the cluster, the registry and Container Insights use the environment\'s workspace', () => {
    const workspaceId = '${azurerm_log_analytics_workspace.Logs_6819BB44.id}';
    const cluster = Object.values<any>(dev.resource.azurerm_kubernetes_cluster)[0];
    expect(cluster.oms_agent.log_analytics_workspace_id).toBe(workspaceId);
    expect(dev.resource.azurerm_monitor_diagnostic_setting.acr_diagnostics.log_analytics_workspace_id).toBe(workspaceId);
  });

  test('the cluster reaches its private KMS vault through the network\'s API server subnet and Key Vault zone', () => {
    const cluster = Object.values<any>(dev.resource.azurerm_kubernetes_cluster)[0];
    expect(cluster.api_server_access_profile).toEqual({
      virtual_network_integration_enabled: true,
      subnet_id: '${azurerm_subnet.Network_ApiServerSubnet_F9EBDB7C.id}',
    });
    expect(cluster.key_management_service.key_vault_network_access).toBe('Private');
    const endpoint = at(dev, 'azurerm_private_endpoint.Cluster_KeyVaultPrivateEndpoint_78269112');
    expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toEqual(['${azurerm_private_dns_zone.Network_KeyVaultPrivateDnsZone_F6E3E883.id}']);
  });

  test('the Entra ID sign-in export and its break-glass alert exist only in the environment the spec opts in', () => {
    expect(dev.resource.azurerm_monitor_aad_diagnostic_setting).toBeUndefined();
    const optedIn = defineOrganization({ ...acme, alerting: { ...acme.alerting, breakGlass: { ...acme.alerting.breakGlass, entraSignInLogs: { environment: 'prod' } } } });
    const synthOf = (name: string) => {
      const environment = optedIn.environments.find((e) => e.name === name)!;
      return JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), `acme-${name}-azure`, { organization: optedIn, environment }))) as TfJson;
    };
    expect(synthOf('dev').resource.azurerm_monitor_aad_diagnostic_setting).toBeUndefined();
    const prod = synthOf('prod');
    const [setting] = Object.values<any>(prod.resource.azurerm_monitor_aad_diagnostic_setting);
    expect(setting.log_analytics_workspace_id).toBe('${azurerm_log_analytics_workspace.Logs_6819BB44.id}');
    const alert = Object.values<any>(prod.resource.azurerm_monitor_scheduled_query_rules_alert_v2).find((a) => a.name === 'sqr-acme-prod-break-glass-sign-in');
    for (const account of acme.alerting.breakGlass!.azure!) expect(alert.criteria[0].query).toContain(JSON.stringify(account));
    const roles = alert.action.action_groups.map((ref: string) => prod.resource.azurerm_monitor_action_group[/^\$\{azurerm_monitor_action_group\.([^.]+)\.id\}$/.exec(ref)![1]].short_name);
    expect(roles.sort()).toEqual(['devops', 'security']);
  });

  test('keys are HSM-backed where the tier asks for it (prod), software-protected elsewhere', () => {
    const keyTypes = (json: TfJson) => Object.values<any>(json.resource.azurerm_key_vault_key).map((k) => k.key_type);
    // etcd KMS, node disks, registry, flow logs
    expect(keyTypes(dev)).toEqual(['RSA', 'RSA', 'RSA', 'RSA']);
    expect(keyTypes(synth('prod'))).toEqual(['RSA-HSM', 'RSA-HSM', 'RSA-HSM', 'RSA-HSM']);
  });

  test('node disks: a customer-managed key by default; an environment whose cluster was created before keeps its disks, with its reason on the cluster', () => {
    // GIVEN the example, and the same with dev's cluster declared as created before
    const cluster = (json: TfJson) => Object.values<any>(json.resource.azurerm_kubernetes_cluster)[0];
    // (the field as README's "AKS node disks" writes it)
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf-8');
    const snippet = /<!-- readme-test: platform-managed-node-disks [^\n]*-->\n```ts\n([\s\S]*?)```/.exec(readme)![1];
    const field = new Function(`return ({ ${snippet} });`)() as { platformManagedNodeDisks: { reason: string } };
    const legacy = defineOrganization({
      ...acme,
      environments: acme.environments.map((e) => (e.name === 'dev' ? { ...e, azure: { ...e.azure!, ...field } } : e)),
    });
    const before = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'acme-dev-azure', {
      organization: legacy, environment: legacy.environments.find((e) => e.name === 'dev')!,
    })));

    // THEN the new cluster encrypts with a disk encryption set, and the old one keeps its disks (nothing to replace)
    expect(cluster(dev).disk_encryption_set_id).toBe('${azurerm_disk_encryption_set.Cluster_DiskEncryptionSet_C5A085D9.id}');
    expect(cluster(dev).default_node_pool.os_disk_type).toBe('Ephemeral');
    expect(cluster(before).disk_encryption_set_id).toBeUndefined();
    expect(before.resource.azurerm_disk_encryption_set).toBeUndefined();
    expect(cluster(before).default_node_pool.os_disk_type).toBe('Managed');
    expect(cluster(before).tags['node-disks-platform-key-reason']).toBe('created before CMK node disks; rebuilt in CHG-1234');
    // AND both clusters refuse to be destroyed by a plan
    expect([cluster(dev).lifecycle, cluster(before).lifecycle]).toEqual([{ prevent_destroy: true }, { prevent_destroy: true }]);
  });
});
