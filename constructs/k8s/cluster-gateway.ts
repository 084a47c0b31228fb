import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { isDnsLabel, isDnsSubdomain, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/** Props for {@link ClusterGateway}. */
export interface ClusterGatewayProps {
  /** Gateway name (DNS label), e.g. `internal`. */
  readonly name: string;
  /** Namespace of the Gateway (DNS label): the Gateway controller's, so tenants cannot edit it. */
  readonly namespace: string;
  /** The GatewayClass whose controller runs the Gateway (DNS subdomain), e.g. `baseline`. */
  readonly gatewayClassName: string;
  /**
   * Host names the HTTPS listener serves: one wildcard level under a domain (`*.dev.acme.internal`) or an exact name.
   * Routes may only claim names inside it, and the certificate covers it.
   */
  readonly hostname: string;
  /** The cert-manager ClusterIssuer that signs the listener's certificate (cert-manager's Gateway API shim issues it). */
  readonly clusterIssuer: string;
  /**
   * Namespaces whose HTTPRoutes may attach to the Gateway (the teams with an exposed service). Empty, no route can.
   */
  readonly routeNamespaces: readonly string[];
  /**
   * Annotations for what the controller creates for the Gateway (Gateway API `spec.infrastructure`): the cloud's
   * load balancer annotations of the Service in front of the proxies.
   * @default {}
   */
  readonly infrastructureAnnotations?: Record<string, string>;
  /**
   * Labels of the Gateway (the mandatory labels).
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * More annotations of the Gateway (e.g. why it is public).
   * @default {}
   */
  readonly annotations?: Record<string, string>;
}

// A wildcard of one label under at least two labels, or an exact name (the Gateway API's hostname rules).
const HOSTNAME = /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Most annotations a Gateway API `infrastructure` block holds (the CRD's `maxProperties`). */
const MAX_INFRASTRUCTURE_ANNOTATIONS = 8;

/**
 * A Gateway API `Gateway` with one HTTPS listener on 443: TLS terminated with a certificate that cert-manager issues
 * and renews from `clusterIssuer` (the `cert-manager.io/cluster-issuer` annotation; the certificate lands in the
 * Secret `<name>-tls` beside the Gateway), HTTPRoutes admitted only from `routeNamespaces`, and nothing in plain
 * HTTP. Its proxies' pods are labelled `gateway.envoyproxy.io/owning-gateway-name: <name>` by Envoy Gateway, which
 * the exposed services' NetworkPolicies name as their peer.
 */
export class ClusterGateway extends Construct {
  /** Name of the HTTPS listener, for a route's `parentRefs[].sectionName`. */
  public static readonly LISTENER = 'https';
  /** cert-manager's annotation naming the ClusterIssuer of a Gateway's listeners. */
  public static readonly CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

  /** The Gateway API object (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;
  /** The Gateway's name. */
  public readonly name: string;
  /** The Gateway's namespace. */
  public readonly namespace: string;
  /** The Secret holding the listener's certificate. */
  public readonly certificateSecretName: string;

  constructor(scope: Construct, id: string, props: ClusterGatewayProps) {
    super(scope, id);
    this.node.addValidation(new Problems(`ClusterGateway ${JSON.stringify(props.name)}`).push(...validateProps(props)));
    this.name = props.name;
    this.namespace = props.namespace;
    this.certificateSecretName = `${props.name}-tls`;

    const infrastructure = props.infrastructureAnnotations ?? {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { ...props.labels },
        annotations: { ...props.annotations, [ClusterGateway.CLUSTER_ISSUER_ANNOTATION]: props.clusterIssuer },
      },
      spec: {
        gatewayClassName: props.gatewayClassName,
        ...(Object.keys(infrastructure).length > 0 && { infrastructure: { annotations: { ...infrastructure } } }),
        listeners: [{
          name: ClusterGateway.LISTENER,
          protocol: 'HTTPS',
          port: 443,
          hostname: props.hostname,
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: this.certificateSecretName }] },
          allowedRoutes: {
            kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
            // No namespace: only the Gateway's own, which holds no routes.
            namespaces: props.routeNamespaces.length === 0
              ? { from: 'Same' }
              : {
                from: 'Selector',
                selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...props.routeNamespaces].sort() }] },
              },
          },
        }],
      },
    });
  }
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: ClusterGatewayProps): string[] {
  const problems: string[] = [];
  if (!isDnsLabel(props.name)) problems.push(`name ${JSON.stringify(props.name)} is not a DNS label (expected like internal)`);
  if (!isDnsLabel(props.namespace)) problems.push(`namespace ${JSON.stringify(props.namespace)} is not a DNS label (expected like envoy-gateway-system)`);
  if (!isDnsSubdomain(props.gatewayClassName)) problems.push(`gatewayClassName ${JSON.stringify(props.gatewayClassName)} is not a DNS subdomain (expected like baseline)`);
  if (!HOSTNAME.test(props.hostname) || props.hostname.length > 253) {
    problems.push(`hostname ${JSON.stringify(props.hostname)} is not a host name (expected a name or one wildcard label, like *.dev.acme.internal)`);
  }
  if (!isDnsSubdomain(props.clusterIssuer)) problems.push(`clusterIssuer ${JSON.stringify(props.clusterIssuer)} is not a DNS subdomain (expected a ClusterIssuer name, like letsencrypt)`);
  props.routeNamespaces.forEach((ns, i) => {
    if (!isDnsLabel(ns)) problems.push(`routeNamespaces[${i}] ${JSON.stringify(ns)} is not a DNS label (expected a namespace, like payments)`);
  });
  const infrastructure = Object.keys(props.infrastructureAnnotations ?? {}).length;
  if (infrastructure > MAX_INFRASTRUCTURE_ANNOTATIONS) {
    problems.push(`infrastructureAnnotations has ${infrastructure} entries (expected at most ${MAX_INFRASTRUCTURE_ANNOTATIONS}, the Gateway API limit)`);
  }
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
