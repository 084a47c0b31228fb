import { contains, Ipv4Network, overlaps, parseIpv4Cidr } from '../../../core/cidr';
import { show } from '../../../core/show';
import { formatPath, SpecIssue } from '../errors';
import { Cloud, CLOUD_RANGE_DEFAULTS_BY_FIELD, CLOUDS } from '../network-plan';

/** The address space private networks may use: RFC 1918 and the RFC 6598 shared space every cloud accepts. */
const PRIVATE_SPACE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseIpv4Cidr(c)!);

/** Ranges no cloud network may use, and what they are. */
const SPECIAL_RANGES: ReadonlyArray<{ readonly net: Ipv4Network; readonly what: string }> = [
  ['0.0.0.0/8', '"this network" (RFC 1122)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (it holds the clouds\' metadata services)'],
  ['192.0.0.0/24', 'reserved for protocol assignments (RFC 6890)'],
  ['192.0.2.0/24', 'reserved for documentation (RFC 5737)'],
  ['198.18.0.0/15', 'reserved for benchmarking (RFC 2544)'],
  ['198.51.100.0/24', 'reserved for documentation (RFC 5737)'],
  ['203.0.113.0/24', 'reserved for documentation (RFC 5737)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved (RFC 1112) or broadcast'],
].map(([cidr, what]) => ({ net: parseIpv4Cidr(cidr)!, what }));

/** The container runtime's default bridge: EKS and GKE nodes route it locally, so a network there is unreachable. */
const DOCKER_BRIDGE = parseIpv4Cidr('172.17.0.0/16')!;

/** Ranges AKS reserves for itself; pod and service ranges must avoid them. */
const AKS_RESERVED = ['169.254.0.0/16', '172.30.0.0/16', '172.31.0.0/16', '192.0.2.0/24'].map((c) => parseIpv4Cidr(c)!);

const EXPECTED_PRIVATE = 'expected a private range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10';

/** Why a network cannot be used, or `undefined` when it lies in private address space. */
function addressKindProblem(net: Ipv4Network): string | undefined {
  if (PRIVATE_SPACE.some((p) => contains(p, net))) return undefined;
  const special = SPECIAL_RANGES.find((s) => overlaps(s.net, net));
  return special ? `is ${special.what}` : 'is public address space, which belongs to someone else on the Internet';
}

interface ClusterRange {
  readonly env: number;
  readonly cloud: Cloud;
  readonly field: string;
  readonly label: string;
  readonly net: Ipv4Network;
  /** Set in the spec (else the platform's default). */
  readonly explicit: boolean;
}

/**
 * The networks of the CIDR plan: every environment network in private address space and clear of the ranges the
 * clusters reserve, and the cluster ranges (AKS pods and services, the GKE control plane) overlapping no
 * environment network, since all of them are connected. Overlaps between environment networks are checked with
 * the other rules across fields.
 */
export function networkIssues(spec: any): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const environments: any[] = Array.isArray(spec?.environments) ? spec.environments : [];
  const networks: Array<{ path: string; net: Ipv4Network }> = [];
  const ranges: ClusterRange[] = [];

  environments.forEach((env, i) => {
    for (const cloud of CLOUDS) {
      const placement = env?.[cloud];
      if (!placement || typeof placement !== 'object') continue;
      const cidr = placement.cidr;
      const net = typeof cidr === 'string' ? parseIpv4Cidr(cidr) : undefined;
      if (net) {
        const path = formatPath(['environments', i, cloud, 'cidr']);
        networks.push({ path, net });
        const problem = addressKindProblem(net);
        if (problem) {
          issues.push({ path, message: `${show(cidr)} ${problem} (${EXPECTED_PRIVATE})` });
        } else if (cloud !== 'azure' && overlaps(net, DOCKER_BRIDGE)) {
          issues.push({ path, message: `${show(cidr)} overlaps 172.17.0.0/16, the container runtime's bridge network, which ${cloud === 'aws' ? 'EKS' : 'GKE'} nodes route locally (expected a range outside 172.17.0.0/16)` });
        }
      }
      for (const { field, label, fallback } of CLOUD_RANGE_DEFAULTS_BY_FIELD[cloud]) {
        const given = placement[field];
        const value = typeof given === 'string' ? given : given === undefined ? fallback : undefined;
        const rangeNet = value === undefined ? undefined : parseIpv4Cidr(value);
        if (!rangeNet) continue;
        const explicit = given !== undefined;
        ranges.push({ env: i, cloud, field, label, net: rangeNet, explicit });
        const path = formatPath(['environments', i, cloud, field]);
        const problem = addressKindProblem(rangeNet);
        if (problem && explicit) issues.push({ path, message: `${show(value)} ${problem} (${EXPECTED_PRIVATE})` });
        const reserved = cloud === 'azure' ? AKS_RESERVED.find((r) => overlaps(r, rangeNet)) : undefined;
        if (reserved && explicit) issues.push({ path, message: `${show(value)} overlaps ${reserved.cidr}, which AKS reserves (expected a range outside ${AKS_RESERVED.map((r) => r.cidr).join(', ')})` });
      }
    }
  });

  // AKS pod and service ranges of one cluster must not overlap each other.
  for (const r of ranges) {
    if (r.field !== 'serviceCidr') continue;
    const pods = ranges.find((p) => p.env === r.env && p.field === 'podCidr');
    if (pods && overlaps(pods.net, r.net)) {
      issues.push({
        path: formatPath(['environments', r.env, 'azure', r.explicit ? 'serviceCidr' : 'podCidr']),
        message: `${show(r.explicit ? r.net.cidr : pods.net.cidr)} overlaps the cluster's ${r.explicit ? 'pod' : 'service'} range ${show(r.explicit ? pods.net.cidr : r.net.cidr)} (expected separate pod and service ranges)`,
      });
    }
  }

  // A cluster range set in the spec is reported where it is set; a default one where the network collides with it.
  for (const network of networks) {
    const hits = ranges.filter((r) => overlaps(r.net, network.net));
    for (const r of hits.filter((h) => h.explicit)) {
      issues.push({
        path: formatPath(['environments', r.env, r.cloud, r.field]),
        message: `${show(r.net.cidr)} overlaps ${network.path} ${show(network.net.cidr)} (expected the ${r.label} outside every environment network: they are connected)`,
      });
    }
    const defaults = hits.filter((h) => !h.explicit);
    if (defaults.length > 0) {
      const kinds = [...new Set(defaults.map((d) => `the ${d.label} ${d.net.cidr} (${d.cloud}.${d.field} of ${[...new Set(defaults.filter((x) => x.field === d.field).map((x) => formatPath(['environments', x.env])))].join(', ')})`))];
      issues.push({
        path: network.path,
        message: `${show(network.net.cidr)} overlaps ${kinds.join(' and ')} (expected a network clear of the cluster ranges, or set ${[...new Set(defaults.map((d) => `${d.cloud}.${d.field}`))].join(' and ')} to a free range)`,
      });
    }
  }
  return issues;
}
