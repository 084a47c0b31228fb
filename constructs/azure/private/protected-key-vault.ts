import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { Construct } from 'constructs';

/** How long a deleted vault (and its keys) stays recoverable: the Azure maximum. */
const SOFT_DELETE_RETENTION_DAYS = 90;

/** Where and how to create a {@link protectedKeyVault}. */
export interface ProtectedKeyVaultOptions {
  /** The vault's name, from `keyVaultName`. */
  readonly name: string;
  /** Entra ID tenant of the vault, usually the deploying client's. */
  readonly tenantId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags?: Record<string, string>;
}

/**
 * A Key Vault for a customer-managed encryption key: RBAC authorization only,
 * purge protection with the longest soft-delete period, and `prevent_destroy`,
 * because losing the vault makes whatever its key encrypts unreadable.
 *
 * The data plane is reachable on the public endpoint but every call needs an
 * Entra ID token and an RBAC role: the principal running Terraform creates the
 * key from outside the virtual network, and Azure services reading a key with
 * a user-assigned identity cannot pass the vault firewall's trusted-service
 * exception. Callers grant the roles.
 */
export function protectedKeyVault(scope: Construct, id: string, options: ProtectedKeyVaultOptions): KeyVault {
  return new KeyVault(scope, id, {
    name: options.name,
    resourceGroupName: options.resourceGroupName,
    location: options.location,
    tenantId: options.tenantId,
    skuName: 'standard',
    rbacAuthorizationEnabled: true,
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: SOFT_DELETE_RETENTION_DAYS,
    publicNetworkAccessEnabled: true,
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' },
    tags: options.tags,
    lifecycle: { preventDestroy: true },
  });
}
