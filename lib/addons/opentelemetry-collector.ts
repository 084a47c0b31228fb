import type { Addon } from './addon';
import { COLLECTOR_PORTS } from '../monitoring/otel-collector-config';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** Namespace of the cluster's OpenTelemetry Collector. */
export const OTEL_COLLECTOR_NAMESPACE = 'opentelemetry';

/**
 * Name of the ConfigMap holding the collector's configuration (key `relay`), which the platform generates
 * (`lib/monitoring/otel-collector-config.ts`) instead of the chart.
 */
export const OTEL_COLLECTOR_CONFIG_MAP = 'otel-collector-config';

/** The key of {@link OTEL_COLLECTOR_CONFIG_MAP} the chart mounts as `/conf/relay.yaml`. */
export const OTEL_COLLECTOR_CONFIG_KEY = 'relay';

/** The collector's Kubernetes service account: its cloud identity (X-Ray, Cloud Trace, Azure Monitor) is bound to it. */
export const OTEL_COLLECTOR_SERVICE_ACCOUNT = 'otel-collector';

/** The collector's Service (the chart's `fullnameOverride`), which services send OTLP to. */
export const OTEL_COLLECTOR_SERVICE = 'otel-collector';

/** Labels the chart puts on the collector's pods (its selector), for the NetworkPolicies around them. */
export const OTEL_COLLECTOR_POD_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/name': 'opentelemetry-collector',
  'app.kubernetes.io/instance': 'opentelemetry-collector',
};

/**
 * The in-cluster OTLP endpoint services send traces to: OTLP over HTTP, the protocol every OpenTelemetry SDK speaks
 * (gRPC is optional in some languages). Set as `OTEL_EXPORTER_OTLP_ENDPOINT` with `OTEL_EXPORTER_OTLP_PROTOCOL`.
 */
export const OTEL_COLLECTOR_OTLP_ENDPOINT = `http://${OTEL_COLLECTOR_SERVICE}.${OTEL_COLLECTOR_NAMESPACE}.svc.cluster.local:${COLLECTOR_PORTS.otlpHttp}`;

/** Requests and limits of one container; ephemeral storage bounded like every add-on's. */
interface CollectorResources {
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** A port of the chart's `ports` map. */
interface CollectorChartPort {
  readonly enabled: boolean;
  readonly containerPort?: number;
  readonly servicePort?: number;
  readonly protocol?: 'TCP' | 'UDP';
}

/**
 * The values of the `opentelemetry-collector` chart (0.158.x layout) that the baseline sets for every cluster; the
 * platform adds the service account's cloud annotations per environment.
 */
export interface OpenTelemetryCollectorValues {
  /** Object names that do not depend on the release: the Service is `otel-collector`. */
  readonly fullnameOverride: string;
  /** A gateway Deployment behind a Service (not a DaemonSet agent): services send to it over the network. */
  readonly mode: 'deployment';
  /** The contrib distribution, which has the X-Ray, Azure Monitor and Google Cloud exporters. */
  readonly image: { readonly repository: string };
  readonly command: { readonly name: string };
  /**
   * The chart's own configuration is off: it merges its defaults (Jaeger, Zipkin and Prometheus receivers, debug
   * exporters) into whatever is given, and a null cannot remove them through Argo CD's values. The platform writes the
   * whole configuration into this ConfigMap, which the chart mounts.
   */
  readonly configMap: { readonly create: false; readonly existingName: string };
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly priorityClassName: string;
  readonly resources: CollectorResources;
  /** Sets GOMEMLIMIT from the memory limit, so the Go runtime collects before the kernel kills. */
  readonly useGOMEMLIMIT: boolean;
  readonly podSecurityContext: {
    readonly runAsNonRoot: boolean;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly fsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly securityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly readOnlyRootFilesystem: boolean;
    readonly runAsNonRoot: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
  };
  /**
   * Created by the chart under a fixed name; the platform annotates it for the cloud (GCP service account, Azure client
   * id). The collector does not call the Kubernetes API, so no API token is mounted.
   */
  readonly serviceAccount: { readonly create: boolean; readonly name: string; readonly automountServiceAccountToken: boolean };
  /** Only OTLP (gRPC and HTTP) and the metrics port: the chart's Jaeger and Zipkin ports are closed. */
  readonly ports: Readonly<Record<string, CollectorChartPort>>;
  /** Replicas on different nodes, so a node drain keeps one receiving. */
  readonly affinity: Record<string, unknown>;
  /** The collector's own metrics (dropped spans, queue length) for Prometheus. */
  readonly serviceMonitor: { readonly enabled: boolean; readonly metricsEndpoints: readonly { readonly port: string }[] };
  /** The platform writes its own NetworkPolicies (ingress from exactly the service namespaces). */
  readonly networkPolicy: { readonly enabled: boolean };
}

/**
 * The OpenTelemetry Collector, as a gateway in every cluster: services send OTLP to it, and it forwards traces to the
 * cloud's tracing service (AWS X-Ray, Azure Monitor Application Insights, Google Cloud Trace) with the cluster's
 * workload identity, never a static key. On AKS, Microsoft's Entra ID authentication proxy runs beside it, because
 * the contrib Azure Monitor exporter cannot obtain an Entra ID token itself and Application Insights refuses the
 * instrumentation key alone (local authentication off).
 *
 * Chart `opentelemetry-collector` 0.158.3 ships collector 0.153.0; the contrib image is pulled fully qualified from
 * the project's GitHub registry. Its namespace is excluded from the organization's Kyverno policies only because the
 * image is the vendor's, not from the environment's own registry: the pods themselves meet Pod Security `restricted`
 * (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp), with requests, limits and the
 * platform's priority class.
 */
export const OTEL_COLLECTOR_ADDON: Addon<OpenTelemetryCollectorValues> = {
  name: 'opentelemetry-collector',
  description: 'OpenTelemetry Collector gateway: OTLP from the services, traces to X-Ray, Application Insights or Cloud Trace through workload identity.',
  namespace: OTEL_COLLECTOR_NAMESPACE,
  helm: {
    repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
    chart: 'opentelemetry-collector',
    version: '0.158.3',
  },
  appVersion: '0.153.0',
  // After kube-prometheus-stack, whose ServiceMonitor CRD its chart uses; before the services, which send to it.
  syncWave: -7,
  policyExcludedNamespaces: [OTEL_COLLECTOR_NAMESPACE],
  // The authentication proxy beside it on AKS comes from AKS's values (lib/platform/telemetry-collector.ts), not
  // from GKE's, whose Binary Authorization allowlist is what this list feeds.
  imagePatterns: ['ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib*'],
  values: {
    fullnameOverride: OTEL_COLLECTOR_SERVICE,
    mode: 'deployment',
    image: { repository: 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib' },
    command: { name: 'otelcol-contrib' },
    configMap: { create: false, existingName: OTEL_COLLECTOR_CONFIG_MAP },
    replicaCount: 2,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    priorityClassName: PLATFORM_PRIORITY_CLASS.name,
    resources: { requests: { 'cpu': '200m', 'memory': '512Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '256Mi' } },
    useGOMEMLIMIT: true,
    podSecurityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    serviceAccount: { create: true, name: OTEL_COLLECTOR_SERVICE_ACCOUNT, automountServiceAccountToken: false },
    ports: {
      'otlp': { enabled: true, containerPort: COLLECTOR_PORTS.otlpGrpc, servicePort: COLLECTOR_PORTS.otlpGrpc, protocol: 'TCP' },
      'otlp-http': { enabled: true, containerPort: COLLECTOR_PORTS.otlpHttp, servicePort: COLLECTOR_PORTS.otlpHttp, protocol: 'TCP' },
      'metrics': { enabled: true, containerPort: COLLECTOR_PORTS.metrics, servicePort: COLLECTOR_PORTS.metrics, protocol: 'TCP' },
      'jaeger-compact': { enabled: false },
      'jaeger-thrift': { enabled: false },
      'jaeger-grpc': { enabled: false },
      'zipkin': { enabled: false },
    },
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...OTEL_COLLECTOR_POD_LABELS } } },
        }],
      },
    },
    serviceMonitor: { enabled: true, metricsEndpoints: [{ port: 'metrics' }] },
    networkPolicy: { enabled: false },
  },
};
