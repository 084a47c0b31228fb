import type { Violation } from '../types';
import { block } from './terraform';
import { expected, isRecord } from './values';

/** How a Terraform state backend is named in findings and exceptions. */
export const BACKEND_RESOURCE = 'terraform.backend';

/**
 * Checks that a `cdk.tf.json` document keeps its state remotely, locked and encrypted under the organization's
 * control. Local state (no backend) is the first thing this catches: it is neither locked nor shared.
 */
export function stateBackendViolations(document: any): Violation[] {
  const backends = isRecord(document?.terraform?.backend) ? document.terraform.backend : {};
  const types = Object.keys(backends);
  const violation = (message: string): Violation[] => [{ resource: BACKEND_RESOURCE, message }];
  if (types.length === 0) {
    return violation('no backend is configured, so state is local, unlocked and unencrypted (expected a remote backend: azurerm, gcs or s3)');
  }
  const type = types[0];
  const config = block(backends[type]) ?? {};
  switch (type) {
    // Blob leases lock azurerm state and storage encrypts it at rest; Entra ID auth keeps storage account keys out.
    case 'azurerm':
      return config.use_azuread_auth === true ? [] : violation(expected('backend azurerm use_azuread_auth', config.use_azuread_auth, 'true: Entra ID auth, no storage account key'));
    // gcs locks natively; the key makes the encryption the organization's.
    case 'gcs':
      return typeof config.kms_encryption_key === 'string' && config.kms_encryption_key !== ''
        ? []
        : violation(expected('backend gcs kms_encryption_key', config.kms_encryption_key, 'a customer-managed Cloud KMS key'));
    case 's3': {
      const problems: string[] = [];
      if (config.encrypt !== true) problems.push(expected('backend s3 encrypt', config.encrypt, 'true'));
      if (config.use_lockfile !== true && !config.dynamodb_table) problems.push(expected('backend s3 use_lockfile', config.use_lockfile, 'true (or a dynamodb_table)'));
      return problems.flatMap(violation);
    }
    default:
      return violation(`backend ${JSON.stringify(type)} is not a supported remote backend (expected azurerm, gcs or s3, with locking and encryption)`);
  }
}

