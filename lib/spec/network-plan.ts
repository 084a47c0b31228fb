import { carve, parseIpv4Cidr } from '../../core/cidr';

/** The clouds an environment can be placed on. */
export type Cloud = 'aws' | 'azure' | 'gcp';
export const CLOUDS: readonly Cloud[] = ['aws', 'azure', 'gcp'];

/**
 * One subnet of a cloud's baseline layout. Sizes are relative to the environment CIDR, so a /16 and a /20 get the
 * same shape; `minimumPrefixLength` bounds how small the subnet may get before the baseline stops working.
 */
interface SubnetRule {
  readonly name: string;
  /** Bits added to the environment prefix. */
  readonly extraBits: number;
  /** The subnet must be at least this big (prefix at most this number). */
  readonly smallestPrefixLength: number;
}

interface CloudLayout {
  /** Largest network the cloud accepts for one VPC/VNet/subnet plan (smallest prefix number). */
  readonly largestPrefixLength: number;
  /** Subnets in allocation order: larger first, so each is aligned without gaps. */
  readonly subnets: readonly SubnetRule[];
}

/**
 * The baseline subnet layout of each cloud, as data.
 *
 * - AWS: 3 private subnets (nodes and, with the VPC CNI, pods) of a quarter each, then 3 public and 3 isolated
 *   subnets of 1/32 each, then 3 subnets of 1/64 each for the interface endpoints alone. The order matches the
 *   VPC's subnet configuration so aws-cdk-lib allocates exactly these.
 * - Azure: with CNI overlay, pods do not take VNet addresses: user nodes get half, system nodes a quarter,
 *   private endpoints an eighth, the AKS API server (VNet Integration) a sixteenth. The last sixteenth is left for growth.
 * - GCP: VPC-native GKE takes pod and service addresses from secondary ranges; they come from the same CIDR so no
 *   two environments can collide when connected.
 */
export const NETWORK_LAYOUTS: Readonly<Record<Cloud, CloudLayout>> = {
  aws: {
    largestPrefixLength: 16, // an AWS VPC CIDR is /16 to /28
    subnets: [
      ...[1, 2, 3].map((az) => ({ name: `private${az}`, extraBits: 2, smallestPrefixLength: 22 })),
      ...[1, 2, 3].map((az) => ({ name: `public${az}`, extraBits: 5, smallestPrefixLength: 26 })),
      ...[1, 2, 3].map((az) => ({ name: `isolated${az}`, extraBits: 5, smallestPrefixLength: 26 })),
      // Interface endpoints alone, so a NetworkPolicy can open the private AWS APIs as ranges that hold nothing else.
      ...[1, 2, 3].map((az) => ({ name: `endpoints${az}`, extraBits: 6, smallestPrefixLength: 28 })),
    ],
  },
  azure: {
    largestPrefixLength: 8,
    subnets: [
      { name: 'userNodes', extraBits: 1, smallestPrefixLength: 23 },
      { name: 'systemNodes', extraBits: 2, smallestPrefixLength: 24 },
      { name: 'privateEndpoints', extraBits: 3, smallestPrefixLength: 26 },
      // API Server VNet Integration: a delegated subnet of at least /28, from the eighth left for growth. Appended
      // last, so the subnets before it keep their ranges.
      { name: 'apiServer', extraBits: 4, smallestPrefixLength: 28 },
    ],
  },
  gcp: {
    largestPrefixLength: 8,
    subnets: [
      { name: 'pods', extraBits: 1, smallestPrefixLength: 21 },
      { name: 'nodes', extraBits: 2, smallestPrefixLength: 24 },
      { name: 'services', extraBits: 3, smallestPrefixLength: 24 },
    ],
  },
};

/** The smallest environment CIDR (largest prefix number) the cloud's layout fits in. */
export function smallestEnvironmentPrefix(cloud: Cloud): number {
  return Math.min(...NETWORK_LAYOUTS[cloud].subnets.map((s) => s.smallestPrefixLength - s.extraBits));
}

/** What the layout carves, for error messages: "3 private /22, 3 public /26, 3 isolated /26". */
export function describeLayout(cloud: Cloud): string {
  const prefix = smallestEnvironmentPrefix(cloud);
  const groups = new Map<string, { count: number; prefixLength: number }>();
  for (const s of NETWORK_LAYOUTS[cloud].subnets) {
    const key = s.name.replace(/\d+$/, '');
    const g = groups.get(key) ?? { count: 0, prefixLength: prefix + s.extraBits };
    groups.set(key, { ...g, count: g.count + 1 });
  }
  const words = (name: string) => name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return [...groups].map(([name, g]) => `${g.count > 1 ? `${g.count} ` : ''}${words(name)} /${g.prefixLength}`).join(', ');
}

/**
 * Plans the baseline subnets of one cloud inside `cidr`. Throws only on a CIDR that validation already rejects;
 * callers validate first.
 */
export function planSubnets(cloud: Cloud, cidr: string): Record<string, string> {
  const parent = parseIpv4Cidr(cidr);
  const rules = NETWORK_LAYOUTS[cloud].subnets;
  const carved = parent && carve(parent, rules.map((s) => parent.prefixLength + s.extraBits));
  if (!carved) throw new Error(`cannot plan ${cloud} subnets in "${cidr}"`);
  return Object.fromEntries(rules.map((s, i) => [s.name, carved[i]]));
}

/**
 * Ranges the clusters take outside the VNet or VPC subnets, when the spec does not choose them: the AKS pod and
 * service ranges and the private GKE control plane. They are part of the CIDR plan: validation checks them
 * against every environment's network, so they cannot collide with a network they will be connected to.
 */
export const CLUSTER_RANGE_DEFAULTS = {
  azurePodCidr: '10.244.0.0/16',
  azureServiceCidr: '10.0.0.0/16',
  gcpControlPlaneCidr: '172.16.0.0/28',
} as const;

/** A cluster range field of a placement. */
export interface ClusterRangeField {
  readonly field: string;
  readonly label: string;
  readonly fallback: string;
}

/** The cluster ranges of each cloud's placement, with what they are and their defaults. */
export const CLOUD_RANGE_DEFAULTS_BY_FIELD: Readonly<Record<Cloud, readonly ClusterRangeField[]>> = {
  aws: [],
  azure: [
    { field: 'podCidr', label: 'AKS pod range', fallback: CLUSTER_RANGE_DEFAULTS.azurePodCidr },
    { field: 'serviceCidr', label: 'AKS service range', fallback: CLUSTER_RANGE_DEFAULTS.azureServiceCidr },
  ],
  gcp: [
    { field: 'controlPlaneCidr', label: 'GKE control-plane range', fallback: CLUSTER_RANGE_DEFAULTS.gcpControlPlaneCidr },
  ],
};
