/**
 * How a Kubernetes StorageClass asks each cloud's disk CSI driver for volumes encrypted with the customer's key,
 * written once for the construct that renders classes and the policy rule that judges them.
 */

/** The annotation that makes a StorageClass the cluster's default: claims without `storageClassName` get it. */
export const DEFAULT_STORAGE_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/**
 * The annotation on which a StorageClass records why its volumes keep the cloud's platform-managed keys (an AKS
 * cluster created before the baseline encrypted disks has no disk encryption set to name): the policy report shows it.
 */
export const PLATFORM_MANAGED_KEY_REASON_ANNOTATION = 'baseline.io/platform-managed-key-reason';

/** The shortest reason a reviewer can judge; as for public exposure, "n/a" is not one. */
export const MIN_PLATFORM_MANAGED_KEY_REASON_LENGTH = 10;

/** What a StorageClass of one CSI driver must carry for its volumes to be encrypted with a customer key. */
export interface CustomerKeyParameters {
  /** The cloud whose managed disks the driver provisions. */
  readonly cloud: 'aws' | 'azure' | 'gcp';
  /** The parameter naming the key (or, on Azure, the disk encryption set holding it). */
  readonly keyParameter: string;
  /** What the key parameter holds, for messages. */
  readonly keyDescription: string;
  /** Other parameters that must hold exactly these values. */
  readonly required: Readonly<Record<string, string>>;
}

/**
 * The disk CSI drivers of EKS, AKS and GKE, by provisioner name, with the parameters that give their volumes the
 * customer's key (each driver's README: aws-ebs-csi-driver `docs/parameters.md`, azuredisk-csi-driver
 * `docs/driver-parameters.md`, gcp-compute-persistent-disk-csi-driver `README.md`).
 */
export const CUSTOMER_KEY_PARAMETERS: Readonly<Record<string, CustomerKeyParameters>> = {
  'ebs.csi.aws.com': {
    cloud: 'aws',
    keyParameter: 'kmsKeyId',
    keyDescription: 'a customer-managed KMS key (key or alias ARN)',
    // Without `encrypted: "true"` the driver ignores kmsKeyId.
    required: { encrypted: 'true' },
  },
  'disk.csi.azure.com': {
    cloud: 'azure',
    keyParameter: 'diskEncryptionSetID',
    keyDescription: 'the resource ID of a disk encryption set with a customer-managed key',
    required: {},
  },
  'pd.csi.storage.gke.io': {
    cloud: 'gcp',
    keyParameter: 'disk-encryption-kms-key',
    keyDescription: 'a Cloud KMS key (projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>)',
    required: {},
  },
};
