import { ContainerRegistry, ContainerRegistryConfig } from '@cdktf/provider-azurerm/lib/container-registry';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Lazy, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { customerManagedKey, grantKeyRole } from './private/customer-managed-key';
import { keyVaultName } from './private/key-vault-name';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { acrLoginServer, acrRegistryName } from './private/registry-name';
import { tagProblems } from './private/tag-rules';
import { objectIdProblems, resourceIdProblems, wholeNumberProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/** Properties of an {@link AcrRegistry}. */
export interface AcrRegistryProps {
  /**
   * Name prefix derived by the caller from organization and environment, e.g. "acme-dev".
   * A lowercase DNS label of at most 40 characters, known at synth time: the
   * registry name and {@link AcrRegistry.loginServer} are derived from it.
   */
  readonly namePrefix: string;

  /**
   * Azure region name of the registry, e.g. "westeurope". The private endpoint
   * is created here too, so it must be the region of the virtual network.
   */
  readonly location: string;

  /** Resource ID of the subnet for the registry's private endpoint, e.g. `AzureNetwork.privateEndpointsSubnet.id`. */
  readonly privateEndpointSubnetId: string;

  /**
   * Resource ID of the virtual network that resolves the registry's private
   * address, e.g. `AzureNetwork.virtualNetwork.id`. The `privatelink.azurecr.io`
   * zone this construct creates is linked to it.
   */
  readonly virtualNetworkId: string;

  /**
   * Object IDs of the managed identities (or service principals) that pull
   * images, e.g. `AksCluster.kubeletIdentityObjectId`. Each gets `AcrPull` on
   * the registry and nothing else. Tokens are accepted.
   *
   * Each role assignment's Terraform address is its position in the list
   * (`acr_pull_<index>`), because a Token has no stable name to derive one
   * from: append, never reorder. Role assignments hold no data; a reorder
   * only re-creates them (a brief pull outage), it loses nothing.
   */
  readonly pullPrincipalIds: string[];

  /**
   * Azure region of a geo-replica for disaster recovery, e.g. "northeurope".
   * The replica is zone redundant like the home region and served through the
   * same private endpoint.
   * @default - no replica
   */
  readonly replicationLocation?: string;

  /**
   * Days after which an untagged manifest (an image whose tag moved on) is
   * purged, 1 to 365. Deployments that pin images by digest keep working only
   * as long as this, so keep it longer than the oldest release you may roll back to.
   * @default 30
   */
  readonly untaggedManifestRetentionDays?: number;

  /**
   * Resource ID of the Log Analytics workspace that receives the registry's
   * login and repository events and its metrics.
   * @default - no diagnostic setting (Azure keeps only the platform activity log)
   */
  readonly logAnalyticsWorkspaceId?: string;

  /**
   * Encrypts the registry with a customer-managed key in a purge-protected Key
   * Vault this construct creates, read through a user-assigned identity.
   *
   * Turning it off **weakens the baseline** (Azure then encrypts with a
   * Microsoft-managed key). Azure cannot switch encryption on or off on an
   * existing registry: changing this replaces the registry, which
   * `prevent_destroy` refuses, so decide before the first apply.
   * @default true
   */
  readonly customerManagedKeyEnabled?: boolean;

  /**
   * Lets trusted Microsoft services (for example Microsoft Defender for
   * Containers' image scanning and ACR Tasks) reach the registry despite
   * public network access being disabled. **Weakens the baseline**: those
   * services then come in from outside the private endpoint.
   * @default false
   */
  readonly trustedServicesBypassEnabled?: boolean;

  /**
   * Keeps the encryption key in an HSM (`RSA-HSM` in a Premium vault) instead of software.
   * Changing it on a live registry replaces the key, which `prevent_destroy` refuses: decide before the first apply.
   * @default false
   */
  readonly hsmKeyEnabled?: boolean;

  /**
   * Spreads the registry (and its replica) across the region's availability
   * zones. Pass `false` only in a region without availability zones.
   * @default true
   */
  readonly zoneRedundancyEnabled?: boolean;

  /**
   * Lowercase letters and digits (1-8) appended to the registry name, for when
   * the derived name is already taken: registry names are global across Azure.
   * Changing it replaces the registry, which `prevent_destroy` refuses.
   * @default - none: the name is `cr<namePrefix without hyphens>`
   */
  readonly nameSuffix?: string;

  /**
   * Tags for every taggable resource this construct creates.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * Terraform addresses (`<type>.<name>`) of everything this construct creates.
 * They are fixed rather than derived from the construct path, so renaming or
 * moving the construct never replaces the registry. Contract: do not rename.
 */
const ADDRESS = {
  resourceGroup: 'acr_resource_group',
  registry: 'acr',
  deleteLock: 'acr_delete_lock',
  privateDnsZone: 'acr_private_dns_zone',
  privateDnsZoneLink: 'acr_private_dns_zone_link',
  privateEndpoint: 'acr_private_endpoint',
  diagnostics: 'acr_diagnostics',
  clientConfig: 'acr_client_config',
  encryptionIdentity: 'acr_encryption_identity',
  encryptionKeyVault: 'acr_encryption_key_vault',
  encryptionKey: 'acr_encryption_key',
  encryptionKeyVaultPrivateEndpoint: 'acr_encryption_key_vault_private_endpoint',
  deployerCryptoOfficer: 'acr_encryption_deployer_crypto_officer',
  identityEncryptionUser: 'acr_encryption_identity_crypto_user',
  pullPrefix: 'acr_pull_',
} as const;

/** Registry names are 5-50 letters and digits, globally unique. */
const MIN_REGISTRY_NAME_LENGTH = 5;
const MAX_REGISTRY_NAME_LENGTH = 50;
const NAME_SUFFIX = /^[a-z0-9]{1,8}$/;
const DEFAULT_UNTAGGED_MANIFEST_RETENTION_DAYS = 30;
/** The private DNS zone Azure resolves registry private endpoints in (public cloud). */
const PRIVATE_DNS_ZONE = 'privatelink.azurecr.io';
const REGISTRY_LOG_CATEGORIES = ['ContainerRegistryRepositoryEvents', 'ContainerRegistryLoginEvents'];
/**
 * Why the registry's Key Vault keeps its public endpoint, recorded on the vault as a tag and shown by the policy
 * report. At most 256 characters (a tag value).
 */
const KEY_VAULT_PUBLIC_REASON = 'ACR reads its key with a user-assigned identity, which the Key Vault firewall does not let through as a trusted service; every call still needs Entra ID and an RBAC role.';
/** A repository path such as `payments/api`: lowercase components joined by `/`. */
const REPOSITORY_PATH = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/**
 * The container registry of one environment: a Premium Azure Container
 * Registry in a resource group of its own (`rg-<prefix>-acr`), reachable only
 * through a private endpoint. Repositories are paths inside it
 * (`<team>/<service>`, see {@link repositoryUri}) and need no resource.
 *
 * Secure by default:
 * - no public network access, no admin user, no anonymous pull: every pull and
 *   push needs an Entra ID identity with a role (pullers get `AcrPull` only);
 * - the export policy is off, so images cannot be exported or imported out of
 *   the registry (exfiltration control; Azure requires public access off for it);
 * - trusted Microsoft services do not bypass the network rules unless
 *   `trustedServicesBypassEnabled` says so;
 * - encryption with a customer-managed key in a purge-protected Key Vault,
 *   rotated automatically (the registry follows the versionless key ID);
 * - zone redundant, with an optional zone-redundant geo-replica;
 * - login and repository events and metrics go to Log Analytics when a
 *   workspace is given.
 *
 * Data safety: the registry carries `prevent_destroy` and a `CanNotDelete`
 * management lock, and so do the Key Vault and key without which its content
 * is unreadable. Terraform addresses are fixed names (`azurerm_container_registry.acr`, ...),
 * so there is at most one `AcrRegistry` per Terraform stack.
 *
 * The private DNS zone `privatelink.azurecr.io` is created in the registry's
 * resource group and linked to `virtualNetworkId`. An organization that
 * centralizes private DNS zones in a hub links that zone instead.
 *
 * Every resource that supports tags is taggable (and reached by `AzureTags`);
 * the lock, the role assignments and the diagnostic setting have no tags in
 * Azure. The replica gets the registry's final tags, including those an
 * `AzureTags` aspect adds.
 */
export class AcrRegistry extends Construct {
  /**
   * The login server a registry with this name prefix will have, as a plain string, without building it: for
   * Kubernetes manifests synthesized in another app than the Terraform stack.
   */
  public static loginServerFor(namePrefix: string, nameSuffix?: string): string {
    return acrLoginServer(namePrefix, nameSuffix);
  }

  /** The container registry. */
  public readonly registry: ContainerRegistry;
  /** The resource group holding the registry and its companions. */
  public readonly resourceGroup: ResourceGroup;
  /** The registry's name, a plain string known at synth time. */
  public readonly registryName: string;
  /** The registry's resource ID, for further role assignments. */
  public readonly registryId: string;
  /** The login server, `<name>.azurecr.io`: a plain string, so manifests can use it at synth time. */
  public readonly loginServer: string;
  /** The private endpoint through which the virtual network reaches the registry. */
  public readonly privateEndpoint: PrivateEndpoint;
  /** The `privatelink.azurecr.io` zone that resolves the registry to its private address. */
  public readonly privateDnsZone: PrivateDnsZone;
  /** The `CanNotDelete` lock on the registry. */
  public readonly deleteLock: ManagementLock;
  /** The `AcrPull` role assignments, in the order of `pullPrincipalIds`. */
  public readonly pullRoleAssignments: RoleAssignment[];
  /** The diagnostic setting, when `logAnalyticsWorkspaceId` is given. */
  public readonly diagnosticSetting?: MonitorDiagnosticSetting;
  /** The identity the registry reads its encryption key with, when the key is customer-managed. */
  public readonly encryptionIdentity?: UserAssignedIdentity;
  /** The Key Vault holding the encryption key, when the key is customer-managed. */
  public readonly encryptionKeyVault?: KeyVault;
  /** The customer-managed encryption key. */
  public readonly encryptionKey?: KeyVaultKey;

  constructor(scope: Construct, id: string, props: AcrRegistryProps) {
    super(scope, id);
    const problems = validate(props);
    const others = TerraformStack.of(this).node.findAll().filter((c) => c !== this && c instanceof AcrRegistry);
    if (others.length > 0) {
      problems.push(`${this.node.path} is the second AcrRegistry in stack ${TerraformStack.of(this).node.path} (expected at most one per stack: its Terraform addresses are fixed, see ${others[0].node.path})`);
    }
    this.node.addValidation(problems);

    const { namePrefix, location, tags } = props;
    const zoneRedundancyEnabled = props.zoneRedundancyEnabled ?? true;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', {
      name: azureName('rg', namePrefix, 'acr'),
      location,
      tags,
    });
    this.resourceGroup.overrideLogicalId(ADDRESS.resourceGroup);
    const placement = { resourceGroupName: this.resourceGroup.name, location };

    const customerManagedKeyEnabled = props.customerManagedKeyEnabled ?? true;
    const encryption = customerManagedKeyEnabled ? this.customerManagedKey(namePrefix, placement, props.hsmKeyEnabled ?? false, tags) : undefined;
    this.encryptionIdentity = encryption?.identity;
    this.encryptionKeyVault = encryption?.keyVault;
    this.encryptionKey = encryption?.key;

    this.registryName = acrRegistryName(namePrefix, props.nameSuffix);
    const registryConfig: ContainerRegistryConfig = {
      ...placement,
      name: this.registryName,
      sku: 'Premium',
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: false,
      // The firewall's default action matters only if public access is turned
      // on outside Terraform; it should then still let nobody in.
      networkRuleSet: [{ defaultAction: 'Deny' }],
      networkRuleBypassOption: props.trustedServicesBypassEnabled ? 'AzureServices' : 'None',
      exportPolicyEnabled: false,
      zoneRedundancyEnabled,
      retentionPolicyInDays: props.untaggedManifestRetentionDays ?? DEFAULT_UNTAGGED_MANIFEST_RETENTION_DAYS,
      ...(props.replicationLocation === undefined ? {} : {
        georeplications: [{
          location: props.replicationLocation,
          zoneRedundancyEnabled,
          // A replica has tags of its own, out of reach of aspects: it copies
          // the registry's once every aspect has run.
          tags: Token.asStringMap(Lazy.anyValue({ produce: () => this.registry.tagsInput })),
        }],
      }),
      ...(encryption === undefined ? {} : {
        identity: { type: 'UserAssigned', identityIds: [encryption.identity.id] },
        encryption: [{
          // Versionless: the registry moves to a rotated key version by itself, within an hour.
          keyVaultKeyId: encryption.key.versionlessId,
          identityClientId: encryption.identity.clientId,
        }],
        // The registry refuses to be created until its identity can use the key.
        dependsOn: [encryption.identityRole],
      }),
      tags,
      lifecycle: { preventDestroy: true },
    };
    this.registry = new ContainerRegistry(this, 'Resource', registryConfig);
    this.registry.overrideLogicalId(ADDRESS.registry);
    this.registryId = this.registry.id;
    this.loginServer = AcrRegistry.loginServerFor(namePrefix, props.nameSuffix);

    // prevent_destroy only guards this Terraform configuration; the lock also
    // stops the portal, the CLI and a configuration that lost the resource.
    this.deleteLock = new ManagementLock(this, 'DeleteLock', {
      name: azureName('lock', namePrefix, 'acr'),
      scope: this.registry.id,
      lockLevel: 'CanNotDelete',
      notes: 'Baseline: the container registry holds every released image of this environment. Remove this lock only to retire the environment.',
    });
    this.deleteLock.overrideLogicalId(ADDRESS.deleteLock);

    this.privateDnsZone = new PrivateDnsZone(this, 'PrivateDnsZone', {
      resourceGroupName: this.resourceGroup.name,
      name: PRIVATE_DNS_ZONE,
      tags,
    });
    this.privateDnsZone.overrideLogicalId(ADDRESS.privateDnsZone);
    const zoneLink = new PrivateDnsZoneVirtualNetworkLink(this, 'PrivateDnsZoneLink', {
      resourceGroupName: this.resourceGroup.name,
      name: azureName('link', namePrefix, 'acr'),
      privateDnsZoneName: this.privateDnsZone.name,
      virtualNetworkId: props.virtualNetworkId,
      registrationEnabled: false,
      tags,
    });
    zoneLink.overrideLogicalId(ADDRESS.privateDnsZoneLink);

    const endpointName = azureName('pep', namePrefix, 'acr');
    this.privateEndpoint = new PrivateEndpoint(this, 'PrivateEndpoint', {
      ...placement,
      name: endpointName,
      subnetId: props.privateEndpointSubnetId,
      customNetworkInterfaceName: `${endpointName}-nic`,
      privateServiceConnection: {
        name: endpointName,
        privateConnectionResourceId: this.registry.id,
        subresourceNames: ['registry'],
        isManualConnection: false,
      },
      // The zone group keeps the A records of the registry and of every
      // replica's data endpoint in the zone as Azure adds or moves them.
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [this.privateDnsZone.id] },
      tags,
    });
    this.privateEndpoint.overrideLogicalId(ADDRESS.privateEndpoint);

    this.pullRoleAssignments = (props.pullPrincipalIds ?? []).map((principalId, index) => {
      const assignment = new RoleAssignment(this, `AcrPull${index}`, {
        scope: this.registry.id,
        roleDefinitionName: 'AcrPull',
        principalId,
        principalType: 'ServicePrincipal',
      });
      assignment.overrideLogicalId(`${ADDRESS.pullPrefix}${index}`);
      return assignment;
    });

    if (props.logAnalyticsWorkspaceId !== undefined) {
      this.diagnosticSetting = new MonitorDiagnosticSetting(this, 'Diagnostics', {
        name: azureName('diag', namePrefix, 'acr'),
        targetResourceId: this.registry.id,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        enabledLog: REGISTRY_LOG_CATEGORIES.map((category) => ({ category })),
        enabledMetric: [{ category: 'AllMetrics' }],
      });
      this.diagnosticSetting.overrideLogicalId(ADDRESS.diagnostics);
    }
  }

  /**
   * The full reference of a repository in this registry, `<loginServer>/<path>`,
   * e.g. `repositoryUri("payments/api")` is `cracmedev.azurecr.io/payments/api`.
   * Repositories need no resource: the first push creates them.
   * @param path lowercase path components joined by `/`, e.g. "<team>/<service>"
   */
  public repositoryUri(path: string): string {
    if (!Token.isUnresolved(path) && !REPOSITORY_PATH.test(path)) {
      throw new Error(`AcrRegistry: repository path "${path}" is not a repository path (expected lowercase letters and digits, separated by . _ - inside a component and / between components, like payments/api)`);
    }
    return `${this.loginServer}/${path}`;
  }

  /**
   * The user-assigned identity, Key Vault and key of customer-managed
   * encryption, with the roles that let Terraform create the key and the
   * identity use it.
   */
  private customerManagedKey(
    namePrefix: string,
    placement: { resourceGroupName: string; location: string },
    hsmKeyEnabled: boolean,
    tags?: Record<string, string>,
  ) {
    const clientConfig = new DataAzurermClientConfig(this, 'ClientConfig', {});
    clientConfig.overrideLogicalId(ADDRESS.clientConfig);

    // A system-assigned identity would exist only after the registry, too late:
    // the registry is created encrypted, so its identity must hold the key role first.
    const identity = new UserAssignedIdentity(this, 'EncryptionIdentity', {
      ...placement,
      name: azureName('id', namePrefix, 'acr'),
      tags,
    });
    identity.overrideLogicalId(ADDRESS.encryptionIdentity);

    // The registry's vault keeps its public endpoint: ACR must be created encrypted, so it reads the key with a
    // user-assigned identity, and only system-assigned identities pass the vault firewall as a trusted service.
    // Every data-plane call still needs an Entra ID token and an RBAC role; the reason is a tag on the vault.
    const { keyVault, key } = customerManagedKey(this, {
      ids: {
        keyVault: 'EncryptionKeyVault',
        key: 'EncryptionKey',
        deployerRole: 'DeployerKeyVaultCryptoOfficer',
        privateEndpoint: 'EncryptionKeyVaultPrivateEndpoint',
        logicalIds: {
          keyVault: ADDRESS.encryptionKeyVault,
          key: ADDRESS.encryptionKey,
          deployerRole: ADDRESS.deployerCryptoOfficer,
          privateEndpoint: ADDRESS.encryptionKeyVaultPrivateEndpoint,
        },
      },
      ...placement,
      // The AKS baseline has its own vault for the same prefix; "-acr" changes the name's hash so the two never collide.
      vaultName: keyVaultName(`${namePrefix}-acr`, clientConfig.subscriptionId),
      tenantId: clientConfig.tenantId,
      deployerObjectId: clientConfig.objectId,
      keyName: 'acr-encryption',
      keySize: 3072,
      // The registry only wraps and unwraps its data encryption keys.
      keyOpts: ['wrapKey', 'unwrapKey'],
      hsm: hsmKeyEnabled,
      network: { mode: 'public', reason: KEY_VAULT_PUBLIC_REASON },
      tags,
    });

    // Read, wrap and unwrap keys: exactly what encryption at rest needs.
    const identityRole = grantKeyRole(this, 'IdentityKeyVaultCryptoServiceEncryptionUser', keyVault,
      'Key Vault Crypto Service Encryption User', identity.principalId);
    identityRole.overrideLogicalId(ADDRESS.identityEncryptionUser);

    return { identity, keyVault, key, identityRole };
  }
}

/** Throws one Error listing every problem of `props`, one per line. */
function validate(props: AcrRegistryProps): Problems {
  const problems = new Problems('AcrRegistry');
  const { namePrefix, location, replicationLocation, nameSuffix } = props;

  if (Token.isUnresolved(namePrefix)) {
    problems.push('namePrefix is a Token (expected a plain string: the registry name and login server are derived from it at synth time)');
  } else {
    problems.push(...namePrefixProblems(namePrefix));
  }
  problems.push(...locationProblems(location));

  let suffixValid = true;
  if (nameSuffix !== undefined && (Token.isUnresolved(nameSuffix) || !NAME_SUFFIX.test(nameSuffix))) {
    suffixValid = false;
    problems.push(`nameSuffix "${nameSuffix}" is not a registry name suffix (expected 1-8 lowercase letters and digits, like 01)`);
  }
  if (suffixValid && !Token.isUnresolved(namePrefix) && namePrefixProblems(namePrefix).length === 0) {
    // The longest prefix and suffix give exactly the maximum length, so only the minimum can be missed.
    const name = acrRegistryName(namePrefix, nameSuffix);
    if (name.length < MIN_REGISTRY_NAME_LENGTH) {
      problems.push(`registry name "${name}" is ${name.length} characters long (expected ${MIN_REGISTRY_NAME_LENGTH} to ${MAX_REGISTRY_NAME_LENGTH}; use a longer namePrefix or a nameSuffix)`);
    }
  }

  if (replicationLocation !== undefined) {
    problems.push(...locationProblems(replicationLocation, 'replicationLocation'));
    if (!Token.isUnresolved(replicationLocation) && replicationLocation === location) {
      problems.push(`replicationLocation "${replicationLocation}" is the registry's own location (expected another region, for disaster recovery)`);
    }
  }

  problems.push(...resourceIdProblems('privateEndpointSubnetId', props.privateEndpointSubnetId, 'subnet'));
  problems.push(...resourceIdProblems('virtualNetworkId', props.virtualNetworkId, 'virtual network'));
  if (props.logAnalyticsWorkspaceId !== undefined) {
    problems.push(...resourceIdProblems('logAnalyticsWorkspaceId', props.logAnalyticsWorkspaceId, 'Log Analytics workspace'));
  }

  const principals = props.pullPrincipalIds;
  if (principals === undefined || (!Token.isUnresolved(principals) && !Array.isArray(principals))) {
    problems.push('pullPrincipalIds is missing (expected a list of object IDs, e.g. the AKS kubelet identity\'s; [] for none)');
  } else if (Token.isUnresolved(principals)) {
    problems.push('pullPrincipalIds is a Token (expected a list written out, so each role assignment gets its own Terraform address)');
  } else {
    const seen = new Set<string>();
    for (const principal of principals) {
      problems.push(...objectIdProblems('pullPrincipalIds', principal));
      if (!Token.isUnresolved(principal) && seen.has(principal.toLowerCase())) {
        problems.push(`pullPrincipalIds lists "${principal}" more than once (Azure refuses a second identical role assignment)`);
      }
      seen.add(Token.isUnresolved(principal) ? principal : principal.toLowerCase());
    }
  }

  problems.push(...wholeNumberProblems('untaggedManifestRetentionDays', props.untaggedManifestRetentionDays, 1, 365));
  problems.push(...tagProblems('tags', props.tags ?? {}));

  return problems;
}
