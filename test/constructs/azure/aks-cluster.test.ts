import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { AnnotationMetadataEntryType, Testing, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { AksAutomaticUpgradeChannel, AksCluster, AksClusterProps, AksMaintenanceDay, AksNodeOsUpgradeChannel } from '../../../constructs/azure';
import { expectProtectedKey } from '../../support/azure';
import { addressesOf, problemsOf, ref, resourceAt as at, synthChecked, TfJson, TfResource } from '../../support/terraform';

Testing.setupJest();

const SYSTEM_SUBNET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-network/providers/Microsoft.Network/virtualNetworks/vnet-acme-dev/subnets/snet-acme-dev-system-nodes';
const USER_SUBNET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-network/providers/Microsoft.Network/virtualNetworks/vnet-acme-dev/subnets/snet-acme-dev-user-nodes';
const API_SERVER_SUBNET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-network/providers/Microsoft.Network/virtualNetworks/vnet-acme-dev/subnets/snet-acme-dev-api-server';
const PRIVATE_ENDPOINTS_SUBNET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-network/providers/Microsoft.Network/virtualNetworks/vnet-acme-dev/subnets/snet-acme-dev-private-endpoints';
const KEY_VAULT_ZONE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-network/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net';
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-aks/providers/Microsoft.OperationalInsights/workspaces/log-acme-dev-aks';
const ADMIN_GROUP = '11111111-2222-3333-4444-555555555555';

const PROPS: AksClusterProps = {
  namePrefix: 'acme-dev',
  location: 'westeurope',
  systemNodesSubnetId: SYSTEM_SUBNET,
  userNodesSubnetId: USER_SUBNET,
  apiServerSubnetId: API_SERVER_SUBNET,
  privateEndpointSubnetId: PRIVATE_ENDPOINTS_SUBNET,
  keyVaultPrivateDnsZoneId: KEY_VAULT_ZONE,
  logAnalyticsWorkspaceId: WORKSPACE_ID,
  adminGroupObjectIds: [ADMIN_GROUP],
  tags: { 'environment': 'dev', 'cost-center': 'cc-1234' },
};


const CLIENT_CONFIG = 'data.azurerm_client_config.Aks_ClientConfig_07E6FC58';
const RG = 'azurerm_resource_group.Aks_ResourceGroup_ACA11057';
const IDENTITY = 'azurerm_user_assigned_identity.Aks_Identity_54F402D2';
const KEY_VAULT = 'azurerm_key_vault.Aks_KeyVault_F1035E74';
const KMS_KEY = 'azurerm_key_vault_key.Aks_KmsKey_22BD9C79';
const CLUSTER = 'azurerm_kubernetes_cluster.Aks_943C0E94';
const USER_POOL = 'azurerm_kubernetes_cluster_node_pool.Aks_UserNodePool_0EC2C518';
const KEY_VAULT_ENDPOINT = 'azurerm_private_endpoint.Aks_KeyVaultPrivateEndpoint_356A4808';
const DCR = 'azurerm_monitor_data_collection_rule.Aks_ContainerInsightsRule_037FC862';
const DCRA = 'azurerm_monitor_data_collection_rule_association.Aks_ContainerInsightsRuleAssociation_AEB6F8D2';
const DIAGNOSTICS = 'azurerm_monitor_diagnostic_setting.Aks_Diagnostics_2682C569';
const DEPLOYER_CRYPTO_OFFICER = 'azurerm_role_assignment.Aks_DeployerKeyVaultCryptoOfficer_85292022';
const IDENTITY_CRYPTO_USER = 'azurerm_role_assignment.Aks_IdentityKeyVaultCryptoUser_53F23086';
const IDENTITY_SYSTEM_SUBNET = 'azurerm_role_assignment.Aks_IdentitySystemNodesSubnetNetworkContributor_EEA2290E';
const IDENTITY_USER_SUBNET = 'azurerm_role_assignment.Aks_IdentityUserNodesSubnetNetworkContributor_1ADDA2AD';
const IDENTITY_API_SERVER_SUBNET = 'azurerm_role_assignment.Aks_IdentityApiServerSubnetNetworkContributor_4F94C69C';
const DES = 'azurerm_disk_encryption_set.Aks_DiskEncryptionSet_E715DA8D';
const NODE_DISK_KEY = 'azurerm_key_vault_key.Aks_NodeDiskKey_FD7F1854';
const DES_KEY_USER = 'azurerm_role_assignment.Aks_DiskEncryptionSetKeyUser_0E9586E4';
const IDENTITY_DES_READER = 'azurerm_role_assignment.Aks_IdentityDiskEncryptionSetReader_4B7A396B';

const ZONES = ['1', '2', '3'];

function synth(props: Partial<AksClusterProps> = {}): string {
  return synthChecked((scope) => {
    new AksCluster(scope, 'Aks', { ...PROPS, ...props });
  });
}

function parse(props: Partial<AksClusterProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

function cluster(props: Partial<AksClusterProps> = {}): TfResource {
  return at(parse(props), CLUSTER);
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<AksClusterProps>): string {
  return problemsOf('Aks', (scope) => new AksCluster(scope, 'Aks', { ...PROPS, ...props }));
}

describe('AksCluster', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN: renaming any of these replaces real infrastructure (and a new Key Vault loses the KMS key)
      const addresses = addressesOf(json);
      expect(addresses).toEqual([
        DES,
        KEY_VAULT,
        KMS_KEY,
        NODE_DISK_KEY,
        CLUSTER,
        USER_POOL,
        DCR,
        DCRA,
        DIAGNOSTICS,
        KEY_VAULT_ENDPOINT,
        RG,
        DEPLOYER_CRYPTO_OFFICER,
        DES_KEY_USER,
        IDENTITY_API_SERVER_SUBNET,
        IDENTITY_DES_READER,
        IDENTITY_CRYPTO_USER,
        IDENTITY_SYSTEM_SUBNET,
        IDENTITY_USER_SUBNET,
        IDENTITY,
      ]);
      expect(Object.keys(json.data!.azurerm_client_config)).toEqual([CLIENT_CONFIG.split('.')[2]]);
    });

    test('the cluster is the primary child', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const aks = new AksCluster(stack, 'Aks', PROPS);

      // THEN
      expect(aks.node.defaultChild).toBe(aks.cluster);
      expect(aks.cluster.node.id).toBe('Resource');
    });

    test('the exposed attributes refer to the cluster, the vault and the workspace', () => {
      // GIVEN
      const json = JSON.parse(synthChecked((scope) => {
        const aks = new AksCluster(scope, 'Aks', PROPS);

        // WHEN
        new TerraformOutput(scope, 'clusterName', { value: aks.clusterName });
        new TerraformOutput(scope, 'oidcIssuerUrl', { value: aks.oidcIssuerUrl });
        new TerraformOutput(scope, 'kubeletIdentityObjectId', { value: aks.kubeletIdentityObjectId });
        new TerraformOutput(scope, 'keyVaultId', { value: aks.keyVault.id });
        new TerraformOutput(scope, 'workspaceId', { value: aks.logAnalyticsWorkspaceId });
        new TerraformOutput(scope, 'diagnosticSettingId', { value: aks.diagnosticSetting.id });
      }));

      // THEN
      expect(json.output).toEqual({
        clusterName: { value: ref(CLUSTER, 'name') },
        oidcIssuerUrl: { value: ref(CLUSTER, 'oidc_issuer_url') },
        kubeletIdentityObjectId: { value: ref(CLUSTER, 'kubelet_identity[0].object_id') },
        keyVaultId: { value: ref(KEY_VAULT, 'id') },
        workspaceId: { value: WORKSPACE_ID },
        diagnosticSettingId: { value: ref(DIAGNOSTICS, 'id') },
      });
    });

    test('names follow the CAF abbreviations and the name prefix', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, RG).name).toBe('rg-acme-dev-aks');
      expect(at(json, IDENTITY).name).toBe('id-acme-dev-aks');
      expect(at(json, CLUSTER).name).toBe('aks-acme-dev');
      expect(at(json, CLUSTER).dns_prefix).toBe('acme-dev');
      expect(at(json, CLUSTER).node_resource_group).toBe('rg-acme-dev-aks-nodes');
      expect(at(json, DCR).name).toBe('dcr-acme-dev-aks-insights');
      expect(at(json, KMS_KEY).name).toBe('aks-etcd-kms');
    });

    test('the Key Vault name is unique per subscription and fits 24 characters for the longest prefix', () => {
      // GIVEN
      const longest = 'abcdefghijklmnopqrstuvwxyz01234567890123';
      const hyphenated = 'a'.repeat(12) + '--b' + 'c'.repeat(25);

      // WHEN
      const names = [PROPS.namePrefix, longest, hyphenated].map((namePrefix) => at(parse({ namePrefix }), KEY_VAULT).name);

      // THEN: a 7-character hash of subscription and prefix, computed by Terraform at plan time
      const hash = (prefix: string) =>
        `\${substr(sha1(join("/", [${CLIENT_CONFIG}.subscription_id, "${prefix}"])), 0, 7)}`;
      expect(names).toEqual([
        `kv-acme-dev-${hash('acme-dev')}`,
        `kv-abcdefghijklm-${hash(longest)}`,
        // Key Vault refuses doubled and trailing hyphens
        `kv-aaaaaaaaaaaa-${hash(hyphenated)}`,
      ]);
      expect(names[1].replace(hash(longest), '1234567')).toHaveLength(24);
    });

    test('every resource lands in the dedicated resource group and the given location', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      for (const address of [IDENTITY, KEY_VAULT, KEY_VAULT_ENDPOINT, CLUSTER, DCR]) {
        expect(at(json, address).resource_group_name).toBe(ref(RG, 'name'));
        expect(at(json, address).location).toBe('westeurope');
      }
      expect(at(json, RG).location).toBe('westeurope');
    });
  });

  describe('API server access', () => {
    test('the API server is private by default, with the AKS-managed private DNS zone and no public FQDN', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      expect(aks.private_cluster_enabled).toBe(true);
      expect(aks.private_cluster_public_fqdn_enabled).toBe(false);
      expect(aks.private_dns_zone_id).toBe('System');
      expect(aks.api_server_access_profile.authorized_ip_ranges).toBeUndefined();
      expect(aks.tags['public-api-server-reason']).toBeUndefined();
    });

    test('without the opt-in no cluster of the stack has a public API server', () => {
      // GIVEN / WHEN
      const synthesized = synth({ publicApiServer: undefined });

      // THEN
      expect(synthesized).toHaveResourceWithProperties(KubernetesCluster, { private_cluster_enabled: true });
      expect(synthesized).not.toHaveResourceWithProperties(KubernetesCluster, { private_cluster_enabled: false });
    });

    test('publicEndpoint turns the private cluster off, limits it to allowedCidrs and records the reason as a tag', () => {
      // GIVEN / WHEN the shared ClusterPublicEndpoint is given
      const aks = cluster({ publicEndpoint: { allowedCidrs: ['203.0.113.0/24', '198.51.100.7/32'], reason: 'SEC-1234: CI runners without VNet access until Q3' } });

      // THEN the API server is public, reachable from the allowed networks only
      expect(aks.private_cluster_enabled).toBe(false);
      expect(aks.private_dns_zone_id).toBeUndefined();
      expect(aks.api_server_access_profile).toEqual({
        virtual_network_integration_enabled: true,
        subnet_id: API_SERVER_SUBNET,
        authorized_ip_ranges: ['203.0.113.0/24', '198.51.100.7/32'],
      });
      // AND the reason is on the cluster, where policy and the portal see it
      expect(aks.tags['public-api-server-reason']).toBe('SEC-1234: CI runners without VNet access until Q3');
    });

    test('the deprecated publicApiServer still builds the same cluster at the same addresses, with a warning', () => {
      // GIVEN a team stack written against publicApiServer
      const stack = new TerraformStack(Testing.app(), 'stack');
      const aks = new AksCluster(stack, 'Aks', { ...PROPS, publicApiServer: { reason: 'SEC-1234', authorizedIpRanges: ['203.0.113.0/24'] } });

      // THEN its Terraform is the one the shared prop gives
      expect(JSON.parse(Testing.synth(stack))).toEqual(parse({ publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'SEC-1234' } }));
      // AND the synth says what to use instead
      expect(aks.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data)).toEqual([
        'AksCluster: publicApiServer is deprecated (use publicEndpoint: { allowedCidrs, reason }, the type EKS, AKS and GKE share; it requires the allowed networks)',
      ]);
    });

    test('the shared prop raises no warning', () => {
      const stack = new TerraformStack(Testing.app(), 'stack');
      const aks = new AksCluster(stack, 'Aks', { ...PROPS, publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'SEC-1234' } });
      expect(aks.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN)).toEqual([]);
    });

    test('publicApiServer turns the private cluster off and records the reason as a tag', () => {
      // GIVEN / WHEN
      const aks = cluster({ publicApiServer: { reason: 'SEC-1234: CI runners without VNet access until Q3' } });

      // THEN
      expect(aks.private_cluster_enabled).toBe(false);
      expect(aks.private_dns_zone_id).toBeUndefined();
      expect(aks.private_cluster_public_fqdn_enabled).toBeUndefined();
      expect(aks.api_server_access_profile.authorized_ip_ranges).toBeUndefined();
      expect(aks.tags).toEqual({
        'environment': 'dev',
        'cost-center': 'cc-1234',
        'public-api-server-reason': 'SEC-1234: CI runners without VNet access until Q3',
      });
      // identity controls do not weaken with the network exposure
      expect(aks.local_account_disabled).toBe(true);
      expect(aks.azure_active_directory_role_based_access_control.azure_rbac_enabled).toBe(true);
    });

    test('a public API server can be limited to authorized IP ranges', () => {
      // GIVEN / WHEN
      const aks = cluster({ publicApiServer: { reason: 'SEC-1234', authorizedIpRanges: ['203.0.113.0/24', '198.51.100.7/32'] } });

      // THEN
      expect(aks.api_server_access_profile).toEqual({
        virtual_network_integration_enabled: true,
        subnet_id: API_SERVER_SUBNET,
        authorized_ip_ranges: ['203.0.113.0/24', '198.51.100.7/32'],
      });
    });

    test('authentication is Entra ID only: local accounts off, Azure RBAC on, admin groups given', () => {
      // GIVEN / WHEN
      const aks = cluster({ adminGroupObjectIds: [ADMIN_GROUP, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'] });

      // THEN
      expect(aks.local_account_disabled).toBe(true);
      expect(aks.role_based_access_control_enabled).toBe(true);
      expect(aks.azure_active_directory_role_based_access_control).toEqual({
        azure_rbac_enabled: true,
        admin_group_object_ids: [ADMIN_GROUP, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'],
        tenant_id: ref(CLIENT_CONFIG, 'tenant_id'),
      });
    });
  });

  describe('cluster settings', () => {
    test('the baseline settings', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      expect(aks.kubernetes_version).toBe('1.33');
      expect(aks.sku_tier).toBe('Standard');
      expect(aks.oidc_issuer_enabled).toBe(true);
      expect(aks.workload_identity_enabled).toBe(true);
      expect(aks.azure_policy_enabled).toBe(true);
      expect(aks.image_cleaner_enabled).toBe(true);
      expect(aks.image_cleaner_interval_hours).toBe(168);
      expect(aks.identity).toEqual({ type: 'UserAssigned', identity_ids: [ref(IDENTITY, 'id')] });
      expect(aks.tags).toEqual({ 'environment': 'dev', 'cost-center': 'cc-1234' });
    });

    test('the network profile is Azure CNI overlay with Cilium, FQDN filtering and NAT gateway egress', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      expect(aks.network_profile).toEqual({
        network_plugin: 'azure',
        network_plugin_mode: 'overlay',
        network_data_plane: 'cilium',
        network_policy: 'cilium',
        load_balancer_sku: 'standard',
        outbound_type: 'userAssignedNATGateway',
        pod_cidr: '10.244.0.0/16',
        service_cidr: '10.0.0.0/16',
        dns_service_ip: '10.0.0.10',
        // Advanced Container Networking Services security: Cilium FQDN policies, which open Entra ID sign-in by name.
        advanced_networking: { security_enabled: true, observability_enabled: false },
      });
      expect(cluster({ fqdnFilteringEnabled: false }).network_profile.advanced_networking.security_enabled).toBe(false);
    });

    test('pod and service CIDRs can be chosen; the DNS service takes the tenth service address', () => {
      // GIVEN / WHEN
      const aks = cluster({ podCidr: '100.64.0.0/16', serviceCidr: '172.20.0.0/20' });

      // THEN
      expect(aks.network_profile.pod_cidr).toBe('100.64.0.0/16');
      expect(aks.network_profile.service_cidr).toBe('172.20.0.0/20');
      expect(aks.network_profile.dns_service_ip).toBe('172.20.0.10');
    });

    test('a service CIDR known only at apply time gets its DNS address from Terraform', () => {
      // GIVEN
      const json = JSON.parse(synthChecked((scope) => {
        const serviceCidr = new TerraformVariable(scope, 'serviceCidr', { type: 'string' });
        new AksCluster(scope, 'Aks', { ...PROPS, serviceCidr: serviceCidr.stringValue });
      }));

      // THEN
      expect(at(json, CLUSTER).network_profile.service_cidr).toBe('${var.serviceCidr}');
      expect(at(json, CLUSTER).network_profile.dns_service_ip).toBe('${cidrhost(var.serviceCidr, 10)}');
    });

    test('upgrades: patch channel, weekly node images, both in the Sunday 02:00-06:00 UTC window', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      const window = { frequency: 'Weekly', interval: 1, day_of_week: 'Sunday', start_time: '02:00', duration: 4, utc_offset: '+00:00' };
      expect(aks.automatic_upgrade_channel).toBe('patch');
      expect(aks.node_os_upgrade_channel).toBe('NodeImage');
      expect(aks.maintenance_window_auto_upgrade).toEqual(window);
      expect(aks.maintenance_window_node_os).toEqual(window);
    });

    test('upgrade channels and the maintenance window can be chosen', () => {
      // GIVEN / WHEN
      const aks = cluster({
        kubernetesVersion: '1.32.5',
        automaticUpgradeChannel: AksAutomaticUpgradeChannel.STABLE,
        nodeOsUpgradeChannel: AksNodeOsUpgradeChannel.SECURITY_PATCH,
        maintenanceWindow: { dayOfWeek: AksMaintenanceDay.SATURDAY, startTime: '22:30', durationHours: 6, utcOffset: '+01:00' },
      });

      // THEN
      const window = { frequency: 'Weekly', interval: 1, day_of_week: 'Saturday', start_time: '22:30', duration: 6, utc_offset: '+01:00' };
      expect(aks.kubernetes_version).toBe('1.32.5');
      expect(aks.default_node_pool.orchestrator_version).toBe('1.32.5');
      expect(aks.automatic_upgrade_channel).toBe('stable');
      expect(aks.node_os_upgrade_channel).toBe('SecurityPatch');
      expect(aks.maintenance_window_auto_upgrade).toEqual(window);
      expect(aks.maintenance_window_node_os).toEqual(window);
    });

    test('a channel AKS adds later is reachable through of()', () => {
      const aks = cluster({ automaticUpgradeChannel: AksAutomaticUpgradeChannel.of('lts-patch'), nodeOsUpgradeChannel: AksNodeOsUpgradeChannel.of('SecurityPatchPlus') });
      expect([aks.automatic_upgrade_channel, aks.node_os_upgrade_channel]).toEqual(['lts-patch', 'SecurityPatchPlus']);
    });

    test('a maintenance window without an offset is in UTC', () => {
      // GIVEN / WHEN
      const aks = cluster({ maintenanceWindow: { dayOfWeek: AksMaintenanceDay.TUESDAY, startTime: '03:00', durationHours: 4 } });

      // THEN
      expect(aks.maintenance_window_auto_upgrade.utc_offset).toBe('+00:00');
    });

    test('Container Insights authenticates with managed identity', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      expect(aks.oms_agent).toEqual({
        log_analytics_workspace_id: WORKSPACE_ID,
        msi_auth_for_monitoring_enabled: true,
      });
    });

    test('the Azure Monitor metrics profile (managed Prometheus) is off unless asked for', () => {
      // GIVEN / WHEN / THEN
      expect(cluster().monitor_metrics).toBeUndefined();
      expect(cluster({ azureMonitorMetricsEnabled: true }).monitor_metrics).toEqual({});
    });

    test('the cluster waits for its identity\'s roles', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      expect(aks.depends_on).toEqual([
        IDENTITY_CRYPTO_USER, IDENTITY_SYSTEM_SUBNET, IDENTITY_USER_SUBNET, IDENTITY_API_SERVER_SUBNET, KEY_VAULT_ENDPOINT,
        DES_KEY_USER, IDENTITY_DES_READER,
      ]);
    });
  });

  describe('node pools', () => {
    test('the system pool runs only critical add-ons, autoscales across three zones, with host encryption', () => {
      // GIVEN / WHEN
      const pool = cluster().default_node_pool;

      // THEN
      expect(pool).toEqual({
        name: 'system',
        temporary_name_for_rotation: 'systemtmp',
        only_critical_addons_enabled: true,
        vm_size: 'Standard_D4ds_v5',
        // 150 GiB temp disk: the OS disk lives there, at AKS's default size
        os_disk_type: 'Ephemeral',
        os_disk_size_gb: 128,
        vnet_subnet_id: SYSTEM_SUBNET,
        orchestrator_version: '1.33',
        auto_scaling_enabled: true,
        min_count: 3,
        max_count: 5,
        zones: ZONES,
        host_encryption_enabled: true,
        node_public_ip_enabled: false,
        upgrade_settings: { max_surge: '33%', drain_timeout_in_minutes: 30 },
        tags: { 'environment': 'dev', 'cost-center': 'cc-1234' },
      });
    });

    test('the user pool is a separate resource, autoscaling across three zones, with host encryption', () => {
      // GIVEN / WHEN
      const pool = at(parse(), USER_POOL);

      // THEN
      expect(pool).toEqual({
        kubernetes_cluster_id: ref(CLUSTER, 'id'),
        name: 'user',
        mode: 'User',
        temporary_name_for_rotation: 'usertmp',
        vm_size: 'Standard_D4ds_v5',
        os_disk_type: 'Ephemeral',
        os_disk_size_gb: 128,
        vnet_subnet_id: USER_SUBNET,
        orchestrator_version: '1.33',
        auto_scaling_enabled: true,
        min_count: 3,
        max_count: 10,
        zones: ZONES,
        host_encryption_enabled: true,
        node_public_ip_enabled: false,
        upgrade_settings: { max_surge: '33%', drain_timeout_in_minutes: 30 },
        tags: { 'environment': 'dev', 'cost-center': 'cc-1234' },
      });
    });

    test('pool sizes come from the props; an omitted vmSize keeps the default', () => {
      // GIVEN / WHEN
      const json = parse({
        systemPool: { minCount: 1, maxCount: 2 },
        userPool: { minCount: 0, maxCount: 50, vmSize: 'Standard_E8ds_v5' },
      });

      // THEN
      const system = at(json, CLUSTER).default_node_pool;
      expect([system.min_count, system.max_count, system.vm_size]).toEqual([1, 2, 'Standard_D4ds_v5']);
      const user = at(json, USER_POOL);
      expect([user.min_count, user.max_count, user.vm_size]).toEqual([0, 50, 'Standard_E8ds_v5']);
    });

    test('host encryption can be turned off explicitly', () => {
      // GIVEN / WHEN
      const json = parse({ hostEncryptionEnabled: false });

      // THEN
      expect(at(json, CLUSTER).default_node_pool.host_encryption_enabled).toBe(false);
      expect(at(json, USER_POOL).host_encryption_enabled).toBe(false);
    });
  });

  describe('node disks', () => {
    test('the OS disks are encrypted with a second customer-managed key of the private vault, through a disk encryption set', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN the key rotates and expires like every baseline key, and only wraps
      const key = at(json, NODE_DISK_KEY);
      expect([key.name, key.key_type, key.key_size, key.key_opts]).toEqual(['aks-node-disks', 'RSA', 3072, ['wrapKey', 'unwrapKey']]);
      expectProtectedKey(key, KEY_VAULT, [DEPLOYER_CRYPTO_OFFICER, KEY_VAULT_ENDPOINT]);
      // AND the set follows the key's versions and cannot be destroyed
      expect(at(json, DES)).toEqual({
        name: 'des-acme-dev-aks-nodes',
        resource_group_name: ref(RG, 'name'),
        location: 'westeurope',
        key_vault_key_id: ref(NODE_DISK_KEY, 'versionless_id'),
        auto_key_rotation_enabled: true,
        encryption_type: 'EncryptionAtRestWithCustomerKey',
        identity: { type: 'SystemAssigned' },
        tags: { 'environment': 'dev', 'cost-center': 'cc-1234' },
        lifecycle: { prevent_destroy: true },
      });
      // AND its identity may use that key only; the control plane may read the set it links the node VMs to
      expect(at(json, DES_KEY_USER)).toEqual({
        scope: ref(NODE_DISK_KEY, 'resource_versionless_id'),
        role_definition_name: 'Key Vault Crypto Service Encryption User',
        principal_id: ref(DES, 'identity[0].principal_id'),
        principal_type: 'ServicePrincipal',
        skip_service_principal_aad_check: true,
      });
      expect(at(json, IDENTITY_DES_READER)).toMatchObject({ scope: ref(DES, 'id'), role_definition_name: 'Reader', principal_id: ref(IDENTITY, 'principal_id') });
      // AND the cluster uses it, once both roles exist
      expect(at(json, CLUSTER).disk_encryption_set_id).toBe(ref(DES, 'id'));
      expect(at(json, CLUSTER).depends_on).toEqual(expect.arrayContaining([DES_KEY_USER, IDENTITY_DES_READER]));
    });

    test('an HSM-backed vault keeps the node disk key in the HSM too', () => {
      expect(at(parse({ hsmKeyEnabled: true }), NODE_DISK_KEY).key_type).toBe('RSA-HSM');
    });

    test('the cluster is protected from replacement: a setting that forces a new cluster fails the plan', () => {
      expect(at(parse(), CLUSTER).lifecycle).toEqual({ prevent_destroy: true });
    });

    test.each<[string, string, number | undefined]>([
      ['Standard_D2ds_v5', 'Ephemeral', 75],
      ['Standard_D8ds_v5', 'Ephemeral', 128],
      ['Standard_E16ds_v5', 'Ephemeral', 128],
      ['Standard_D4s_v5', 'Managed', undefined],
      ['Standard_D4as_v5', 'Managed', undefined],
    ])('a %s pool gets a %s OS disk of %s GiB (the temp disk bounds an ephemeral one)', (vmSize, type, sizeGiB) => {
      // GIVEN / WHEN
      const json = parse({ systemPool: { minCount: 3, maxCount: 5, vmSize }, userPool: { minCount: 3, maxCount: 5, vmSize } });

      // THEN
      for (const pool of [at(json, CLUSTER).default_node_pool, at(json, USER_POOL)]) {
        expect([pool.os_disk_type, pool.os_disk_size_gb]).toEqual([type, sizeGiB]);
      }
    });

    test('a pool may keep a managed OS disk explicitly', () => {
      const pool = at(parse({ userPool: { minCount: 3, maxCount: 5, ephemeralOsDisk: false } }), USER_POOL);
      expect([pool.os_disk_type, pool.os_disk_size_gb]).toEqual(['Managed', undefined]);
    });

    test('a cluster created before keeps platform-managed keys and managed OS disks only with a reason, which it records', () => {
      // GIVEN a cluster built before the disk encryption set
      const json = parse({ platformManagedNodeDisks: { reason: 'created before CMK node disks; rebuilt in CHG-1234' } });

      // THEN nothing of the set exists, the pools stay as they were, and the reason is on the cluster
      expect(addressesOf(json)).not.toEqual(expect.arrayContaining([DES]));
      expect(addressesOf(json).filter((a) => [DES, NODE_DISK_KEY, DES_KEY_USER, IDENTITY_DES_READER].includes(a))).toEqual([]);
      const aks = at(json, CLUSTER);
      expect(aks.disk_encryption_set_id).toBeUndefined();
      expect(aks.default_node_pool.os_disk_type).toBe('Managed');
      expect(at(json, USER_POOL).os_disk_type).toBe('Managed');
      expect(aks.tags['node-disks-platform-key-reason']).toBe('created before CMK node disks; rebuilt in CHG-1234');
      expect(aks.lifecycle).toEqual({ prevent_destroy: true });
    });

    test('asks for a reason and a VM size that holds an ephemeral OS disk, every problem at once', () => {
      expect(errorOf({
        platformManagedNodeDisks: { reason: ' ' },
        userPool: { minCount: 3, maxCount: 5, vmSize: 'Standard_D4s_v5', ephemeralOsDisk: true },
      })).toBe([
        'AksCluster: userPool.ephemeralOsDisk is true, but vmSize "Standard_D4s_v5" has no temp disk known to hold an ephemeral OS disk (expected a size with one, like Standard_D2ds_v5, Standard_D4ds_v5, Standard_D8ds_v5 (see AZURE_VM_TEMP_DISK_GIB), or ephemeralOsDisk: false)',
        'AksCluster: platformManagedNodeDisks.reason is empty (expected why this cluster keeps platform-managed keys on its node disks, e.g. a ticket reference)',
      ].join('\n'));
      expect(errorOf({ platformManagedNodeDisks: { reason: 'x'.repeat(257) } }))
        .toBe('AksCluster: platformManagedNodeDisks.reason is 257 characters long (expected at most 256, as it is stored in a tag)');
    });
  });

  describe('etcd encryption with KMS', () => {
    test('the cluster encrypts secrets with the versioned key over the vault\'s private endpoint', () => {
      // GIVEN / WHEN
      const aks = cluster();

      // THEN
      expect(aks.key_management_service).toEqual({
        key_vault_key_id: ref(KMS_KEY, 'id'),
        key_vault_network_access: 'Private',
      });
    });

    test('the API server is projected into the delegated subnet (API Server VNet Integration), which KMS over a private vault needs', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, CLUSTER).api_server_access_profile).toEqual({
        virtual_network_integration_enabled: true,
        subnet_id: API_SERVER_SUBNET,
      });
      expect(at(json, IDENTITY_API_SERVER_SUBNET)).toEqual({
        scope: API_SERVER_SUBNET,
        role_definition_name: 'Network Contributor',
        principal_id: ref(IDENTITY, 'principal_id'),
        principal_type: 'ServicePrincipal',
        skip_service_principal_aad_check: true,
      });
      expect(at(json, CLUSTER).depends_on).toEqual(expect.arrayContaining([IDENTITY_API_SERVER_SUBNET, KEY_VAULT_ENDPOINT]));
    });

    test('the Key Vault is private: no public network access, firewall Deny with the trusted-service bypass, a private endpoint in the network\'s zone', () => {
      // GIVEN / WHEN
      const json = parse();
      const vault = at(json, KEY_VAULT);

      // THEN
      expect(vault.public_network_access_enabled).toBe(false);
      expect(vault.network_acls).toEqual({ default_action: 'Deny', bypass: 'AzureServices' });
      expect(at(json, KEY_VAULT_ENDPOINT)).toEqual({
        name: 'pep-acme-dev-aks-kv',
        resource_group_name: ref(RG, 'name'),
        location: 'westeurope',
        subnet_id: PRIVATE_ENDPOINTS_SUBNET,
        custom_network_interface_name: 'pep-acme-dev-aks-kv-nic',
        private_service_connection: {
          name: 'pep-acme-dev-aks-kv',
          private_connection_resource_id: ref(KEY_VAULT, 'id'),
          subresource_names: ['vault'],
          is_manual_connection: false,
        },
        private_dns_zone_group: { name: 'default', private_dns_zone_ids: [KEY_VAULT_ZONE] },
        tags: PROPS.tags,
      });
    });

    test('the Key Vault uses RBAC, purge protection and 90 days of soft delete, and cannot be destroyed', () => {
      // GIVEN / WHEN
      const vault = at(parse(), KEY_VAULT);

      // THEN
      expect(vault.rbac_authorization_enabled).toBe(true);
      expect(vault.purge_protection_enabled).toBe(true);
      expect(vault.soft_delete_retention_days).toBe(90);
      expect(vault.sku_name).toBe('standard');
      expect(vault.tenant_id).toBe(ref(CLIENT_CONFIG, 'tenant_id'));
      expect(vault.lifecycle).toEqual({ prevent_destroy: true });
      expect(vault.access_policy).toBeUndefined();
      expect(vault.enable_rbac_authorization).toBeUndefined();
    });

    test('the Key Vault and the key keep name, placement and key material: only network access, expiry and dependencies change', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN: a changed name, SKU, key type or size would replace a live vault or key
      expect(at(json, KEY_VAULT)).toEqual({
        name: `kv-acme-dev-\${substr(sha1(join("/", [${CLIENT_CONFIG}.subscription_id, "acme-dev"])), 0, 7)}`,
        resource_group_name: ref(RG, 'name'),
        location: 'westeurope',
        tenant_id: ref(CLIENT_CONFIG, 'tenant_id'),
        sku_name: 'standard',
        rbac_authorization_enabled: true,
        purge_protection_enabled: true,
        soft_delete_retention_days: 90,
        public_network_access_enabled: false,
        network_acls: { default_action: 'Deny', bypass: 'AzureServices' },
        tags: PROPS.tags,
        lifecycle: { prevent_destroy: true },
      });
      expect(at(json, KMS_KEY)).toEqual({
        key_vault_id: ref(KEY_VAULT, 'id'),
        name: 'aks-etcd-kms',
        key_type: 'RSA',
        key_size: 2048,
        key_opts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
        expiration_date: '\${timeadd(plantimestamp(), "17520h")}',
        rotation_policy: {
          automatic: { time_after_creation: 'P180D' },
          expire_after: 'P730D',
          notify_before_expiry: 'P30D',
        },
        tags: PROPS.tags,
        depends_on: [DEPLOYER_CRYPTO_OFFICER, KEY_VAULT_ENDPOINT],
        lifecycle: { prevent_destroy: true, ignore_changes: ['expiration_date'] },
      });
    });

    test('an HSM-backed key lives in a Premium vault', () => {
      // GIVEN / WHEN
      const json = parse({ hsmKeyEnabled: true });

      // THEN
      expect(at(json, KEY_VAULT).sku_name).toBe('premium');
      expect(at(json, KMS_KEY).key_type).toBe('RSA-HSM');
      expect(at(json, KMS_KEY).key_size).toBe(2048);
    });

    test('the key is RSA 2048 for wrapping only, rotates twice a year, and cannot be destroyed', () => {
      // GIVEN / WHEN
      const key = at(parse(), KMS_KEY);

      // THEN
      expect(key.key_type).toBe('RSA');
      expect(key.key_size).toBe(2048);
      expect(key.key_opts).toEqual(['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']);
      expectProtectedKey(key, KEY_VAULT, [DEPLOYER_CRYPTO_OFFICER, KEY_VAULT_ENDPOINT]);
    });

    test('only the cluster identity may use the key; the deployer may manage it', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, IDENTITY_CRYPTO_USER)).toEqual({
        scope: ref(KEY_VAULT, 'id'),
        role_definition_name: 'Key Vault Crypto User',
        principal_id: ref(IDENTITY, 'principal_id'),
        principal_type: 'ServicePrincipal',
        skip_service_principal_aad_check: true,
      });
      expect(at(json, DEPLOYER_CRYPTO_OFFICER)).toEqual({
        scope: ref(KEY_VAULT, 'id'),
        role_definition_name: 'Key Vault Crypto Officer',
        principal_id: ref(CLIENT_CONFIG, 'object_id'),
      });
    });

    test('the cluster identity may join the node subnets', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      for (const [address, subnet] of [[IDENTITY_SYSTEM_SUBNET, SYSTEM_SUBNET], [IDENTITY_USER_SUBNET, USER_SUBNET]]) {
        expect(at(json, address)).toEqual({
          scope: subnet,
          role_definition_name: 'Network Contributor',
          principal_id: ref(IDENTITY, 'principal_id'),
          principal_type: 'ServicePrincipal',
          skip_service_principal_aad_check: true,
        });
      }
    });
  });

  describe('monitoring', () => {
    test('a data collection rule sends Container Insights to the workspace and is associated with the cluster', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const rule = at(json, DCR);
      expect(rule.destinations).toEqual({ log_analytics: [{ name: 'workspace', workspace_resource_id: WORKSPACE_ID }] });
      expect(rule.data_flow).toHaveLength(1);
      expect(rule.data_flow[0].destinations).toEqual(['workspace']);
      expect(rule.data_flow[0].streams).toContain('Microsoft-ContainerLogV2');
      expect(rule.data_flow[0].streams).toContain('Microsoft-KubeEvents');
      const extension = rule.data_sources.extension[0];
      expect(extension.extension_name).toBe('ContainerInsights');
      expect(extension.streams).toEqual(rule.data_flow[0].streams);
      expect(JSON.parse(extension.extension_json)).toEqual({
        dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true },
      });
      const association = at(json, DCRA);
      expect(association.name).toBe('ContainerInsightsExtension');
      expect(association.target_resource_id).toBe(ref(CLUSTER, 'id'));
      expect(association.data_collection_rule_id).toBe(ref(DCR, 'id'));
    });
  });

  describe('control-plane logs', () => {
    test('a diagnostic setting exports the audit and control-plane logs and all metrics to the workspace', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const setting = at(json, DIAGNOSTICS);
      expect(setting.name).toBe('diag-acme-dev-aks');
      expect(setting.target_resource_id).toBe(ref(CLUSTER, 'id'));
      expect(setting.log_analytics_workspace_id).toBe(WORKSPACE_ID);
      expect(setting.log_analytics_destination_type).toBe('Dedicated');
      expect(setting.enabled_log).toEqual([
        { category: 'kube-audit-admin' },
        { category: 'kube-apiserver' },
        { category: 'kube-controller-manager' },
        { category: 'kube-scheduler' },
        { category: 'cluster-autoscaler' },
        { category: 'guard' },
      ]);
      expect(setting.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
    });

    test('the full kube-audit category (with get and list) is left out for its volume', () => {
      // GIVEN / WHEN
      const categories = at(parse(), DIAGNOSTICS).enabled_log.map((log: { category: string }) => log.category);

      // THEN
      expect(categories).not.toContain('kube-audit');
    });
  });

  describe('tags', () => {
    test('every taggable resource carries the tags', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      for (const address of [RG, IDENTITY, KEY_VAULT, KMS_KEY, KEY_VAULT_ENDPOINT, CLUSTER, USER_POOL, DCR]) {
        expect(at(json, address).tags).toEqual({ 'environment': 'dev', 'cost-center': 'cc-1234' });
      }
    });

    test('no tags are written when none are given', () => {
      // GIVEN / WHEN
      const json = parse({ tags: undefined });

      // THEN
      for (const address of [RG, IDENTITY, KEY_VAULT, CLUSTER, USER_POOL]) {
        expect(at(json, address).tags).toBeUndefined();
      }
    });
  });

  describe('validation', () => {
    test('reports every problem at once, one per line', () => {
      // GIVEN / WHEN
      const message = errorOf({
        namePrefix: 'Acme Dev',
        location: 'West Europe',
        adminGroupObjectIds: [],
        systemPool: { minCount: 4, maxCount: 3 },
        logAnalyticsWorkspaceId: 'log-acme-dev-aks',
      });

      // THEN
      expect(message).toBe([
        'AksCluster: namePrefix "Acme Dev" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
        'AksCluster: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)',
        'AksCluster: logAnalyticsWorkspaceId "log-acme-dev-aks" is not a Log Analytics workspace resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<workspace>)',
        'AksCluster: adminGroupObjectIds is empty (expected at least one Entra ID group object ID, or nobody can administer the cluster: local accounts are disabled)',
        'AksCluster: systemPool.minCount 4 is greater than systemPool.maxCount 3 (expected minCount <= maxCount)',
      ].join('\n'));
    });

    test.each<[string, Partial<AksClusterProps>, string]>([
      ['a long prefix', { namePrefix: 'a'.repeat(41) },
        `AksCluster: namePrefix "${'a'.repeat(41)}" is 41 characters long (expected at most 40)`],
      ['a subnet name instead of an ID', { userNodesSubnetId: 'snet-acme-dev-user-nodes' },
        'AksCluster: userNodesSubnetId "snet-acme-dev-user-nodes" is not a subnet resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)'],
      ['an admin group that is not a GUID', { adminGroupObjectIds: ['platform-admins'] },
        'AksCluster: adminGroupObjectIds "platform-admins" is not an object ID (expected a GUID like 00000000-0000-0000-0000-000000000000)'],
      ['a malformed Kubernetes version', { kubernetesVersion: 'v1.33' },
        'AksCluster: kubernetesVersion "v1.33" is not a Kubernetes version (expected <major>.<minor> or <major>.<minor>.<patch>, like 1.33)'],
      ['an empty system pool', { systemPool: { minCount: 0, maxCount: 3 } },
        'AksCluster: systemPool.minCount 0 is out of range (expected a whole number from 1 to 1000)'],
      ['a fractional user pool bound', { userPool: { minCount: 1.5, maxCount: 3 } },
        'AksCluster: userPool.minCount 1.5 is out of range (expected a whole number from 0 to 1000)'],
      ['inverted user pool bounds', { userPool: { minCount: 5, maxCount: 2 } },
        'AksCluster: userPool.minCount 5 is greater than userPool.maxCount 2 (expected minCount <= maxCount)'],
      ['an oversized pool', { userPool: { minCount: 0, maxCount: 1001 } },
        'AksCluster: userPool.maxCount 1001 is out of range (expected a whole number from 1 to 1000)'],
      ['a malformed VM size', { userPool: { minCount: 1, maxCount: 2, vmSize: 'D4ds_v5' } },
        'AksCluster: userPool.vmSize "D4ds_v5" is not an Azure VM size (expected like Standard_D4ds_v5)'],
      ['a private DNS zone name instead of an ID', { keyVaultPrivateDnsZoneId: 'privatelink.vaultcore.azure.net' },
        'AksCluster: keyVaultPrivateDnsZoneId "privatelink.vaultcore.azure.net" is not a private DNS zone resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>)'],
      ['an API server subnet name instead of an ID', { apiServerSubnetId: 'snet-acme-dev-api-server' },
        'AksCluster: apiServerSubnetId "snet-acme-dev-api-server" is not a subnet resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)'],
      ['a short image cleaner interval', { imageCleanerIntervalHours: 12 },
        'AksCluster: imageCleanerIntervalHours 12 is out of range (expected a whole number from 24 to 2160)'],
      ['a short maintenance window', { maintenanceWindow: { dayOfWeek: AksMaintenanceDay.SUNDAY, startTime: '02:00', durationHours: 2 } },
        'AksCluster: maintenanceWindow.durationHours 2 is out of range (expected a whole number from 4 to 24)'],
      ['a malformed start time', { maintenanceWindow: { dayOfWeek: AksMaintenanceDay.SUNDAY, startTime: '2am', durationHours: 4 } },
        'AksCluster: maintenanceWindow.startTime "2am" is not a time of day (expected HH:MM on a 24-hour clock, like 02:00)'],
      ['a malformed UTC offset', { maintenanceWindow: { dayOfWeek: AksMaintenanceDay.SUNDAY, startTime: '02:00', durationHours: 4, utcOffset: 'CET' } },
        'AksCluster: maintenanceWindow.utcOffset "CET" is not a UTC offset (expected +HH:MM or -HH:MM, like +01:00)'],
      ['an unknown day', { maintenanceWindow: { dayOfWeek: 'Sun' as any, startTime: '02:00', durationHours: 4 } },
        'AksCluster: maintenanceWindow.dayOfWeek "Sun" is not a day of the week (expected one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday)'],
      ['a string instead of an upgrade channel', { automaticUpgradeChannel: 'latest' as any },
        'AksCluster: automaticUpgradeChannel "latest" is not of type AksAutomaticUpgradeChannel (expected like AksAutomaticUpgradeChannel.PATCH, or AksAutomaticUpgradeChannel.of(\'...\') for a value this library does not list yet)'],
      ['a misspelt upgrade channel', { automaticUpgradeChannel: AksAutomaticUpgradeChannel.of('Node Image') },
        'AksCluster: automaticUpgradeChannel "Node Image" does not look like a value of AksAutomaticUpgradeChannel (expected lower-case words joined by -, like patch)'],
      ['a string instead of a node OS channel', { nodeOsUpgradeChannel: 'nodeimage' as any },
        'AksCluster: nodeOsUpgradeChannel "nodeimage" is not of type AksNodeOsUpgradeChannel (expected like AksNodeOsUpgradeChannel.NODE_IMAGE, or AksNodeOsUpgradeChannel.of(\'...\') for a value this library does not list yet)'],
      ['node-image upgrades without node images', { automaticUpgradeChannel: AksAutomaticUpgradeChannel.NODE_IMAGE, nodeOsUpgradeChannel: AksNodeOsUpgradeChannel.SECURITY_PATCH },
        'AksCluster: nodeOsUpgradeChannel "SecurityPatch" conflicts with automaticUpgradeChannel "node-image" (AKS requires AksNodeOsUpgradeChannel.NODE_IMAGE then)'],
      ['publicEndpoint and the deprecated publicApiServer together', { publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'SEC-1' }, publicApiServer: { reason: 'SEC-1' } },
        'AksCluster: publicEndpoint and publicApiServer are both set (expected publicEndpoint only: publicApiServer is deprecated and means the same)'],
      ['a public endpoint open to everyone', { publicEndpoint: { allowedCidrs: ['0.0.0.0/0'], reason: 'SEC-1' } },
        'AksCluster: publicEndpoint.allowedCidrs[0] "0.0.0.0/0" opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)'],
      ['a public endpoint without networks', { publicEndpoint: { allowedCidrs: [], reason: 'SEC-1' } },
        'AksCluster: publicEndpoint.allowedCidrs is empty (expected the networks allowed to reach the public endpoint, like 203.0.113.0/24; leave publicEndpoint out for a private endpoint)'],
      ['a public endpoint reason too long for a tag', { publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'x'.repeat(257) } },
        'AksCluster: publicEndpoint.reason is 257 characters long (expected at most 256, as it is stored in a tag)'],
      ['a public API server without a reason', { publicApiServer: { reason: '  ' } },
        'AksCluster: publicApiServer.reason is empty (expected why this cluster needs a public API server, e.g. a ticket reference)'],
      ['a reason too long for a tag', { publicApiServer: { reason: 'x'.repeat(257) } },
        'AksCluster: publicApiServer.reason is 257 characters long (expected at most 256, as it is stored in a tag)'],
      ['an authorized range that is not a CIDR', { publicApiServer: { reason: 'SEC-1', authorizedIpRanges: ['203.0.113.7'] } },
        'AksCluster: publicApiServer.authorizedIpRanges "203.0.113.7" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
      ['a pod CIDR with host bits', { podCidr: '10.244.1.0/16' },
        'AksCluster: podCidr "10.244.1.0/16" has host bits set (expected the network address 10.244.0.0/16)'],
      ['a huge service CIDR', { serviceCidr: '172.0.0.0/8' },
        'AksCluster: serviceCidr "172.0.0.0/8" has a prefix length of /8 (expected /12 to /28)'],
      ['a service CIDR too small for the DNS address', { serviceCidr: '172.16.0.0/29' },
        'AksCluster: serviceCidr "172.16.0.0/29" has a prefix length of /29 (expected /12 to /28)'],
      ['overlapping pod and service CIDRs', { podCidr: '10.0.0.0/14', serviceCidr: '10.1.0.0/16' },
        'AksCluster: serviceCidr "10.1.0.0/16" overlaps podCidr "10.0.0.0/14"'],
      ['a reserved tag key', { tags: { 'azure-owner': 'x' } },
        'AksCluster: tags key "azure-owner" starts with a prefix Azure reserves (expected no microsoft, azure or windows prefix)'],
    ])('rejects %s', (_, props, expected) => {
      // GIVEN / WHEN / THEN
      expect(errorOf(props)).toBe(expected);
    });

    test('values known only at apply time are not validated, and names are derived by Terraform', () => {
      // GIVEN
      let synthesized = '';
      expect(() => {
        synthesized = synthChecked((scope) => {
          const variable = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
          const number = (name: string) => new TerraformVariable(scope, name, { type: 'number' }).numberValue;

          // WHEN
          new AksCluster(scope, 'Aks', {
            ...PROPS,
            namePrefix: variable('prefix'),
            location: variable('location'),
            systemNodesSubnetId: variable('systemSubnet'),
            userNodesSubnetId: variable('userSubnet'),
            adminGroupObjectIds: [variable('admins')],
            systemPool: { minCount: number('systemMin'), maxCount: number('systemMax') },
          });
        });
      }).not.toThrow();

      // THEN
      const json: TfJson = JSON.parse(synthesized);
      expect(at(json, CLUSTER).name).toBe('aks-${var.prefix}');
      expect(at(json, KEY_VAULT).name).toBe(
        'kv-${trimsuffix(substr(replace(var.prefix, "/-{2,}/", "-"), 0, 13), "-")}-'
        + `\${substr(sha1(join("/", [${CLIENT_CONFIG}.subscription_id, var.prefix])), 0, 7)}`);
    });
  });
});
