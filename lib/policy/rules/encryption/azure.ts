import { controlById } from '../../controls';
import { block, blocks, eachResource, refersTo, terraformResources, TerraformResource } from '../../private/terraform';
import { expected, isRecord, show } from '../../private/values';
import type { Rule } from '../../types';

/**
 * The tag on which a baseline construct records why a resource keeps its public endpoint where the cloud leaves no
 * private path (AcrRegistry's Key Vault, the flow-log storage account). The rules accept it in place of a private
 * endpoint only with the firewall's other settings intact; TF-AZURE-DOCUMENTED-EXCEPTIONS reports every one.
 */
export const PUBLIC_NETWORK_ACCESS_REASON_TAG = 'public-network-access-reason';
/** Tags that record a reasoned deviation from the baseline, on the resource itself. */
const REASON_TAGS = [PUBLIC_NETWORK_ACCESS_REASON_TAG, 'public-api-server-reason'];
/** CIS Microsoft Azure Foundations: NSG/VNet flow logs kept at least 90 days. */
export const MIN_FLOW_LOG_RETENTION_DAYS = 90;

const terraform = { kind: 'terraform', clouds: ['azure'] } as const;

/** The reason recorded on a resource for keeping its public endpoint, if any. */
function publicReason(resource: TerraformResource): string | undefined {
  const tags = resource.body.tags;
  const reason = isRecord(tags) ? tags[PUBLIC_NETWORK_ACCESS_REASON_TAG] : undefined;
  return typeof reason === 'string' && reason.trim() !== '' ? reason : undefined;
}

/** Whether a private endpoint in the stack connects to `resource`. */
function hasPrivateEndpoint(resource: TerraformResource, endpoints: TerraformResource[]): boolean {
  return endpoints.some((e) => blocks(e.body.private_service_connection).some((c) => refersTo(c.private_connection_resource_id, resource)));
}

/** Key Vaults: no public network access, firewall Deny, reached through a private endpoint. */
export const azureKeyVaultPrivate: Rule = {
  ...terraform,
  id: 'TF-AZURE-KEY-VAULT-PRIVATE',
  severity: 'error',
  controls: [controlById('key-stores-private').id],
  description: 'Key Vaults have public network access off and the firewall on Deny (trusted Azure services may bypass it), and are reached through a private endpoint. '
    + `A vault whose consumer cannot use a private path keeps its public endpoint only with the reason in its ${PUBLIC_NETWORK_ACCESS_REASON_TAG} tag.`,
  remediation: 'Build the vault with the baseline\'s customer-managed key helper (AksCluster, AzureNetwork do): public_network_access_enabled = false, '
    + 'network_acls { default_action = "Deny", bypass = "AzureServices" }, and an azurerm_private_endpoint (subresource "vault") in the privatelink.vaultcore.azure.net zone.',
  check: (artifact) => {
    const endpoints = terraformResources(artifact.document, 'azurerm_private_endpoint');
    return eachResource(artifact, ['azurerm_key_vault'], (vault) => {
      const acls = block(vault.body.network_acls);
      if (publicReason(vault) !== undefined) {
        // A documented exception: the endpoint stays, but RBAC-only access and the trusted-service bypass do not go.
        return [acls?.bypass !== 'AzureServices' ? expected('network_acls.bypass', acls?.bypass, '"AzureServices"') : undefined];
      }
      return [
        vault.body.public_network_access_enabled !== false ? expected('public_network_access_enabled', vault.body.public_network_access_enabled, `false (or the reason in the ${PUBLIC_NETWORK_ACCESS_REASON_TAG} tag)`) : undefined,
        acls?.default_action !== 'Deny' ? expected('network_acls.default_action', acls?.default_action, '"Deny"') : undefined,
        hasPrivateEndpoint(vault, endpoints) ? undefined : 'no azurerm_private_endpoint connects to this vault (expected one with subresource "vault")',
      ];
    });
  },
};

/** Key Vault keys: rotated automatically, every version with an expiry. */
export const azureKeyRotationExpiry: Rule = {
  ...terraform,
  id: 'TF-AZURE-KEY-ROTATION-EXPIRY',
  severity: 'error',
  controls: [controlById('keys-rotated').id],
  description: 'Key Vault keys rotate automatically and expire: a rotation policy with time_after_creation and expire_after, and an expiration_date on the version Terraform creates (Checkov CKV_AZURE_40).',
  remediation: 'Set rotation_policy { automatic { time_after_creation }, expire_after, notify_before_expiry } and expiration_date (the baseline derives it from the plan time, with ignore_changes so rotation owns later versions).',
  check: (artifact) => eachResource(artifact, ['azurerm_key_vault_key'], ({ body }) => {
    const policy = block(body.rotation_policy);
    return [
      block(policy?.automatic)?.time_after_creation ? undefined : expected('rotation_policy.automatic.time_after_creation', block(policy?.automatic)?.time_after_creation, 'a rotation period like P180D'),
      policy?.expire_after ? undefined : expected('rotation_policy.expire_after', policy?.expire_after, 'a validity like P730D'),
      body.expiration_date ? undefined : expected('expiration_date', body.expiration_date, 'an expiry for the first version'),
    ];
  }),
};

/** Storage accounts (the flow-log store): Entra ID only, SAS bounded, private, customer-keyed. */
export const azureStorageLockedDown: Rule = {
  ...terraform,
  id: 'TF-AZURE-STORAGE-LOCKED-DOWN',
  severity: 'error',
  controls: [controlById('log-storage-locked-down').id],
  description: 'Storage accounts take Entra ID only (shared keys off, a SAS expiration policy), are encrypted with a customer-managed key, are reached through a private endpoint, '
    + `and have public network access off; where a trusted Azure service must write through the public endpoint, the firewall denies everyone else and the ${PUBLIC_NETWORK_ACCESS_REASON_TAG} tag says why.`,
  remediation: 'Set shared_access_key_enabled = false (storage_use_azuread = true on the provider), sas_policy { expiration_period }, a customer_managed_key (or azurerm_storage_account_customer_managed_key), '
    + 'an azurerm_private_endpoint (subresource "blob") and public_network_access_enabled = false, as AzureNetwork does for its flow-log account.',
  check: (artifact) => {
    const endpoints = terraformResources(artifact.document, 'azurerm_private_endpoint');
    const keys = terraformResources(artifact.document, 'azurerm_storage_account_customer_managed_key');
    return eachResource(artifact, ['azurerm_storage_account'], (account) => {
      const { body } = account;
      const rules = block(body.network_rules);
      const customerKey = block(body.customer_managed_key) !== undefined || keys.some((k) => refersTo(k.body.storage_account_id, account));
      const reason = publicReason(account);
      return [
        body.shared_access_key_enabled !== false ? expected('shared_access_key_enabled', body.shared_access_key_enabled, 'false: Entra ID only') : undefined,
        block(body.sas_policy)?.expiration_period ? undefined : expected('sas_policy.expiration_period', block(body.sas_policy)?.expiration_period, 'a SAS expiration period like 01.00:00:00'),
        customerKey ? undefined : 'no customer-managed key encrypts this account (expected customer_managed_key or an azurerm_storage_account_customer_managed_key)',
        hasPrivateEndpoint(account, endpoints) ? undefined : 'no azurerm_private_endpoint connects to this account (expected one with subresource "blob")',
        body.public_network_access_enabled === false ? undefined
          : reason === undefined ? expected('public_network_access_enabled', body.public_network_access_enabled, `false (or the reason in the ${PUBLIC_NETWORK_ACCESS_REASON_TAG} tag)`)
            : rules?.default_action !== 'Deny' ? expected('network_rules.default_action', rules?.default_action, '"Deny": a public endpoint kept for a trusted service admits nobody else') : undefined,
      ];
    });
  },
};

/** VNet/NSG flow logs: kept at least as long as CIS asks. */
export const azureFlowLogRetention: Rule = {
  ...terraform,
  id: 'TF-AZURE-FLOW-LOG-RETENTION',
  severity: 'error',
  controls: [controlById('flow-logs-on').id],
  description: `Network Watcher flow logs keep their records at least ${MIN_FLOW_LOG_RETENTION_DAYS} days (CIS Microsoft Azure Foundations).`,
  remediation: `Set retention_policy { enabled = true, days >= ${MIN_FLOW_LOG_RETENTION_DAYS} } (the tier knob network.flowLogRetentionDays).`,
  check: (artifact) => eachResource(artifact, ['azurerm_network_watcher_flow_log'], ({ body }) => {
    const retention = block(body.retention_policy);
    const days = retention?.days;
    return [
      retention?.enabled !== true ? expected('retention_policy.enabled', retention?.enabled, 'true') : undefined,
      typeof days === 'number' && days < MIN_FLOW_LOG_RETENTION_DAYS ? expected('retention_policy.days', days, `at least ${MIN_FLOW_LOG_RETENTION_DAYS}`) : undefined,
      days === undefined ? expected('retention_policy.days', days, `at least ${MIN_FLOW_LOG_RETENTION_DAYS}`) : undefined,
    ];
  }),
};

/**
 * Every reasoned deviation recorded on a resource, as a warning: the policy report lists them, so an exception the
 * cloud forces (or a reviewed opt-in, like a public API server) stays visible without failing the check.
 */
export const azureDocumentedExceptions: Rule = {
  ...terraform,
  id: 'TF-AZURE-DOCUMENTED-EXCEPTIONS',
  severity: 'warning',
  controls: [controlById('key-stores-private').id],
  description: `Resources that record a reasoned deviation from the baseline on themselves (${REASON_TAGS.join(', ')} tags), listed so the report shows each reason.`,
  remediation: 'Nothing to fix while the reason holds; remove the deviation (and its tag) when the cloud offers a private path.',
  check: (artifact) => terraformResources(artifact.document).flatMap((resource) => {
    const tags = isRecord(resource.body.tags) ? resource.body.tags : {};
    return REASON_TAGS.filter((tag) => typeof tags[tag] === 'string').map((tag) => ({
      resource: resource.address,
      message: `${tag}: ${show(tags[tag])}`,
    }));
  }),
};
