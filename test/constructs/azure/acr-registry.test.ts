import { Testing, TerraformOutput, TerraformResource, TerraformStack, TerraformVariable, Token } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';
import { AcrRegistry, AcrRegistryProps, AzureTags } from '../../../constructs/azure';
import { expectProtectedKey } from '../../support/azure';
import { addressesOf, messageOf, problemsOf, ref, resourceAt as at, resourcesOf, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const REASON_TAG = 'public-network-access-reason';

const NETWORK_RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-network';
const VNET_ID = `${NETWORK_RG}/providers/Microsoft.Network/virtualNetworks/vnet-acme-dev`;
const PE_SUBNET_ID = `${VNET_ID}/subnets/snet-acme-dev-private-endpoints`;
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-aks/providers/Microsoft.OperationalInsights/workspaces/log-acme-dev-aks';
const KUBELET = '11111111-2222-3333-4444-555555555555';
const CI = '66666666-7777-8888-9999-000000000000';

const PROPS: AcrRegistryProps = {
  namePrefix: 'acme-dev',
  location: 'westeurope',
  privateEndpointSubnetId: PE_SUBNET_ID,
  virtualNetworkId: VNET_ID,
  pullPrincipalIds: [KUBELET],
  logAnalyticsWorkspaceId: WORKSPACE_ID,
  tags: { 'environment': 'dev', 'cost-center': 'cc-1234' },
};

// Contract: renaming any of these replaces real infrastructure (a new registry starts empty).
const RG = 'azurerm_resource_group.acr_resource_group';
const REGISTRY = 'azurerm_container_registry.acr';
const LOCK = 'azurerm_management_lock.acr_delete_lock';
const DNS_ZONE = 'azurerm_private_dns_zone.acr_private_dns_zone';
const DNS_LINK = 'azurerm_private_dns_zone_virtual_network_link.acr_private_dns_zone_link';
const ENDPOINT = 'azurerm_private_endpoint.acr_private_endpoint';
const DIAGNOSTICS = 'azurerm_monitor_diagnostic_setting.acr_diagnostics';
const IDENTITY = 'azurerm_user_assigned_identity.acr_encryption_identity';
const KEY_VAULT = 'azurerm_key_vault.acr_encryption_key_vault';
const KEY = 'azurerm_key_vault_key.acr_encryption_key';
const DEPLOYER_CRYPTO_OFFICER = 'azurerm_role_assignment.acr_encryption_deployer_crypto_officer';
const IDENTITY_CRYPTO_USER = 'azurerm_role_assignment.acr_encryption_identity_crypto_user';
const PULL_0 = 'azurerm_role_assignment.acr_pull_0';
const PULL_1 = 'azurerm_role_assignment.acr_pull_1';
const CLIENT_CONFIG = 'data.azurerm_client_config.acr_client_config';

const ALL_ADDRESSES = [
  KEY_VAULT,
  KEY,
  LOCK,
  DIAGNOSTICS,
  DNS_ZONE,
  DNS_LINK,
  ENDPOINT,
  RG,
  REGISTRY,
  DEPLOYER_CRYPTO_OFFICER,
  IDENTITY_CRYPTO_USER,
  PULL_0,
  IDENTITY,
].sort();

function synth(props: Partial<AcrRegistryProps> = {}, id = 'Acr'): string {
  return synthChecked((scope) => {
    new AcrRegistry(scope, id, { ...PROPS, ...props });
  });
}

function parse(props: Partial<AcrRegistryProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<AcrRegistryProps>): string {
  return problemsOf('Acr', (scope) => new AcrRegistry(scope, 'Acr', { ...PROPS, ...props }));
}

describe('AcrRegistry', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(addressesOf(json)).toEqual(ALL_ADDRESSES);
      expect(Object.keys(json.data!.azurerm_client_config)).toEqual([CLIENT_CONFIG.split('.')[2]]);
    });

    test('renaming or nesting the construct does not move any address', () => {
      // GIVEN
      const original = JSON.parse(synth({ replicationLocation: 'northeurope' }, 'Acr'));

      // WHEN
      const renamed = JSON.parse(synth({ replicationLocation: 'northeurope' }, 'ContainerRegistry'));
      const nested = JSON.parse(synthChecked((scope) => {
        new AcrRegistry(new Construct(new Construct(scope, 'Platform'), 'Artifacts'), 'Registry', {
          ...PROPS,
          replicationLocation: 'northeurope',
        });
      }));

      // THEN: the same addresses, holding the same configuration
      expect(addressesOf(renamed)).toEqual(addressesOf(original));
      expect(addressesOf(nested)).toEqual(addressesOf(original));
      expect(renamed.resource).toEqual(original.resource);
      expect(nested.resource).toEqual(original.resource);
      expect(nested.data).toEqual(original.data);
    });

    test('reordering the props does not move any address, and appending a puller keeps the existing ones', () => {
      // GIVEN
      const original = parse();
      const reordered = JSON.parse(synthChecked((scope) => {
        const { tags, logAnalyticsWorkspaceId, pullPrincipalIds, ...rest } = PROPS;
        new AcrRegistry(scope, 'Acr', { pullPrincipalIds, tags, logAnalyticsWorkspaceId, ...rest });
      }));

      // WHEN
      const appended = parse({ pullPrincipalIds: [KUBELET, CI] });

      // THEN
      expect(reordered.resource).toEqual(original.resource);
      expect(addressesOf(appended)).toEqual([...ALL_ADDRESSES, PULL_1].sort());
      expect(at(appended, PULL_0)).toEqual(at(original, PULL_0));
      expect(at(appended, PULL_1).principal_id).toBe(CI);
    });

    test('the registry is the primary child', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const acr = new AcrRegistry(stack, 'Acr', PROPS);

      // THEN
      expect(acr.node.defaultChild).toBe(acr.registry);
      expect(acr.registry.node.id).toBe('Resource');
    });

    test('a second registry in the same stack is refused, because addresses are fixed', () => {
      // GIVEN
      // WHEN
      const message = problemsOf('Other', (stack) => {
        new AcrRegistry(stack, 'Acr', PROPS);
        new AcrRegistry(stack, 'Other', PROPS);
      });

      // THEN
      expect(message).toBe('AcrRegistry: stack/Other is the second AcrRegistry in stack stack (expected at most one per stack: its Terraform addresses are fixed, see stack/Acr)');
    });

    test('the exposed attributes refer to the registry and its companions', () => {
      // GIVEN
      const json = JSON.parse(synthChecked((scope) => {
        const acr = new AcrRegistry(scope, 'Acr', PROPS);

        // WHEN
        new TerraformOutput(scope, 'registryId', { value: acr.registryId });
        new TerraformOutput(scope, 'resourceGroupName', { value: acr.resourceGroup.name });
        new TerraformOutput(scope, 'privateEndpointId', { value: acr.privateEndpoint.id });
        new TerraformOutput(scope, 'privateDnsZoneId', { value: acr.privateDnsZone.id });
        new TerraformOutput(scope, 'lockId', { value: acr.deleteLock.id });
        new TerraformOutput(scope, 'pullId', { value: acr.pullRoleAssignments[0].id });
        new TerraformOutput(scope, 'diagnosticsId', { value: acr.diagnosticSetting!.id });
        new TerraformOutput(scope, 'keyVaultId', { value: acr.encryptionKeyVault!.id });
        new TerraformOutput(scope, 'keyId', { value: acr.encryptionKey!.id });
        new TerraformOutput(scope, 'identityId', { value: acr.encryptionIdentity!.id });
      }));

      // THEN
      expect(json.output).toEqual({
        registryId: { value: ref(REGISTRY, 'id') },
        resourceGroupName: { value: ref(RG, 'name') },
        privateEndpointId: { value: ref(ENDPOINT, 'id') },
        privateDnsZoneId: { value: ref(DNS_ZONE, 'id') },
        lockId: { value: ref(LOCK, 'id') },
        pullId: { value: ref(PULL_0, 'id') },
        diagnosticsId: { value: ref(DIAGNOSTICS, 'id') },
        keyVaultId: { value: ref(KEY_VAULT, 'id') },
        keyId: { value: ref(KEY, 'id') },
        identityId: { value: ref(IDENTITY, 'id') },
      });
    });
  });

  describe('names and the login server', () => {
    test('names follow the CAF abbreviations and the name prefix', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, RG).name).toBe('rg-acme-dev-acr');
      expect(at(json, REGISTRY).name).toBe('cracmedev');
      expect(at(json, LOCK).name).toBe('lock-acme-dev-acr');
      expect(at(json, ENDPOINT).name).toBe('pep-acme-dev-acr');
      expect(at(json, ENDPOINT).custom_network_interface_name).toBe('pep-acme-dev-acr-nic');
      expect(at(json, DNS_LINK).name).toBe('link-acme-dev-acr');
      expect(at(json, DIAGNOSTICS).name).toBe('diag-acme-dev-acr');
      expect(at(json, IDENTITY).name).toBe('id-acme-dev-acr');
    });

    test('the login server is a plain string derived from the name', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const acr = new AcrRegistry(stack, 'Acr', PROPS);

      // THEN
      expect(acr.registryName).toBe('cracmedev');
      expect(acr.loginServer).toBe('cracmedev.azurecr.io');
      expect(Token.isUnresolved(acr.loginServer)).toBe(false);
    });

    test('a name suffix disambiguates a taken global name', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const acr = new AcrRegistry(stack, 'Acr', { ...PROPS, nameSuffix: '7x' });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      expect(acr.loginServer).toBe('cracmedev7x.azurecr.io');
      expect(at(json, REGISTRY).name).toBe('cracmedev7x');
    });

    test('repositoryUri joins the login server and a <team>/<service> path', () => {
      // GIVEN
      const acr = new AcrRegistry(new TerraformStack(Testing.app(), 'stack'), 'Acr', PROPS);

      // WHEN / THEN
      expect(acr.repositoryUri('payments/api')).toBe('cracmedev.azurecr.io/payments/api');
      expect(acr.repositoryUri('data-platform/ingest.worker_v2')).toBe('cracmedev.azurecr.io/data-platform/ingest.worker_v2');
      expect(messageOf(() => acr.repositoryUri('Payments/API'), 'repositoryUri')).toBe(
        'AcrRegistry: repository path "Payments/API" is not a repository path (expected lowercase letters and digits, separated by . _ - inside a component and / between components, like payments/api)');
      expect(messageOf(() => acr.repositoryUri('payments//api'), 'repositoryUri')).toContain('"payments//api" is not a repository path');
    });
  });

  describe('the registry', () => {
    test('is Premium, private, without admin user, anonymous pull or export, and zone redundant', () => {
      // GIVEN / WHEN
      const registry = at(parse(), REGISTRY);

      // THEN
      expect(registry.sku).toBe('Premium');
      expect(registry.location).toBe('westeurope');
      expect(registry.resource_group_name).toBe(ref(RG, 'name'));
      expect(registry.admin_enabled).toBe(false);
      expect(registry.anonymous_pull_enabled).toBe(false);
      expect(registry.public_network_access_enabled).toBe(false);
      expect(registry.export_policy_enabled).toBe(false);
      expect(registry.network_rule_bypass_option).toBe('None');
      expect(registry.network_rule_set).toEqual([{ default_action: 'Deny', ip_rule: null }]);
      expect(registry.zone_redundancy_enabled).toBe(true);
    });

    test('purges untagged manifests after 30 days unless told otherwise', () => {
      // GIVEN / WHEN / THEN
      expect(at(parse(), REGISTRY).retention_policy_in_days).toBe(30);
      expect(at(parse({ untaggedManifestRetentionDays: 7 }), REGISTRY).retention_policy_in_days).toBe(7);
    });

    test('trusted Microsoft services bypass the network rules only when asked', () => {
      // GIVEN / WHEN
      const registry = at(parse({ trustedServicesBypassEnabled: true }), REGISTRY);

      // THEN
      expect(registry.network_rule_bypass_option).toBe('AzureServices');
      expect(registry.public_network_access_enabled).toBe(false);
    });

    test('zone redundancy can be turned off for a region without zones, replica included', () => {
      // GIVEN / WHEN
      const registry = at(parse({ zoneRedundancyEnabled: false, replicationLocation: 'northeurope' }), REGISTRY);

      // THEN
      expect(registry.zone_redundancy_enabled).toBe(false);
      expect(registry.georeplications[0].zone_redundancy_enabled).toBe(false);
    });

    test('is protected from deletion by prevent_destroy and a CanNotDelete lock', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, REGISTRY).lifecycle).toEqual({ prevent_destroy: true });
      const lock = at(json, LOCK);
      expect(lock.scope).toBe(ref(REGISTRY, 'id'));
      expect(lock.lock_level).toBe('CanNotDelete');
      expect(lock.notes).toMatch(/^Baseline: /);
    });

    test('is geo-replicated, zone redundant, to the DR location when one is given', () => {
      // GIVEN / WHEN
      const registry = at(parse({ replicationLocation: 'northeurope' }), REGISTRY);

      // THEN
      expect(registry.georeplications).toEqual([{
        location: 'northeurope',
        zone_redundancy_enabled: true,
        tags: PROPS.tags,
      }]);
    });

    test('has no replica by default', () => {
      // GIVEN / WHEN / THEN
      expect(at(parse(), REGISTRY)).not.toHaveProperty('georeplications');
    });
  });

  describe('customer-managed key', () => {
    test('the registry is encrypted with the versionless key through its user-assigned identity', () => {
      // GIVEN / WHEN
      const registry = at(parse(), REGISTRY);

      // THEN
      expect(registry.identity).toEqual({ type: 'UserAssigned', identity_ids: [ref(IDENTITY, 'id')] });
      expect(registry.encryption).toEqual([{
        key_vault_key_id: ref(KEY, 'versionless_id'),
        identity_client_id: ref(IDENTITY, 'client_id'),
      }]);
      // The identity must hold its key role before Azure creates an encrypted registry.
      expect(registry.depends_on).toEqual([IDENTITY_CRYPTO_USER]);
    });

    test('the Key Vault is RBAC-only, purge protected and kept', () => {
      // GIVEN / WHEN
      const vault = at(parse(), KEY_VAULT);

      // THEN
      expect(vault.rbac_authorization_enabled).toBe(true);
      expect(vault.purge_protection_enabled).toBe(true);
      expect(vault.soft_delete_retention_days).toBe(90);
      expect(vault.tenant_id).toBe(ref(CLIENT_CONFIG, 'tenant_id'));
      expect(vault.lifecycle).toEqual({ prevent_destroy: true });
      expect(vault.resource_group_name).toBe(ref(RG, 'name'));
    });

    test('the Key Vault name cannot collide with the AKS baseline\'s vault of the same prefix', () => {
      // GIVEN / WHEN
      const name = at(parse(), KEY_VAULT).name;

      // THEN: AksCluster hashes "<subscription>/acme-dev"; this vault hashes ".../acme-dev-acr"
      expect(name).toBe(`kv-acme-dev-acr-\${substr(sha1(join("/", [${CLIENT_CONFIG}.subscription_id, "acme-dev-acr"])), 0, 7)}`);
    });

    test('the key wraps only, rotates and is kept', () => {
      // GIVEN / WHEN
      const key = at(parse(), KEY);

      // THEN
      expect(key.key_type).toBe('RSA');
      expect(key.key_size).toBe(3072);
      expect(key.key_opts).toEqual(['wrapKey', 'unwrapKey']);
      expectProtectedKey(key, KEY_VAULT, [DEPLOYER_CRYPTO_OFFICER]);
    });

    test('the vault keeps its public endpoint, a documented exception recorded on the vault', () => {
      // GIVEN / WHEN
      const vault = at(parse(), KEY_VAULT);

      // THEN: ACR reads the key with a user-assigned identity, which the vault firewall does not admit
      expect(vault.public_network_access_enabled).toBe(true);
      expect(vault.network_acls).toEqual({ default_action: 'Allow', bypass: 'AzureServices' });
      expect(vault.tags[REASON_TAG]).toMatch(/^ACR reads its key with a user-assigned identity/);
      expect(vault.tags[REASON_TAG].length).toBeLessThanOrEqual(256);
    });

    test('an HSM-backed key lives in a Premium vault', () => {
      // GIVEN / WHEN
      const json = parse({ hsmKeyEnabled: true });

      // THEN
      expect(at(json, KEY_VAULT).sku_name).toBe('premium');
      expect(at(json, KEY).key_type).toBe('RSA-HSM');
    });

    test('the deployer manages the key and the identity only uses it', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, DEPLOYER_CRYPTO_OFFICER)).toEqual({
        scope: ref(KEY_VAULT, 'id'),
        role_definition_name: 'Key Vault Crypto Officer',
        principal_id: ref(CLIENT_CONFIG, 'object_id'),
      });
      expect(at(json, IDENTITY_CRYPTO_USER)).toEqual({
        scope: ref(KEY_VAULT, 'id'),
        role_definition_name: 'Key Vault Crypto Service Encryption User',
        principal_id: ref(IDENTITY, 'principal_id'),
        principal_type: 'ServicePrincipal',
        skip_service_principal_aad_check: true,
      });
    });

    test('turning it off leaves a Microsoft-managed key and no vault, key or identity', () => {
      // GIVEN / WHEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const acr = new AcrRegistry(stack, 'Acr', { ...PROPS, customerManagedKeyEnabled: false });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      expect(addressesOf(json)).toEqual(ALL_ADDRESSES.filter((a) =>
        ![KEY_VAULT, KEY, IDENTITY, DEPLOYER_CRYPTO_OFFICER, IDENTITY_CRYPTO_USER].includes(a)));
      expect(json.data).toBeUndefined();
      const registry = at(json, REGISTRY);
      expect(registry).not.toHaveProperty('encryption');
      expect(registry).not.toHaveProperty('identity');
      expect(registry).not.toHaveProperty('depends_on');
      expect(acr.encryptionKey).toBeUndefined();
      expect(acr.encryptionKeyVault).toBeUndefined();
      expect(acr.encryptionIdentity).toBeUndefined();
    });
  });

  describe('private access', () => {
    test('a private endpoint in the given subnet connects to the registry sub-resource', () => {
      // GIVEN / WHEN
      const endpoint = at(parse(), ENDPOINT);

      // THEN
      expect(endpoint.subnet_id).toBe(PE_SUBNET_ID);
      expect(endpoint.location).toBe('westeurope');
      expect(endpoint.resource_group_name).toBe(ref(RG, 'name'));
      expect(endpoint.private_service_connection).toEqual({
        name: 'pep-acme-dev-acr',
        private_connection_resource_id: ref(REGISTRY, 'id'),
        subresource_names: ['registry'],
        is_manual_connection: false,
      });
      expect(endpoint.private_dns_zone_group).toEqual({
        name: 'default',
        private_dns_zone_ids: [ref(DNS_ZONE, 'id')],
      });
    });

    test('the privatelink.azurecr.io zone is linked to the given virtual network, without auto-registration', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(at(json, DNS_ZONE).name).toBe('privatelink.azurecr.io');
      expect(at(json, DNS_ZONE).resource_group_name).toBe(ref(RG, 'name'));
      const link = at(json, DNS_LINK);
      expect(link.private_dns_zone_name).toBe(ref(DNS_ZONE, 'name'));
      expect(link.virtual_network_id).toBe(VNET_ID);
      expect(link.registration_enabled).toBe(false);
    });
  });

  describe('pull access', () => {
    test('each puller gets AcrPull on the registry only', () => {
      // GIVEN / WHEN
      const json = parse({ pullPrincipalIds: [KUBELET, CI] });

      // THEN
      expect(at(json, PULL_0)).toEqual({
        scope: ref(REGISTRY, 'id'),
        role_definition_name: 'AcrPull',
        principal_id: KUBELET,
        principal_type: 'ServicePrincipal',
      });
      expect(at(json, PULL_1).principal_id).toBe(CI);
      expect(resourcesOf(json, 'azurerm_role_assignment').filter((r) => r.role_definition_name === 'AcrPull')).toHaveLength(2);
    });

    test('accepts Tokens, such as the AKS kubelet identity', () => {
      // GIVEN
      const json: TfJson = JSON.parse(synthChecked((scope) => {
        const kubelet = new TerraformVariable(scope, 'kubelet', { type: 'string' });

        // WHEN
        new AcrRegistry(scope, 'Acr', { ...PROPS, pullPrincipalIds: [kubelet.stringValue] });
      }));

      // THEN
      expect(at(json, PULL_0).principal_id).toBe('${var.kubelet}');
    });

    test('an empty list grants nobody', () => {
      // GIVEN / WHEN
      const json = parse({ pullPrincipalIds: [] });

      // THEN
      expect(addressesOf(json)).not.toContain(PULL_0);
    });
  });

  describe('diagnostics', () => {
    test('login and repository events and all metrics go to the given workspace', () => {
      // GIVEN / WHEN
      const setting = at(parse(), DIAGNOSTICS);

      // THEN
      expect(setting.target_resource_id).toBe(ref(REGISTRY, 'id'));
      expect(setting.log_analytics_workspace_id).toBe(WORKSPACE_ID);
      expect(setting.enabled_log).toEqual([
        { category: 'ContainerRegistryRepositoryEvents' },
        { category: 'ContainerRegistryLoginEvents' },
      ]);
      expect(setting.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
    });

    test('there is no diagnostic setting without a workspace', () => {
      // GIVEN / WHEN
      const json = parse({ logAnalyticsWorkspaceId: undefined });

      // THEN
      expect(json.resource).not.toHaveProperty('azurerm_monitor_diagnostic_setting');
    });
  });

  describe('tags', () => {
    /** The vault also records why its public endpoint stays on. */
    const withReason = (address: string, tags: Record<string, string> | undefined) =>
      address === KEY_VAULT ? { ...tags, [REASON_TAG]: expect.any(String) } : tags;
    const TAGGABLE = [RG, REGISTRY, DNS_ZONE, DNS_LINK, ENDPOINT, IDENTITY, KEY_VAULT, KEY];
    const UNTAGGABLE = [LOCK, DIAGNOSTICS, DEPLOYER_CRYPTO_OFFICER, IDENTITY_CRYPTO_USER, PULL_0];

    test('every taggable resource carries the given tags', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect([...TAGGABLE, ...UNTAGGABLE].sort()).toEqual(ALL_ADDRESSES);
      for (const address of TAGGABLE) {
        expect({ address, tags: at(json, address).tags }).toEqual({ address, tags: withReason(address, PROPS.tags) });
      }
      for (const address of UNTAGGABLE) {
        expect(at(json, address)).not.toHaveProperty('tags');
      }
    });

    test('the AzureTags aspect reaches every taggable resource, and the replica copies the registry\'s tags', () => {
      // GIVEN
      const json: TfJson = JSON.parse(synthChecked((scope) => {
        AzureTags.apply(scope, { owner: 'platform', environment: 'ignored' });

        // WHEN
        new AcrRegistry(scope, 'Acr', { ...PROPS, replicationLocation: 'northeurope' });
      }));

      // THEN: the resource's own value wins
      const expected = { 'owner': 'platform', 'environment': 'dev', 'cost-center': 'cc-1234' };
      for (const address of TAGGABLE) {
        expect({ address, tags: at(json, address).tags }).toEqual({ address, tags: withReason(address, expected) });
      }
      expect(at(json, REGISTRY).georeplications[0].tags).toEqual(expected);
    });

    test('a replica of an untagged registry has no tags', () => {
      // GIVEN / WHEN
      const registry = at(parse({ tags: undefined, replicationLocation: 'northeurope' }), REGISTRY);

      // THEN
      expect(registry.georeplications).toEqual([{ location: 'northeurope', zone_redundancy_enabled: true }]);
    });

    test('every resource this construct creates is an azurerm resource the aspect knows', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const acr = new AcrRegistry(stack, 'Acr', PROPS);

      // THEN
      const types = acr.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource)
        .map((r) => r.terraformResourceType);
      expect(types.every((type) => type.startsWith('azurerm_'))).toBe(true);
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<AcrRegistryProps>, string]>([
      ['a namePrefix that is not a DNS label', { namePrefix: 'Acme_Dev' },
        'AcrRegistry: namePrefix "Acme_Dev" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)'],
      ['a namePrefix too short for a registry name', { namePrefix: 'ab' },
        'AcrRegistry: registry name "crab" is 4 characters long (expected 5 to 50; use a longer namePrefix or a nameSuffix)'],
      ['a name suffix with a hyphen', { nameSuffix: '-01' },
        'AcrRegistry: nameSuffix "-01" is not a registry name suffix (expected 1-8 lowercase letters and digits, like 01)'],
      ['a name suffix of 9 characters', { nameSuffix: '123456789' },
        'AcrRegistry: nameSuffix "123456789" is not a registry name suffix (expected 1-8 lowercase letters and digits, like 01)'],
      ['a display-name location', { location: 'West Europe' },
        'AcrRegistry: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)'],
      ['a display-name replication location', { replicationLocation: 'North Europe' },
        'AcrRegistry: replicationLocation "North Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)'],
      ['a replica in the home region', { replicationLocation: 'westeurope' },
        'AcrRegistry: replicationLocation "westeurope" is the registry\'s own location (expected another region, for disaster recovery)'],
      ['a virtual network ID as the subnet', { privateEndpointSubnetId: VNET_ID },
        `AcrRegistry: privateEndpointSubnetId "${VNET_ID}" is not a subnet resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)`],
      ['a subnet ID as the virtual network', { virtualNetworkId: PE_SUBNET_ID },
        `AcrRegistry: virtualNetworkId "${PE_SUBNET_ID}" is not a virtual network resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>)`],
      ['a workspace name instead of its ID', { logAnalyticsWorkspaceId: 'log-acme-dev-aks' },
        'AcrRegistry: logAnalyticsWorkspaceId "log-acme-dev-aks" is not a Log Analytics workspace resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<workspace>)'],
      ['a puller that is not an object ID', { pullPrincipalIds: ['aks-kubelet'] },
        'AcrRegistry: pullPrincipalIds "aks-kubelet" is not an object ID (expected a GUID like 00000000-0000-0000-0000-000000000000)'],
      ['a puller listed twice', { pullPrincipalIds: [KUBELET, KUBELET.toUpperCase()] },
        `AcrRegistry: pullPrincipalIds lists "${KUBELET.toUpperCase()}" more than once (Azure refuses a second identical role assignment)`],
      ['no pullers list', { pullPrincipalIds: undefined },
        'AcrRegistry: pullPrincipalIds is missing (expected a list of object IDs, e.g. the AKS kubelet identity\'s; [] for none)'],
      ['a retention of 0 days', { untaggedManifestRetentionDays: 0 },
        'AcrRegistry: untaggedManifestRetentionDays 0 is out of range (expected a whole number from 1 to 365)'],
      ['a retention of more than a year', { untaggedManifestRetentionDays: 366 },
        'AcrRegistry: untaggedManifestRetentionDays 366 is out of range (expected a whole number from 1 to 365)'],
      ['a fractional retention', { untaggedManifestRetentionDays: 7.5 },
        'AcrRegistry: untaggedManifestRetentionDays 7.5 is out of range (expected a whole number from 1 to 365)'],
      ['a reserved tag key', { tags: { 'azure-owner': 'x' } },
        'AcrRegistry: tags key "azure-owner" starts with a prefix Azure reserves (expected no microsoft, azure or windows prefix)'],
    ])('refuses %s', (_, props, message) => {
      // GIVEN / WHEN / THEN
      expect(errorOf(props)).toBe(message);
    });

    test('accepts the longest name exactly at the limit', () => {
      // GIVEN: "cr" + 40 + 8 = 50 characters
      const props = { namePrefix: 'a'.repeat(40), nameSuffix: '12345678' };

      // WHEN / THEN
      expect(at(parse(props), REGISTRY).name).toHaveLength(50);
    });

    test('refuses a namePrefix only known at apply time, since the login server derives from it', () => {
      // GIVEN
      const message = problemsOf('Acr', (scope) => {
        const prefix = new TerraformVariable(scope, 'prefix', { type: 'string' });

        // WHEN
        new AcrRegistry(scope, 'Acr', { ...PROPS, namePrefix: prefix.stringValue });
      });

      // THEN
      expect(message).toBe('AcrRegistry: namePrefix is a Token (expected a plain string: the registry name and login server are derived from it at synth time)');
    });

    test('refuses a pullers list only known at apply time', () => {
      // GIVEN
      const message = problemsOf('Acr', (scope) => {
        const ids = new TerraformVariable(scope, 'ids', { type: 'list(string)' });

        // WHEN
        new AcrRegistry(scope, 'Acr', { ...PROPS, pullPrincipalIds: ids.listValue });
      });

      // THEN
      expect(message).toBe('AcrRegistry: pullPrincipalIds is a Token (expected a list written out, so each role assignment gets its own Terraform address)');
    });

    test('accepts Tokens for IDs and locations', () => {
      // GIVEN
      const build = () => synthChecked((scope) => {
        const variable = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;

        // WHEN
        new AcrRegistry(scope, 'Acr', {
          ...PROPS,
          location: variable('location'),
          replicationLocation: variable('dr'),
          privateEndpointSubnetId: variable('subnet'),
          virtualNetworkId: variable('vnet'),
          logAnalyticsWorkspaceId: variable('workspace'),
          untaggedManifestRetentionDays: new TerraformVariable(scope, 'days', { type: 'number' }).numberValue,
        });
      });

      // THEN
      expect(build).not.toThrow();
    });

    test('reports every problem at once, one per line', () => {
      // GIVEN / WHEN
      const message = errorOf({
        location: 'West Europe',
        privateEndpointSubnetId: 'snet',
        pullPrincipalIds: ['kubelet'],
        untaggedManifestRetentionDays: 0,
      });

      // THEN
      expect(message.split('\n')).toEqual([
        'AcrRegistry: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)',
        'AcrRegistry: privateEndpointSubnetId "snet" is not a subnet resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)',
        'AcrRegistry: pullPrincipalIds "kubelet" is not an object ID (expected a GUID like 00000000-0000-0000-0000-000000000000)',
        'AcrRegistry: untaggedManifestRetentionDays 0 is out of range (expected a whole number from 1 to 365)',
      ]);
    });
  });
});

describe('AcrRegistry.loginServerFor', () => {
  test('gives the login server a registry built with the same prefix has, without building one', () => {
    expect(AcrRegistry.loginServerFor('acme-dev')).toBe('cracmedev.azurecr.io');
    expect(AcrRegistry.loginServerFor('acme-dev', '01')).toBe('cracmedev01.azurecr.io');
  });
});
