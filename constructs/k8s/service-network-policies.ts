import { Protocol } from 'cdk8s-plus-28/lib/container';
import {
  IntOrString,
  KubeNetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { PlainKubeNetworkPolicy } from './private/plain-kube';
import { readIpv4Cidr } from '../../core/cidr';
import { isDns1035Label, isDnsLabel, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/**
 * A service in the cluster: the pods labelled `app.kubernetes.io/name: <name>` (the ServiceWorkload selector) in
 * `namespace`.
 */
export interface ServicePeer {
  /** Service name, the value of the selector label. */
  readonly name: string;
  /** Namespace the service runs in (its team's). */
  readonly namespace: string;
}

/** A service this one calls: its pods, and the port they listen on. */
export interface ServiceCallee extends ServicePeer {
  /** Container port of the callee (1-65535). */
  readonly port: number;
}

/** An address range outside the cluster the service may reach, such as its cloud's private API endpoints. */
export interface NetworkDestination {
  /** IPv4 CIDR, e.g. `10.10.240.0/22`. */
  readonly cidr: string;
  /** Ports reached there (1-65535). */
  readonly ports: readonly number[];
  /**
   * Protocol of the ports (cdk8s-plus's `Protocol`).
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** Props for {@link ServiceNetworkPolicies}. */
export interface ServiceNetworkPoliciesProps {
  /** The service: its pods are those of its ServiceWorkload. */
  readonly service: ServicePeer;
  /** The port the service's pods listen on (1-65535): what callers are let in on. */
  readonly port: number;
  /**
   * Services that call this one. Each is let in on `port`, from its own pods only, across namespaces where needed.
   * @default [] - no service calls it
   */
  readonly callers?: readonly ServicePeer[];
  /**
   * Extra sources let in on `port` beyond the callers, as NetworkPolicy peers: the Gateway's proxies for an exposed
   * service.
   * @default []
   */
  readonly ingressPeers?: readonly NetworkPolicyPeer[];
  /**
   * Services this one calls. Its pods may reach each callee's pods on the callee's port, and nothing else in the
   * cluster.
   * @default [] - calls no service
   */
  readonly callees?: readonly ServiceCallee[];
  /**
   * Addresses outside the cluster the service may reach: its cloud's credential endpoint and private API paths.
   * @default [] - nothing outside the cluster
   */
  readonly destinations?: readonly NetworkDestination[];
  /**
   * Where the service sends its telemetry: the cluster's OpenTelemetry Collector pods, as a NetworkPolicy peer, and
   * the ports it receives OTLP on. Its pods may reach them there.
   * @default - no telemetry egress
   */
  readonly telemetry?: { readonly peer: NetworkPolicyPeer; readonly ports: readonly number[] };
  /**
   * Labels on every policy (the mandatory labels).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** The label that selects a service's pods (`ServiceWorkload.SELECTOR_LABEL`). */
const SELECTOR_LABEL = 'app.kubernetes.io/name';
/** Set by the API server on every namespace; a tenant cannot forge it on a namespace of its own. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The NetworkPolicies of one service on top of its namespace's default-deny: exactly the traffic it declares.
 *
 * - `<name>-allow-ingress`: its declared callers' pods (and any extra peers, such as the Gateway's proxies) on its port;
 * - `<name>-allow-calls`: its pods to each callee's pods, on the callee's port;
 * - `<name>-allow-cloud-apis`: its pods to the given address ranges outside the cluster, on the given ports;
 * - `<name>-allow-telemetry`: its pods to the cluster's telemetry collector, on its OTLP ports.
 *
 * A policy with nothing to allow is not created: the namespace's default-deny already denies. Peers in the cluster
 * are always a namespace (by `kubernetes.io/metadata.name`, which tenants cannot forge) and a pod selector together,
 * so a rule never opens a whole namespace. Both ends must agree: Kubernetes lets traffic through only when the
 * sender's egress and the receiver's ingress allow it, so a call needs this construct on the caller (callees) and on
 * the callee (callers).
 */
export class ServiceNetworkPolicies extends Construct {
  /** Name suffix of the ingress policy. */
  public static readonly INGRESS_SUFFIX = '-allow-ingress';
  /** Name suffix of the policy opening the calls. */
  public static readonly CALLS_SUFFIX = '-allow-calls';
  /** Name suffix of the policy opening destinations outside the cluster. */
  public static readonly DESTINATIONS_SUFFIX = '-allow-cloud-apis';
  /** Name suffix of the policy opening the telemetry collector. */
  public static readonly TELEMETRY_SUFFIX = '-allow-telemetry';

  /** The peer that selects a service's pods, across namespaces. */
  public static peerOf(service: ServicePeer): NetworkPolicyPeer {
    return {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: service.namespace } },
      podSelector: { matchLabels: { [SELECTOR_LABEL]: service.name } },
    };
  }

  /** Ingress policy; undefined when nothing may call the service. */
  public readonly ingress?: KubeNetworkPolicy;
  /** Egress policy to the callees; undefined when the service calls none. */
  public readonly calls?: KubeNetworkPolicy;
  /** Egress policy to destinations outside the cluster; undefined when there are none. */
  public readonly destinations?: KubeNetworkPolicy;
  /** Egress policy to the telemetry collector; undefined without `telemetry`. */
  public readonly telemetry?: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ServiceNetworkPoliciesProps) {
    super(scope, id);
    const problems = validateProps(props);
    this.node.addValidation(new Problems(`ServiceNetworkPolicies ${JSON.stringify(props.service.name)}`).push(...problems));

    const { service } = props;
    const podSelector = { matchLabels: { [SELECTOR_LABEL]: service.name } };
    const metadata = (suffix: string) => ({ name: `${service.name}${suffix}`, namespace: service.namespace, labels: { ...props.labels } });
    const tcp = (port: number, protocol: Protocol = Protocol.TCP) => ({ protocol, port: IntOrString.fromNumber(port) });

    const from = [...(props.callers ?? []).map((c) => ServiceNetworkPolicies.peerOf(c)), ...(props.ingressPeers ?? [])];
    if (from.length > 0) {
      const rule: NetworkPolicyIngressRule = { from, ports: [tcp(props.port)] };
      this.ingress = new PlainKubeNetworkPolicy(this, 'Ingress', {
        metadata: metadata(ServiceNetworkPolicies.INGRESS_SUFFIX),
        spec: { podSelector, policyTypes: ['Ingress'], ingress: [rule] },
      });
    }

    const callees = props.callees ?? [];
    if (callees.length > 0) {
      // One rule per callee: a rule's peers share its ports, and callees listen on different ones.
      const egress: NetworkPolicyEgressRule[] = callees.map((c) => ({ to: [ServiceNetworkPolicies.peerOf(c)], ports: [tcp(c.port)] }));
      this.calls = new PlainKubeNetworkPolicy(this, 'Calls', {
        metadata: metadata(ServiceNetworkPolicies.CALLS_SUFFIX),
        spec: { podSelector, policyTypes: ['Egress'], egress },
      });
    }

    const destinations = props.destinations ?? [];
    if (destinations.length > 0) {
      const egress: NetworkPolicyEgressRule[] = destinations.map((d) => ({
        to: [{ ipBlock: { cidr: d.cidr } }],
        ports: d.ports.map((p) => tcp(p, d.protocol)),
      }));
      this.destinations = new PlainKubeNetworkPolicy(this, 'Destinations', {
        metadata: metadata(ServiceNetworkPolicies.DESTINATIONS_SUFFIX),
        spec: { podSelector, policyTypes: ['Egress'], egress },
      });
    }

    if (props.telemetry) {
      this.telemetry = new PlainKubeNetworkPolicy(this, 'Telemetry', {
        metadata: metadata(ServiceNetworkPolicies.TELEMETRY_SUFFIX),
        spec: { podSelector, policyTypes: ['Egress'], egress: [{ to: [props.telemetry.peer], ports: props.telemetry.ports.map((p) => tcp(p)) }] },
      });
    }
  }
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: ServiceNetworkPoliciesProps): string[] {
  const problems: string[] = [];
  const peer = (path: string, p: ServicePeer) => {
    if (!isDns1035Label(p.name)) {
      problems.push(`${path}.name ${JSON.stringify(p.name)} is not a service name (expected an RFC 1035 label like payments-api)`);
    }
    if (!isDnsLabel(p.namespace)) {
      problems.push(`${path}.namespace ${JSON.stringify(p.namespace)} is not a namespace name (expected a DNS label like payments)`);
    }
  };
  const port = (path: string, value: unknown) => {
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535)) {
      problems.push(`${path} ${JSON.stringify(value)} is not a port number (expected an integer from 1 to 65535, like 8080)`);
    }
  };
  peer('service', props.service);
  port('port', props.port);
  (props.callers ?? []).forEach((c, i) => peer(`callers[${i}]`, c));
  (props.callees ?? []).forEach((c, i) => {
    peer(`callees[${i}]`, c);
    port(`callees[${i}].port`, c.port);
  });
  (props.telemetry?.ports ?? []).forEach((p, i) => port(`telemetry.ports[${i}]`, p));
  if (props.telemetry && props.telemetry.ports.length === 0) {
    problems.push('telemetry.ports is empty (expected the collector\'s OTLP ports, like 4318)');
  }
  (props.destinations ?? []).forEach((d, i) => {
    const reading = readIpv4Cidr(d.cidr);
    if (reading.problem === 'host-bits') {
      problems.push(`destinations[${i}].cidr ${JSON.stringify(d.cidr)} has host bits set (expected the network address ${reading.networkForm})`);
    } else if (reading.network === undefined) {
      problems.push(`destinations[${i}].cidr ${JSON.stringify(d.cidr)} is not an IPv4 CIDR (expected like 10.10.240.0/22)`);
    } else if (reading.network.prefixLength === 0) {
      problems.push(`destinations[${i}].cidr ${JSON.stringify(d.cidr)} opens every address (expected the range of one destination, like 10.10.240.0/22)`);
    }
    if (d.protocol !== undefined && !Object.values(Protocol).includes(d.protocol)) {
      problems.push(`destinations[${i}].protocol ${JSON.stringify(d.protocol)} is not of type Protocol (expected one of ${Object.values(Protocol).join(', ')}, from cdk8s-plus-28)`);
    }
    if (d.ports.length === 0) {
      problems.push(`destinations[${i}].ports is empty (expected at least one port, like 443)`);
    }
    d.ports.forEach((p, j) => port(`destinations[${i}].ports[${j}]`, p));
  });
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
