import { ApiObject } from 'cdk8s';
import { KubeStorageClass } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { isDnsSubdomain, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';
import { show } from '../../core/show';
import {
  CUSTOMER_KEY_PARAMETERS, DEFAULT_STORAGE_CLASS_ANNOTATION, MIN_PLATFORM_MANAGED_KEY_REASON_LENGTH, PLATFORM_MANAGED_KEY_REASON_ANNOTATION,
} from '../../core/storage-encryption';

/** Options of {@link StorageClassDisk.awsEbs}. */
export interface AwsEbsDiskOptions {
  /**
   * The customer-managed KMS key, as a key ARN or an alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`: EBS
   * resolves it when the volume is created, so manifests can name a key CloudFormation has not created yet). The
   * EBS CSI controller's role needs `kms:CreateGrant` (for AWS resources), `kms:GenerateDataKey*`, `kms:Decrypt`
   * and `kms:DescribeKey` on it (`EksCluster` grants them for its volume key).
   * @default - none: only with the class's `platformManagedKeyReason`
   */
  readonly kmsKeyId?: string;
  /**
   * The EBS volume type.
   * @default 'gp3'
   */
  readonly volumeType?: string;
}

/** Options of {@link StorageClassDisk.azureDisk}. */
export interface AzureDiskOptions {
  /**
   * Resource ID of the disk encryption set holding the customer-managed key. The cluster's identity needs Reader
   * on it (`AksCluster` grants it for its node disk encryption set).
   * @default - none: only with the class's `platformManagedKeyReason`
   */
  readonly diskEncryptionSetId?: string;
  /**
   * The managed disk SKU.
   * @default 'StandardSSD_LRS' (the disk of AKS' own default class, `managed-csi`)
   */
  readonly skuName?: string;
}

/** Options of {@link StorageClassDisk.gcpPersistentDisk}. */
export interface GcpPersistentDiskOptions {
  /**
   * The Cloud KMS key, `projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>`, in the cluster's
   * region. The Compute Engine service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it
   * (`GkeCluster` grants it for its node disk key).
   * @default - none: only with the class's `platformManagedKeyReason`
   */
  readonly kmsKeyName?: string;
  /**
   * The persistent disk type.
   * @default 'pd-balanced' (the disk of GKE's own default class, `standard-rwo`)
   */
  readonly type?: string;
}

const KEY_SHAPES: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  'ebs.csi.aws.com': { pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, example: 'arn:aws:kms:eu-west-1:111111111111:alias/eks/acme-prod/volumes' },
  'disk.csi.azure.com': {
    pattern: /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/diskEncryptionSets\/[^/]+$/i,
    example: '/subscriptions/<id>/resourceGroups/rg-acme-prod-aks/providers/Microsoft.Compute/diskEncryptionSets/des-acme-prod-aks-nodes',
  },
  'pd.csi.storage.gke.io': {
    pattern: /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/,
    example: 'projects/acme-prod/locations/europe-west1/keyRings/acme-prod-gke/cryptoKeys/gke-node-disks',
  },
};

/**
 * The disks a {@link EncryptedStorageClass} provisions: the cloud's disk CSI driver, its disk type and the customer
 * key it encrypts them with.
 */
export class StorageClassDisk {
  /** EBS volumes through the EBS CSI driver (`ebs.csi.aws.com`), encrypted with a customer-managed KMS key. */
  public static awsEbs(options: AwsEbsDiskOptions = {}): StorageClassDisk {
    return new StorageClassDisk('ebs.csi.aws.com', 'kmsKeyId', options.kmsKeyId, { type: options.volumeType ?? 'gp3' });
  }

  /** Azure managed disks through the Azure Disk CSI driver (`disk.csi.azure.com`), encrypted through a disk encryption set. */
  public static azureDisk(options: AzureDiskOptions = {}): StorageClassDisk {
    return new StorageClassDisk('disk.csi.azure.com', 'diskEncryptionSetId', options.diskEncryptionSetId, { skuName: options.skuName ?? 'StandardSSD_LRS' });
  }

  /** Persistent disks through the GKE PD CSI driver (`pd.csi.storage.gke.io`), encrypted with a Cloud KMS key (CMEK). */
  public static gcpPersistentDisk(options: GcpPersistentDiskOptions = {}): StorageClassDisk {
    return new StorageClassDisk('pd.csi.storage.gke.io', 'kmsKeyName', options.kmsKeyName, { type: options.type ?? 'pd-balanced' });
  }

  private constructor(
    /** The CSI driver's name. */
    public readonly provisioner: string,
    /** The option that named the key, for messages. */
    public readonly keyOption: string,
    /** The customer key (or disk encryption set), if any. */
    public readonly key: string | undefined,
    /** The disk parameters apart from encryption. */
    public readonly diskParameters: Readonly<Record<string, string>>,
  ) {}

  /** The class's `parameters`: the disk's, then the driver's customer-key parameters when there is a key. */
  public parameters(): Record<string, string> {
    if (this.key === undefined) return { ...this.diskParameters };
    const driver = CUSTOMER_KEY_PARAMETERS[this.provisioner];
    return { ...this.diskParameters, ...driver.required, [driver.keyParameter]: this.key };
  }
}

/** Props of an {@link EncryptedStorageClass}. */
export interface EncryptedStorageClassProps {
  /** The cloud's disk and the customer key. */
  readonly disk: StorageClassDisk;
  /**
   * The class name claims reference in `storageClassName`.
   * @default 'baseline-encrypted'
   */
  readonly name?: string;
  /**
   * Marks the class as the cluster's default (`storageclass.kubernetes.io/is-default-class: "true"`), so claims that
   * name no class get the customer key. The cloud's own default class keeps its annotation: the cloud manages it, and
   * Kubernetes gives a claim the newest default class, which this one is (it is applied after the cluster exists).
   * @default true
   */
  readonly defaultClass?: boolean;
  /**
   * Why the disks keep the cloud's platform-managed keys: only when the disk names no key (e.g. an AKS cluster
   * created before the baseline encrypted disks has no disk encryption set). **Weakens the baseline**: recorded in
   * the `baseline.io/platform-managed-key-reason` annotation, which the policy report shows.
   * @default - none: the disk must name a customer key
   */
  readonly platformManagedKeyReason?: string;
  /**
   * Labels on the object (the mandatory labels).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/**
 * A `StorageClass` (`storage.k8s.io/v1`) whose volumes are encrypted with the customer's key, the way the baseline
 * encrypts everything else it stores:
 *
 * - `reclaimPolicy: Retain`: deleting a claim (or the namespace, or the StatefulSet with its claims) leaves the disk
 *   and its data; an operator deletes the released PersistentVolume and the disk on purpose;
 * - `allowVolumeExpansion: true`: a full volume (Prometheus' stops every alert) grows in place;
 * - `volumeBindingMode: WaitForFirstConsumer`: the disk is created in the zone of the node its pod is scheduled to,
 *   never in a zone the pod cannot reach.
 */
export class EncryptedStorageClass extends Construct {
  /** The StorageClass (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;
  /** The name claims reference. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EncryptedStorageClassProps) {
    super(scope, id);
    this.name = props.name ?? 'baseline-encrypted';
    this.node.addValidation(new Problems(`EncryptedStorageClass ${JSON.stringify(this.name)}`).push(...validate(this.name, props)));

    const reason = props.disk instanceof StorageClassDisk && props.disk.key === undefined ? props.platformManagedKeyReason : undefined;
    const annotations: Record<string, string> = {
      ...((props.defaultClass ?? true) && { [DEFAULT_STORAGE_CLASS_ANNOTATION]: 'true' }),
      ...(reason !== undefined && { [PLATFORM_MANAGED_KEY_REASON_ANNOTATION]: reason }),
    };
    this.apiObject = new KubeStorageClass(this, 'Resource', {
      metadata: { name: this.name, labels: { ...props.labels }, ...(Object.keys(annotations).length > 0 && { annotations }) },
      provisioner: props.disk instanceof StorageClassDisk ? props.disk.provisioner : String(props.disk),
      parameters: props.disk instanceof StorageClassDisk ? props.disk.parameters() : {},
      reclaimPolicy: 'Retain',
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  }
}

function validate(name: string, props: EncryptedStorageClassProps): string[] {
  const problems: string[] = [];
  if (!isDnsSubdomain(name)) {
    problems.push(`name ${show(name)} is not a StorageClass name (expected a DNS subdomain, like baseline-encrypted)`);
  }
  const disk = props.disk;
  if (!(disk instanceof StorageClassDisk)) {
    problems.push(`disk ${show(disk)} is not a StorageClassDisk (expected StorageClassDisk.awsEbs(...), .azureDisk(...) or .gcpPersistentDisk(...))`);
    return problems;
  }
  const reason = props.platformManagedKeyReason;
  const shape = KEY_SHAPES[disk.provisioner];
  if (disk.key !== undefined) {
    if (!shape.pattern.test(disk.key)) {
      problems.push(`disk ${disk.keyOption} ${show(disk.key)} is not ${CUSTOMER_KEY_PARAMETERS[disk.provisioner].keyDescription} (expected like ${shape.example})`);
    }
    if (reason !== undefined) {
      problems.push(`platformManagedKeyReason ${show(reason)} is set while the disk names a customer key (expected one of the two: the key, or the reason there is none)`);
    }
  } else if (reason === undefined) {
    problems.push(`disk names no customer key (expected ${disk.keyOption}, ${CUSTOMER_KEY_PARAMETERS[disk.provisioner].keyDescription}; or platformManagedKeyReason saying why the volumes keep platform-managed keys)`);
  } else if (reason.trim().length < MIN_PLATFORM_MANAGED_KEY_REASON_LENGTH) {
    problems.push(`platformManagedKeyReason ${show(reason)} is not a reason (expected at least ${MIN_PLATFORM_MANAGED_KEY_REASON_LENGTH} characters saying why, e.g. a ticket reference)`);
  }
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
