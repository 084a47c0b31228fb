import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { DiskEncryptionSet } from '@cdktf/provider-azurerm/lib/disk-encryption-set';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { KubernetesCluster, KubernetesClusterConfig } from '@cdktf/provider-azurerm/lib/kubernetes-cluster';
import { KubernetesClusterNodePool } from '@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool';
import { MonitorDataCollectionRule } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule';
import { MonitorDataCollectionRuleAssociation } from '@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Annotations, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AksClusterAttributes, IAksCluster } from './aks-cluster-ref';
import { AksMaintenanceDay } from './aks-maintenance-day';
import { AksAutomaticUpgradeChannel, AksNodeOsUpgradeChannel } from './aks-upgrade-channels';
import { customerManagedKey, grantKeyRole, rotatingKey } from './private/customer-managed-key';
import { ImportedAksCluster } from './private/imported-aks-cluster';
import { keyVaultName } from './private/key-vault-name';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { objectIdProblems, resourceIdProblems, wholeNumberProblems } from './private/value-rules';
import { AZURE_VM_TEMP_DISK_GIB, ephemeralOsDiskGiB } from '../../core/azure-vm-disks';
import { addressAt, Ipv4Network, ipv4CidrProblem, overlaps, parseIpv4Cidr } from '../../core/cidr';
import { enumLikeProblem } from '../../core/enum-like';
import { Problems } from '../../core/problems';
import { ClusterPublicEndpoint, publicEndpointConflict, publicEndpointProblems } from '../../core/public-endpoint';

/** Autoscaling bounds and VM size of an AKS node pool. */
export interface AksNodePoolSize {
  /** Fewest nodes the cluster autoscaler keeps, across all zones. */
  readonly minCount: number;
  /** Most nodes the cluster autoscaler may add, across all zones. */
  readonly maxCount: number;
  /**
   * VM size of every node. The default has a 150 GiB local temp disk, which holds an ephemeral OS disk.
   * @default "Standard_D4ds_v5"
   */
  readonly vmSize?: string;
  /**
   * Puts each node's OS disk on the VM's local temp disk (ephemeral OS disk) instead of a managed disk: lower
   * latency, faster scaling and reimaging, no disk cost, and no node state that outlives the node. The OS disk takes
   * 128 GiB, or the whole temp disk where that is smaller. Only sizes whose temp disk is known to hold it qualify
   * (`AZURE_VM_TEMP_DISK_GIB`, from the Azure VM size tables); `true` with another size is refused.
   * @default - true for a size in `AZURE_VM_TEMP_DISK_GIB` (unless the cluster keeps `platformManagedNodeDisks`), false otherwise
   */
  readonly ephemeralOsDisk?: boolean;
}

/**
 * The explicit, reviewed exception that keeps an {@link AksCluster}'s node disks as clusters created before the
 * baseline's disk encryption set had them: managed OS disks, encrypted with platform-managed keys.
 */
export interface AksPlatformManagedNodeDisks {
  /**
   * Why this cluster keeps platform-managed keys, e.g. "created before the baseline encrypted node disks; rebuilt in
   * Q3 (CHG-1234)". Recorded on the cluster as the `node-disks-platform-key-reason` tag, so the exception is visible
   * in Azure and in the policy report. At most 256 characters.
   */
  readonly reason: string;
}

/** A weekly window in which AKS may upgrade the cluster and node images. */
export interface AksMaintenanceWindow {
  /** Day of the week, e.g. `AksMaintenanceDay.SUNDAY`. */
  readonly dayOfWeek: AksMaintenanceDay;
  /** Start time as "HH:MM" (24-hour clock) in `utcOffset`. */
  readonly startTime: string;
  /** Length of the window, 4 to 24 hours (AKS refuses shorter windows). */
  readonly durationHours: number;
  /**
   * Offset from UTC of `startTime`, as "+HH:MM" or "-HH:MM".
   * @default "+00:00"
   */
  readonly utcOffset?: string;
}

/**
 * The explicit, reviewed exception that gives an {@link AksCluster} a public
 * API server endpoint. Policy checks flag every cluster that carries one.
 * @deprecated use {@link ClusterPublicEndpoint} (`AksClusterProps.publicEndpoint`), the type EKS, AKS and GKE share;
 * it requires the allowed networks, where this one left the API server open to any address without them
 */
export interface AksPublicApiServer {
  /**
   * Why this cluster cannot use a private API server, e.g. a ticket reference.
   * Recorded on the cluster as the `public-api-server-reason` tag, so the
   * exception is visible in Azure as well as in review.
   */
  readonly reason: string;
  /**
   * IPv4 CIDRs allowed to reach the public endpoint, e.g. the corporate egress ranges.
   * Every caller still needs an Entra ID identity with a cluster role.
   * @default - any address
   */
  readonly authorizedIpRanges?: string[];
}


/** Properties of an {@link AksCluster}. */
export interface AksClusterProps {
  /**
   * Name prefix derived by the caller from organization and environment, e.g. "acme-dev".
   * A lowercase DNS label of at most 40 characters.
   */
  readonly namePrefix: string;

  /** Azure region name, e.g. "westeurope". */
  readonly location: string;

  /** Resource ID of the subnet for the system node pool, e.g. `AzureNetwork.systemNodesSubnet.id`. Its egress must be a NAT gateway. */
  readonly systemNodesSubnetId: string;

  /** Resource ID of the subnet for the user node pool, e.g. `AzureNetwork.userNodesSubnet.id`. Its egress must be a NAT gateway. */
  readonly userNodesSubnetId: string;

  /**
   * Resource ID of the subnet the API server is projected into (API Server VNet Integration), e.g.
   * `AzureNetwork.apiServerSubnet.id`: at least /28, delegated to `Microsoft.ContainerService/managedClusters`, used
   * by nothing else. It is what lets the control plane reach the KMS key over the vault's private endpoint.
   */
  readonly apiServerSubnetId: string;

  /** Resource ID of the subnet for the Key Vault's private endpoint, e.g. `AzureNetwork.privateEndpointsSubnet.id`. */
  readonly privateEndpointSubnetId: string;

  /**
   * Resource ID of the `privatelink.vaultcore.azure.net` private DNS zone linked to the virtual network, e.g.
   * `AzureNetwork.keyVaultPrivateDnsZone.id`. A virtual network links one zone of a name, so the network owns it.
   */
  readonly keyVaultPrivateDnsZoneId: string;

  /**
   * Resource ID of the environment's Log Analytics workspace (e.g. `AzureLogAnalyticsWorkspace.workspaceResourceId`),
   * which receives Container Insights data and the control-plane logs, the audit log included.
   */
  readonly logAnalyticsWorkspaceId: string;

  /**
   * Turns the cluster's Azure Monitor metrics profile on: AKS runs the managed Prometheus agent and its own
   * kube-state-metrics, which send to the Azure Monitor workspace of a data collection rule associated with the
   * cluster (`AksManagedPrometheus`). Cloud-side outage alerts are evaluated there, so they still fire when the
   * in-cluster Prometheus is down. Without an associated rule the agent collects nothing.
   * @default false
   */
  readonly azureMonitorMetricsEnabled?: boolean;

  /** Object IDs of the Entra ID groups whose members are cluster admins (at least one). */
  readonly adminGroupObjectIds: string[];

  /**
   * Tags for every taggable resource this construct creates.
   * @default {}
   */
  readonly tags?: Record<string, string>;

  /**
   * Kubernetes version, as "<major>.<minor>" (AKS picks the latest patch) or "<major>.<minor>.<patch>".
   * Both node pools follow it.
   * @default "1.33"
   */
  readonly kubernetesVersion?: string;

  /**
   * Size of the system node pool, which runs only critical add-ons (CoreDNS, metrics-server, ...).
   * The minimum is at least 1; 3 keeps one node in each zone.
   * @default { minCount: 3, maxCount: 5, vmSize: "Standard_D4ds_v5" }
   */
  readonly systemPool?: AksNodePoolSize;

  /**
   * Size of the user node pool, which runs the teams' workloads. The minimum may be 0.
   * @default { minCount: 3, maxCount: 10, vmSize: "Standard_D4ds_v5" }
   */
  readonly userPool?: AksNodePoolSize;

  /**
   * Keeps the KMS key in an HSM (`RSA-HSM` in a Premium vault) instead of software. Costs a little more per key and
   * operation; regulated workloads (FIPS 140 Level 3) need it, so the platform turns it on for prod.
   * Changing it on a live cluster replaces the key, which `prevent_destroy` refuses: decide before the first apply.
   * @default false
   */
  readonly hsmKeyEnabled?: boolean;

  /**
   * Advanced Container Networking Services security on the Cilium dataplane: FQDN filtering (`toFQDNs` in
   * CiliumNetworkPolicies) and L7 policies. The baseline opens Entra ID sign-in by name this way, because it has no
   * private endpoint to open by address. Off, FQDN policies are rejected and workload identity cannot sign in.
   * Billed per node by Azure.
   * @default true
   */
  readonly fqdnFilteringEnabled?: boolean;

  /**
   * The weekly window for both automatic Kubernetes upgrades and node OS updates.
   * @default { dayOfWeek: AksMaintenanceDay.SUNDAY, startTime: "02:00", durationHours: 4, utcOffset: "+00:00" }
   */
  readonly maintenanceWindow?: AksMaintenanceWindow;

  /**
   * How AKS upgrades the Kubernetes version inside the maintenance window.
   * `PATCH` takes the supported patches of the pinned minor version only.
   * @default AksAutomaticUpgradeChannel.PATCH
   */
  readonly automaticUpgradeChannel?: AksAutomaticUpgradeChannel;

  /**
   * How AKS updates the node operating system inside the maintenance window.
   * `NODE_IMAGE` rolls a patched node image weekly, so nodes never drift.
   * @default AksNodeOsUpgradeChannel.NODE_IMAGE
   */
  readonly nodeOsUpgradeChannel?: AksNodeOsUpgradeChannel;

  /**
   * Gives the API server a public endpoint reachable from `allowedCidrs` (its authorized IP ranges) instead of a
   * private one. **Weakens the baseline**: the reason is recorded as the `public-api-server-reason` tag and policy
   * checks flag the cluster. Callers still need an Entra ID identity with a cluster role.
   * @default - private API server, reachable only from the virtual network
   */
  readonly publicEndpoint?: ClusterPublicEndpoint;

  /**
   * Turns the private API server off. **Weakens the baseline**: the API server
   * then has a public endpoint (still behind Entra ID authentication).
   * @default - private API server, reachable only from the virtual network
   * @deprecated use `publicEndpoint: { allowedCidrs, reason }`, the type EKS, AKS and GKE share
   */
  readonly publicApiServer?: AksPublicApiServer;

  /**
   * Encrypts the nodes' temp disks and disk caches at the VM host, and the
   * data flowing from the VM to its OS and data disks.
   * Needs the `Microsoft.Compute/EncryptionAtHost` feature registered on the
   * subscription. Turning it off **weakens the baseline**.
   * @default true
   */
  readonly hostEncryptionEnabled?: boolean;

  /**
   * Keeps the node OS disks on platform-managed keys, without a disk encryption set, and managed unless a pool asks
   * for `ephemeralOsDisk`. **Weakens the baseline**: the reason is recorded as the `node-disks-platform-key-reason`
   * tag and policy checks report the cluster.
   *
   * It exists for clusters created before the baseline encrypted node disks: AKS takes a disk encryption set only
   * when a cluster is created (`disk_encryption_set_id` replaces the cluster, which the cluster's `prevent_destroy`
   * refuses), so such a cluster keeps its disks until it is rebuilt. Do not set it on a new cluster.
   * @default - OS disks encrypted with a customer-managed key through a disk encryption set
   */
  readonly platformManagedNodeDisks?: AksPlatformManagedNodeDisks;

  /**
   * How often the image cleaner removes unused, vulnerable images from nodes, 24 to 2160 hours.
   * @default 168
   */
  readonly imageCleanerIntervalHours?: number;

  /**
   * Overlay CIDR for pod IPs. Pods do not use VNet addresses, but the range
   * must not overlap networks the pods talk to.
   * @default "10.244.0.0/16"
   */
  readonly podCidr?: string;

  /**
   * CIDR for Kubernetes service IPs, between /12 and /28; the cluster DNS
   * service takes its tenth address. It must not overlap the virtual network
   * or networks peered with it.
   * @default "10.0.0.0/16"
   */
  readonly serviceCidr?: string;
}

const AVAILABILITY_ZONES = ['1', '2', '3'];
const DEFAULT_KUBERNETES_VERSION = '1.33';
const DEFAULT_VM_SIZE = 'Standard_D4ds_v5';
const DEFAULT_SYSTEM_POOL: AksNodePoolSize = { minCount: 3, maxCount: 5, vmSize: DEFAULT_VM_SIZE };
const DEFAULT_USER_POOL: AksNodePoolSize = { minCount: 3, maxCount: 10, vmSize: DEFAULT_VM_SIZE };
const DEFAULT_MAINTENANCE_WINDOW: AksMaintenanceWindow = { dayOfWeek: AksMaintenanceDay.SUNDAY, startTime: '02:00', durationHours: 4, utcOffset: '+00:00' };
const DEFAULT_IMAGE_CLEANER_INTERVAL_HOURS = 168;
const DEFAULT_POD_CIDR = '10.244.0.0/16';
const DEFAULT_SERVICE_CIDR = '10.0.0.0/16';
/** AKS' limit per node pool. */
const MAX_NODES_PER_POOL = 1000;
/** One node surges at a time in a 3-node pool; larger pools upgrade faster. */
const UPGRADE_MAX_SURGE = '33%';
const UPGRADE_DRAIN_TIMEOUT_MINUTES = 30;
const CONTAINER_INSIGHTS_STREAMS = [
  'Microsoft-ContainerLogV2',
  'Microsoft-KubeEvents',
  'Microsoft-KubePodInventory',
  'Microsoft-KubeNodeInventory',
  'Microsoft-KubePVInventory',
  'Microsoft-KubeServices',
  'Microsoft-KubeMonAgentEvents',
  'Microsoft-InsightsMetrics',
  'Microsoft-ContainerInventory',
  'Microsoft-ContainerNodeInventory',
  'Microsoft-Perf',
];
/**
 * Control-plane log categories exported to the workspace. kube-audit-admin
 * records every change to the cluster (it leaves out get and list, which
 * kube-audit would add at many times the volume and cost); guard records
 * Entra ID and Azure RBAC decisions.
 */
const CONTROL_PLANE_LOG_CATEGORIES = [
  'kube-audit-admin',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'cluster-autoscaler',
  'guard',
];
const DAYS_OF_WEEK: readonly string[] = Object.values(AksMaintenanceDay);
const KUBERNETES_VERSION = /^[1-9]\d*\.\d+(\.\d+)?$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const UTC_OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const MAX_TAG_VALUE_LENGTH = 256;
const PUBLIC_API_SERVER_REASON_TAG = 'public-api-server-reason';
/** The tag on which a cluster records why its node disks keep platform-managed keys; the policy report reads it. */
export const NODE_DISKS_PLATFORM_KEY_REASON_TAG = 'node-disks-platform-key-reason';

/**
 * The hardened AKS baseline of one environment, in a resource group of its own
 * (`rg-<prefix>-aks`) so that the cluster's lifecycle and access are separate
 * from the network's.
 *
 * Secure by default:
 * - a private API server with Entra ID authentication and Azure RBAC, local
 *   accounts disabled, and the admin groups given as props;
 * - Kubernetes secrets encrypted in etcd with a customer-managed key (KMS) in a
 *   purge-protected, private Key Vault, reached by the API server over the
 *   vault's private endpoint (API Server VNet Integration);
 * - workload identity (OIDC issuer) instead of node-wide credentials;
 * - Azure CNI overlay with the Cilium data plane and Cilium network policies;
 *   egress only through the subnets' NAT gateway;
 * - host encryption, Azure Policy, the image cleaner, and Container Insights
 *   through managed identity into a retained Log Analytics workspace;
 * - control-plane logs (kube-audit-admin, API server, controller manager,
 *   scheduler, cluster autoscaler, guard) and metrics exported to the same
 *   workspace by a diagnostic setting: AKS keeps none of them otherwise;
 * - automatic patch upgrades and weekly node images inside a maintenance window.
 *
 * Both node pools autoscale across zones 1-3. Node auto-repair needs no
 * setting: AKS watches node health and reboots, reimages or redeploys
 * unhealthy nodes by itself.
 *
 * Node OS disks are encrypted with a second customer-managed key of the same
 * vault through a disk encryption set (its identity holds Key Vault Crypto
 * Service Encryption User on that key only, and reaches the private vault as a
 * trusted Azure service), and are ephemeral where the VM size allows.
 *
 * The Key Vault, its keys, the disk encryption set and the cluster carry
 * `prevent_destroy`: losing a key makes every secret in etcd or every node disk
 * unreadable, and a setting that forces a new cluster (a disk encryption set
 * among them) must fail the plan instead of deleting the cluster. The Log Analytics workspace belongs to the
 * environment and is passed in ({@link AzureLogAnalyticsWorkspace}).
 */
export class AksCluster extends Construct implements IAksCluster {
  /** Refers to a cluster built elsewhere, for example the platform's cluster from a team's stack. */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: AksClusterAttributes): IAksCluster {
    return new ImportedAksCluster(scope, id, attrs);
  }

  /**
   * The name of the resource group an AksCluster with this name prefix creates, as a plain string: for resources
   * that live next to the cluster but belong to the environment, such as its Log Analytics workspace.
   */
  public static resourceGroupNameFor(namePrefix: string): string {
    return azureName('rg', namePrefix, 'aks');
  }

  /** The AKS cluster. */
  public readonly cluster: KubernetesCluster;
  /** The user node pool, for the teams' workloads. */
  public readonly userNodePool: KubernetesClusterNodePool;
  /** The resource group holding the cluster and its companions. */
  public readonly resourceGroup: ResourceGroup;
  /** Name of {@link resourceGroup}. */
  public readonly resourceGroupName: string;
  /** Resource ID of {@link resourceGroup}. */
  public readonly resourceGroupId: string;
  /** The control plane's user-assigned identity. */
  public readonly identity: UserAssignedIdentity;
  /** The Key Vault holding the KMS key. */
  public readonly keyVault: KeyVault;
  /** The key that encrypts Kubernetes secrets in etcd. */
  public readonly kmsKey: KeyVaultKey;
  /** The Key Vault's private endpoint. */
  public readonly keyVaultPrivateEndpoint: PrivateEndpoint;
  /** The key that encrypts the node OS disks; undefined with `platformManagedNodeDisks`. */
  public readonly nodeDiskKey?: KeyVaultKey;
  /** The disk encryption set of the node OS disks; undefined with `platformManagedNodeDisks`. */
  public readonly diskEncryptionSet?: DiskEncryptionSet;
  /** Resource ID of the Log Analytics workspace receiving Container Insights data and the control-plane logs. */
  public readonly logAnalyticsWorkspaceId: string;
  /** The diagnostic setting exporting the control-plane logs (including the audit log) and metrics to the workspace. */
  public readonly diagnosticSetting: MonitorDiagnosticSetting;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The cluster's OIDC issuer URL, for federated identity credentials ({@link AzureWorkloadIdentity}). */
  public readonly oidcIssuerUrl: string;
  /** Object ID of the kubelet identity, for image pull roles such as AcrPull. */
  public readonly kubeletIdentityObjectId: string;

  constructor(scope: Construct, id: string, props: AksClusterProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    if (props.publicApiServer !== undefined) {
      Annotations.of(this).addWarning('AksCluster: publicApiServer is deprecated (use publicEndpoint: { allowedCidrs, reason }, the type EKS, AKS and GKE share; it requires the allowed networks)');
    }

    const { namePrefix, location, tags } = props;
    const kubernetesVersion = props.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
    const systemPool = { ...DEFAULT_SYSTEM_POOL, ...props.systemPool };
    const userPool = { ...DEFAULT_USER_POOL, ...props.userPool };
    const hostEncryptionEnabled = props.hostEncryptionEnabled ?? true;
    const serviceCidr = props.serviceCidr ?? DEFAULT_SERVICE_CIDR;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', {
      name: AksCluster.resourceGroupNameFor(namePrefix),
      location,
      tags,
    });
    this.resourceGroupName = this.resourceGroup.name;
    this.resourceGroupId = this.resourceGroup.id;
    const placement = { resourceGroupName: this.resourceGroup.name, location };

    const clientConfig = new DataAzurermClientConfig(this, 'ClientConfig', {});

    // KMS cannot use a system-assigned identity: the identity must hold its
    // Key Vault role before the cluster exists.
    this.identity = new UserAssignedIdentity(this, 'Identity', {
      ...placement,
      name: azureName('id', namePrefix, 'aks'),
      tags,
    });
    const controlPlaneRole = (roleId: string, roleScope: string, roleDefinitionName: string) =>
      new RoleAssignment(this, roleId, {
        scope: roleScope,
        roleDefinitionName,
        principalId: this.identity.principalId,
        principalType: 'ServicePrincipal',
        // A new identity takes a while to replicate in Entra ID; without this the assignment can fail.
        skipServicePrincipalAadCheck: true,
      });

    // KMS reaches a private vault only from inside the virtual network: AKS projects the API server into a
    // delegated subnet (API Server VNet Integration) and calls the vault's private endpoint from there. AKS cannot
    // switch the mode while KMS is on: a cluster that used a public vault disables KMS, switches, and enables it again.
    const kms = customerManagedKey(this, {
      ids: { keyVault: 'KeyVault', key: 'KmsKey', deployerRole: 'DeployerKeyVaultCryptoOfficer', privateEndpoint: 'KeyVaultPrivateEndpoint' },
      ...placement,
      vaultName: keyVaultName(namePrefix, clientConfig.subscriptionId),
      tenantId: clientConfig.tenantId,
      deployerObjectId: clientConfig.objectId,
      keyName: 'aks-etcd-kms',
      keySize: 2048,
      // KMS wraps data encryption keys; it never signs.
      keyOpts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
      hsm: props.hsmKeyEnabled ?? false,
      network: {
        mode: 'private',
        privateEndpointSubnetId: props.privateEndpointSubnetId,
        privateDnsZoneId: props.keyVaultPrivateDnsZoneId,
        endpointName: azureName('pep', namePrefix, 'aks-kv'),
      },
      tags,
    });
    this.keyVault = kms.keyVault;
    this.kmsKey = kms.key;
    this.keyVaultPrivateEndpoint = kms.privateEndpoint!;
    const identityCryptoUser = grantKeyRole(this, 'IdentityKeyVaultCryptoUser', this.keyVault, 'Key Vault Crypto User', this.identity.principalId);
    // A bring-your-own subnet must be joinable by the control plane identity
    // (nodes, internal load balancers).
    const identitySystemSubnet = controlPlaneRole('IdentitySystemNodesSubnetNetworkContributor', props.systemNodesSubnetId, 'Network Contributor');
    const identityUserSubnet = controlPlaneRole('IdentityUserNodesSubnetNetworkContributor', props.userNodesSubnetId, 'Network Contributor');
    // API Server VNet Integration places the API server's internal load balancer in the delegated subnet.
    const identityApiServerSubnet = controlPlaneRole('IdentityApiServerSubnetNetworkContributor', props.apiServerSubnetId, 'Network Contributor');
    this.logAnalyticsWorkspaceId = props.logAnalyticsWorkspaceId;

    const window = { ...DEFAULT_MAINTENANCE_WINDOW, ...props.maintenanceWindow };
    const weeklyWindow = {
      frequency: 'Weekly',
      interval: 1,
      dayOfWeek: window.dayOfWeek,
      startTime: window.startTime,
      duration: window.durationHours,
      utcOffset: window.utcOffset,
    };

    const publicApiServer = publicApiServerOf(props);
    const clusterTags = publicApiServer === undefined ? tags : { ...tags, [PUBLIC_API_SERVER_REASON_TAG]: publicApiServer.reason };
    const authorizedIpRanges = publicApiServer?.authorizedIpRanges ?? [];
    const upgradeSettings = { maxSurge: UPGRADE_MAX_SURGE, drainTimeoutInMinutes: UPGRADE_DRAIN_TIMEOUT_MINUTES };

    // Node OS disks: a customer-managed key of the same private vault, used through a disk encryption set whose
    // system identity may wrap and unwrap with that key only. Auto rotation moves the set to each new key version;
    // ephemeral OS disks adopt it when nodes are reimaged (weekly, with the NODE_IMAGE channel).
    const platformManagedNodeDisks = props.platformManagedNodeDisks;
    const desRoles: RoleAssignment[] = [];
    if (platformManagedNodeDisks === undefined) {
      this.nodeDiskKey = rotatingKey(this, 'NodeDiskKey', {
        keyVault: this.keyVault,
        keyName: 'aks-node-disks',
        hsm: props.hsmKeyEnabled ?? false,
        keySize: 3072,
        // Disk encryption wraps the disks' data encryption keys; it never signs.
        keyOpts: ['wrapKey', 'unwrapKey'],
        tags,
        dependsOn: [kms.deployerRole, this.keyVaultPrivateEndpoint],
      });
      this.diskEncryptionSet = new DiskEncryptionSet(this, 'DiskEncryptionSet', {
        ...placement,
        name: azureName('des', namePrefix, 'aks-nodes'),
        keyVaultKeyId: this.nodeDiskKey.versionlessId,
        autoKeyRotationEnabled: true,
        encryptionType: 'EncryptionAtRestWithCustomerKey',
        identity: { type: 'SystemAssigned' },
        tags,
        // Every node disk is encrypted through it: deleting it makes them unreadable.
        lifecycle: { preventDestroy: true },
      });
      desRoles.push(new RoleAssignment(this, 'DiskEncryptionSetKeyUser', {
        scope: this.nodeDiskKey.resourceVersionlessId,
        roleDefinitionName: 'Key Vault Crypto Service Encryption User',
        principalId: this.diskEncryptionSet.identity.principalId,
        principalType: 'ServicePrincipal',
        skipServicePrincipalAadCheck: true,
      }));
      // AKS creates the node VMs as the control plane identity, and Azure checks its read access to the linked set.
      desRoles.push(controlPlaneRole('IdentityDiskEncryptionSetReader', this.diskEncryptionSet.id, 'Reader'));
    }
    const osDisk = (pool: AksNodePoolSize) => {
      const ephemeral = pool.ephemeralOsDisk ?? (platformManagedNodeDisks === undefined && ephemeralOsDiskGiB(pool.vmSize!) !== undefined);
      // A managed OS disk keeps AKS's size; an ephemeral one must fit the temp disk.
      return ephemeral ? { osDiskType: 'Ephemeral', osDiskSizeGb: ephemeralOsDiskGiB(pool.vmSize!) } : { osDiskType: 'Managed' };
    };

    const clusterConfig: KubernetesClusterConfig = {
      ...placement,
      name: azureName('aks', namePrefix),
      dnsPrefix: namePrefix,
      nodeResourceGroup: azureName('rg', namePrefix, 'aks-nodes'),
      kubernetesVersion,
      skuTier: 'Standard',
      identity: { type: 'UserAssigned', identityIds: [this.identity.id] },

      privateClusterEnabled: publicApiServer === undefined,
      ...(publicApiServer === undefined ? {
        privateClusterPublicFqdnEnabled: false,
        privateDnsZoneId: 'System',
      } : {}),
      apiServerAccessProfile: {
        virtualNetworkIntegrationEnabled: true,
        subnetId: props.apiServerSubnetId,
        ...(authorizedIpRanges.length > 0 ? { authorizedIpRanges } : {}),
      },

      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        adminGroupObjectIds: props.adminGroupObjectIds,
        tenantId: clientConfig.tenantId,
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,

      keyManagementService: {
        // The versioned key ID: after a rotation, the next apply moves AKS to the new version.
        keyVaultKeyId: this.kmsKey.id,
        keyVaultNetworkAccess: 'Private',
      },

      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkDataPlane: 'cilium',
        networkPolicy: 'cilium',
        advancedNetworking: { securityEnabled: props.fqdnFilteringEnabled ?? true, observabilityEnabled: false },
        loadBalancerSku: 'standard',
        outboundType: 'userAssignedNATGateway',
        podCidr: props.podCidr ?? DEFAULT_POD_CIDR,
        serviceCidr,
        dnsServiceIp: dnsServiceIp(serviceCidr),
      },

      defaultNodePool: {
        name: 'system',
        // Lets AKS change settings that need new nodes by rotating the pool instead of replacing the cluster.
        temporaryNameForRotation: 'systemtmp',
        onlyCriticalAddonsEnabled: true,
        vmSize: systemPool.vmSize,
        ...osDisk(systemPool),
        vnetSubnetId: props.systemNodesSubnetId,
        orchestratorVersion: kubernetesVersion,
        autoScalingEnabled: true,
        minCount: systemPool.minCount,
        maxCount: systemPool.maxCount,
        zones: AVAILABILITY_ZONES,
        hostEncryptionEnabled,
        nodePublicIpEnabled: false,
        upgradeSettings,
        tags,
      },

      automaticUpgradeChannel: (props.automaticUpgradeChannel ?? AksAutomaticUpgradeChannel.PATCH).value,
      nodeOsUpgradeChannel: (props.nodeOsUpgradeChannel ?? AksNodeOsUpgradeChannel.NODE_IMAGE).value,
      maintenanceWindowAutoUpgrade: weeklyWindow,
      maintenanceWindowNodeOs: weeklyWindow,

      azurePolicyEnabled: true,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: props.imageCleanerIntervalHours ?? DEFAULT_IMAGE_CLEANER_INTERVAL_HOURS,
      omsAgent: {
        logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
        msiAuthForMonitoringEnabled: true,
      },
      ...(props.azureMonitorMetricsEnabled ? { monitorMetrics: {} } : {}),

      ...(this.diskEncryptionSet && { diskEncryptionSetId: this.diskEncryptionSet.id }),

      tags: platformManagedNodeDisks === undefined
        ? clusterTags
        : { ...clusterTags, [NODE_DISKS_PLATFORM_KEY_REASON_TAG]: platformManagedNodeDisks.reason },
      dependsOn: [
        identityCryptoUser, identitySystemSubnet, identityUserSubnet, identityApiServerSubnet, this.keyVaultPrivateEndpoint, ...desRoles,
      ],
      // Settings that force a new cluster (a disk encryption set, host encryption, the network profile, ...) fail the
      // plan instead of deleting the cluster and every workload on it.
      lifecycle: { preventDestroy: true },
    };
    this.cluster = new KubernetesCluster(this, 'Resource', clusterConfig);

    this.userNodePool = new KubernetesClusterNodePool(this, 'UserNodePool', {
      kubernetesClusterId: this.cluster.id,
      name: 'user',
      mode: 'User',
      // Lets AKS rotate the pool for settings that need new nodes, instead of deleting it and then creating it.
      temporaryNameForRotation: 'usertmp',
      vmSize: userPool.vmSize,
      ...osDisk(userPool),
      vnetSubnetId: props.userNodesSubnetId,
      orchestratorVersion: kubernetesVersion,
      autoScalingEnabled: true,
      minCount: userPool.minCount,
      maxCount: userPool.maxCount,
      zones: AVAILABILITY_ZONES,
      hostEncryptionEnabled,
      nodePublicIpEnabled: false,
      upgradeSettings,
      tags,
    });

    // With managed-identity authentication, Container Insights only collects
    // what a data collection rule associated with the cluster asks for; the
    // CLI creates this rule implicitly, Terraform must do it explicitly.
    const insightsRule = new MonitorDataCollectionRule(this, 'ContainerInsightsRule', {
      ...placement,
      name: azureName('dcr', namePrefix, 'aks-insights'),
      description: 'Container Insights data of the AKS cluster',
      destinations: {
        logAnalytics: [{ name: 'workspace', workspaceResourceId: this.logAnalyticsWorkspaceId }],
      },
      dataFlow: [{ streams: CONTAINER_INSIGHTS_STREAMS, destinations: ['workspace'] }],
      dataSources: {
        extension: [{
          name: 'ContainerInsightsExtension',
          extensionName: 'ContainerInsights',
          streams: CONTAINER_INSIGHTS_STREAMS,
          extensionJson: JSON.stringify({
            dataCollectionSettings: { interval: '1m', namespaceFilteringMode: 'Off', enableContainerLogV2: true },
          }),
        }],
      },
      tags,
    });
    new MonitorDataCollectionRuleAssociation(this, 'ContainerInsightsRuleAssociation', {
      // Container Insights looks the association up by this name.
      name: 'ContainerInsightsExtension',
      targetResourceId: this.cluster.id,
      dataCollectionRuleId: insightsRule.id,
      description: 'Sends the cluster\'s Container Insights data to its Log Analytics workspace. Deleting it stops collection.',
    });

    this.diagnosticSetting = new MonitorDiagnosticSetting(this, 'Diagnostics', {
      name: azureName('diag', namePrefix, 'aks'),
      targetResourceId: this.cluster.id,
      logAnalyticsWorkspaceId: this.logAnalyticsWorkspaceId,
      // Resource-specific tables (AKSAudit, AKSAuditAdmin, AKSControlPlane), as
      // AKS recommends: cheaper to query and to retain than AzureDiagnostics.
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: CONTROL_PLANE_LOG_CATEGORIES.map((category) => ({ category })),
      enabledMetric: [{ category: 'AllMetrics' }],
    });

    this.clusterName = this.cluster.name;
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
    this.kubeletIdentityObjectId = this.cluster.kubeletIdentity.objectId;
  }
}

/** The cluster DNS service's address: the tenth address of the service CIDR, as AKS suggests. */
function dnsServiceIp(serviceCidr: string): string {
  if (Token.isUnresolved(serviceCidr)) {
    return Fn.cidrhost(serviceCidr, 10);
  }
  const network = parseIpv4Cidr(serviceCidr);
  // An invalid range is reported by the validation; Terraform's own function keeps the tree buildable until then.
  return network ? addressAt(network, 10) : Fn.cidrhost(serviceCidr, 10);
}

/** Throws one Error listing every problem of `props`, one per line. */
/** The public API server the props ask for, from the shared prop or the deprecated one. */
function publicApiServerOf(props: AksClusterProps): AksPublicApiServer | undefined {
  const endpoint = props.publicEndpoint;
  return endpoint === undefined ? props.publicApiServer : { reason: endpoint.reason, authorizedIpRanges: endpoint.allowedCidrs };
}

function validate(props: AksClusterProps): Problems {
  const problems = new Problems('AksCluster');
  problems.push(...namePrefixProblems(props.namePrefix));
  problems.push(...locationProblems(props.location));

  for (const key of ['systemNodesSubnetId', 'userNodesSubnetId', 'apiServerSubnetId', 'privateEndpointSubnetId'] as const) {
    problems.push(...resourceIdProblems(key, props[key], 'subnet'));
  }
  problems.push(...resourceIdProblems('keyVaultPrivateDnsZoneId', props.keyVaultPrivateDnsZoneId, 'private DNS zone'));
  problems.push(...resourceIdProblems('logAnalyticsWorkspaceId', props.logAnalyticsWorkspaceId, 'Log Analytics workspace'));

  const groups = props.adminGroupObjectIds;
  if (!Token.isUnresolved(groups)) {
    if (groups === undefined || groups.length === 0) {
      problems.push('adminGroupObjectIds is empty (expected at least one Entra ID group object ID, or nobody can administer the cluster: local accounts are disabled)');
    } else {
      for (const group of groups) {
        problems.push(...objectIdProblems('adminGroupObjectIds', group));
      }
    }
  }

  const version = props.kubernetesVersion;
  if (version !== undefined && !Token.isUnresolved(version) && !KUBERNETES_VERSION.test(version)) {
    problems.push(`kubernetesVersion "${version}" is not a Kubernetes version (expected <major>.<minor> or <major>.<minor>.<patch>, like 1.33)`);
  }

  problems.push(...poolProblems('systemPool', props.systemPool, 1));
  problems.push(...poolProblems('userPool', props.userPool, 0));
  problems.push(...ephemeralOsDiskProblems('systemPool', { ...DEFAULT_SYSTEM_POOL, ...props.systemPool }));
  problems.push(...ephemeralOsDiskProblems('userPool', { ...DEFAULT_USER_POOL, ...props.userPool }));

  const keepPlatformKeys = props.platformManagedNodeDisks;
  if (keepPlatformKeys !== undefined && !Token.isUnresolved(keepPlatformKeys.reason)) {
    const reason = keepPlatformKeys.reason;
    if (typeof reason !== 'string' || reason.trim().length === 0) {
      problems.push('platformManagedNodeDisks.reason is empty (expected why this cluster keeps platform-managed keys on its node disks, e.g. a ticket reference)');
    } else if (reason.length > MAX_TAG_VALUE_LENGTH) {
      problems.push(`platformManagedNodeDisks.reason is ${reason.length} characters long (expected at most ${MAX_TAG_VALUE_LENGTH}, as it is stored in a tag)`);
    }
  }

  problems.push(...wholeNumberProblems('imageCleanerIntervalHours', props.imageCleanerIntervalHours, 24, 2160));

  const window = props.maintenanceWindow;
  if (window !== undefined) {
    if (!DAYS_OF_WEEK.includes(window.dayOfWeek)) {
      problems.push(`maintenanceWindow.dayOfWeek "${window.dayOfWeek}" is not a day of the week (expected one of ${DAYS_OF_WEEK.join(', ')})`);
    }
    if (!Token.isUnresolved(window.startTime) && !TIME_OF_DAY.test(window.startTime)) {
      problems.push(`maintenanceWindow.startTime "${window.startTime}" is not a time of day (expected HH:MM on a 24-hour clock, like 02:00)`);
    }
    problems.push(...wholeNumberProblems('maintenanceWindow.durationHours', window.durationHours, 4, 24));
    if (window.utcOffset !== undefined && !Token.isUnresolved(window.utcOffset) && !UTC_OFFSET.test(window.utcOffset)) {
      problems.push(`maintenanceWindow.utcOffset "${window.utcOffset}" is not a UTC offset (expected +HH:MM or -HH:MM, like +01:00)`);
    }
  }

  const channel = props.automaticUpgradeChannel;
  const channelProblem = channel === undefined ? undefined : enumLikeProblem('automaticUpgradeChannel', channel, {
    type: 'AksAutomaticUpgradeChannel', example: 'PATCH', exampleValue: 'patch', pattern: /^[a-z]+(-[a-z]+)*$/, patternText: 'lower-case words joined by -', isUnresolved: Token.isUnresolved,
  });
  const nodeOsChannel = props.nodeOsUpgradeChannel;
  const nodeOsProblem = nodeOsChannel === undefined ? undefined : enumLikeProblem('nodeOsUpgradeChannel', nodeOsChannel, {
    type: 'AksNodeOsUpgradeChannel', example: 'NODE_IMAGE', exampleValue: 'NodeImage', pattern: /^[A-Z][A-Za-z]*$/, patternText: 'capitalised words without spaces', isUnresolved: Token.isUnresolved,
  });
  problems.push(channelProblem, nodeOsProblem);
  const nodeOsValue = (nodeOsChannel ?? AksNodeOsUpgradeChannel.NODE_IMAGE).value;
  const bothValid = channelProblem === undefined && nodeOsProblem === undefined;
  if (bothValid && channel?.value === AksAutomaticUpgradeChannel.NODE_IMAGE.value && nodeOsValue !== AksNodeOsUpgradeChannel.NODE_IMAGE.value) {
    problems.push(`nodeOsUpgradeChannel "${nodeOsValue}" conflicts with automaticUpgradeChannel "node-image" (AKS requires AksNodeOsUpgradeChannel.NODE_IMAGE then)`);
  }

  if (props.publicEndpoint !== undefined) {
    problems.push(...publicEndpointProblems('publicEndpoint', props.publicEndpoint, {
      isUnresolved: Token.isUnresolved,
      maxReason: { length: MAX_TAG_VALUE_LENGTH, storedIn: 'a tag' },
    }));
    problems.push(publicEndpointConflict('publicEndpoint', props.publicApiServer === undefined ? [] : ['publicApiServer']));
  }
  const publicApiServer = props.publicEndpoint === undefined ? props.publicApiServer : undefined;
  if (publicApiServer !== undefined) {
    const reason = publicApiServer.reason;
    if (!Token.isUnresolved(reason)) {
      if (typeof reason !== 'string' || reason.trim().length === 0) {
        problems.push('publicApiServer.reason is empty (expected why this cluster needs a public API server, e.g. a ticket reference)');
      } else if (reason.length > MAX_TAG_VALUE_LENGTH) {
        problems.push(`publicApiServer.reason is ${reason.length} characters long (expected at most ${MAX_TAG_VALUE_LENGTH}, as it is stored in a tag)`);
      }
    }
    for (const range of publicApiServer.authorizedIpRanges ?? []) {
      if (Token.isUnresolved(range)) {
        continue;
      }
      problems.push(ipv4CidrProblem('publicApiServer.authorizedIpRanges', range, '10.20.0.0/16'));
    }
  }

  const podBlock = cidrProblems('podCidr', props.podCidr ?? DEFAULT_POD_CIDR, problems);
  const serviceCidr = props.serviceCidr ?? DEFAULT_SERVICE_CIDR;
  const serviceBlock = cidrProblems('serviceCidr', serviceCidr, problems);
  if (serviceBlock !== undefined && (serviceBlock.prefixLength < 12 || serviceBlock.prefixLength > 28)) {
    problems.push(`serviceCidr "${serviceCidr}" has a prefix length of /${serviceBlock.prefixLength} (expected /12 to /28)`);
  }
  if (podBlock !== undefined && serviceBlock !== undefined && overlaps(podBlock, serviceBlock)) {
    problems.push(`serviceCidr "${serviceCidr}" overlaps podCidr "${props.podCidr ?? DEFAULT_POD_CIDR}"`);
  }

  problems.push(...tagProblems('tags', props.tags ?? {}));

  return problems;
}

function poolProblems(label: string, pool: AksNodePoolSize | undefined, smallestMinCount: number): string[] {
  if (pool === undefined) {
    return [];
  }
  const problems = [
    ...wholeNumberProblems(`${label}.minCount`, pool.minCount, smallestMinCount, MAX_NODES_PER_POOL),
    ...wholeNumberProblems(`${label}.maxCount`, pool.maxCount, 1, MAX_NODES_PER_POOL),
  ];
  if (problems.length === 0 && !Token.isUnresolved(pool.minCount) && !Token.isUnresolved(pool.maxCount)
    && pool.minCount > pool.maxCount) {
    problems.push(`${label}.minCount ${pool.minCount} is greater than ${label}.maxCount ${pool.maxCount} (expected minCount <= maxCount)`);
  }
  if (pool.vmSize !== undefined && !Token.isUnresolved(pool.vmSize) && !/^Standard_[A-Za-z0-9_]+$/.test(pool.vmSize)) {
    problems.push(`${label}.vmSize "${pool.vmSize}" is not an Azure VM size (expected like Standard_D4ds_v5)`);
  }
  return problems;
}

/** An ephemeral OS disk asked for on a VM size whose temp disk is not known to hold it. */
function ephemeralOsDiskProblems(label: string, pool: AksNodePoolSize): string[] {
  if (pool.ephemeralOsDisk !== true || pool.vmSize === undefined || Token.isUnresolved(pool.vmSize)) return [];
  if (ephemeralOsDiskGiB(pool.vmSize) !== undefined) return [];
  const known = Object.keys(AZURE_VM_TEMP_DISK_GIB);
  return [`${label}.ephemeralOsDisk is true, but vmSize "${pool.vmSize}" has no temp disk known to hold an ephemeral OS disk (expected a size with one, like ${known.slice(0, 3).join(', ')} (see AZURE_VM_TEMP_DISK_GIB), or ephemeralOsDisk: false)`];
}

/** Pushes a problem when `cidr` is not an IPv4 CIDR; returns its block otherwise. */
function cidrProblems(label: string, cidr: string, problems: Problems): Ipv4Network | undefined {
  if (Token.isUnresolved(cidr)) {
    return undefined;
  }
  problems.push(ipv4CidrProblem(label, cidr, '10.20.0.0/16'));
  return parseIpv4Cidr(cidr);
}
