import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRoute } from '@cdktf/provider-google/lib/compute-route';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { GOOGLE_PRIVATE_APIS } from './google-private-apis';
import { GcpNatLogFilter } from './nat-log-filter';
import { gcpResourceName } from './private/names';
import { checkPlacement, GCP_PROJECT_ID_OR_DOMAIN_SCOPED_PATTERN, isKnown } from './private/placement';
import { Ipv4Network, ipv4CidrProblem, overlaps, parseIpv4Cidr } from '../../core/cidr';
import { Problems } from '../../core/problems';

/** Properties of a {@link GcpNetwork}. */
export interface GcpNetworkProps {
  /**
   * Name prefix derived by the caller from org and environment, e.g. "acme-dev" (lowercase DNS label, at most 40 chars).
   *
   * Every resource name starts with it, so it also keeps two environments in one project apart.
   */
  readonly namePrefix: string;

  /** GCP project id. */
  readonly project: string;

  /** GCP region, e.g. "europe-west1". */
  readonly region: string;

  /** Primary range of the node subnet (IPv4 CIDR), planned by the caller. */
  readonly nodesCidr: string;

  /** Secondary range for pods (GKE VPC-native). */
  readonly podsCidr: string;

  /** Secondary range for services. */
  readonly servicesCidr: string;

  /**
   * Fraction of flows sampled by subnet flow logs, in (0, 1].
   *
   * Flow logs cannot be switched off through this construct; a low value is the way to cut their cost.
   *
   * @default 0.5
   */
  readonly flowLogSampling?: number;

  /**
   * Which Cloud NAT events are logged.
   *
   * @default GcpNatLogFilter.ERRORS_ONLY
   */
  readonly natLogFilter?: GcpNatLogFilter;
}

const NAT_LOG_FILTERS: readonly string[] = Object.values(GcpNatLogFilter);
const CIDR_PROPS = ['nodesCidr', 'podsCidr', 'servicesCidr'] as const;

/** Evaluated after every rule a team adds (priorities 0 to 65533) and before GCP's implied deny (65535), which writes no log. */
const DENY_ALL_INGRESS_PRIORITY = 65534;

/**
 * The Google Cloud network baseline for one environment in one region.
 *
 * It creates:
 * - a custom-mode VPC with regional dynamic routing (the primary child, `Resource`);
 * - one subnet for GKE nodes, with secondary ranges `pods` and `services` for VPC-native clusters,
 *   Private Google Access, and flow logs with all metadata;
 * - a Cloud Router and a Cloud NAT with auto-allocated addresses for every range of every subnet,
 *   so that nodes need no external IP, with NAT logging;
 * - a firewall rule that denies and logs all ingress from 0.0.0.0/0. Nothing here allows ingress:
 *   teams add their own allow rules with a priority number lower than 65534;
 * - private Google APIs: a private Cloud DNS zone that resolves `*.googleapis.com` to `private.googleapis.com`
 *   ({@link GOOGLE_PRIVATE_APIS}) and a route for its range to the default internet gateway, so workloads reach
 *   Google APIs on one private range that NetworkPolicies can name, even where the default route is removed.
 *
 * Labels: compute networks, subnets, routers and firewalls take no labels in the google provider.
 * The platform sets `default_labels` on the provider, which applies them wherever GCP supports them,
 * so this construct does not handle labels.
 */
export class GcpNetwork extends Construct {
  /** The VPC network. */
  public readonly network: ComputeNetwork;

  /** The subnet for GKE nodes, carrying the pods and services secondary ranges. */
  public readonly subnetwork: ComputeSubnetwork;

  /** The Cloud Router that hosts the NAT. */
  public readonly router: ComputeRouter;

  /** The Cloud NAT that gives the subnet outbound internet access. */
  public readonly nat: ComputeRouterNat;

  /**
   * Name of the VPC network.
   *
   * A Terraform reference, not a literal, so that a resource using it (a GKE cluster) is created after the network.
   */
  public readonly networkName: string;

  /**
   * Name of the node subnet.
   *
   * A Terraform reference, not a literal, so that a resource using it is created after the subnet and its
   * secondary ranges.
   */
  public readonly subnetworkName: string;

  /** Name of the secondary range for pods, for GKE's `ip_allocation_policy.cluster_secondary_range_name`. */
  public readonly podsRangeName: string = 'pods';

  /** Name of the secondary range for services, for GKE's `ip_allocation_policy.services_secondary_range_name`. */
  public readonly servicesRangeName: string = 'services';

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));

    const { project, region, namePrefix } = props;

    this.network = new ComputeNetwork(this, 'Resource', {
      project,
      name: gcpResourceName(namePrefix, 'vpc'),
      // Auto mode would create a subnet with a fixed range in every region, outside the caller's address plan.
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
    });

    this.subnetwork = new ComputeSubnetwork(this, 'Subnetwork', {
      project,
      region,
      name: gcpResourceName(namePrefix, region),
      network: this.network.selfLink,
      ipCidrRange: props.nodesCidr,
      secondaryIpRange: [
        { rangeName: this.podsRangeName, ipCidrRange: props.podsCidr },
        { rangeName: this.servicesRangeName, ipCidrRange: props.servicesCidr },
      ],
      // Nodes have no external IP; without this they could not reach Google APIs (image pulls, logging).
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: 'INTERVAL_5_SEC',
        flowSampling: props.flowLogSampling ?? 0.5,
        metadata: 'INCLUDE_ALL_METADATA',
      },
    });

    this.router = new ComputeRouter(this, 'Router', {
      project,
      region,
      name: gcpResourceName(namePrefix, 'router'),
      network: this.network.selfLink,
    });

    this.nat = new ComputeRouterNat(this, 'Nat', {
      project,
      region,
      name: gcpResourceName(namePrefix, 'nat'),
      router: this.router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      // Pods use secondary ranges; NAT on primary ranges only would leave them without egress.
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      logConfig: {
        enable: true,
        filter: props.natLogFilter ?? GcpNatLogFilter.ERRORS_ONLY,
      },
    });

    // GCP already drops unsolicited ingress, but its implied rule writes no log; this one makes probes visible.
    new ComputeFirewall(this, 'DenyAllIngress', {
      project,
      name: gcpResourceName(namePrefix, 'deny-all-ingress'),
      network: this.network.selfLink,
      description: 'Baseline: deny and log all ingress from anywhere. Allow rules need a priority number lower than 65534.',
      direction: 'INGRESS',
      priority: DENY_ALL_INGRESS_PRIORITY,
      sourceRanges: ['0.0.0.0/0'],
      deny: [{ protocol: 'all' }],
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });

    // Private Google Access serves this range without leaving Google's network; the route keeps it reachable when an
    // organization removes the VPC's default route to the internet.
    new ComputeRoute(this, 'PrivateGoogleApisRoute', {
      project,
      name: gcpResourceName(namePrefix, 'private-google-apis'),
      network: this.network.selfLink,
      destRange: GOOGLE_PRIVATE_APIS.cidr,
      nextHopGateway: 'default-internet-gateway',
      description: 'Baseline: Google APIs through Private Google Access (private.googleapis.com).',
    });
    // Cloud DNS must be on before the zone; destroying the network must not switch it off for everything else.
    const dnsApi = new ProjectService(this, 'DnsApi', { project, service: 'dns.googleapis.com', disableOnDestroy: false });
    const zone = new DnsManagedZone(this, 'GoogleApisZone', {
      dependsOn: [dnsApi],
      project,
      name: gcpResourceName(namePrefix, 'googleapis'),
      dnsName: `${GOOGLE_PRIVATE_APIS.domain}.`,
      description: 'Baseline: resolves Google APIs to private.googleapis.com inside the VPC.',
      visibility: 'private',
      privateVisibilityConfig: { networks: [{ networkUrl: this.network.id }] },
    });
    new DnsRecordSet(this, 'GoogleApisPrivateRecord', {
      project,
      managedZone: zone.name,
      name: `${GOOGLE_PRIVATE_APIS.host}.`,
      type: 'A',
      ttl: 300,
      rrdatas: [...GOOGLE_PRIVATE_APIS.addresses],
    });
    new DnsRecordSet(this, 'GoogleApisWildcardRecord', {
      project,
      managedZone: zone.name,
      name: `*.${GOOGLE_PRIVATE_APIS.domain}.`,
      type: 'CNAME',
      ttl: 300,
      rrdatas: [`${GOOGLE_PRIVATE_APIS.host}.`],
    });

    this.networkName = this.network.name;
    this.subnetworkName = this.subnetwork.name;
  }
}

/** Every problem of `props`. Unresolved tokens are not checked. */
function validateProps(props: GcpNetworkProps): Problems {
  const problems = new Problems('GcpNetwork');
  const known = isKnown;
  // Domain-scoped project ids are fine here: the network only passes the id through to the provider.
  checkPlacement(problems, props, GCP_PROJECT_ID_OR_DOMAIN_SCOPED_PATTERN);

  const ranges: { prop: string; cidr: string; range: Ipv4Network }[] = [];
  for (const prop of CIDR_PROPS) {
    const cidr = props[prop];
    if (!known(cidr)) continue;
    const range = parseIpv4Cidr(cidr);
    if (range) {
      ranges.push({ prop, cidr, range });
    } else {
      problems.push(ipv4CidrProblem(prop, cidr, '10.20.0.0/20'));
    }
  }
  // GCP rejects overlapping primary and secondary ranges, but only at apply time, halfway through a rollout.
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i];
      const b = ranges[j];
      if (overlaps(a.range, b.range)) {
        problems.push(`${b.prop} "${b.cidr}" overlaps ${a.prop} "${a.cidr}" (expected the node, pod and service ranges to be disjoint)`);
      }
    }
  }

  const { flowLogSampling, natLogFilter } = props;
  if (flowLogSampling !== undefined && known(flowLogSampling) && !(flowLogSampling > 0 && flowLogSampling <= 1)) {
    problems.push(`flowLogSampling ${flowLogSampling} is outside (0, 1] (expected a fraction of flows, like 0.5)`);
  }
  if (natLogFilter !== undefined && known(natLogFilter) && !NAT_LOG_FILTERS.includes(natLogFilter)) {
    problems.push(`natLogFilter "${natLogFilter}" is not of type GcpNatLogFilter (expected one of ${NAT_LOG_FILTERS.join(', ')})`);
  }

  return problems;
}
