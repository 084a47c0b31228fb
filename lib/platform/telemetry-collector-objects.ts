import { IntOrString, KubeConfigMap, KubeNetworkPolicy } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { environmentCollectorConfig } from './telemetry-collector';
import { ArgoCdApplication } from '../../constructs/k8s/argocd-application';
import { MONITORING_NAMESPACE, PROMETHEUS_POD_LABELS } from '../addons/kube-prometheus-stack';
import {
  OTEL_COLLECTOR_ADDON, OTEL_COLLECTOR_CONFIG_KEY, OTEL_COLLECTOR_CONFIG_MAP, OTEL_COLLECTOR_NAMESPACE, OTEL_COLLECTOR_POD_LABELS,
} from '../addons/opentelemetry-collector';
import { COLLECTOR_PORTS, type CollectorConfig } from '../monitoring/otel-collector-config';
import type { Cloud, Environment, Organization } from '../spec';

/** Properties of a {@link TelemetryCollector}. */
export interface TelemetryCollectorProps {
  readonly organization: Organization;
  readonly environment: Environment;
  readonly cloud: Cloud;
  /** Labels of every object (the mandatory labels). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The objects around one cluster's collector that the chart does not make: its configuration (the ConfigMap the chart
 * mounts through `configMap.existingName`) and the NetworkPolicy that isolates its pods: OTLP only from the pods of the
 * organization's service namespaces, metrics only from Prometheus. Synced in the collector's own wave, with its
 * Application, which creates the namespace.
 */
export class TelemetryCollector extends Construct {
  /** The configuration, as the collector reads it. */
  public readonly config: CollectorConfig;
  public readonly configMap: KubeConfigMap;
  public readonly ingress: KubeNetworkPolicy;

  constructor(scope: Construct, id: string, props: TelemetryCollectorProps) {
    super(scope, id);
    const { organization: org, environment: env, cloud } = props;
    const labels = { ...props.labels };
    const annotations = { [ArgoCdApplication.SYNC_WAVE_ANNOTATION]: String(OTEL_COLLECTOR_ADDON.syncWave) };
    this.config = environmentCollectorConfig(org, env, cloud);
    this.configMap = new KubeConfigMap(this, 'Config', {
      metadata: { name: OTEL_COLLECTOR_CONFIG_MAP, namespace: OTEL_COLLECTOR_NAMESPACE, labels, annotations },
      data: { [OTEL_COLLECTOR_CONFIG_KEY]: stringify(this.config, { lineWidth: 0 }) },
    });

    const tcp = (port: number) => ({ protocol: 'TCP', port: IntOrString.fromNumber(port) });
    const teams = [...new Set(org.services.map((s) => s.team))].sort();
    this.ingress = new KubeNetworkPolicy(this, 'Ingress', {
      metadata: { name: 'otel-collector-allow-ingress', namespace: OTEL_COLLECTOR_NAMESPACE, labels, annotations },
      spec: {
        podSelector: { matchLabels: { ...OTEL_COLLECTOR_POD_LABELS } },
        policyTypes: ['Ingress'],
        ingress: [
          // OTLP from the services' namespaces only (the namespace name label, which tenants cannot forge); none
          // when the organization has no services yet.
          ...(teams.length > 0 ? [{
            from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: teams }] } }],
            ports: [tcp(COLLECTOR_PORTS.otlpGrpc), tcp(COLLECTOR_PORTS.otlpHttp)],
          }] : []),
          {
            from: [{
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } },
              podSelector: { matchLabels: { ...PROMETHEUS_POD_LABELS } },
            }],
            ports: [tcp(COLLECTOR_PORTS.metrics)],
          },
        ],
      },
    });
  }
}
