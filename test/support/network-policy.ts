/**
 * Reads NetworkPolicies as a cluster enforces them, so tests can ask "may A reach B on port P?" of synthesized
 * manifests instead of matching strings.
 *
 * Kubernetes semantics (networking.k8s.io/v1, https://kubernetes.io/docs/concepts/services-networking/network-policies/):
 * - a pod is isolated for a direction once any policy in its namespace selects it with that policy type; an
 *   isolated pod admits only what some selecting policy of that type allows, the union of all of them;
 * - `policyTypes` left out means Ingress, plus Egress when the policy has egress rules;
 * - traffic between two pods needs the sender's egress AND the receiver's ingress to allow it;
 * - a peer with `podSelector` alone means pods of the policy's namespace; with `namespaceSelector` alone, every pod
 *   of the matching namespaces; with both, the pods matching both; `ipBlock` matches addresses outside the cluster
 *   (with `except`); an empty or missing `from`/`to` matches everything, and empty or missing `ports` every port;
 * - a port is a number or the name of a container port of the destination pod, with `endPort` for ranges.
 *
 * Cilium's CiliumNetworkPolicy (cilium.io/v2), as far as the baseline uses it: `endpointSelector`, egress
 * `toEndpoints` (namespace as `k8s:io.kubernetes.pod.namespace`) and `toFQDNs` with `toPorts`. A CNP that selects
 * an endpoint with egress rules isolates it for egress like a NetworkPolicy does, and both kinds add up. A name in
 * `toFQDNs` is reachable only when the pod's DNS lookups go through Cilium's DNS proxy (a `dns` rule on its DNS
 * egress that matches the name): otherwise Cilium never learns the addresses to allow.
 *
 * Anything else in a policy (fields the evaluator does not know) throws, so a new kind of rule can never pass a
 * test by being ignored.
 */

/** A pod, as policies see it. */
export interface PodEndpoint {
  readonly kind: 'pod';
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Named container ports, for policies that name a port. */
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number; readonly protocol?: string }[];
  /** A readable name for messages. */
  readonly name?: string;
}

/** An address outside the cluster. */
export interface IpEndpoint {
  readonly kind: 'ip';
  readonly ip: string;
}

/** A host name outside the cluster (Cilium FQDN rules). */
export interface FqdnEndpoint {
  readonly kind: 'fqdn';
  readonly name: string;
}

export type Endpoint = PodEndpoint | IpEndpoint | FqdnEndpoint;

type Direction = 'Ingress' | 'Egress';

interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: string[] }[];
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

function only(object: object | undefined, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object ?? {})) {
    if (!allowed.includes(key)) throw new Error(`network-policy evaluator: ${where} has "${key}", which it does not model`);
  }
}

/** Whether `labels` match a Kubernetes label selector ({} matches everything). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return true;
  only(selector, ['matchLabels', 'matchExpressions'], 'a label selector');
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    switch (expr.operator) {
      case 'In': if (!has || !(expr.values ?? []).includes(labels[expr.key])) return false; break;
      case 'NotIn': if (has && (expr.values ?? []).includes(labels[expr.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: throw new Error(`network-policy evaluator: unknown selector operator ${expr.operator}`);
    }
  }
  return true;
}

function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return parts.reduce((n, part) => n * 256 + part, 0);
}

/** Whether an IPv4 address is inside a CIDR. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const block = 2 ** (32 - prefix);
  return Math.floor(ipToNumber(base) / block) === Math.floor(ipToNumber(ip) / block);
}

/** Whether two CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  return cidrContains(a, b.split('/')[0]) || cidrContains(b, a.split('/')[0]);
}

interface Port {
  readonly port: number;
  readonly protocol: string;
}

/** NetworkPolicies and CiliumNetworkPolicies of one cluster, and the namespaces they refer to. */
export class NetworkPolicyEvaluator {
  private readonly policies: any[];
  private readonly cilium: any[];
  private readonly namespaceLabels = new Map<string, Record<string, string>>();

  /**
   * @param manifests every object applied to the cluster; NetworkPolicies, CiliumNetworkPolicies and Namespaces are read
   * @param extraNamespaces namespaces that exist without a manifest here (kube-system ...), with their labels
   */
  constructor(manifests: readonly any[], extraNamespaces: Readonly<Record<string, Record<string, string>>> = { 'kube-system': {} }) {
    for (const [name, labels] of Object.entries(extraNamespaces)) this.addNamespace(name, labels);
    for (const m of manifests) {
      if (m?.kind === 'Namespace' && m.apiVersion === 'v1') this.addNamespace(m.metadata.name, m.metadata.labels ?? {});
    }
    this.policies = manifests.filter((m) => m?.kind === 'NetworkPolicy');
    for (const p of this.policies) {
      if (p.apiVersion !== 'networking.k8s.io/v1') throw new Error(`network-policy evaluator: NetworkPolicy ${p.metadata?.name} has apiVersion ${p.apiVersion}`);
      only(p.spec, ['podSelector', 'policyTypes', 'ingress', 'egress'], `NetworkPolicy ${p.metadata.name}`);
      if (!p.metadata?.namespace) throw new Error(`network-policy evaluator: NetworkPolicy ${p.metadata?.name} has no namespace`);
    }
    this.cilium = manifests.filter((m) => m?.kind === 'CiliumNetworkPolicy');
    for (const p of this.cilium) {
      only(p.spec, ['endpointSelector', 'egress'], `CiliumNetworkPolicy ${p.metadata.name}`);
      if (!p.metadata?.namespace) throw new Error(`network-policy evaluator: CiliumNetworkPolicy ${p.metadata?.name} has no namespace`);
    }
  }

  /** Whether `from` may open a connection to `to` on `port`: the sender's egress and the receiver's ingress agree. */
  public allows(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): boolean {
    const target = { port, protocol };
    if (from.kind === 'pod' && !this.egressAllows(from, to, target)) return false;
    if (to.kind === 'pod' && !this.ingressAllows(to, from, target)) return false;
    return true;
  }

  /** Why `allows` says what it says, for test messages. */
  public explain(from: Endpoint, to: Endpoint, port: number, protocol = 'TCP'): string {
    const target = { port, protocol };
    const egress = from.kind === 'pod' ? this.egressAllows(from, to, target) : true;
    const ingress = to.kind === 'pod' ? this.ingressAllows(to, from, target) : true;
    return `${describe(from)} -> ${describe(to)}:${port}/${protocol}: egress ${egress ? 'allowed' : 'denied'}, ingress ${ingress ? 'allowed' : 'denied'}`;
  }

  private addNamespace(name: string, labels: Record<string, string>): void {
    this.namespaceLabels.set(name, { ...labels, [NAMESPACE_NAME_LABEL]: name });
  }

  private labelsOfNamespace(name: string): Record<string, string> {
    const labels = this.namespaceLabels.get(name);
    if (!labels) throw new Error(`network-policy evaluator: namespace ${name} is not known (add it to the manifests or extraNamespaces)`);
    return labels;
  }

  private selecting(pod: PodEndpoint, direction: Direction): any[] {
    return this.policies.filter((p) => p.metadata.namespace === pod.namespace
      && selectorMatches(p.spec.podSelector, pod.labels)
      && policyTypes(p).includes(direction));
  }

  private ciliumSelecting(pod: PodEndpoint, direction: Direction): any[] {
    if (direction === 'Ingress') return []; // The baseline writes egress CNPs only; `only` above keeps it so.
    return this.cilium.filter((p) => p.metadata.namespace === pod.namespace
      && ciliumSelectorMatches(p.spec.endpointSelector, pod)
      && Array.isArray(p.spec.egress));
  }

  private ingressAllows(pod: PodEndpoint, source: Endpoint, target: Port): boolean {
    const policies = this.selecting(pod, 'Ingress');
    if (policies.length === 0) return true;
    return policies.some((p) => (p.spec.ingress ?? []).some((rule: any) => {
      only(rule, ['from', 'ports'], `NetworkPolicy ${p.metadata.name} ingress rule`);
      return this.peersMatch(rule.from, source, p.metadata.namespace) && portsMatch(rule.ports, target, pod);
    }));
  }

  private egressAllows(pod: PodEndpoint, destination: Endpoint, target: Port): boolean {
    const policies = this.selecting(pod, 'Egress');
    const cilium = this.ciliumSelecting(pod, 'Egress');
    if (policies.length === 0 && cilium.length === 0) return true;
    const byNetworkPolicy = policies.some((p) => (p.spec.egress ?? []).some((rule: any) => {
      only(rule, ['to', 'ports'], `NetworkPolicy ${p.metadata.name} egress rule`);
      return this.peersMatch(rule.to, destination, p.metadata.namespace)
        && portsMatch(rule.ports, target, destination.kind === 'pod' ? destination : undefined);
    }));
    return byNetworkPolicy || cilium.some((p) => p.spec.egress.some((rule: any) => this.ciliumEgressMatches(p, rule, destination, target, cilium)));
  }

  private peersMatch(peers: any[] | undefined, endpoint: Endpoint, policyNamespace: string): boolean {
    if (peers === undefined || peers.length === 0) return true;
    return peers.some((peer) => {
      only(peer, ['podSelector', 'namespaceSelector', 'ipBlock'], 'a NetworkPolicy peer');
      if (peer.ipBlock) {
        only(peer.ipBlock, ['cidr', 'except'], 'an ipBlock');
        // Pod addresses are not modelled: ipBlock is for addresses outside the cluster (the tests check separately
        // that no ipBlock covers a pod range).
        return endpoint.kind === 'ip' && cidrContains(peer.ipBlock.cidr, endpoint.ip)
          && !(peer.ipBlock.except ?? []).some((c: string) => cidrContains(c, endpoint.ip));
      }
      if (endpoint.kind !== 'pod') return false;
      const namespaceOk = peer.namespaceSelector !== undefined
        ? selectorMatches(peer.namespaceSelector, this.labelsOfNamespace(endpoint.namespace))
        : endpoint.namespace === policyNamespace;
      return namespaceOk && selectorMatches(peer.podSelector, endpoint.labels);
    });
  }

  private ciliumEgressMatches(policy: any, rule: any, destination: Endpoint, target: Port, all: any[]): boolean {
    only(rule, ['toEndpoints', 'toFQDNs', 'toPorts'], `CiliumNetworkPolicy ${policy.metadata.name} egress rule`);
    if (!ciliumPortsMatch(rule.toPorts, target)) return false;
    if (rule.toEndpoints) {
      return destination.kind === 'pod' && rule.toEndpoints.some((sel: any) => ciliumSelectorMatches(sel, destination));
    }
    if (rule.toFQDNs) {
      if (destination.kind !== 'fqdn') return false;
      const named = rule.toFQDNs.some((f: any) => {
        only(f, ['matchName', 'matchPattern'], 'a toFQDNs entry');
        return f.matchName !== undefined ? f.matchName === destination.name : patternMatches(f.matchPattern, destination.name);
      });
      // Cilium allows the addresses its DNS proxy saw the name resolve to; without a dns rule it sees none.
      return named && this.dnsVisible(destination.name, all);
    }
    throw new Error(`network-policy evaluator: CiliumNetworkPolicy ${policy.metadata.name} has an egress rule with no peer`);
  }

  private dnsVisible(name: string, policies: any[]): boolean {
    return policies.some((p) => p.spec.egress.some((rule: any) =>
      (rule.toEndpoints ?? []).some((sel: any) => ciliumSelectorMatches(sel, KUBE_DNS))
      && (rule.toPorts ?? []).some((tp: any) => (tp.ports ?? []).some((pp: any) => Number(pp.port) === 53)
        && (tp.rules?.dns ?? []).some((d: any) => (d.matchName !== undefined ? d.matchName === name : patternMatches(d.matchPattern, name))))));
  }
}

function policyTypes(policy: any): Direction[] {
  if (Array.isArray(policy.spec.policyTypes) && policy.spec.policyTypes.length > 0) return policy.spec.policyTypes;
  return policy.spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

function portsMatch(ports: any[] | undefined, target: Port, destinationPod: PodEndpoint | undefined): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((p) => {
    only(p, ['port', 'protocol', 'endPort'], 'a NetworkPolicy port');
    if ((p.protocol ?? 'TCP') !== target.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string' && !/^\d+$/.test(p.port)) {
      // A named port is the destination pod's container port of that name.
      const named = destinationPod?.ports?.find((cp) => cp.name === p.port && (cp.protocol ?? 'TCP') === target.protocol);
      return named !== undefined && named.containerPort === target.port;
    }
    const first = Number(p.port);
    const last = p.endPort ?? first;
    return target.port >= first && target.port <= last;
  });
}

function ciliumPortsMatch(toPorts: any[] | undefined, target: Port): boolean {
  if (toPorts === undefined || toPorts.length === 0) return true;
  return toPorts.some((tp) => {
    only(tp, ['ports', 'rules'], 'a Cilium toPorts entry');
    return (tp.ports ?? []).some((p: any) => {
      only(p, ['port', 'protocol'], 'a Cilium port');
      const protocol = p.protocol ?? 'ANY';
      return Number(p.port) === target.port && (protocol === 'ANY' || protocol === target.protocol);
    });
  });
}

function ciliumSelectorMatches(selector: LabelSelector | undefined, pod: PodEndpoint): boolean {
  const labels: Record<string, string> = { [CILIUM_NAMESPACE_LABEL]: pod.namespace };
  for (const [k, v] of Object.entries(pod.labels)) labels[k] = v;
  const strip = (key: string) => key.replace(/^(k8s|any):/, '');
  const normalized: LabelSelector | undefined = selector && {
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [strip(k), v])),
    matchExpressions: (selector.matchExpressions ?? []).map((e) => ({ ...e, key: strip(e.key) })),
  };
  // A CNP without a namespace label in endpointSelector selects only its own namespace; the caller filters that.
  return selectorMatches(normalized, labels);
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  const regex = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-zA-Z0-9_]*')}$`);
  return regex.test(name);
}

function describe(e: Endpoint): string {
  switch (e.kind) {
    case 'pod': return `pod ${e.namespace}/${e.name ?? JSON.stringify(e.labels)}`;
    case 'ip': return e.ip;
    case 'fqdn': return e.name;
  }
}

/** The pods of every Deployment (and Argo Rollout) in the manifests, one endpoint per workload. */
export function podsOf(manifests: readonly any[]): PodEndpoint[] {
  return manifests
    .filter((m) => (m?.kind === 'Deployment' && m.apiVersion === 'apps/v1') || m?.kind === 'Rollout')
    .map((m) => ({
      kind: 'pod' as const,
      name: m.metadata.name,
      namespace: m.metadata.namespace,
      labels: m.spec.template.metadata.labels ?? {},
      ports: (m.spec.template.spec.containers ?? []).flatMap((c: any) => c.ports ?? []),
    }));
}

/** The cluster DNS pods (kube-dns/CoreDNS) as every cloud labels them. */
export const KUBE_DNS: PodEndpoint = { kind: 'pod', name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] };
