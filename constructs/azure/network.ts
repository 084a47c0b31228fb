import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
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
import { tagProblems } from './private/tag-rules';

/** The subnet CIDRs of an {@link AzureNetwork}, planned by the caller inside its address space. */
export interface AzureNetworkSubnets {
  /** Subnet for the AKS system node pool, e.g. "10.20.0.0/22". Egress goes through the NAT gateway. */
  readonly systemNodes: string;
  /** Subnet for the AKS user node pools, e.g. "10.20.16.0/20". Egress goes through the NAT gateway. */
  readonly userNodes: string;
  /** Subnet for private endpoints, e.g. "10.20.4.0/24". It has no internet egress. */
  readonly privateEndpoints: string;
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

  const idle = props.natIdleTimeoutMinutes;
  if (idle !== undefined && !Token.isUnresolved(idle)
    && !(Number.isInteger(idle) && idle >= MIN_NAT_IDLE_TIMEOUT_MINUTES && idle <= MAX_NAT_IDLE_TIMEOUT_MINUTES)) {
    problems.push(`natIdleTimeoutMinutes ${idle} is out of range (expected a whole number from ${MIN_NAT_IDLE_TIMEOUT_MINUTES} to ${MAX_NAT_IDLE_TIMEOUT_MINUTES})`);
  }

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

  problems.push(...tagProblems('tags', props.tags ?? {}));

  if (problems.length > 0) {
    throw new Error(problems.map((problem) => `AzureNetwork: ${problem}`).join('\n'));
  }
}
