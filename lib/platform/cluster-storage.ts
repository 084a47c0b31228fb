import type { Construct } from 'constructs';
import { EncryptedStorageClass, StorageClassDisk } from '../../constructs/k8s/encrypted-storage-class';
import { naming } from '../naming';
import type { Cloud, Environment, Organization } from '../spec';
import { awsPartitionOf } from '../spec/clouds';
import { BASELINE_STORAGE_CLASS } from '../standards/storage';

/**
 * The disks of an environment's cluster on a cloud, encrypted with the key the cloud's stack already holds for the
 * node disks (one customer key per cluster for every disk it has): on EKS the volume key by its alias, on AKS the
 * node disk encryption set, on GKE the node disk key. Each is named by an address known before the stack is
 * applied (`lib/naming.ts`), which the read-back tests compare with the synthesized stacks.
 */
export function clusterStorageDisk(org: Organization, env: Environment, cloud: Cloud): { disk: StorageClassDisk; platformManagedKeyReason?: string } {
  switch (cloud) {
    case 'aws': {
      const aws = env.aws!;
      return { disk: StorageClassDisk.awsEbs({ kmsKeyId: `arn:${awsPartitionOf(aws.region)}:kms:${aws.region}:${aws.account}:${naming.eksVolumeKeyAlias(org.name, env.name)}` }) };
    }
    case 'azure': {
      const azure = env.azure!;
      // A cluster created before the baseline encrypted node disks has no disk encryption set; its reason carries over.
      if (azure.platformManagedNodeDisks) {
        return { disk: StorageClassDisk.azureDisk(), platformManagedKeyReason: `AKS cluster without a disk encryption set (platformManagedNodeDisks): ${azure.platformManagedNodeDisks.reason}` };
      }
      const des = naming.aksDiskEncryptionSet(org.name, env.name);
      return {
        disk: StorageClassDisk.azureDisk({
          diskEncryptionSetId: `/subscriptions/${azure.subscriptionId}/resourceGroups/${des.resourceGroupName}/providers/Microsoft.Compute/diskEncryptionSets/${des.name}`,
        }),
      };
    }
    case 'gcp': {
      const gcp = env.gcp!;
      const key = naming.gkeDisksKey(org.name, env.name);
      return { disk: StorageClassDisk.gcpPersistentDisk({ kmsKeyName: `projects/${gcp.project}/locations/${gcp.region}/keyRings/${key.keyRing}/cryptoKeys/${key.key}` }) };
    }
  }
}

/** The cluster's default StorageClass, encrypted with the customer key of {@link clusterStorageDisk}. */
export function clusterStorageClass(scope: Construct, id: string, org: Organization, env: Environment, cloud: Cloud): EncryptedStorageClass {
  return new EncryptedStorageClass(scope, id, { name: BASELINE_STORAGE_CLASS, ...clusterStorageDisk(org, env, cloud) });
}
