import { controlById } from '../../controls';
import { eachCfnResource } from '../../private/cloudformation';
import { block, eachResource } from '../../private/terraform';
import { expected, isRecord } from '../../private/values';
import type { Rule } from '../../types';

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
