import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool, ContainerNodePoolNodeConfigTaint } from '@cdktf/provider-google/lib/container-node-pool';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Annotations, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { GkeClusterAttributes, IGkeCluster } from './gke-cluster-ref';
import { GkeReleaseChannel } from './gke-release-channel';
import { ImportedGkeCluster } from './private/imported-gke-cluster';
import { createServiceAgentKey, KEY_ROTATION_PERIOD, serviceAgentMember } from './private/kms';
import { GCP_NAME_PATTERN, gcpNameWithin, gcpResourceName } from './private/names';
import { checkPlacement, isKnown } from './private/placement';
import { ipv4CidrProblem, overlaps, parseIpv4Cidr } from '../../core/cidr';
import { enumLikeProblem } from '../../core/enum-like';
import { Problems } from '../../core/problems';
import { ClusterPublicEndpoint, PUBLIC_ENDPOINT_RECORD, publicEndpointProblems } from '../../core/public-endpoint';

/** A network allowed to reach the cluster's control plane. */
export interface GkeAuthorizedNetwork {
  /** IPv4 CIDR, e.g. "10.20.0.0/20". */
  readonly cidr: string;

  /** Display name, shown in the console, e.g. "nodes" or "vpn". */
  readonly name: string;
}

/**
 * The recurring window in which GKE may upgrade and maintain the cluster.
 *
 * GKE rejects a window that leaves less than 48 hours of maintenance time in any 32 days.
 */
export interface GkeMaintenanceWindow {
  /** Start of the first occurrence, RFC 3339 in UTC, e.g. "2024-01-06T00:00:00Z". Only its time of day and weekday matter. */
  readonly startTime: string;

  /** End of the first occurrence, RFC 3339 in UTC, after `startTime`, e.g. "2024-01-06T08:00:00Z". */
  readonly endTime: string;

  /** RFC 5545 recurrence rule, e.g. "FREQ=WEEKLY;BYDAY=SA,SU". */
  readonly recurrence: string;
}

/** Sizing of one node pool. The cluster is regional, so the pool runs in 3 zones and every per-zone count is tripled. */
export interface GkeNodePoolOptions {
  /** Fewest nodes the autoscaler keeps in each zone. */
  readonly minNodeCountPerZone: number;

  /** Most nodes the autoscaler adds in each zone. */
  readonly maxNodeCountPerZone: number;

  /**
   * Compute Engine machine type.
   *
   * @default 'e2-standard-2' for the system pool, 'e2-standard-4' for the general pool
   */
  readonly machineType?: string;

  /**
   * Size of each node's boot disk (pd-balanced), in GiB.
   *
   * @default 50 for the system pool, 100 for the general pool
   */
  readonly diskSizeGiB?: number;
}

/** The two node pools of a {@link GkeCluster}. */
export interface GkeNodePools {
  /**
   * The pool for cluster add-ons, tainted `CriticalAddonsOnly=true:NoSchedule` so that only pods tolerating it
   * (GKE's own system pods, and add-ons the platform marks) run there.
   *
   * @default 1 to 2 nodes per zone of e2-standard-2 with 50 GiB disks
   */
  readonly system?: GkeNodePoolOptions;

  /**
   * The pool for workloads.
   *
   * @default 1 to 5 nodes per zone of e2-standard-4 with 100 GiB disks
   */
  readonly general?: GkeNodePoolOptions;
}

/**
 * An explicit, reviewed decision to expose the control plane on a public IP, reachable from `masterAuthorizedNetworks`.
 * @deprecated use {@link ClusterPublicEndpoint} (`{ allowedCidrs, reason }`), the type EKS, AKS and GKE share: its
 * `allowedCidrs` are added to the authorized networks
 */
export interface GkePublicEndpoint {
  /** Why the cluster needs it. Shown as a warning at synth, so that it stays visible. */
  readonly reason: string;
}

/** Properties of a {@link GkeCluster}. */
export interface GkeClusterProps {
  /**
   * Name prefix derived by the caller from org and environment, e.g. "acme-dev" (lowercase DNS label, at most 40 chars).
   */
  readonly namePrefix: string;

  /** GCP project id (not domain-scoped). */
  readonly project: string;

  /** GCP region. The cluster is regional: its control plane and node pools span 3 zones of the region. */
  readonly region: string;

  /** VPC network, as a name or self link (e.g. `GcpNetwork.networkName`). */
  readonly network: string;

  /** Node subnet, as a name or self link (e.g. `GcpNetwork.subnetworkName`). */
  readonly subnetwork: string;

  /** Name of the subnet's secondary range for pods (e.g. `GcpNetwork.podsRangeName`). */
  readonly podsRangeName: string;

  /** Name of the subnet's secondary range for services (e.g. `GcpNetwork.servicesRangeName`). */
  readonly servicesRangeName: string;

  /**
   * Primary range of the node subnet. Used as the default authorized network and to check that the control plane
   * range does not overlap it.
   *
   * @default - not checked, and no authorized network is added by default
   */
  readonly nodesCidr?: string;

  /**
   * The /28 range that Google peers into the VPC for the control plane's private endpoint.
   * It must not overlap any range of the VPC or of networks peered with it.
   *
   * @default '172.16.0.0/28'
   */
  readonly masterIpv4CidrBlock?: string;

  /**
   * Networks allowed to reach the control plane. Anything else, including Google Cloud's public IPs, is refused.
   *
   * @default - the node subnet (`nodesCidr`) if given, otherwise none
   */
  readonly masterAuthorizedNetworks?: GkeAuthorizedNetwork[];

  /**
   * Gives the control plane a public endpoint as well as the private one, reachable from `allowedCidrs` (added to
   * the authorized networks, which also govern the private endpoint). **Weakens the baseline**: the reason is a
   * warning at synth and a comment on the cluster in the Terraform JSON, and policy checks flag the cluster.
   *
   * A {@link GkePublicEndpoint} (a reason without `allowedCidrs`) is deprecated: it opens the public endpoint to
   * `masterAuthorizedNetworks` only.
   *
   * @default - private endpoint only
   */
  readonly publicEndpoint?: ClusterPublicEndpoint | GkePublicEndpoint;

  /**
   * Release channel, which decides the Kubernetes version and when GKE upgrades it.
   *
   * @default GkeReleaseChannel.REGULAR
   */
  readonly releaseChannel?: GkeReleaseChannel;

  /**
   * When GKE may upgrade the control plane and nodes.
   *
   * @default - Saturdays and Sundays, 00:00 to 08:00 UTC (a single 4-hour window a week is below GKE's minimum)
   */
  readonly maintenanceWindow?: GkeMaintenanceWindow;

  /**
   * Sizing of the system and general node pools.
   *
   * @default - see {@link GkeNodePools}
   */
  readonly nodePools?: GkeNodePools;

  /**
   * Whether Terraform refuses to destroy the cluster. Setting false allows `terraform destroy` to delete it.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * The Google Group that nests the groups bound in Kubernetes RBAC (Google Groups for RBAC): its address must be
   * `gke-security-groups@<your domain>`. Members of its member groups get the RoleBindings made for those groups,
   * so access is managed in Google Workspace or Cloud Identity instead of per user.
   * @default - none: RBAC can only name users and service accounts
   */
  readonly rbacSecurityGroup?: string;

  /**
   * Labels on the cluster, which GKE copies to its node VMs, disks and load balancers, so billing export attributes
   * their cost (cost centre, team, environment). Keys and values: lowercase letters, digits, `-` and `_`.
   * @default {}
   */
  readonly resourceLabels?: Record<string, string>;
}

const DEFAULT_MASTER_CIDR = '172.16.0.0/28';
const DEFAULT_RELEASE_CHANNEL = GkeReleaseChannel.REGULAR;
const DEFAULT_MAINTENANCE_WINDOW: GkeMaintenanceWindow = {
  // 2024-01-06 is a Saturday; only weekday and time of day matter.
  startTime: '2024-01-06T00:00:00Z',
  endTime: '2024-01-06T08:00:00Z',
  recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
};
const DEFAULT_NODE_POOLS: Required<Record<keyof GkeNodePools, Required<GkeNodePoolOptions>>> = {
  system: { minNodeCountPerZone: 1, maxNodeCountPerZone: 2, machineType: 'e2-standard-2', diskSizeGiB: 50 },
  general: { minNodeCountPerZone: 1, maxNodeCountPerZone: 5, machineType: 'e2-standard-4', diskSizeGiB: 100 },
};

const CLUSTER_NAME_MAX_LENGTH = 40;
const SERVICE_ACCOUNT_ID_MAX_LENGTH = 30;
const MAX_NODES_PER_ZONE = 1000;
const MIN_DISK_SIZE_GIB = 10;
const MAX_DISK_SIZE_GIB = 65536;
const RFC3339_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MACHINE_TYPE_PATTERN = /^[a-z][a-z0-9]*-[a-z0-9-]*[a-z0-9]$/;
/** GKE looks for exactly this group name in the domain. */
const RBAC_SECURITY_GROUP_PATTERN = /^gke-security-groups@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const LABEL_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE_PATTERN = /^[a-z0-9_-]{0,63}$/;

/**
 * What the nodes need to report logs and metrics, and nothing more. `roles/artifactregistry.reader` is granted
 * by the registry construct, on its repositories.
 */
const NODE_ROLES = [
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
  'roles/stackdriver.resourceMetadata.writer',
  'roles/autoscaling.metricsWriter',
];

/**
 * The hardened GKE Standard baseline for one environment: a regional, private, VPC-native cluster.
 *
 * It creates:
 * - a KMS key ring and a key (rotated every 90 days, protected from `terraform destroy`) that encrypts Kubernetes
 *   Secrets in etcd, and the binding that lets the GKE service agent use it;
 * - a node service account with only the roles nodes need to write logs and metrics;
 * - the cluster (the primary child, `Resource`): private nodes and a private control plane endpoint limited to
 *   authorized networks, Dataplane V2, Workload Identity, shielded nodes, Binary Authorization, Managed Prometheus,
 *   system and workload logging, no client certificates and no legacy ABAC. Its default node pool is removed;
 * - node pools `system` (tainted for critical add-ons) and `general`, autoscaled, auto-repaired and
 *   auto-upgraded, on Container-Optimized OS with secure boot, integrity monitoring, the GKE metadata server,
 *   boot disks encrypted with a second customer-managed key of the ring, and no external IPs;
 * - intranode visibility (pod-to-pod traffic on a node passes the VPC, so flow logs see it), Google Groups for
 *   RBAC when a security group is given, and resource labels that GKE copies to the VMs and disks for billing. A regional cluster runs each pool in 3 zones, so per-zone node counts are tripled.
 *
 * The key ring cannot be deleted in GCP: it stays after `terraform destroy`, and its name cannot be reused.
 */
export class GkeCluster extends Construct implements IGkeCluster {
  /** Refers to a cluster built elsewhere, for example the platform's cluster from a team's stack. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: GkeClusterAttributes): IGkeCluster {
    return new ImportedGkeCluster(scope, id, attrs);
  }

  /** The project holding the cluster. */
  public readonly project: string;

  /** The cluster's region. */
  public readonly region: string;

  /** The GKE cluster. */
  public readonly cluster: ContainerCluster;

  /**
   * Name of the cluster.
   *
   * A Terraform reference, not a literal, so that resources using it are created after the cluster.
   */
  public readonly clusterName: string;

  /** The service account the nodes run as. */
  public readonly nodeServiceAccount: ServiceAccount;

  /** Email of the nodes' service account, e.g. for granting it read access to an Artifact Registry repository. */
  public readonly nodeServiceAccountEmail: string;

  /** The Workload Identity pool, `<project>.svc.id.goog`, for {@link GcpWorkloadIdentity}. */
  public readonly workloadPool: string;

  /** The key ring holding {@link secretsKey}. */
  public readonly keyRing: KmsKeyRing;

  /** The KMS key that encrypts Kubernetes Secrets in etcd. */
  public readonly secretsKey: KmsCryptoKey;

  /** The KMS key that encrypts the nodes' boot disks (customer-managed encryption, CMEK). */
  public readonly nodeDisksKey: KmsCryptoKey;

  /** The node pool for cluster add-ons. */
  public readonly systemNodePool: ContainerNodePool;

  /** The node pool for workloads. */
  public readonly generalNodePool: ContainerNodePool;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));

    const { project, region, namePrefix } = props;
    this.project = project;
    this.region = region;
    this.workloadPool = `${project}.svc.id.goog`;

    // The project number is needed for the GKE service agent's address, and is only known to Terraform.
    const projectData = new DataGoogleProject(this, 'Project', { projectId: project });

    // The ids KeyRing, SecretsKey and SecretsKeyEncrypterDecrypter are contract: they name the live key ring and key.
    const { keyRing, key, binding: keyBinding } = createServiceAgentKey(this, 'SecretsKey', {
      project,
      // GKE only accepts a key in the cluster's own location.
      location: region,
      keyRingName: gcpResourceName(namePrefix, 'gke'),
      keyName: 'gke-secrets',
      encrypterDecrypter: serviceAgentMember(projectData.number, 'container-engine-robot'),
    });
    this.keyRing = keyRing;
    this.secretsKey = key;

    // Boot disks are encrypted by Compute Engine, whose service agent must be able to use the key.
    this.nodeDisksKey = new KmsCryptoKey(this, 'NodeDisksKey', {
      name: 'gke-node-disks',
      keyRing: keyRing.id,
      purpose: 'ENCRYPT_DECRYPT',
      rotationPeriod: KEY_ROTATION_PERIOD,
      lifecycle: { preventDestroy: true },
    });
    const nodeDisksKeyBinding = new KmsCryptoKeyIamMember(this, 'NodeDisksKeyEncrypterDecrypter', {
      cryptoKeyId: this.nodeDisksKey.id,
      role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      member: serviceAgentMember(projectData.number, 'compute-system'),
    });

    // The default Compute Engine account has Editor on the project; nodes get their own, with only what they need.
    this.nodeServiceAccount = new ServiceAccount(this, 'NodeServiceAccount', {
      project,
      accountId: gcpNameWithin(SERVICE_ACCOUNT_ID_MAX_LENGTH, namePrefix, 'gke-nodes'),
      displayName: `GKE nodes of ${namePrefix}`,
      description: 'Least-privilege identity of the GKE nodes: writes logs and metrics.',
    });
    this.nodeServiceAccountEmail = this.nodeServiceAccount.email;

    const nodeRoles = NODE_ROLES.map((role) => new ProjectIamMember(this, `NodeRole-${role.replace(/^roles\//, '')}`, {
      project,
      role,
      member: this.nodeServiceAccount.member,
    }));

    const privateNetworks = props.masterAuthorizedNetworks
      ?? (props.nodesCidr !== undefined ? [{ cidr: props.nodesCidr, name: 'nodes' }] : []);
    const publicCidrs = allowedCidrsOf(props.publicEndpoint) ?? [];
    const masterAuthorizedNetworks = [
      ...privateNetworks,
      ...publicCidrs
        .filter((cidr) => !privateNetworks.some((n) => n.cidr === cidr))
        .map((cidr, i) => ({ cidr, name: `public-endpoint-${i + 1}` })),
    ];

    this.cluster = new ContainerCluster(this, 'Resource', {
      project,
      name: gcpNameWithin(CLUSTER_NAME_MAX_LENGTH, namePrefix, 'gke'),
      // A region, not a zone: the control plane is replicated across zones and survives a zone outage.
      location: region,
      network: props.network,
      subnetwork: props.subnetwork,
      // Node pools are separate resources, so that changing one does not touch the cluster; the default pool
      // (on the default service account) only exists while the cluster is created.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: {
        clusterSecondaryRangeName: props.podsRangeName,
        servicesSecondaryRangeName: props.servicesRangeName,
      },
      privateClusterConfig: {
        enablePrivateNodes: true,
        enablePrivateEndpoint: props.publicEndpoint === undefined,
        masterIpv4CidrBlock: props.masterIpv4CidrBlock ?? DEFAULT_MASTER_CIDR,
      },
      masterAuthorizedNetworksConfig: {
        // Without this, any address in Google Cloud could reach a public endpoint.
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: masterAuthorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.name })),
      },
      workloadIdentityConfig: { workloadPool: this.workloadPool },
      // Dataplane V2 (eBPF) enforces NetworkPolicies; without a policy engine they would be silently ignored.
      datapathProvider: 'ADVANCED_DATAPATH',
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      releaseChannel: { channel: (props.releaseChannel ?? DEFAULT_RELEASE_CHANNEL).value },
      maintenancePolicy: { recurringWindow: props.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW },
      databaseEncryption: { state: 'ENCRYPTED', keyName: this.secretsKey.id },
      monitoringConfig: {
        enableComponents: [
          'SYSTEM_COMPONENTS', 'APISERVER', 'SCHEDULER', 'CONTROLLER_MANAGER', 'STORAGE',
          'HPA', 'POD', 'DAEMONSET', 'DEPLOYMENT', 'STATEFULSET',
        ],
        managedPrometheus: { enabled: true },
      },
      loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
      binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      // Pod-to-pod traffic on one node goes through the VPC, so flow logs and firewall rules see it.
      enableIntranodeVisibility: true,
      ...(props.rbacSecurityGroup === undefined ? {} : { authenticatorGroupsConfig: { securityGroup: props.rbacSecurityGroup } }),
      ...(props.resourceLabels === undefined ? {} : { resourceLabels: props.resourceLabels }),
      deletionProtection: props.deletionProtection ?? true,
      // The service agent must be able to use the key before GKE encrypts etcd with it.
      dependsOn: [keyBinding],
    });
    this.clusterName = this.cluster.name;

    if (props.publicEndpoint !== undefined) {
      Annotations.of(this).addWarning(`GkeCluster: the control plane has a public endpoint (reason: ${props.publicEndpoint.reason})`);
      // A Terraform JSON comment, as on the EKS template's metadata: the artifact itself says why.
      this.cluster.addOverride(`//.${PUBLIC_ENDPOINT_RECORD}`, { cidrs: publicCidrs, reason: props.publicEndpoint.reason });
      if (allowedCidrsOf(props.publicEndpoint) === undefined) {
        Annotations.of(this).addWarning('GkeCluster: publicEndpoint without allowedCidrs is deprecated (use publicEndpoint: { allowedCidrs, reason }, the type EKS, AKS and GKE share)');
      }
    }

    const nodePool = (poolId: string, name: keyof GkeNodePools, taint: ContainerNodePoolNodeConfigTaint[]) =>
      this.nodePool(poolId, {
        project, region, name, options: props.nodePools?.[name] ?? DEFAULT_NODE_POOLS[name], dependsOn: [...nodeRoles, nodeDisksKeyBinding], taint,
      });
    this.systemNodePool = nodePool('SystemNodePool', 'system', [{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }]);
    this.generalNodePool = nodePool('GeneralNodePool', 'general', []);
  }

  private nodePool(id: string, pool: {
    project: string;
    region: string;
    name: keyof GkeNodePools;
    options: GkeNodePoolOptions;
    dependsOn: ITerraformDependable[];
    taint: ContainerNodePoolNodeConfigTaint[];
  }): ContainerNodePool {
    const { options, name } = pool;
    const defaults = DEFAULT_NODE_POOLS[name];
    return new ContainerNodePool(this, id, {
      project: pool.project,
      location: pool.region,
      cluster: this.cluster.name,
      name,
      autoscaling: {
        minNodeCount: options.minNodeCountPerZone,
        maxNodeCount: options.maxNodeCountPerZone,
        locationPolicy: 'BALANCED',
      },
      management: { autoRepair: true, autoUpgrade: true },
      // One extra node at a time, never one fewer: upgrades do not reduce capacity.
      upgradeSettings: { strategy: 'SURGE', maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: options.machineType ?? defaults.machineType,
        diskSizeGb: options.diskSizeGiB ?? defaults.diskSizeGiB,
        diskType: 'pd-balanced',
        // Customer-managed key, like EKS node volumes. Adding it to a live pool re-creates the pool's nodes.
        bootDiskKmsKey: this.nodeDisksKey.id,
        imageType: 'COS_CONTAINERD',
        serviceAccount: this.nodeServiceAccount.email,
        // Access is decided by the node service account's IAM roles alone; narrower scopes are a legacy second gate.
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        // Pods see the GKE metadata server, which serves Workload Identity, not the node's credentials.
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        metadata: { 'disable-legacy-endpoints': 'true' },
        taint: pool.taint.length > 0 ? pool.taint : undefined,
      },
      // Nodes need their roles from the start, or they come up unable to write logs and metrics; and their disks
      // need Compute Engine's right to use the key.
      dependsOn: pool.dependsOn,
    });
  }
}

/** Every problem of `props`. Unresolved tokens are not checked. */
/** The networks a public endpoint is opened to; undefined for the deprecated reason-only form. */
function allowedCidrsOf(endpoint: ClusterPublicEndpoint | GkePublicEndpoint | undefined): string[] | undefined {
  return endpoint !== undefined && 'allowedCidrs' in endpoint ? endpoint.allowedCidrs : undefined;
}

function validateProps(props: GkeClusterProps): Problems {
  const problems = new Problems('GkeCluster');
  checkPlacement(problems, props);

  const group = props.rbacSecurityGroup;
  if (group !== undefined && isKnown(group) && !RBAC_SECURITY_GROUP_PATTERN.test(group)) {
    problems.push(`rbacSecurityGroup "${group}" is not a GKE security group (expected gke-security-groups@<your domain>, the name GKE looks for)`);
  }
  for (const [key, value] of Object.entries(props.resourceLabels ?? {})) {
    if (isKnown(key) && !LABEL_PATTERN.test(key)) {
      problems.push(`resourceLabels key "${key}" is not a GCP label key (expected lowercase letters, digits, - and _, starting with a letter, at most 63)`);
    }
    if (isKnown(value) && !LABEL_VALUE_PATTERN.test(value)) {
      problems.push(`resourceLabels "${key}" value "${value}" is not a GCP label value (expected lowercase letters, digits, - and _, at most 63)`);
    }
  }

  for (const prop of ['podsRangeName', 'servicesRangeName'] as const) {
    const value = props[prop];
    if (isKnown(value) && !GCP_NAME_PATTERN.test(value)) {
      problems.push(`${prop} "${value}" is not a secondary range name (expected a lowercase name like pods)`);
    }
  }

  const nodes = props.nodesCidr !== undefined && isKnown(props.nodesCidr) ? parseIpv4Cidr(props.nodesCidr) : undefined;
  if (props.nodesCidr !== undefined && isKnown(props.nodesCidr)) {
    problems.push(ipv4CidrProblem('nodesCidr', props.nodesCidr, '10.20.0.0/20'));
  }

  const masterCidr = props.masterIpv4CidrBlock ?? DEFAULT_MASTER_CIDR;
  if (isKnown(masterCidr)) {
    const master = parseIpv4Cidr(masterCidr);
    if (master?.prefixLength !== 28) {
      problems.push(`masterIpv4CidrBlock "${masterCidr}" is not a /28 network (expected like ${DEFAULT_MASTER_CIDR})`);
    } else if (nodes && overlaps(master, nodes)) {
      problems.push(`masterIpv4CidrBlock "${masterCidr}" overlaps nodesCidr "${props.nodesCidr}" (expected a range unused in the VPC, like ${DEFAULT_MASTER_CIDR})`);
    }
  }

  (props.masterAuthorizedNetworks ?? []).forEach((network, i) => {
    if (isKnown(network.cidr)) {
      problems.push(ipv4CidrProblem(`masterAuthorizedNetworks[${i}].cidr`, network.cidr, '10.20.0.0/20'));
    }
    if (isKnown(network.name) && network.name.trim() === '') {
      problems.push(`masterAuthorizedNetworks[${i}].name is empty (expected a display name like vpn)`);
    }
  });

  const publicEndpoint = props.publicEndpoint;
  if (publicEndpoint !== undefined) {
    if (allowedCidrsOf(publicEndpoint) !== undefined) {
      problems.push(...publicEndpointProblems('publicEndpoint', publicEndpoint as ClusterPublicEndpoint, { isUnresolved: (v) => !isKnown(v) }));
    } else if (isKnown(publicEndpoint.reason) && publicEndpoint.reason.trim() === '') {
      problems.push('publicEndpoint.reason is empty (expected why the control plane needs a public endpoint)');
    }
  }

  const { releaseChannel } = props;
  if (releaseChannel !== undefined) {
    const problem = enumLikeProblem('releaseChannel', releaseChannel, {
      type: 'GkeReleaseChannel', example: 'REGULAR', exampleValue: 'REGULAR', pattern: /^[A-Z][A-Z_]*[A-Z]$/, patternText: 'upper-case words joined by _', isUnresolved: (v) => !isKnown(v),
    });
    problems.push(problem);
    if (problem === undefined && releaseChannel.value === 'UNSPECIFIED') {
      problems.push('releaseChannel "UNSPECIFIED" leaves the cluster without a release channel (expected a channel that keeps it on supported versions, like GkeReleaseChannel.REGULAR)');
    }
  }

  const window = props.maintenanceWindow;
  if (window !== undefined) {
    let times = true;
    for (const key of ['startTime', 'endTime'] as const) {
      if (isKnown(window[key]) && !RFC3339_UTC_PATTERN.test(window[key])) {
        problems.push(`maintenanceWindow.${key} "${window[key]}" is not an RFC 3339 UTC time (expected like 2024-01-06T00:00:00Z)`);
        times = false;
      }
    }
    if (times && isKnown(window.startTime) && isKnown(window.endTime) && !(Date.parse(window.endTime) > Date.parse(window.startTime))) {
      problems.push(`maintenanceWindow.endTime "${window.endTime}" is not after startTime "${window.startTime}"`);
    }
    if (isKnown(window.recurrence) && !window.recurrence.startsWith('FREQ=')) {
      problems.push(`maintenanceWindow.recurrence "${window.recurrence}" is not an RFC 5545 rule (expected like FREQ=WEEKLY;BYDAY=SA,SU)`);
    }
  }

  for (const pool of ['system', 'general'] as const) {
    const options = props.nodePools?.[pool];
    if (options !== undefined) checkNodePool(problems, `nodePools.${pool}`, options);
  }

  return problems;
}

function checkNodePool(problems: Problems, path: string, options: GkeNodePoolOptions): void {
  const { minNodeCountPerZone: min, maxNodeCountPerZone: max, machineType, diskSizeGiB } = options;
  const countOk = (n: number, lowest: number) => Number.isInteger(n) && n >= lowest && n <= MAX_NODES_PER_ZONE;
  const minOk = !isKnown(min) || countOk(min, 0);
  const maxOk = !isKnown(max) || countOk(max, 1);
  if (!minOk) {
    problems.push(`${path}.minNodeCountPerZone ${min} is not a whole number from 0 to ${MAX_NODES_PER_ZONE}`);
  }
  if (!maxOk) {
    problems.push(`${path}.maxNodeCountPerZone ${max} is not a whole number from 1 to ${MAX_NODES_PER_ZONE}`);
  }
  if (minOk && maxOk && isKnown(min) && isKnown(max) && min > max) {
    problems.push(`${path}.minNodeCountPerZone ${min} is greater than maxNodeCountPerZone ${max} (expected min <= max)`);
  }
  if (machineType !== undefined && isKnown(machineType) && !MACHINE_TYPE_PATTERN.test(machineType)) {
    problems.push(`${path}.machineType "${machineType}" is not a Compute Engine machine type (expected like e2-standard-4)`);
  }
  if (diskSizeGiB !== undefined && isKnown(diskSizeGiB)
    && !(Number.isInteger(diskSizeGiB) && diskSizeGiB >= MIN_DISK_SIZE_GIB && diskSizeGiB <= MAX_DISK_SIZE_GIB)) {
    problems.push(`${path}.diskSizeGiB ${diskSizeGiB} is not a whole number from ${MIN_DISK_SIZE_GIB} to ${MAX_DISK_SIZE_GIB}`);
  }
}
