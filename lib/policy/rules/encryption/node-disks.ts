import { AZURE_VM_TEMP_DISK_GIB, ephemeralOsDiskGiB } from '../../../../core/azure-vm-disks';
import { controlById } from '../../controls';
import { eachCfnResource } from '../../private/cloudformation';
import { block, eachResource, refersTo, terraformResources, type TerraformResource } from '../../private/terraform';
import { expected, isRecord, show } from '../../private/values';
import type { Rule } from '../../types';

/**
 * The tag on which an AKS cluster records why its node disks keep platform-managed keys (AksCluster's
 * `platformManagedNodeDisks`, for a cluster created before). TF-AZURE-AKS-NODE-DISKS-EXCEPTIONS lists every one.
 */
export const NODE_DISKS_PLATFORM_KEY_REASON_TAG = 'node-disks-platform-key-reason';
/** Disk encryption types that use the customer's key. */
const CUSTOMER_KEY_ENCRYPTION_TYPES = ['EncryptionAtRestWithCustomerKey', 'EncryptionAtRestWithPlatformAndCustomerKeys', 'ConfidentialVmEncryptedWithCustomerKey'];

/** The reason a cluster records for keeping platform-managed keys on its node disks, if any. */
function platformKeyReason(cluster: TerraformResource): string | undefined {
  const reason = isRecord(cluster.body.tags) ? cluster.body.tags[NODE_DISKS_PLATFORM_KEY_REASON_TAG] : undefined;
  return typeof reason === 'string' && reason.trim() !== '' ? reason : undefined;
}

/** EKS node volumes: encrypted with a customer-managed KMS key in the node group's launch template. */
export const cfnNodeDisksCmk: Rule = {
  id: 'CFN-EKS-NODE-DISKS-CMK',
  severity: 'error',
  controls: [controlById('node-disks-cmk').id],
  description: 'Every EBS volume of a launch template (the EKS node groups\') is encrypted with a customer-managed KMS key.',
  remediation: 'Set BlockDeviceMappings[].Ebs.Encrypted = true and KmsKeyId to the environment\'s node-volume key (EksCluster does this).',
  kind: 'cloudformation',
  clouds: ['aws'],
  check: (artifact) => eachCfnResource(artifact, ['AWS::EC2::LaunchTemplate'], ({ properties }) => {
    const mappings = properties.LaunchTemplateData?.BlockDeviceMappings;
    return (Array.isArray(mappings) ? mappings : []).filter((m) => isRecord(m?.Ebs)).flatMap((m, i) => [
      m.Ebs.Encrypted !== true ? expected(`LaunchTemplateData.BlockDeviceMappings[${i}].Ebs.Encrypted`, m.Ebs.Encrypted, 'true') : undefined,
      m.Ebs.KmsKeyId === undefined ? expected(`LaunchTemplateData.BlockDeviceMappings[${i}].Ebs.KmsKeyId`, undefined, 'a customer-managed KMS key') : undefined,
    ]);
  }),
};

/** GKE node boot disks: encrypted with a Cloud KMS key (CMEK). */
export const gcpNodeDisksCmk: Rule = {
  id: 'TF-GCP-GKE-NODE-DISKS-CMK',
  severity: 'error',
  controls: [controlById('node-disks-cmk').id],
  description: 'GKE node pools encrypt their boot disks with a customer-managed Cloud KMS key (Checkov CKV_GCP_70).',
  remediation: 'Set node_config.boot_disk_kms_key to a key in the cluster\'s region that the Compute Engine service agent may use (GkeCluster does this).',
  kind: 'terraform',
  clouds: ['gcp'],
  check: (artifact) => eachResource(artifact, ['google_container_node_pool'], ({ body }) => {
    const key = block(body.node_config)?.boot_disk_kms_key;
    return [key ? undefined : expected('node_config.boot_disk_kms_key', key, 'a Cloud KMS key')];
  }),
};

/** AKS node OS disks: encrypted with a customer-managed key through a disk encryption set. */
export const azureNodeDisksCmk: Rule = {
  id: 'TF-AZURE-AKS-NODE-DISKS-CMK',
  severity: 'error',
  controls: [controlById('node-disks-cmk').id],
  description: 'AKS clusters encrypt the node OS disks with a customer-managed key: disk_encryption_set_id names a disk encryption set with a Key Vault key and a customer-key encryption type (Checkov CKV_AZURE_117). '
    + `A cluster created before keeps platform-managed keys only with the reason in its ${NODE_DISKS_PLATFORM_KEY_REASON_TAG} tag, which TF-AZURE-AKS-NODE-DISKS-EXCEPTIONS lists.`,
  remediation: 'Create the cluster with AksCluster without platformManagedNodeDisks. AKS takes a disk encryption set only when a cluster is created: an existing cluster is rebuilt (see README, "AKS node disks").',
  kind: 'terraform',
  clouds: ['azure'],
  check: (artifact) => {
    const sets = terraformResources(artifact.document, 'azurerm_disk_encryption_set');
    return eachResource(artifact, ['azurerm_kubernetes_cluster'], (cluster) => {
      if (platformKeyReason(cluster) !== undefined) return [];
      const id = cluster.body.disk_encryption_set_id;
      if (typeof id !== 'string' || id.trim() === '') {
        return [expected('disk_encryption_set_id', id, `a disk encryption set with a customer-managed key (or, on a cluster created before, the reason in the ${NODE_DISKS_PLATFORM_KEY_REASON_TAG} tag)`)];
      }
      // A set of another stack is named by its resource ID, which this artifact cannot look into.
      const set = sets.find((s) => refersTo(id, s));
      if (!set) return [];
      const type = set.body.encryption_type ?? 'EncryptionAtRestWithCustomerKey';
      return [
        CUSTOMER_KEY_ENCRYPTION_TYPES.includes(type) ? undefined
          : `${set.address} ${expected('encryption_type', type, `one with the customer's key (${CUSTOMER_KEY_ENCRYPTION_TYPES.join(', ')})`)}`,
        typeof set.body.key_vault_key_id === 'string' && set.body.key_vault_key_id !== '' ? undefined
          : `${set.address} ${expected('key_vault_key_id', set.body.key_vault_key_id, 'a Key Vault key')}`,
      ];
    });
  },
};

/**
 * Every AKS cluster that keeps platform-managed keys on its node disks, with its reason, as a warning: the policy
 * report shows the exception without failing the check.
 */
export const azureNodeDisksExceptions: Rule = {
  id: 'TF-AZURE-AKS-NODE-DISKS-EXCEPTIONS',
  severity: 'warning',
  controls: [controlById('node-disks-cmk').id],
  description: `AKS clusters created before the baseline encrypted node disks, which keep platform-managed keys with the reason in their ${NODE_DISKS_PLATFORM_KEY_REASON_TAG} tag: listed so the report shows each reason.`,
  remediation: 'Nothing to fix while the reason holds; rebuild the cluster without platformManagedNodeDisks (see README, "AKS node disks") and the warning goes.',
  kind: 'terraform',
  clouds: ['azure'],
  check: (artifact) => eachResource(artifact, ['azurerm_kubernetes_cluster'], (cluster) => {
    const reason = platformKeyReason(cluster);
    return [reason === undefined ? undefined : `node disks keep platform-managed keys: ${show(reason)}`];
  }),
};

/** AKS node pools put the OS disk on the VM's temp disk where the VM size is known to hold it. */
export const azureEphemeralOsDisks: Rule = {
  id: 'TF-AZURE-AKS-EPHEMERAL-OS-DISK',
  severity: 'error',
  controls: [controlById('node-disks-cmk').id],
  description: 'AKS node pools whose VM size has a temp disk known to hold the OS disk (the baseline\'s VM size table) use an ephemeral OS disk: no node disk outlives its node, and nodes scale and reimage faster (PSRule Azure.AKS.EphemeralOSDisk). '
    + `Pools of a cluster with the ${NODE_DISKS_PLATFORM_KEY_REASON_TAG} tag keep their managed OS disks.`,
  remediation: 'Leave AksNodePoolSize.ephemeralOsDisk at its default (true for the sizes of AZURE_VM_TEMP_DISK_GIB); on a cluster created before, the pool changes by rotation (temporary_name_for_rotation), which does not drain: plan it.',
  kind: 'terraform',
  clouds: ['azure'],
  check: (artifact) => {
    const clusters = terraformResources(artifact.document, 'azurerm_kubernetes_cluster');
    const pool = (where: string, body: Record<string, any>, cluster: TerraformResource | undefined): string | undefined => {
      const size = body.vm_size;
      if (typeof size !== 'string' || ephemeralOsDiskGiB(size) === undefined) return undefined;
      if (cluster !== undefined && platformKeyReason(cluster) !== undefined) return undefined;
      return body.os_disk_type === 'Ephemeral' ? undefined
        : `${where}${expected('os_disk_type', body.os_disk_type, `"Ephemeral" (vm_size ${show(size)} has a ${AZURE_VM_TEMP_DISK_GIB[size]} GiB temp disk)`)}`;
    };
    return eachResource(artifact, ['azurerm_kubernetes_cluster', 'azurerm_kubernetes_cluster_node_pool'], (resource) => {
      if (resource.type === 'azurerm_kubernetes_cluster') {
        const defaultPool = block(resource.body.default_node_pool);
        return defaultPool ? [pool('default_node_pool.', defaultPool, resource)] : [];
      }
      return [pool('', resource.body, clusters.find((c) => refersTo(resource.body.kubernetes_cluster_id, c)))];
    });
  },
};
