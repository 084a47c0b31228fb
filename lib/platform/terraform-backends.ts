import { AzurermBackend, GcsBackend, TerraformStack } from 'cdktf';
import { naming } from '../naming';
import type { TerraformStateSpec } from '../spec';

/**
 * Remote state for a Terraform stack. Locking and encryption are not options here:
 * - azurerm: blob leases lock the state; storage service encryption is always on; Entra ID auth, no access keys.
 * - gcs: object generations lock the state; objects are encrypted with the organization's Cloud KMS key.
 */
export function addRemoteState(stack: TerraformStack, cloud: 'azure' | 'gcp', stackName: string, state: TerraformStateSpec): void {
  if (cloud === 'azure') {
    const azure = state.azure!;
    new AzurermBackend(stack, {
      subscriptionId: azure.subscriptionId,
      resourceGroupName: azure.resourceGroupName,
      storageAccountName: azure.storageAccountName,
      containerName: azure.containerName ?? 'tfstate',
      key: naming.terraformStateKey(stackName),
      useAzureadAuth: true,
    });
  } else {
    const gcp = state.gcp!;
    new GcsBackend(stack, {
      bucket: gcp.bucket,
      prefix: stackName,
      kmsEncryptionKey: gcp.kmsEncryptionKey,
    });
  }
}
