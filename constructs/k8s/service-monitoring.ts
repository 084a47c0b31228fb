import { ApiObject } from 'cdk8s';
import { IntOrString, KubeNetworkPolicy } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-api-object';
import { PlainKubeNetworkPolicy } from './private/plain-kube';
import { isDnsLabel, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/** Properties of a {@link ServiceMonitoring}. */
export interface ServiceMonitoringProps {
  /** The Service to scrape; the ServiceMonitor and NetworkPolicy are named after it. */
  readonly name: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Labels that select the Service (and its pods, for the NetworkPolicy). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Name of the Service port that serves metrics. */
  readonly portName: string;
  /** Container port number behind `portName`, which the NetworkPolicy opens. */
  readonly port: number;
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 30 */
  readonly scrapeIntervalSeconds?: number;
  /**
   * Pod labels copied onto every scraped series (e.g. `rollouts-pod-template-hash`, so a canary's requests can be
   * told from the stable ones).
   * @default []
   */
  readonly podTargetLabels?: readonly string[];
  /** Namespace Prometheus runs in. */
  readonly prometheusNamespace: string;
  /** Labels of the Prometheus pods, which alone may reach the metrics port from there. */
  readonly prometheusPodLabels: Readonly<Record<string, string>>;
  /** Labels of both objects (mandatory labels). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Metrics collection for one Service: a Prometheus Operator `ServiceMonitor` that scrapes its metrics port, and a
 * NetworkPolicy that lets exactly the Prometheus pods reach that port through the namespace's default-deny.
 * The scraped series' `job` label is the Service's name.
 */
export class ServiceMonitoring extends Construct {
  /** The ServiceMonitor (the construct's `Resource` child). */
  public readonly serviceMonitor: ApiObject;
  public readonly networkPolicy: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: ServiceMonitoringProps) {
    super(scope, id);
    const problems = validate(props);
    this.node.addValidation(new Problems(`ServiceMonitoring ${JSON.stringify(props.name)}`).push(...problems));
    const labels = { ...props.labels };
    this.serviceMonitor = new PlainApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        selector: { matchLabels: { ...props.selectorLabels } },
        namespaceSelector: { matchNames: [props.namespace] },
        ...(props.podTargetLabels && props.podTargetLabels.length > 0 && { podTargetLabels: [...props.podTargetLabels] }),
        endpoints: [{
          port: props.portName,
          path: props.path ?? '/metrics',
          interval: `${props.scrapeIntervalSeconds ?? 30}s`,
          scheme: 'http',
        }],
      },
    });
    this.networkPolicy = new PlainKubeNetworkPolicy(this, 'AllowScrape', {
      metadata: { name: `${props.name}-allow-metrics-scrape`, namespace: props.namespace, labels },
      spec: {
        podSelector: { matchLabels: { ...props.selectorLabels } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.prometheusNamespace } },
            podSelector: { matchLabels: { ...props.prometheusPodLabels } },
          }],
          ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(props.port) }],
        }],
      },
    });
  }
}

function validate(props: ServiceMonitoringProps): string[] {
  const problems: string[] = [];
  if (!isDnsLabel(props.name)) problems.push(`name ${JSON.stringify(props.name)} is not a DNS label (expected like checkout)`);
  if (!isDnsLabel(props.namespace)) problems.push(`namespace ${JSON.stringify(props.namespace)} is not a DNS label (expected like payments)`);
  if (!isDnsLabel(props.prometheusNamespace)) problems.push(`prometheusNamespace ${JSON.stringify(props.prometheusNamespace)} is not a DNS label (expected like monitoring)`);
  if (Object.keys(props.selectorLabels).length === 0) problems.push('selectorLabels is empty (expected the labels that select the Service, like { "app.kubernetes.io/name": "checkout" })');
  if (Object.keys(props.prometheusPodLabels).length === 0) problems.push('prometheusPodLabels is empty (expected the labels of the Prometheus pods; empty would open the port to every pod of that namespace)');
  if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) problems.push(`port ${JSON.stringify(props.port)} is not a port number (expected an integer from 1 to 65535)`);
  const interval = props.scrapeIntervalSeconds;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 5 || interval > 300)) {
    problems.push(`scrapeIntervalSeconds ${JSON.stringify(interval)} is out of range (expected an integer from 5 to 300)`);
  }
  if (props.path !== undefined && !props.path.startsWith('/')) problems.push(`path ${JSON.stringify(props.path)} is not an absolute path (expected like /metrics)`);
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
