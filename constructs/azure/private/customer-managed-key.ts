import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/**
 * Rotation of every customer-managed key of the baseline, one set for AKS, ACR and the network: a new version twice
 * a year, each version valid for two years with a 30-day notice. An environment whose Terraform was not applied for
 * 18 months still decrypts, because the newest version is always younger than its expiry.
 */
export const KEY_ROTATE_AFTER = 'P180D';
export const KEY_EXPIRE_AFTER = 'P730D';
export const KEY_NOTIFY_BEFORE_EXPIRY = 'P30D';
/** {@link KEY_EXPIRE_AFTER} in hours, for the first version's expiration date (Terraform's `timeadd` takes hours). */
const KEY_EXPIRE_AFTER_HOURS = '17520h';

/** How long a deleted vault (and its keys) stays recoverable: the Azure maximum. */
const SOFT_DELETE_RETENTION_DAYS = 90;
/** The tag that records why a vault keeps its public endpoint, read by the policy report. */
export const PUBLIC_NETWORK_ACCESS_REASON_TAG = 'public-network-access-reason';

/**
 * How the vault's data plane is reached.
 * - `private`: public network access off, firewall default Deny (trusted Azure services may bypass it), and a private
 *   endpoint in the given subnet, resolved through the given `privatelink.vaultcore.azure.net` zone.
 * - `public`: the public endpoint stays open (every call still needs an Entra ID token and an RBAC role), for a
 *   consumer that cannot reach a private vault; the reason is recorded on the vault as a tag.
 */
export type KeyVaultNetworkAccess =
  | { readonly mode: 'private'; readonly privateEndpointSubnetId: string; readonly privateDnsZoneId: string; readonly endpointName: string }
  | { readonly mode: 'public'; readonly reason: string };

/** Ids and logical-id overrides of one customer-managed key's resources. Construct ids and addresses are contract. */
export interface CustomerManagedKeyIds {
  readonly keyVault: string;
  readonly key: string;
  readonly deployerRole: string;
  readonly privateEndpoint: string;
  /** Fixed Terraform addresses, for constructs that pin them (ACR); omit to keep path-derived addresses (AKS). */
  readonly logicalIds?: { readonly keyVault: string; readonly key: string; readonly deployerRole: string; readonly privateEndpoint: string };
}

/** Where and how to create a {@link CustomerManagedKey}. */
export interface CustomerManagedKeyOptions {
  readonly ids: CustomerManagedKeyIds;
  /** The vault's name, from `keyVaultName`. */
  readonly vaultName: string;
  /** Entra ID tenant of the vault, usually the deploying client's. */
  readonly tenantId: string;
  /** Object ID of the principal running Terraform, which creates the key and so holds Key Vault Crypto Officer. */
  readonly deployerObjectId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly keyName: string;
  /** RSA key size: 2048 (what AKS KMS takes) or 3072/4096. */
  readonly keySize: number;
  readonly keyOpts: string[];
  /**
   * HSM-backed key (`RSA-HSM`, which needs the Premium vault SKU) instead of a software-protected one.
   * Changing it on a live key replaces the key, which `prevent_destroy` refuses: decide before the first apply.
   */
  readonly hsm: boolean;
  readonly network: KeyVaultNetworkAccess;
  readonly tags?: Record<string, string>;
}

/** The vault, key and companions of one customer-managed key. */
export interface CustomerManagedKey {
  readonly keyVault: KeyVault;
  readonly key: KeyVaultKey;
  readonly deployerRole: RoleAssignment;
  /** The vault's private endpoint, when the vault is private. */
  readonly privateEndpoint?: PrivateEndpoint;
}

/**
 * A customer-managed encryption key in a Key Vault of its own: the one place where the baseline's vaults and keys are
 * built, so AKS (etcd KMS, node disks), ACR and the flow-log storage share settings and rotation.
 *
 * The vault: RBAC authorization only, purge protection with the longest soft-delete period, Premium when the key is
 * HSM-backed, private by default (see {@link KeyVaultNetworkAccess}), and `prevent_destroy`, because losing it makes
 * whatever its key encrypts unreadable. The deploying principal gets Key Vault Crypto Officer on the vault (with RBAC
 * authorization even a subscription Owner has no data-plane access) and the key waits for that role.
 * With a private vault the principal running Terraform must reach the private endpoint (a runner inside or peered
 * with the virtual network): Terraform creates and reads the key on the data plane.
 *
 * Callers grant their consumers a role on the vault with {@link grantKeyRole}.
 */
export function customerManagedKey(scope: Construct, options: CustomerManagedKeyOptions): CustomerManagedKey {
  const { ids, network, tags } = options;
  const placement = { resourceGroupName: options.resourceGroupName, location: options.location };
  const privateVault = network.mode === 'private';

  const keyVault = new KeyVault(scope, ids.keyVault, {
    ...placement,
    name: options.vaultName,
    tenantId: options.tenantId,
    skuName: options.hsm ? 'premium' : 'standard',
    rbacAuthorizationEnabled: true,
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: SOFT_DELETE_RETENTION_DAYS,
    publicNetworkAccessEnabled: !privateVault,
    // Trusted Azure services (disk encryption sets, storage with a system-assigned identity) reach a private vault
    // through the firewall's bypass; everything else comes through the private endpoint.
    networkAcls: { defaultAction: privateVault ? 'Deny' : 'Allow', bypass: 'AzureServices' },
    tags: privateVault ? tags : { ...tags, [PUBLIC_NETWORK_ACCESS_REASON_TAG]: network.reason },
    lifecycle: { preventDestroy: true },
  });
  if (ids.logicalIds) keyVault.overrideLogicalId(ids.logicalIds.keyVault);

  const deployerRole = new RoleAssignment(scope, ids.deployerRole, {
    scope: keyVault.id,
    roleDefinitionName: 'Key Vault Crypto Officer',
    principalId: options.deployerObjectId,
  });
  if (ids.logicalIds) deployerRole.overrideLogicalId(ids.logicalIds.deployerRole);

  let privateEndpoint: PrivateEndpoint | undefined;
  if (network.mode === 'private') {
    privateEndpoint = new PrivateEndpoint(scope, ids.privateEndpoint, {
      ...placement,
      name: network.endpointName,
      subnetId: network.privateEndpointSubnetId,
      customNetworkInterfaceName: `${network.endpointName}-nic`,
      privateServiceConnection: {
        name: network.endpointName,
        privateConnectionResourceId: keyVault.id,
        subresourceNames: ['vault'],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [network.privateDnsZoneId] },
      tags,
    });
    if (ids.logicalIds) privateEndpoint.overrideLogicalId(ids.logicalIds.privateEndpoint);
  }

  const key = rotatingKey(scope, ids.key, {
    keyVault,
    keyName: options.keyName,
    hsm: options.hsm,
    keySize: options.keySize,
    keyOpts: options.keyOpts,
    tags,
    // Terraform creates the key on the data plane: through the private endpoint when the vault is private.
    dependsOn: privateEndpoint ? [deployerRole, privateEndpoint] : [deployerRole],
  });
  if (ids.logicalIds) key.overrideLogicalId(ids.logicalIds.key);

  return { keyVault, key, deployerRole, privateEndpoint };
}

/** What {@link rotatingKey} creates. */
export interface RotatingKeyOptions {
  readonly keyVault: KeyVault;
  readonly keyName: string;
  /** `RSA-HSM` (the vault must be Premium) instead of `RSA`. */
  readonly hsm: boolean;
  readonly keySize: number;
  readonly keyOpts: string[];
  readonly tags?: Record<string, string>;
  /** What Terraform needs before it can write the key on the vault's data plane (the deployer's role, the endpoint). */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * An RSA key in `keyVault` with the baseline's rotation ({@link KEY_ROTATE_AFTER}, {@link KEY_EXPIRE_AFTER}) and
 * `prevent_destroy`: what it encrypts is unreadable without it. {@link customerManagedKey} creates the vault's first
 * key with it; a vault may hold more keys for other purposes (AKS: etcd KMS and the node disks).
 */
export function rotatingKey(scope: Construct, id: string, options: RotatingKeyOptions): KeyVaultKey {
  const { tags } = options;
  return new KeyVaultKey(scope, id, {
    keyVaultId: options.keyVault.id,
    name: options.keyName,
    keyType: options.hsm ? 'RSA-HSM' : 'RSA',
    keySize: options.keySize,
    keyOpts: options.keyOpts,
    // The first version expires like every rotated one, two years after the plan that creates it. The date is
    // computed by Terraform, so synth output stays deterministic; later versions take theirs from the rotation
    // policy, so Terraform ignores the attribute afterwards instead of fighting the rotation.
    expirationDate: firstVersionExpirationDate(),
    rotationPolicy: {
      automatic: { timeAfterCreation: KEY_ROTATE_AFTER },
      expireAfter: KEY_EXPIRE_AFTER,
      notifyBeforeExpiry: KEY_NOTIFY_BEFORE_EXPIRY,
    },
    tags,
    dependsOn: options.dependsOn,
    lifecycle: { preventDestroy: true, ignoreChanges: ['expiration_date'] },
  });
}

/** Grants `principalId` (a managed identity) a Key Vault role on `keyVault`. */
export function grantKeyRole(scope: Construct, id: string, keyVault: KeyVault, roleDefinitionName: string, principalId: string): RoleAssignment {
  return new RoleAssignment(scope, id, {
    scope: keyVault.id,
    roleDefinitionName,
    principalId,
    principalType: 'ServicePrincipal',
    // A new identity takes a while to replicate in Entra ID; without this the assignment can fail.
    skipServicePrincipalAadCheck: true,
  });
}

/** {@link KEY_EXPIRE_AFTER} after the plan that creates the key, as a Terraform expression. */
function firstVersionExpirationDate(): string {
  return Fn.timeadd(Fn.plantimestamp(), KEY_EXPIRE_AFTER_HOURS);
}
