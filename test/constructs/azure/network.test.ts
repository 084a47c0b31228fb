import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Testing, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';
import { AzureNetwork, AzureNetworkProps } from '../../../constructs/azure';
import { expectProtectedKey } from '../../support/azure';
import { addressesOf, problemsOf, ref, resourceAt as at, resourcesOf, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const PROPS: AzureNetworkProps = {
  namePrefix: 'acme-dev',
  location: 'westeurope',
  addressSpace: '10.20.0.0/16',
  subnets: {
    systemNodes: '10.20.0.0/22',
    userNodes: '10.20.16.0/20',
    privateEndpoints: '10.20.4.0/24',
    apiServer: '10.20.5.0/28',
  },
  tags: { 'environment': 'dev', 'cost-center': 'cc-1234' },
};


const RG = 'azurerm_resource_group.Network_ResourceGroup_17855938';
const VNET = 'azurerm_virtual_network.Network_1C6012B5';
const SUBNETS = {
  systemNodes: 'azurerm_subnet.Network_SystemNodesSubnet_A58D38C6',
  userNodes: 'azurerm_subnet.Network_UserNodesSubnet_4F9CC4F2',
  privateEndpoints: 'azurerm_subnet.Network_PrivateEndpointsSubnet_B284C84F',
  apiServer: 'azurerm_subnet.Network_ApiServerSubnet_F9EBDB7C',
};
const NSGS = {
  systemNodes: 'azurerm_network_security_group.Network_SystemNodesNsg_118FB1F7',
  userNodes: 'azurerm_network_security_group.Network_UserNodesNsg_2C408D02',
  privateEndpoints: 'azurerm_network_security_group.Network_PrivateEndpointsNsg_D856F81C',
  apiServer: 'azurerm_network_security_group.Network_ApiServerNsg_27E7F2BF',
};
const NAT = 'azurerm_nat_gateway.Network_NatGateway_3E2F903D';
const PIP = 'azurerm_public_ip.Network_NatPublicIp_352C5608';
const WATCHER = 'azurerm_network_watcher.Network_NetworkWatcher_7981F824';
const FLOW_LOG = 'azurerm_network_watcher_flow_log.Network_FlowLog_C0B00A8E';
const FLOW_LOG_STORAGE = 'azurerm_storage_account.Network_FlowLogStorage_0AB7F5E1';
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-acme-dev-aks/providers/Microsoft.OperationalInsights/workspaces/log-acme-dev-aks';

function synth(props: Partial<AzureNetworkProps> = {}): string {
  return synthChecked((scope) => {
    new AzureNetwork(scope, 'Network', { ...PROPS, ...props });
  });
}

function parse(props: Partial<AzureNetworkProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<AzureNetworkProps>): string {
  return problemsOf('Network', (scope) => new AzureNetwork(scope, 'Network', { ...PROPS, ...props }));
}

describe('AzureNetwork', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN: renaming any of these replaces real infrastructure
      const addresses = addressesOf(json);
      const existing = [
        NAT,
        'azurerm_nat_gateway_public_ip_association.Network_NatPublicIpAssociation_276F9ECE',
        NSGS.privateEndpoints,
        NSGS.systemNodes,
        NSGS.userNodes,
        'azurerm_network_security_rule.Network_PrivateEndpointsNsgDenyInternetInbound_DA7DFAE9',
        'azurerm_network_security_rule.Network_SystemNodesNsgDenyInternetInbound_2447FED9',
        'azurerm_network_security_rule.Network_UserNodesNsgDenyInternetInbound_C527A789',
        WATCHER,
        FLOW_LOG,
        PIP,
        RG,
        FLOW_LOG_STORAGE,
        SUBNETS.privateEndpoints,
        SUBNETS.systemNodes,
        SUBNETS.userNodes,
        'azurerm_subnet_nat_gateway_association.Network_SystemNodesNatAssociation_7D1BE997',
        'azurerm_subnet_nat_gateway_association.Network_UserNodesNatAssociation_C5F62BDA',
        'azurerm_subnet_network_security_group_association.Network_PrivateEndpointsNsgAssociation_7EAD2E60',
        'azurerm_subnet_network_security_group_association.Network_SystemNodesNsgAssociation_1B92771D',
        'azurerm_subnet_network_security_group_association.Network_UserNodesNsgAssociation_CA8647DC',
        VNET,
      ];
      expect(addresses).toEqual(expect.arrayContaining(existing));
      // added for the API server subnet, the private DNS zones and the flow-log storage's key and private endpoint
      expect(addresses.filter((address) => !existing.includes(address))).toEqual([
        'azurerm_key_vault.Network_FlowLogKeyVault_B666C5F6',
        'azurerm_key_vault_key.Network_FlowLogKey_88E74685',
        'azurerm_network_security_group.Network_ApiServerNsg_27E7F2BF',
        'azurerm_network_security_rule.Network_ApiServerNsgDenyInternetInbound_5133AB6D',
        'azurerm_private_dns_zone.Network_BlobPrivateDnsZone_BB70BE68',
        'azurerm_private_dns_zone.Network_KeyVaultPrivateDnsZone_F6E3E883',
        'azurerm_private_dns_zone_virtual_network_link.Network_BlobPrivateDnsZoneLink_54FFD89A',
        'azurerm_private_dns_zone_virtual_network_link.Network_KeyVaultPrivateDnsZoneLink_ECD42CDE',
        'azurerm_private_endpoint.Network_FlowLogKeyVaultPrivateEndpoint_ABD5A2CE',
        'azurerm_private_endpoint.Network_FlowLogStoragePrivateEndpoint_5B935CCE',
        'azurerm_role_assignment.Network_DeployerFlowLogKeyVaultCryptoOfficer_8FEFAE24',
        'azurerm_role_assignment.Network_FlowLogStorageKeyVaultCryptoServiceEncryptionUser_2025E5B0',
        'azurerm_storage_account_customer_managed_key.Network_FlowLogStorageCustomerManagedKey_D218773C',
        SUBNETS.apiServer,
        'azurerm_subnet_network_security_group_association.Network_ApiServerNsgAssociation_5877EFEE',
      ]);
    });

    test('the virtual network is the primary child', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const network = new AzureNetwork(stack, 'Network', PROPS);

      // THEN
      expect(network.node.defaultChild).toBe(network.virtualNetwork);
      expect(network.virtualNetwork.node.id).toBe('Resource');
    });

    test('names follow the CAF abbreviations and the name prefix', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, RG).name).toBe('rg-acme-dev-network');
      expect(at(json, VNET).name).toBe('vnet-acme-dev');
      expect(at(json, SUBNETS.systemNodes).name).toBe('snet-acme-dev-system-nodes');
      expect(at(json, SUBNETS.userNodes).name).toBe('snet-acme-dev-user-nodes');
      expect(at(json, SUBNETS.privateEndpoints).name).toBe('snet-acme-dev-private-endpoints');
      expect(at(json, NSGS.systemNodes).name).toBe('nsg-acme-dev-system-nodes');
      expect(at(json, NSGS.userNodes).name).toBe('nsg-acme-dev-user-nodes');
      expect(at(json, NSGS.privateEndpoints).name).toBe('nsg-acme-dev-private-endpoints');
      expect(at(json, NAT).name).toBe('ng-acme-dev');
      expect(at(json, PIP).name).toBe('pip-acme-dev-nat');
      expect(at(json, WATCHER).name).toBe('nw-acme-dev');
      expect(at(json, FLOW_LOG).name).toBe('fl-acme-dev-vnet');
    });

    test('the flow log storage account name is st, the prefix without hyphens and a hash of the resource group id and prefix', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN: storage account names are global, so a prefix alone could collide
      expect(at(json, FLOW_LOG_STORAGE).name).toBe(`stacmedev\${substr(sha1(join("/", [${RG}.id, "acme-dev"])), 0, 7)}`);
    });

    test('the longest allowed prefix keeps every name inside the Azure limit of 80 characters', () => {
      // GIVEN
      const namePrefix = `a${'-b'.repeat(19)}c`;
      expect(namePrefix).toHaveLength(40);

      // WHEN
      const json = parse({ namePrefix });

      // THEN
      const names = Object.values(json.resource).flatMap((byName) => Object.values(byName))
        .map((resource) => resource.name as string | undefined)
        .filter((name): name is string => name !== undefined && !name.includes('${'));
      expect(Math.max(...names.map((name) => name.length))).toBeLessThanOrEqual(80);
      // AND the storage account name is cut to 2 + 15 characters, leaving 7 for the hash (24 in all)
      expect(at(json, FLOW_LOG_STORAGE).name).toMatch(/^stabbbbbbbbbbbbbb\$\{substr\(/);
    });
  });

  describe('network layout', () => {
    test('the virtual network spans the address space, in the resource group', () => {
      // GIVEN / WHEN
      const synthesized = synth();

      // THEN
      expect(synthesized).toHaveResourceWithProperties(VirtualNetwork, {
        name: 'vnet-acme-dev',
        location: 'westeurope',
        address_space: ['10.20.0.0/16'],
        resource_group_name: ref(RG, 'name'),
      });
      expect(synthesized).toHaveResourceWithProperties(ResourceGroup, {
        name: 'rg-acme-dev-network',
        location: 'westeurope',
      });
    });

    test('each subnet has its CIDR, lives in the virtual network and has no default outbound access', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      for (const [key, address] of Object.entries(SUBNETS)) {
        const subnet = at(json, address);
        expect(subnet.address_prefixes).toEqual([PROPS.subnets[key as keyof typeof SUBNETS]]);
        expect(subnet.virtual_network_name).toBe(ref(VNET, 'name'));
        expect(subnet.resource_group_name).toBe(ref(RG, 'name'));
        expect(subnet.default_outbound_access_enabled).toBe(false);
      }
    });

    test('private endpoint network policies are enabled on the private-endpoint subnet only', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, SUBNETS.privateEndpoints).private_endpoint_network_policies).toBe('Enabled');
      expect(at(json, SUBNETS.systemNodes).private_endpoint_network_policies).toBeUndefined();
      expect(at(json, SUBNETS.userNodes).private_endpoint_network_policies).toBeUndefined();
    });
  });

  describe('network security groups', () => {
    test('each subnet is associated with its own NSG', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const associations = resourcesOf(json, 'azurerm_subnet_network_security_group_association')
        .map((a) => [a.subnet_id, a.network_security_group_id]);
      expect(associations).toHaveLength(4);
      expect(associations).toEqual(expect.arrayContaining([
        [ref(SUBNETS.systemNodes, 'id'), ref(NSGS.systemNodes, 'id')],
        [ref(SUBNETS.userNodes, 'id'), ref(NSGS.userNodes, 'id')],
        [ref(SUBNETS.privateEndpoints, 'id'), ref(NSGS.privateEndpoints, 'id')],
        [ref(SUBNETS.apiServer, 'id'), ref(NSGS.apiServer, 'id')],
      ]));
    });

    test('each NSG denies all inbound traffic from the Internet at priority 4096', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const rules = resourcesOf(json, 'azurerm_network_security_rule');
      expect(rules.map((rule) => rule.network_security_group_name).sort()).toEqual(
        Object.values(NSGS).map((nsg) => ref(nsg, 'name')).sort());
      for (const rule of rules) {
        expect(rule).toMatchObject({
          name: 'DenyInternetInbound',
          priority: 4096,
          direction: 'Inbound',
          access: 'Deny',
          protocol: '*',
          source_address_prefix: 'Internet',
          source_port_range: '*',
          destination_address_prefix: '*',
          destination_port_range: '*',
          resource_group_name: ref(RG, 'name'),
        });
      }
    });

    test('NSGs carry no inline rules, so teams can add rule resources', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      for (const nsg of resourcesOf(json, 'azurerm_network_security_group')) {
        expect(nsg.security_rule).toBeUndefined();
      }
    });
  });

  describe('NAT gateway', () => {
    test('is a Standard NAT gateway with the default idle timeout and no pinned zone', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const nat = at(json, NAT);
      expect(nat).toMatchObject({ sku_name: 'Standard', idle_timeout_in_minutes: 4, location: 'westeurope' });
      expect(nat.zones).toBeUndefined();
    });

    test('egresses through a zone-redundant Standard static public IP', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, PIP)).toMatchObject({
        sku: 'Standard',
        allocation_method: 'Static',
        ip_version: 'IPv4',
        zones: ['1', '2', '3'],
      });
      expect(resourcesOf(json, 'azurerm_nat_gateway_public_ip_association')).toEqual([
        { nat_gateway_id: ref(NAT, 'id'), public_ip_address_id: ref(PIP, 'id') },
      ]);
    });

    test('serves the node subnets but not the private-endpoint subnet', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const associations = resourcesOf(json, 'azurerm_subnet_nat_gateway_association');
      expect(associations.map((a) => a.subnet_id).sort()).toEqual(
        [ref(SUBNETS.systemNodes, 'id'), ref(SUBNETS.userNodes, 'id')].sort());
      for (const association of associations) {
        expect(association.nat_gateway_id).toBe(ref(NAT, 'id'));
      }
    });

    test('takes the idle timeout and public IP zones from props', () => {
      // GIVEN / WHEN
      const synthesized = synth({ natIdleTimeoutMinutes: 30, natPublicIpZones: [] });

      // THEN
      expect(synthesized).toHaveResourceWithProperties(NatGateway, { idle_timeout_in_minutes: 30 });
      expect(synthesized).toHaveResourceWithProperties(PublicIp, { zones: [] });
    });
  });

  describe('VNet flow logs', () => {
    test('an enabled version-2 flow log targets the virtual network, in the network\'s own Network Watcher', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, FLOW_LOG)).toEqual(expect.objectContaining({
        enabled: true,
        version: 2,
        location: 'westeurope',
        target_resource_id: ref(VNET, 'id'),
        storage_account_id: ref(FLOW_LOG_STORAGE, 'id'),
        network_watcher_name: ref(WATCHER, 'name'),
        resource_group_name: ref(RG, 'name'),
        retention_policy: { enabled: true, days: 365 },
      }));
      expect(at(json, FLOW_LOG).network_security_group_id).toBeUndefined();
      expect(at(json, FLOW_LOG).traffic_analytics).toBeUndefined();
      expect(at(json, WATCHER)).toEqual(expect.objectContaining({ location: 'westeurope', resource_group_name: ref(RG, 'name') }));
    });

    test('the storage account is hardened, firewalled to trusted Azure services and protected from destroy', () => {
      // GIVEN / WHEN
      const storage = at(parse(), FLOW_LOG_STORAGE);

      // THEN
      expect(storage).toEqual(expect.objectContaining({
        account_kind: 'StorageV2',
        account_tier: 'Standard',
        account_replication_type: 'ZRS',
        https_traffic_only_enabled: true,
        min_tls_version: 'TLS1_2',
        infrastructure_encryption_enabled: true,
        allow_nested_items_to_be_public: false,
        cross_tenant_replication_enabled: false,
        default_to_oauth_authentication: true,
        network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
        lifecycle: { prevent_destroy: true },
        resource_group_name: ref(RG, 'name'),
        location: 'westeurope',
      }));
      // AND deleted log blobs and containers stay recoverable for a week
      expect(storage.blob_properties).toEqual({
        delete_retention_policy: { days: 7 },
        container_delete_retention_policy: { days: 7 },
      });
      // AND Entra ID only: no account keys, and a SAS lives a day at most
      expect(storage.shared_access_key_enabled).toBe(false);
      expect(storage.sas_policy).toEqual({ expiration_period: '01.00:00:00', expiration_action: 'Log' });
      // AND the public endpoint stays on only for Network Watcher (a trusted service), with the reason on the account
      expect(storage.public_network_access_enabled).toBe(true);
      expect(storage.tags['public-network-access-reason']).toMatch(/^Network Watcher writes flow logs as a trusted Azure service/);
      expect(storage.tags['public-network-access-reason'].length).toBeLessThanOrEqual(256);
    });

    test('the storage account is encrypted with a customer-managed key from the network\'s private Key Vault', () => {
      // GIVEN / WHEN
      const json = parse();
      const storage = at(json, FLOW_LOG_STORAGE);
      const vault = at(json, 'azurerm_key_vault.Network_FlowLogKeyVault_B666C5F6');
      const key = at(json, 'azurerm_key_vault_key.Network_FlowLogKey_88E74685');
      const role = at(json, 'azurerm_role_assignment.Network_FlowLogStorageKeyVaultCryptoServiceEncryptionUser_2025E5B0');
      const cmk = at(json, 'azurerm_storage_account_customer_managed_key.Network_FlowLogStorageCustomerManagedKey_D218773C');

      // THEN
      expect(storage.identity).toEqual({ type: 'SystemAssigned' });
      expect(vault.public_network_access_enabled).toBe(false);
      expect(vault.network_acls).toEqual({ default_action: 'Deny', bypass: 'AzureServices' });
      expect(vault.purge_protection_enabled).toBe(true);
      expect(key.key_opts).toEqual(['wrapKey', 'unwrapKey']);
      expectProtectedKey(key, 'azurerm_key_vault.Network_FlowLogKeyVault_B666C5F6', [
        'azurerm_role_assignment.Network_DeployerFlowLogKeyVaultCryptoOfficer_8FEFAE24',
        'azurerm_private_endpoint.Network_FlowLogKeyVaultPrivateEndpoint_ABD5A2CE',
      ]);
      expect(role).toEqual({
        scope: ref('azurerm_key_vault.Network_FlowLogKeyVault_B666C5F6', 'id'),
        role_definition_name: 'Key Vault Crypto Service Encryption User',
        principal_id: ref(FLOW_LOG_STORAGE, 'identity[0].principal_id'),
        principal_type: 'ServicePrincipal',
        skip_service_principal_aad_check: true,
      });
      expect(cmk).toEqual({
        storage_account_id: ref(FLOW_LOG_STORAGE, 'id'),
        key_vault_id: ref('azurerm_key_vault.Network_FlowLogKeyVault_B666C5F6', 'id'),
        key_name: ref('azurerm_key_vault_key.Network_FlowLogKey_88E74685', 'name'),
        depends_on: ['azurerm_role_assignment.Network_FlowLogStorageKeyVaultCryptoServiceEncryptionUser_2025E5B0'],
      });
    });

    test('readers reach the storage account and the vault through private endpoints resolved in the network\'s zones', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      const storageEndpoint = at(json, 'azurerm_private_endpoint.Network_FlowLogStoragePrivateEndpoint_5B935CCE');
      expect(storageEndpoint.subnet_id).toBe(ref(SUBNETS.privateEndpoints, 'id'));
      expect(storageEndpoint.private_service_connection.subresource_names).toEqual(['blob']);
      expect(storageEndpoint.private_dns_zone_group.private_dns_zone_ids).toEqual([ref('azurerm_private_dns_zone.Network_BlobPrivateDnsZone_BB70BE68', 'id')]);
      const vaultEndpoint = at(json, 'azurerm_private_endpoint.Network_FlowLogKeyVaultPrivateEndpoint_ABD5A2CE');
      expect(vaultEndpoint.private_service_connection.subresource_names).toEqual(['vault']);
      expect(vaultEndpoint.private_dns_zone_group.private_dns_zone_ids).toEqual([ref('azurerm_private_dns_zone.Network_KeyVaultPrivateDnsZone_F6E3E883', 'id')]);
      expect(at(json, 'azurerm_private_dns_zone.Network_KeyVaultPrivateDnsZone_F6E3E883').name).toBe('privatelink.vaultcore.azure.net');
      expect(at(json, 'azurerm_private_dns_zone.Network_BlobPrivateDnsZone_BB70BE68').name).toBe('privatelink.blob.core.windows.net');
      expect(at(json, 'azurerm_private_dns_zone_virtual_network_link.Network_KeyVaultPrivateDnsZoneLink_ECD42CDE').virtual_network_id).toBe(ref(VNET, 'id'));
    });

    test('the API server subnet is delegated to AKS and has no NAT egress', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, SUBNETS.apiServer).delegation).toEqual([{
        name: 'aks-api-server',
        service_delegation: { name: 'Microsoft.ContainerService/managedClusters', actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'] },
      }]);
      expect(at(json, SUBNETS.apiServer).address_prefixes).toEqual(['10.20.5.0/28']);
      expect(resourcesOf(json, 'azurerm_subnet_nat_gateway_association').map((a) => a.subnet_id))
        .toEqual([ref(SUBNETS.systemNodes, 'id'), ref(SUBNETS.userNodes, 'id')]);
    });

    test('retention follows flowLogRetentionDays', () => {
      // GIVEN / WHEN
      const json = parse({ flowLogRetentionDays: 120 });

      // THEN
      expect(at(json, FLOW_LOG).retention_policy).toEqual({ enabled: true, days: 120 });
    });

    test('an existing Network Watcher is used instead of creating one', () => {
      // GIVEN / WHEN
      const json = parse({ networkWatcher: { name: 'NetworkWatcher_westeurope', resourceGroupName: 'NetworkWatcherRG' } });

      // THEN
      expect(json.resource.azurerm_network_watcher).toBeUndefined();
      expect(at(json, FLOW_LOG)).toEqual(expect.objectContaining({
        network_watcher_name: 'NetworkWatcher_westeurope',
        resource_group_name: 'NetworkWatcherRG',
        target_resource_id: ref(VNET, 'id'),
      }));
    });

    test('sends the flow logs to Traffic Analytics when a workspace is given', () => {
      // GIVEN / WHEN
      const synthesized = synth({
        trafficAnalytics: { workspaceResourceId: WORKSPACE_ID, workspaceId: '11111111-2222-3333-4444-555555555555' },
      });

      // THEN
      expect(synthesized).toHaveResourceWithProperties(NetworkWatcherFlowLog, {
        traffic_analytics: {
          enabled: true,
          workspace_resource_id: WORKSPACE_ID,
          workspace_id: '11111111-2222-3333-4444-555555555555',
          workspace_region: 'westeurope',
          interval_in_minutes: 10,
        },
      });
    });

    test('Traffic Analytics takes the workspace region and interval from props', () => {
      // GIVEN / WHEN
      const json = parse({
        trafficAnalytics: { workspaceResourceId: WORKSPACE_ID, workspaceId: '11111111-2222-3333-4444-555555555555', workspaceRegion: 'northeurope', intervalMinutes: 60 },
      });

      // THEN
      expect(at(json, FLOW_LOG).traffic_analytics).toEqual(expect.objectContaining({ workspace_region: 'northeurope', interval_in_minutes: 60 }));
    });
  });

  describe('tags', () => {
    test('land on every resource that supports tags, and only there', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      new AzureNetwork(stack, 'Network', PROPS);

      // WHEN
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      const resources = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
      const taggable = resources.filter((r) => 'tags' in r);
      expect(taggable.map((r) => r.terraformResourceType).sort()).toEqual([
        'azurerm_key_vault',
        'azurerm_key_vault_key',
        'azurerm_nat_gateway',
        'azurerm_network_security_group',
        'azurerm_network_security_group',
        'azurerm_network_security_group',
        'azurerm_network_security_group',
        'azurerm_network_watcher',
        'azurerm_network_watcher_flow_log',
        'azurerm_private_dns_zone',
        'azurerm_private_dns_zone',
        'azurerm_private_dns_zone_virtual_network_link',
        'azurerm_private_dns_zone_virtual_network_link',
        'azurerm_private_endpoint',
        'azurerm_private_endpoint',
        'azurerm_public_ip',
        'azurerm_resource_group',
        'azurerm_storage_account',
        'azurerm_virtual_network',
      ]);
      for (const resource of resources) {
        const synthesized = json.resource[resource.terraformResourceType][stack.getLogicalId(resource)];
        // The flow-log storage account also records why its public endpoint stays on.
        const reason = resource.terraformResourceType === 'azurerm_storage_account'
          ? { 'public-network-access-reason': expect.any(String) } : {};
        expect(synthesized.tags).toEqual('tags' in resource ? { ...PROPS.tags, ...reason } : undefined);
      }
    });

    test('are omitted when none are given', () => {
      // GIVEN / WHEN
      const json = parse({ tags: undefined });

      // THEN
      expect(at(json, VNET).tags).toBeUndefined();
      expect(at(json, RG).tags).toBeUndefined();
    });
  });

  describe('members', () => {
    test('expose the resources and wire by reference', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const network = new AzureNetwork(stack, 'Network', PROPS);
      new TerraformOutput(stack, 'ResourceGroupName', { value: network.resourceGroupName });
      new TerraformOutput(stack, 'NetworkWatcherName', { value: network.networkWatcherName });

      // THEN
      const json = JSON.parse(Testing.synth(stack));
      expect(json.output.ResourceGroupName.value).toBe(ref(RG, 'name'));
      expect(network.location).toBe('westeurope');
      const addressOf = (resource: TerraformResource) => `${resource.terraformResourceType}.${stack.getLogicalId(resource)}`;
      expect(addressOf(network.resourceGroup)).toBe(RG);
      expect(addressOf(network.virtualNetwork)).toBe(VNET);
      expect(addressOf(network.systemNodesSubnet)).toBe(SUBNETS.systemNodes);
      expect(addressOf(network.userNodesSubnet)).toBe(SUBNETS.userNodes);
      expect(addressOf(network.privateEndpointsSubnet)).toBe(SUBNETS.privateEndpoints);
      expect(addressOf(network.networkSecurityGroups.systemNodes)).toBe(NSGS.systemNodes);
      expect(addressOf(network.networkSecurityGroups.userNodes)).toBe(NSGS.userNodes);
      expect(addressOf(network.networkSecurityGroups.privateEndpoints)).toBe(NSGS.privateEndpoints);
      expect(addressOf(network.natGateway)).toBe(NAT);
      expect(addressOf(network.natPublicIp)).toBe(PIP);
      expect(addressOf(network.networkWatcher!)).toBe(WATCHER);
      expect(addressOf(network.flowLog)).toBe(FLOW_LOG);
      expect(addressOf(network.flowLogStorageAccount)).toBe(FLOW_LOG_STORAGE);
      expect(json.output.NetworkWatcherName.value).toBe(ref(WATCHER, 'name'));
    });

    test('name the given Network Watcher and create none', () => {
      // GIVEN / WHEN
      const network = new AzureNetwork(new TerraformStack(Testing.app(), 'stack'), 'Network', {
        ...PROPS,
        networkWatcher: { name: 'NetworkWatcher_westeurope', resourceGroupName: 'NetworkWatcherRG' },
      });

      // THEN
      expect(network.networkWatcher).toBeUndefined();
      expect(network.networkWatcherName).toBe('NetworkWatcher_westeurope');
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<AzureNetworkProps>, string]>([
      ['a CIDR with an impossible prefix', { addressSpace: '10.0.0.0/33' },
        'AzureNetwork: addressSpace "10.0.0.0/33" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
      ['a bare address', { addressSpace: '10.20.0.0' },
        'AzureNetwork: addressSpace "10.20.0.0" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
      ['a zero-padded prefix', { addressSpace: '10.0.0.0/08' },
        'AzureNetwork: addressSpace "10.0.0.0/08" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
      ['host bits in the address space', { addressSpace: '10.20.0.1/16' },
        'AzureNetwork: addressSpace "10.20.0.1/16" has host bits set (expected the network address 10.20.0.0/16)'],
      ['an unparseable subnet', { subnets: { ...PROPS.subnets, userNodes: 'ten/20' } },
        'AzureNetwork: subnets.userNodes "ten/20" is not an IPv4 CIDR (expected like 10.20.0.0/16)'],
      ['a subnet outside the address space', { subnets: { ...PROPS.subnets, userNodes: '10.21.0.0/20' } },
        'AzureNetwork: subnets.userNodes "10.21.0.0/20" is outside addressSpace "10.20.0.0/16"'],
      ['a subnet wider than the address space', { subnets: { ...PROPS.subnets, userNodes: '10.0.0.0/8' } },
        'AzureNetwork: subnets.userNodes "10.0.0.0/8" is outside addressSpace "10.20.0.0/16"\n'
        + 'AzureNetwork: subnets.userNodes "10.0.0.0/8" overlaps subnets.systemNodes "10.20.0.0/22"\n'
        + 'AzureNetwork: subnets.privateEndpoints "10.20.4.0/24" overlaps subnets.userNodes "10.0.0.0/8"\n'
        + 'AzureNetwork: subnets.apiServer "10.20.5.0/28" overlaps subnets.userNodes "10.0.0.0/8"'],
      ['overlapping subnets', { subnets: { ...PROPS.subnets, privateEndpoints: '10.20.3.0/24' } },
        'AzureNetwork: subnets.privateEndpoints "10.20.3.0/24" overlaps subnets.systemNodes "10.20.0.0/22"'],
      ['a subnet smaller than /29', { subnets: { ...PROPS.subnets, privateEndpoints: '10.20.4.0/30' } },
        'AzureNetwork: subnets.privateEndpoints "10.20.4.0/30" is smaller than Azure allows (expected a prefix length of /29 or shorter)'],
      ['an empty name prefix', { namePrefix: '' },
        'AzureNetwork: namePrefix "" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)'],
      ['an uppercase name prefix', { namePrefix: 'Acme_Dev' },
        'AzureNetwork: namePrefix "Acme_Dev" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)'],
      ['a name prefix ending in a hyphen', { namePrefix: 'acme-' },
        'AzureNetwork: namePrefix "acme-" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)'],
      ['a name prefix over 40 characters', { namePrefix: 'a'.repeat(41) },
        `AzureNetwork: namePrefix "${'a'.repeat(41)}" is 41 characters long (expected at most 40)`],
      ['a display-name location', { location: 'West Europe' },
        'AzureNetwork: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)'],
      ['an empty location', { location: '' },
        'AzureNetwork: location "" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)'],
      ['an idle timeout below 4 minutes', { natIdleTimeoutMinutes: 3 },
        'AzureNetwork: natIdleTimeoutMinutes 3 is out of range (expected a whole number from 4 to 120)'],
      ['a fractional idle timeout', { natIdleTimeoutMinutes: 4.5 },
        'AzureNetwork: natIdleTimeoutMinutes 4.5 is out of range (expected a whole number from 4 to 120)'],
      ['an unknown zone', { natPublicIpZones: ['1', 'westeurope-2'] },
        'AzureNetwork: natPublicIpZones "westeurope-2" is not an availability zone (expected "1", "2" or "3")'],
      ['a repeated zone', { natPublicIpZones: ['1', '1'] },
        'AzureNetwork: natPublicIpZones lists zone "1" more than once'],
      ['a flow log retention below the 90 days CIS asks', { flowLogRetentionDays: 30 },
        'AzureNetwork: flowLogRetentionDays 30 is out of range (expected a whole number from 90 to 365)'],
      ['a flow log retention over Azure\'s 365 days', { flowLogRetentionDays: 400 },
        'AzureNetwork: flowLogRetentionDays 400 is out of range (expected a whole number from 90 to 365)'],
      ['an API server subnet smaller than /28', { subnets: { ...PROPS.subnets, apiServer: '10.20.5.0/29' } },
        'AzureNetwork: subnets.apiServer "10.20.5.0/29" is smaller than API Server VNet Integration allows (expected a prefix length of /28 or shorter)'],
      ['a Network Watcher without a name', { networkWatcher: { name: ' ', resourceGroupName: 'NetworkWatcherRG' } },
        'AzureNetwork: networkWatcher.name is empty (expected the name of an existing Network Watcher, like NetworkWatcher_westeurope)'],
      ['a Network Watcher without a resource group', { networkWatcher: { name: 'NetworkWatcher_westeurope', resourceGroupName: '' } },
        'AzureNetwork: networkWatcher.resourceGroupName is empty (expected the resource group name of an existing Network Watcher, like NetworkWatcherRG)'],
      ['a workspace name instead of its resource ID', { trafficAnalytics: { workspaceResourceId: 'log-acme-dev-aks', workspaceId: '11111111-2222-3333-4444-555555555555' } },
        'AzureNetwork: trafficAnalytics.workspaceResourceId "log-acme-dev-aks" is not a Log Analytics workspace resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<workspace>)'],
      ['a workspace ID that is not a GUID', { trafficAnalytics: { workspaceResourceId: WORKSPACE_ID, workspaceId: WORKSPACE_ID } },
        `AzureNetwork: trafficAnalytics.workspaceId "${WORKSPACE_ID}" is not a workspace ID (expected a GUID like 00000000-0000-0000-0000-000000000000)`],
      ['a display-name workspace region', { trafficAnalytics: { workspaceResourceId: WORKSPACE_ID, workspaceId: '11111111-2222-3333-4444-555555555555', workspaceRegion: 'North Europe' } },
        'AzureNetwork: trafficAnalytics.workspaceRegion "North Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)'],
      ['a Traffic Analytics interval of 30 minutes', { trafficAnalytics: { workspaceResourceId: WORKSPACE_ID, workspaceId: '11111111-2222-3333-4444-555555555555', intervalMinutes: 30 } },
        'AzureNetwork: trafficAnalytics.intervalMinutes 30 is not a Traffic Analytics interval (expected 10 or 60)'],
      ['a tag key Azure forbids', { tags: { 'team/name': 'x' } },
        'AzureNetwork: tags key "team/name" contains a character Azure forbids in tag names (expected none of < > % & \\ ? /)'],
    ])('rejects %s', (_case, props, message) => {
      // GIVEN / WHEN / THEN
      expect(errorOf(props)).toBe(message);
    });

    test('reports every problem at once, one per line', () => {
      // GIVEN
      const props: Partial<AzureNetworkProps> = {
        namePrefix: 'Acme',
        location: 'West Europe',
        addressSpace: '10.20.0.0/16',
        subnets: { systemNodes: '10.20.0.0/22', userNodes: '10.30.0.0/20', privateEndpoints: '10.20.0.0/24' } as any,
        natIdleTimeoutMinutes: 121,
        flowLogRetentionDays: 366,
      };

      // WHEN
      const message = errorOf(props);

      // THEN
      expect(message).toBe([
        'AzureNetwork: namePrefix "Acme" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
        'AzureNetwork: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)',
        'AzureNetwork: subnets.userNodes "10.30.0.0/20" is outside addressSpace "10.20.0.0/16"',
        'AzureNetwork: subnets.privateEndpoints "10.20.0.0/24" overlaps subnets.systemNodes "10.20.0.0/22"',
        'AzureNetwork: subnets.apiServer is missing (expected an IPv4 CIDR inside addressSpace, at least a /28, for AKS API Server VNet Integration)',
        'AzureNetwork: natIdleTimeoutMinutes 121 is out of range (expected a whole number from 4 to 120)',
        'AzureNetwork: flowLogRetentionDays 366 is out of range (expected a whole number from 90 to 365)',
      ].join('\n'));
    });

    test('skips checks on values that are Tokens', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const text = (name: string) => new TerraformVariable(stack, name, { type: 'string' }).stringValue;

      // WHEN
      const create = () => new AzureNetwork(stack, 'Network', {
        namePrefix: text('prefix'),
        location: text('location'),
        addressSpace: text('space'),
        subnets: { systemNodes: '10.20.0.0/22', userNodes: text('user'), privateEndpoints: '10.20.4.0/24', apiServer: '10.20.5.0/28' },
        natIdleTimeoutMinutes: new TerraformVariable(stack, 'idle', { type: 'number' }).numberValue,
        flowLogRetentionDays: new TerraformVariable(stack, 'retention', { type: 'number' }).numberValue,
        trafficAnalytics: { workspaceResourceId: text('workspace'), workspaceId: text('workspaceGuid') },
      });

      // THEN
      expect(create).not.toThrow();
      const json: TfJson = JSON.parse(Testing.synth(stack));
      expect(at(json, VNET).address_space).toEqual(['${var.space}']);
      expect(at(json, VNET).name).toBe('vnet-${var.prefix}');
      expect(at(json, FLOW_LOG).retention_policy).toEqual({ enabled: true, days: '${var.retention}' });
      // AND a prefix known only at apply time loses its hyphens and is cut in Terraform
      expect(at(json, FLOW_LOG_STORAGE).name).toMatch(/^st\$\{substr\(replace\(var\.prefix, "-", ""\), 0, 15\)\}/);
    });
  });
});
