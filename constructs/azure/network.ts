import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { NetworkWatcher } from '@cdktf/provider-azurerm/lib/network-watcher';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { Address4 } from 'ip-address';
import { cidrsOverlap, parseIpv4Cidr } from './private/cidr';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { storageAccountName } from './private/storage-account-name';
import { tagProblems } from './private/tag-rules';
import { guidProblems, resourceIdProblems, wholeNumberProblems } from './private/value-rules';

/** The subnet CIDRs of an {@link AzureNetwork}, planned by the caller inside its address space. */
export interface AzureNetworkSubnets {
  /** Subnet for the AKS system node pool, e.g. "10.20.0.0/22". Egress goes through the NAT gateway. */
  readonly systemNodes: string;
  /** Subnet for the AKS user node pools, e.g. "10.20.16.0/20". Egress goes through the NAT gateway. */
  readonly userNodes: string;
  /** Subnet for private endpoints, e.g. "10.20.4.0/24". It has no internet egress. */
  readonly privateEndpoints: string;
}

/**
 * An existing Network Watcher for {@link AzureNetworkProps.networkWatcher}.
 * Azure allows one per subscription and region.
 */
export interface AzureNetworkWatcherReference {
  /** The Network Watcher's name, e.g. "NetworkWatcher_westeurope" for the one Azure creates by itself. */
  readonly name: string;
  /** Its resource group, e.g. "NetworkWatcherRG" for the one Azure creates by itself. */
  readonly resourceGroupName: string;
}

/** Where the flow logs of an {@link AzureNetwork} are analysed (Traffic Analytics). */
export interface AzureNetworkTrafficAnalytics {
  /** Resource ID of the Log Analytics workspace, e.g. `LogAnalyticsWorkspace.id`. */
  readonly workspaceResourceId: string;
  /** The workspace's own ID (a GUID, not the resource ID), e.g. `LogAnalyticsWorkspace.workspaceId`. */
  readonly workspaceId: string;
  /**
   * Region of the workspace.
   * @default - the network's location
   */
  readonly workspaceRegion?: string;
  /**
   * How often Traffic Analytics processes the flow logs, 10 or 60 minutes.
   * @default 10
   */
  readonly intervalMinutes?: number;
}

/** Properties of an {@link AzureNetwork}. */
export interface AzureNetworkProps {
  /**
   * Name prefix derived by the caller from organization and environment, e.g. "acme-dev".
   * A lowercase DNS label of at most 40 characters, so that every derived name
   * stays inside Azure's limits.
   */
  readonly namePrefix: string;

  /** Azure region name, e.g. "westeurope" (not the display name "West Europe"). */
  readonly location: string;

  /** The virtual network's address space, an IPv4 CIDR such as "10.20.0.0/16". */
  readonly addressSpace: string;

  /** Subnet CIDRs, inside `addressSpace` and not overlapping each other. */
  readonly subnets: AzureNetworkSubnets;

  /**
   * Tags for every taggable resource this construct creates.
   * @default {}
   */
  readonly tags?: Record<string, string>;

  /**
   * How long the NAT gateway keeps an idle outbound TCP flow open, from 4 to 120 minutes.
   * @default 4
   */
  readonly natIdleTimeoutMinutes?: number;

  /**
   * Availability zones of the NAT gateway's Standard public IP.
   *
   * The default makes the IP zone-redundant, so losing a zone does not lose the
   * egress address that partners may have allowlisted. Pass `[]` in a region
   * without availability zones. The NAT gateway itself is left without a pinned
   * zone: a Standard NAT gateway is a zonal resource either way, and a
   * zone-redundant IP attaches to it whichever zone Azure picks.
   * @default ["1", "2", "3"]
   */
  readonly natPublicIpZones?: string[];

  /**
   * How long the flow log storage account keeps each VNet flow log record, 1 to 365 days
   * (Azure's limit for a flow log retention policy).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;

  /**
   * An existing Network Watcher in this network's region to attach the VNet flow log to.
   *
   * Azure allows one Network Watcher per subscription and region. By default
   * this construct creates it, in the network's resource group, so that the
   * flow log's parent is part of the reviewed code. That fails when the region
   * already has one, e.g. `NetworkWatcher_<location>` in `NetworkWatcherRG`,
   * which Azure creates by itself when the first virtual network appears unless
   * the subscription opted out: pass that one here (or delete or import it),
   * and pass the same one to every other network of the subscription in the region.
   * @default - a Network Watcher `nw-<namePrefix>` created in the network's resource group
   */
  readonly networkWatcher?: AzureNetworkWatcherReference;

  /**
   * Sends the flow logs to Traffic Analytics in a Log Analytics workspace.
   * @default - no Traffic Analytics: the flow logs are kept in the storage account only
   */
  readonly trafficAnalytics?: AzureNetworkTrafficAnalytics;
}

/** Keys of {@link AzureNetworkSubnets}, in the order subnets are created and reported. */
type SubnetKey = keyof AzureNetworkSubnets;

/** How each subnet appears in construct ids and resource names. Both are contract: do not rename. */
const SUBNET_LAYOUT: ReadonlyArray<{ readonly key: SubnetKey; readonly idPrefix: string; readonly purpose: string }> = [
  { key: 'systemNodes', idPrefix: 'SystemNodes', purpose: 'system-nodes' },
  { key: 'userNodes', idPrefix: 'UserNodes', purpose: 'user-nodes' },
  { key: 'privateEndpoints', idPrefix: 'PrivateEndpoints', purpose: 'private-endpoints' },
];

/** Azure's smallest IPv4 subnet. */
const MAX_SUBNET_PREFIX_LENGTH = 29;
const MIN_NAT_IDLE_TIMEOUT_MINUTES = 4;
const MAX_NAT_IDLE_TIMEOUT_MINUTES = 120;
const AVAILABILITY_ZONES = ['1', '2', '3'];
const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;
/** Azure refuses a longer flow log retention policy (0 would mean forever, which the baseline does not offer). */
const MAX_FLOW_LOG_RETENTION_DAYS = 365;
/** How long a deleted flow log blob or container stays recoverable. */
const FLOW_LOG_SOFT_DELETE_DAYS = 7;
const TRAFFIC_ANALYTICS_INTERVALS_MINUTES = [10, 60];
const DEFAULT_TRAFFIC_ANALYTICS_INTERVAL_MINUTES = 10;
/**
 * The last priority a user rule can take (100-4096, lowest number first), so
 * every rule a team adds is evaluated before this deny.
 */
const DENY_INTERNET_INBOUND_PRIORITY = 4096;

/**
 * The network baseline of one environment in Azure: a resource group holding a
 * virtual network with subnets for AKS system nodes, AKS user nodes and private
 * endpoints, each behind its own network security group, and a NAT gateway
 * with a static public IP that gives the node subnets a stable egress address.
 *
 * Secure by default: Azure's implicit default outbound access is off on every
 * subnet (the node subnets leave through the NAT gateway, the private-endpoint
 * subnet has no internet egress), every NSG carries an explicit
 * deny-all-inbound-from-Internet rule, and NSGs and route tables apply to
 * private endpoints.
 *
 * Every flow through the virtual network is recorded by a VNet flow log (Azure
 * retired NSG flow logs) into a dedicated storage account, which carries
 * `prevent_destroy` because the logs are audit evidence. The flow log hangs
 * off a Network Watcher that this construct creates unless one is given, see
 * {@link AzureNetworkProps.networkWatcher}.
 */
export class AzureNetwork extends Construct {
  /** The resource group holding every resource of this construct. */
  public readonly resourceGroup: ResourceGroup;
  /** The virtual network. */
  public readonly virtualNetwork: VirtualNetwork;
  /** The subnet for the AKS system node pool. */
  public readonly systemNodesSubnet: Subnet;
  /** The subnet for the AKS user node pools. */
  public readonly userNodesSubnet: Subnet;
  /** The subnet for private endpoints. */
  public readonly privateEndpointsSubnet: Subnet;
  /** The network security group of each subnet, for teams that must add rules. */
  public readonly networkSecurityGroups: { readonly [key in keyof AzureNetworkSubnets]: NetworkSecurityGroup };
  /** The NAT gateway serving the node subnets. */
  public readonly natGateway: NatGateway;
  /** The NAT gateway's public IP: the egress address of the node subnets, for allowlists. */
  public readonly natPublicIp: PublicIp;
  /** The resource group's name, as a reference so that dependants wait for the group. */
  public readonly resourceGroupName: string;
  /** The Azure region of every resource of this construct. */
  public readonly location: string;
  /** The Network Watcher this construct created, or undefined when {@link AzureNetworkProps.networkWatcher} names an existing one. */
  public readonly networkWatcher?: NetworkWatcher;
  /** The name of the Network Watcher holding the flow log, created or given. */
  public readonly networkWatcherName: string;
  /** The storage account receiving the VNet flow logs. */
  public readonly flowLogStorageAccount: StorageAccount;
  /** The VNet flow log of {@link virtualNetwork}. */
  public readonly flowLog: NetworkWatcherFlowLog;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    validate(props);

    const { namePrefix, location } = props;
    const tags = props.tags;
    this.location = location;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', {
      name: azureName('rg', namePrefix, 'network'),
      location,
      tags,
    });
    this.resourceGroupName = this.resourceGroup.name;
    const placement = { resourceGroupName: this.resourceGroupName, location };

    this.virtualNetwork = new VirtualNetwork(this, 'Resource', {
      ...placement,
      name: azureName('vnet', namePrefix),
      addressSpace: [props.addressSpace],
      tags,
    });

    const subnets = {} as Record<SubnetKey, Subnet>;
    const nsgs = {} as Record<SubnetKey, NetworkSecurityGroup>;
    for (const { key, idPrefix, purpose } of SUBNET_LAYOUT) {
      const subnet = new Subnet(this, `${idPrefix}Subnet`, {
        resourceGroupName: this.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        name: azureName('snet', namePrefix, purpose),
        addressPrefixes: [props.subnets[key]],
        // Egress must be explicit (the NAT gateway), not Azure's implicit,
        // unlisted default outbound address, which Azure is retiring.
        defaultOutboundAccessEnabled: false,
        // Without this, NSG and route-table rules silently skip private endpoints.
        ...(key === 'privateEndpoints' ? { privateEndpointNetworkPolicies: 'Enabled' } : {}),
      });

      // Rules are separate resources rather than inline blocks: the provider
      // cannot mix the two, and teams must be able to add their own rules.
      const nsg = new NetworkSecurityGroup(this, `${idPrefix}Nsg`, {
        ...placement,
        name: azureName('nsg', namePrefix, purpose),
        tags,
      });
      // Azure's default rules already drop this traffic; the explicit rule makes
      // the intent reviewable and checkable by policy.
      new NetworkSecurityRule(this, `${idPrefix}NsgDenyInternetInbound`, {
        resourceGroupName: this.resourceGroupName,
        networkSecurityGroupName: nsg.name,
        name: 'DenyInternetInbound',
        description: 'Baseline: deny all inbound traffic from the Internet unless a higher-priority rule allows it.',
        priority: DENY_INTERNET_INBOUND_PRIORITY,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '*',
      });
      new SubnetNetworkSecurityGroupAssociation(this, `${idPrefix}NsgAssociation`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });

      subnets[key] = subnet;
      nsgs[key] = nsg;
    }
    this.systemNodesSubnet = subnets.systemNodes;
    this.userNodesSubnet = subnets.userNodes;
    this.privateEndpointsSubnet = subnets.privateEndpoints;
    this.networkSecurityGroups = nsgs;

    this.natPublicIp = new PublicIp(this, 'NatPublicIp', {
      ...placement,
      name: azureName('pip', namePrefix, 'nat'),
      sku: 'Standard',
      allocationMethod: 'Static',
      ipVersion: 'IPv4',
      zones: props.natPublicIpZones ?? AVAILABILITY_ZONES,
      tags,
    });
    this.natGateway = new NatGateway(this, 'NatGateway', {
      ...placement,
      name: azureName('ng', namePrefix),
      skuName: 'Standard',
      idleTimeoutInMinutes: props.natIdleTimeoutMinutes ?? MIN_NAT_IDLE_TIMEOUT_MINUTES,
      tags,
    });
    new NatGatewayPublicIpAssociation(this, 'NatPublicIpAssociation', {
      natGatewayId: this.natGateway.id,
      publicIpAddressId: this.natPublicIp.id,
    });
    // Private endpoints only receive traffic, so their subnet gets no egress.
    for (const { key, idPrefix } of SUBNET_LAYOUT.filter((s) => s.key !== 'privateEndpoints')) {
      new SubnetNatGatewayAssociation(this, `${idPrefix}NatAssociation`, {
        subnetId: subnets[key].id,
        natGatewayId: this.natGateway.id,
      });
    }

    this.flowLogStorageAccount = new StorageAccount(this, 'FlowLogStorage', {
      ...placement,
      name: storageAccountName(namePrefix, this.resourceGroup.id),
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: 'ZRS',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      infrastructureEncryptionEnabled: true,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      // Network Watcher writes flow logs with the account key (the provider
      // gives the flow log no managed identity), so key access stays on; people
      // and tools reading the logs default to Entra ID instead.
      sharedAccessKeyEnabled: true,
      defaultToOauthAuthentication: true,
      // The firewall denies every network; Network Watcher reaches the account
      // as a trusted Azure service, which needs the public endpoint switched on.
      publicNetworkAccessEnabled: true,
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
      blobProperties: {
        deleteRetentionPolicy: { days: FLOW_LOG_SOFT_DELETE_DAYS },
        containerDeleteRetentionPolicy: { days: FLOW_LOG_SOFT_DELETE_DAYS },
      },
      tags,
      lifecycle: { preventDestroy: true },
    });

    const watcher = props.networkWatcher;
    if (watcher === undefined) {
      this.networkWatcher = new NetworkWatcher(this, 'NetworkWatcher', {
        ...placement,
        name: azureName('nw', namePrefix),
        tags,
      });
      this.networkWatcherName = this.networkWatcher.name;
    } else {
      this.networkWatcherName = watcher.name;
    }

    const analytics = props.trafficAnalytics;
    this.flowLog = new NetworkWatcherFlowLog(this, 'FlowLog', {
      name: azureName('fl', namePrefix, 'vnet'),
      networkWatcherName: this.networkWatcherName,
      resourceGroupName: watcher?.resourceGroupName ?? this.resourceGroupName,
      // A flow log lives in its Network Watcher's region, which is the network's.
      location,
      targetResourceId: this.virtualNetwork.id,
      storageAccountId: this.flowLogStorageAccount.id,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: props.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS },
      ...(analytics === undefined ? {} : {
        trafficAnalytics: {
          enabled: true,
          workspaceResourceId: analytics.workspaceResourceId,
          workspaceId: analytics.workspaceId,
          workspaceRegion: analytics.workspaceRegion ?? location,
          intervalInMinutes: analytics.intervalMinutes ?? DEFAULT_TRAFFIC_ANALYTICS_INTERVAL_MINUTES,
        },
      }),
      tags,
    });
  }
}

/** Throws one Error listing every problem of `props`, one per line. */
function validate(props: AzureNetworkProps): void {
  const problems: string[] = [];
  const { namePrefix, location, addressSpace } = props;

  problems.push(...namePrefixProblems(namePrefix), ...locationProblems(location));

  let space: Address4 | undefined;
  if (!Token.isUnresolved(addressSpace)) {
    const parsed = parseIpv4Cidr(addressSpace);
    if (parsed.problem !== undefined) {
      problems.push(`addressSpace "${addressSpace}" ${parsed.problem}`);
    }
    space = parsed.block;
  }

  const subnets: Array<{ readonly label: string; readonly cidr: string; readonly block: Address4 }> = [];
  for (const { key } of SUBNET_LAYOUT) {
    const label = `subnets.${key}`;
    const cidr = props.subnets[key];
    if (Token.isUnresolved(cidr)) {
      continue;
    }
    const parsed = parseIpv4Cidr(cidr);
    if (parsed.problem !== undefined) {
      problems.push(`${label} "${cidr}" ${parsed.problem}`);
      continue;
    }
    const block = parsed.block;
    if (block.subnetMask > MAX_SUBNET_PREFIX_LENGTH) {
      problems.push(`${label} "${cidr}" is smaller than Azure allows (expected a prefix length of /${MAX_SUBNET_PREFIX_LENGTH} or shorter)`);
    }
    if (space !== undefined && !block.isInSubnet(space)) {
      problems.push(`${label} "${cidr}" is outside addressSpace "${addressSpace}"`);
    }
    for (const other of subnets) {
      if (cidrsOverlap(block, other.block)) {
        problems.push(`${label} "${cidr}" overlaps ${other.label} "${other.cidr}"`);
      }
    }
    subnets.push({ label, cidr, block });
  }

  problems.push(...wholeNumberProblems('natIdleTimeoutMinutes', props.natIdleTimeoutMinutes, MIN_NAT_IDLE_TIMEOUT_MINUTES, MAX_NAT_IDLE_TIMEOUT_MINUTES));

  const zones = props.natPublicIpZones;
  if (zones !== undefined && !Token.isUnresolved(zones)) {
    const seen = new Set<string>();
    for (const zone of zones) {
      if (Token.isUnresolved(zone)) {
        continue;
      }
      if (!AVAILABILITY_ZONES.includes(zone)) {
        problems.push(`natPublicIpZones "${zone}" is not an availability zone (expected "1", "2" or "3")`);
      } else if (seen.has(zone)) {
        problems.push(`natPublicIpZones lists zone "${zone}" more than once`);
      }
      seen.add(zone);
    }
  }

  problems.push(...wholeNumberProblems('flowLogRetentionDays', props.flowLogRetentionDays, 1, MAX_FLOW_LOG_RETENTION_DAYS));

  const watcher = props.networkWatcher;
  if (watcher !== undefined) {
    for (const key of ['name', 'resourceGroupName'] as const) {
      const value = watcher[key];
      if (!Token.isUnresolved(value) && (typeof value !== 'string' || value.trim().length === 0)) {
        problems.push(`networkWatcher.${key} is empty (expected the ${key === 'name' ? 'name' : 'resource group name'} of an existing Network Watcher, like ${key === 'name' ? 'NetworkWatcher_westeurope' : 'NetworkWatcherRG'})`);
      }
    }
  }

  const analytics = props.trafficAnalytics;
  if (analytics !== undefined) {
    problems.push(
      ...resourceIdProblems('trafficAnalytics.workspaceResourceId', analytics.workspaceResourceId, 'Log Analytics workspace'),
      ...guidProblems('trafficAnalytics.workspaceId', analytics.workspaceId, 'a workspace ID'),
    );
    if (analytics.workspaceRegion !== undefined) {
      problems.push(...locationProblems(analytics.workspaceRegion, 'trafficAnalytics.workspaceRegion'));
    }
    const interval = analytics.intervalMinutes;
    if (interval !== undefined && !Token.isUnresolved(interval) && !TRAFFIC_ANALYTICS_INTERVALS_MINUTES.includes(interval)) {
      problems.push(`trafficAnalytics.intervalMinutes ${interval} is not a Traffic Analytics interval (expected 10 or 60)`);
    }
  }

  problems.push(...tagProblems('tags', props.tags ?? {}));

  if (problems.length > 0) {
    throw new Error(problems.map((problem) => `AzureNetwork: ${problem}`).join('\n'));
  }
}
