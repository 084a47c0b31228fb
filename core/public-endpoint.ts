/**
 * The one way a cluster construct (EKS, AKS, GKE) is told to open its Kubernetes API to the internet: which networks
 * may reach it and why. Every cloud used to encode this differently; one type keeps the review, the validation and
 * the record of the reason the same on all three.
 */
import { readIpv4Cidr } from './cidr';

/**
 * A reviewed exception that gives a cluster's Kubernetes API a public endpoint, besides the private one: the
 * networks allowed to reach it, and why. Weakens the baseline, so every cluster construct records the reason on the
 * cluster (EKS template metadata, AKS tag, GKE Terraform comment) and policy checks flag the cluster.
 *
 * Callers still need a cloud identity with a cluster role: the endpoint is reachable, not open.
 */
export interface ClusterPublicEndpoint {
  /**
   * IPv4 networks allowed to reach the public endpoint, e.g. the corporate egress ranges, the VPN or CI runners.
   * At least one; `0.0.0.0/0` (the whole internet) is refused.
   */
  readonly allowedCidrs: string[];

  /** Why this cluster cannot be reached through its private endpoint alone, e.g. a ticket reference. */
  readonly reason: string;
}

/** How a cloud's construct checks a {@link ClusterPublicEndpoint}. */
export interface PublicEndpointRules {
  /** True for a value the engine resolves later (a Token), which cannot be checked now. */
  readonly isUnresolved: (value: unknown) => boolean;

  /** Longest reason the cloud can store, and where it stores it, e.g. `{ length: 256, storedIn: 'a tag' }`. */
  readonly maxReason?: { readonly length: number; readonly storedIn: string };
}

/**
 * Where EKS (template metadata) and GKE (a `//` comment in the Terraform JSON) record a public endpoint's networks
 * and reason on the cluster, as `{ cidrs, reason }`, for policy reports to show.
 */
export const PUBLIC_ENDPOINT_RECORD = 'cdk-enterprise-baseline:public-endpoint';

/** An example network for messages: TEST-NET-3, which never routes. */
const EXAMPLE_CIDR = '203.0.113.0/24';

/**
 * Every problem of `value`, each a sentence starting with `path` (the prop's name, e.g. `publicEndpoint`).
 * Tokens are skipped: they are checked where they resolve.
 */
export function publicEndpointProblems(path: string, value: ClusterPublicEndpoint, rules: PublicEndpointRules): string[] {
  const problems: string[] = [];
  const known = (v: unknown) => !rules.isUnresolved(v);

  const cidrs = value.allowedCidrs;
  if (known(cidrs)) {
    if (!Array.isArray(cidrs) || cidrs.length === 0) {
      problems.push(`${path}.allowedCidrs is empty (expected the networks allowed to reach the public endpoint, like ${EXAMPLE_CIDR}; leave ${path} out for a private endpoint)`);
    } else {
      const seen = new Set<string>();
      cidrs.forEach((cidr, i) => {
        if (!known(cidr)) return;
        const at = `${path}.allowedCidrs[${i}] ${JSON.stringify(cidr)}`;
        const reading = readIpv4Cidr(cidr);
        if (reading.problem === 'host-bits') {
          problems.push(`${at} has host bits set (expected the network address ${reading.networkForm})`);
        } else if (reading.network === undefined) {
          problems.push(`${at} is not an IPv4 CIDR (expected like ${EXAMPLE_CIDR})`);
        } else if (reading.network.prefixLength === 0) {
          problems.push(`${at} opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)`);
        } else if (seen.has(cidr)) {
          problems.push(`${at} is listed twice (expected each network once)`);
        }
        seen.add(cidr);
      });
    }
  }

  const reason = value.reason;
  if (known(reason)) {
    if (typeof reason !== 'string' || reason.trim() === '') {
      problems.push(`${path}.reason is empty (expected why the API must be reachable from outside the private network, e.g. a ticket reference)`);
    } else if (rules.maxReason !== undefined && reason.length > rules.maxReason.length) {
      problems.push(`${path}.reason is ${reason.length} characters long (expected at most ${rules.maxReason.length}, as it is stored in ${rules.maxReason.storedIn})`);
    }
  }
  return problems;
}

/**
 * The problem of setting the shared prop and a deprecated one that means the same, naming both; undefined when at
 * most one is set.
 * @param deprecated the deprecated props that are set, e.g. `['endpointPublicAccessCidrs']`
 */
export function publicEndpointConflict(path: string, deprecated: readonly string[]): string | undefined {
  if (deprecated.length === 0) return undefined;
  const names = deprecated.join(' and ');
  return `${path} and ${names} are both set (expected ${path} only: ${names} ${deprecated.length > 1 ? 'are' : 'is'} deprecated and mean${deprecated.length > 1 ? '' : 's'} the same)`;
}
