import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-api-object';
import { isDns1035Label, isDnsLabel, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/** The Gateway listener a route attaches to. */
export interface GatewayListenerRef {
  /** Gateway name. */
  readonly name: string;
  /** Gateway namespace. */
  readonly namespace: string;
  /**
   * Listener name on the Gateway.
   * @default 'https'
   */
  readonly sectionName?: string;
}

/** Props for {@link ServiceRoute}. */
export interface ServiceRouteProps {
  /** The service (an RFC 1035 label): the route and its backend Service are named after it. */
  readonly service: string;
  /** The service's namespace (its team's); the route lives there. */
  readonly namespace: string;
  /** The service's Service port (1-65535). */
  readonly port: number;
  /** The exact host name the service answers on through the Gateway, e.g. `payments-api.dev.acme.internal`. */
  readonly hostname: string;
  /** The Gateway listener the route attaches to. */
  readonly gateway: GatewayListenerRef;
  /**
   * Labels of the route (the mandatory labels).
   * @default {}
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations of the route (e.g. why the service is public, for the policy report).
   * @default {}
   */
  readonly annotations?: Record<string, string>;
}

const HOSTNAME = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A Gateway API `HTTPRoute` that sends every request for one host name, on one Gateway listener, to one service's
 * Service on its port. Named after the service, in its namespace. The Gateway decides which namespaces may attach
 * routes; the service's NetworkPolicy decides that the Gateway's proxies may reach its pods.
 */
export class ServiceRoute extends Construct {
  /** The Gateway API object (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ServiceRouteProps) {
    super(scope, id);
    this.node.addValidation(new Problems(`ServiceRoute ${JSON.stringify(props.service)}`).push(...validateProps(props)));
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: {
        name: props.service,
        namespace: props.namespace,
        labels: { ...props.labels },
        ...(props.annotations && Object.keys(props.annotations).length > 0 && { annotations: { ...props.annotations } }),
      },
      spec: {
        parentRefs: [{
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: props.gateway.name,
          namespace: props.gateway.namespace,
          sectionName: props.gateway.sectionName ?? 'https',
        }],
        hostnames: [props.hostname],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
          backendRefs: [{ group: '', kind: 'Service', name: props.service, port: props.port }],
        }],
      },
    });
  }
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: ServiceRouteProps): string[] {
  const problems: string[] = [];
  if (!isDns1035Label(props.service)) problems.push(`service ${JSON.stringify(props.service)} is not a service name (expected an RFC 1035 label like payments-api)`);
  if (!isDnsLabel(props.namespace)) problems.push(`namespace ${JSON.stringify(props.namespace)} is not a namespace name (expected a DNS label like payments)`);
  if (!(Number.isInteger(props.port) && props.port >= 1 && props.port <= 65535)) {
    problems.push(`port ${JSON.stringify(props.port)} is not a port number (expected an integer from 1 to 65535, like 8080)`);
  }
  if (!HOSTNAME.test(props.hostname) || props.hostname.length > 253) {
    problems.push(`hostname ${JSON.stringify(props.hostname)} is not a host name (expected an exact name, like payments-api.dev.acme.internal)`);
  }
  if (!isDnsLabel(props.gateway.name)) problems.push(`gateway.name ${JSON.stringify(props.gateway.name)} is not a DNS label (expected like internal)`);
  if (!isDnsLabel(props.gateway.namespace)) problems.push(`gateway.namespace ${JSON.stringify(props.gateway.namespace)} is not a DNS label (expected like envoy-gateway-system)`);
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
