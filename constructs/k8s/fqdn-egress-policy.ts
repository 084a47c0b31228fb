import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-api-object';
import type { ServicePeer } from './service-network-policies';
import { isDns1035Label, isDnsLabel, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/** Props for {@link FqdnEgressPolicy}. */
export interface FqdnEgressPolicyProps {
  /** The service whose pods may reach the names (pods labelled `app.kubernetes.io/name: <name>` in `namespace`). */
  readonly service: ServicePeer;
  /** Fully qualified host names, exact (no wildcards), e.g. `login.microsoftonline.com`. */
  readonly hostnames: readonly string[];
  /**
   * TCP ports reached on those names.
   * @default [443]
   */
  readonly ports?: readonly number[];
  /**
   * Labels on the policy (the mandatory labels).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Egress to named hosts outside the cluster, for destinations that have no private address to open by range (Entra
 * ID sign-in for Azure workload identity): a Cilium `CiliumNetworkPolicy` named `<service>-allow-fqdn` with
 * `toFQDNs`, the narrowest rule a dataplane can express for a host whose addresses change.
 *
 * Cilium learns a name's addresses from the DNS answers its DNS proxy sees, so the policy also sends the pods' DNS
 * lookups to kube-dns through the proxy (a `dns` rule that allows every query: the namespace's own DNS policy already
 * allows them, this only makes them visible). On AKS this needs Azure CNI powered by Cilium with Advanced Container
 * Networking Services security (`AksCluster`'s default); a cluster without FQDN support rejects the rule.
 */
export class FqdnEgressPolicy extends Construct {
  /** Name suffix of the policy. */
  public static readonly SUFFIX = '-allow-fqdn';

  /** The CiliumNetworkPolicy (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: FqdnEgressPolicyProps) {
    super(scope, id);
    const ports = props.ports ?? [443];
    const problems: string[] = [];
    if (!isDns1035Label(props.service.name)) problems.push(`service.name ${JSON.stringify(props.service.name)} is not a service name (expected an RFC 1035 label like payments-api)`);
    if (!isDnsLabel(props.service.namespace)) problems.push(`service.namespace ${JSON.stringify(props.service.namespace)} is not a namespace name (expected a DNS label like payments)`);
    if (props.hostnames.length === 0) problems.push('hostnames is empty (expected at least one host name, like login.microsoftonline.com)');
    props.hostnames.forEach((h, i) => {
      if (!HOSTNAME.test(h)) problems.push(`hostnames[${i}] ${JSON.stringify(h)} is not a fully qualified host name (expected lowercase, no wildcard, like login.microsoftonline.com)`);
    });
    if (ports.length === 0) problems.push('ports is empty (expected at least one port, like 443)');
    ports.forEach((p, i) => {
      if (!(Number.isInteger(p) && p >= 1 && p <= 65535)) problems.push(`ports[${i}] ${JSON.stringify(p)} is not a port number (expected an integer from 1 to 65535, like 443)`);
    });
    problems.push(...labelProblems('labels', props.labels ?? {}));
    this.node.addValidation(new Problems(`FqdnEgressPolicy ${JSON.stringify(props.service.name)}`).push(...problems));

    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: `${props.service.name}${FqdnEgressPolicy.SUFFIX}`, namespace: props.service.namespace, labels: { ...props.labels } },
      spec: {
        endpointSelector: { matchLabels: { 'app.kubernetes.io/name': props.service.name } },
        egress: [
          {
            toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
            toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
          },
          {
            toFQDNs: props.hostnames.map((matchName) => ({ matchName })),
            toPorts: [{ ports: ports.map((p) => ({ port: String(p), protocol: 'TCP' })) }],
          },
        ],
      },
    });
  }
}
