/**
 * The OpenTelemetry Collector's configuration, generated from data: OTLP in, each cloud's tracing service out.
 *
 * The collector reads one YAML document (`receivers`, `processors`, `exporters`, `extensions`, `service`); the types
 * below are the subset the baseline writes, with the field names of the contrib components at the pinned collector
 * version (`lib/addons/opentelemetry-collector.ts`). {@link collectorConfigProblems} checks what the collector itself
 * checks at start-up (every pipeline names defined components of the right kind, nothing defined twice) plus the
 * baseline's rules (memory limiter first and batch last, listeners on the pod address only), so a broken config fails
 * at synth, not in a CrashLoopBackOff.
 */

/** Where a cluster's collector sends traces: the cloud's own tracing service. */
export type TraceDestination =
  /** AWS X-Ray in the cluster's region, through the `awsxray` exporter. */
  | { readonly cloud: 'aws'; readonly region: string }
  /** Azure Monitor Application Insights, through the `azuremonitor` exporter. */
  | { readonly cloud: 'azure'; readonly connectionStringEnv: string }
  /** Google Cloud Trace in the environment's project, through the `googlecloud` exporter. */
  | { readonly cloud: 'gcp'; readonly project: string };

/** What a cluster's collector configuration is generated from. */
export interface CollectorConfigInput {
  readonly destination: TraceDestination;
  /**
   * Resource attributes stamped on every span (upserted): the organization, environment and cloud, so traces from
   * every cluster can be told apart in one tracing service.
   */
  readonly resourceAttributes: Readonly<Record<string, string>>;
}

/** The ports the collector listens on, inside its pods (and on its Service, same numbers). */
export const COLLECTOR_PORTS = {
  /** OTLP over gRPC. */
  otlpGrpc: 4317,
  /** OTLP over HTTP (protobuf or JSON): what the services' SDKs are told to use. */
  otlpHttp: 4318,
  /** The health_check extension: the chart's liveness and readiness probes call it. */
  health: 13133,
  /** The collector's own metrics, for Prometheus. */
  metrics: 8888,
} as const;

/**
 * The environment variable holding the pod's IP (the chart sets `MY_POD_IP` from `status.podIP`): listeners bind to it
 * rather than to every interface, the collector's own recommendation since it stopped defaulting to 0.0.0.0.
 */
export const POD_IP_ENV = 'MY_POD_IP';

/** The share of the container's memory limit the memory limiter starts refusing data at. */
export const COLLECTOR_MEMORY_LIMIT_PERCENT = 80;

/** The exporter that sends to each cloud's tracing service. */
export const TRACE_EXPORTERS = { aws: 'awsxray', azure: 'azuremonitor', gcp: 'googlecloud' } as const;

/** The configuration document of the collector, as the baseline writes it. */
export interface CollectorConfig {
  readonly extensions: Readonly<Record<string, Record<string, unknown>>>;
  readonly receivers: Readonly<Record<string, Record<string, unknown>>>;
  readonly processors: Readonly<Record<string, Record<string, unknown>>>;
  readonly exporters: Readonly<Record<string, Record<string, unknown>>>;
  readonly service: {
    readonly extensions: readonly string[];
    readonly telemetry: Record<string, unknown>;
    readonly pipelines: Readonly<Record<string, CollectorPipeline>>;
  };
}

/** One pipeline: receivers, processors in order, exporters. */
export interface CollectorPipeline {
  readonly receivers: readonly string[];
  readonly processors: readonly string[];
  readonly exporters: readonly string[];
}

const listen = (port: number) => `\${env:${POD_IP_ENV}}:${port}`;

function exporterOf(destination: TraceDestination): Record<string, Record<string, unknown>> {
  switch (destination.cloud) {
    case 'aws':
      // Credentials from EKS Pod Identity (the SDK's default chain); the endpoint is the regional one, which the VPC's
      // X-Ray interface endpoint answers privately. X-Ray takes W3C trace ids, so no id generator is imposed on services.
      return { [TRACE_EXPORTERS.aws]: { region: destination.region } };
    case 'azure':
      return { [TRACE_EXPORTERS.azure]: { connection_string: `\${env:${destination.connectionStringEnv}}` } };
    case 'gcp':
      // Credentials from the GKE metadata server (Workload Identity); googleapis.com resolves to the private range.
      return { [TRACE_EXPORTERS.gcp]: { project: destination.project } };
  }
}

/**
 * The collector configuration of one cluster: OTLP over gRPC and HTTP on the pod address, then the memory limiter
 * (refusing data before the container is killed), the environment's resource attributes and a batch processor, then
 * the cloud's tracing exporter. The collector's own metrics are exposed for Prometheus and its health for the probes.
 */
export function collectorConfig(input: CollectorConfigInput): CollectorConfig {
  const exporters = exporterOf(input.destination);
  return {
    extensions: { health_check: { endpoint: listen(COLLECTOR_PORTS.health) } },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: listen(COLLECTOR_PORTS.otlpGrpc) },
          http: { endpoint: listen(COLLECTOR_PORTS.otlpHttp) },
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: '1s', limit_percentage: COLLECTOR_MEMORY_LIMIT_PERCENT, spike_limit_percentage: 20 },
      resource: {
        attributes: Object.entries(input.resourceAttributes).sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => ({ key, value, action: 'upsert' })),
      },
      batch: { timeout: '5s', send_batch_size: 512, send_batch_max_size: 1024 },
    },
    exporters,
    service: {
      extensions: ['health_check'],
      telemetry: {
        logs: { level: 'info' },
        metrics: { readers: [{ pull: { exporter: { prometheus: { host: `\${env:${POD_IP_ENV}}`, port: COLLECTOR_PORTS.metrics } } } }] },
      },
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['memory_limiter', 'resource', 'batch'], exporters: Object.keys(exporters) },
      },
    },
  };
}

/**
 * The components the pinned contrib collector ships that the baseline may configure, by kind. A name outside these
 * would stop the collector at start-up (`unknown type`), so it is refused at synth.
 */
export const KNOWN_COLLECTOR_COMPONENTS: Readonly<Record<'extensions' | 'receivers' | 'processors' | 'exporters', readonly string[]>> = {
  extensions: ['health_check', 'pprof', 'zpages'],
  receivers: ['otlp'],
  processors: ['batch', 'memory_limiter', 'resource', 'attributes', 'filter', 'k8sattributes', 'resourcedetection', 'tail_sampling', 'probabilistic_sampler'],
  exporters: ['awsxray', 'azuremonitor', 'googlecloud', 'otlp', 'otlphttp', 'debug'],
};

const KINDS = ['extensions', 'receivers', 'processors', 'exporters'] as const;
const SIGNALS = ['traces', 'metrics', 'logs'];

/** The component type of a component id (`otlp/internal` is an `otlp`). */
function typeOf(id: string): string {
  return id.split('/')[0];
}

/**
 * Every problem of a collector configuration, each with its path: components of unknown types, pipelines naming
 * components that are not defined, empty pipelines, a memory limiter that is not first or a batch processor that is
 * not last, listeners on every interface instead of the pod address, and components defined but never used. An empty
 * list means the collector starts with it.
 */
export function collectorConfigProblems(config: CollectorConfig): string[] {
  const problems: string[] = [];
  for (const kind of KINDS) {
    for (const id of Object.keys(config[kind] ?? {})) {
      if (!KNOWN_COLLECTOR_COMPONENTS[kind].includes(typeOf(id))) {
        problems.push(`${kind}.${id}: unknown ${kind.slice(0, -1)} type ${JSON.stringify(typeOf(id))} (expected one of ${KNOWN_COLLECTOR_COMPONENTS[kind].join(', ')})`);
      }
    }
  }
  const used: Record<string, Set<string>> = { receivers: new Set(), processors: new Set(), exporters: new Set() };
  for (const [id, extension] of config.service.extensions.entries()) {
    if (!(extension in config.extensions)) {
      problems.push(`service.extensions[${id}]: ${JSON.stringify(extension)} is not defined under extensions`);
    }
  }
  const pipelines = Object.entries(config.service.pipelines ?? {});
  if (pipelines.length === 0) problems.push('service.pipelines: no pipeline (expected at least a traces pipeline)');
  for (const [name, pipeline] of pipelines) {
    const where = `service.pipelines.${name}`;
    if (!SIGNALS.includes(typeOf(name))) {
      problems.push(`${where}: ${JSON.stringify(typeOf(name))} is not a signal (expected one of ${SIGNALS.join(', ')})`);
    }
    for (const kind of ['receivers', 'processors', 'exporters'] as const) {
      const ids = pipeline[kind] ?? [];
      if (ids.length === 0 && kind !== 'processors') problems.push(`${where}.${kind}: empty (expected at least one)`);
      ids.forEach((id, i) => {
        used[kind].add(id);
        if (!(id in config[kind])) problems.push(`${where}.${kind}[${i}]: ${JSON.stringify(id)} is not defined under ${kind}`);
      });
      if (new Set(ids).size !== ids.length) problems.push(`${where}.${kind}: a component is listed twice`);
    }
    const processors = pipeline.processors ?? [];
    const limiter = processors.findIndex((p) => typeOf(p) === 'memory_limiter');
    if (limiter === -1) problems.push(`${where}.processors: no memory_limiter (expected it first, so a burst is refused before the pod runs out of memory)`);
    else if (limiter !== 0) problems.push(`${where}.processors: memory_limiter is at position ${limiter} (expected first)`);
    const batch = processors.findIndex((p) => typeOf(p) === 'batch');
    if (batch !== -1 && batch !== processors.length - 1) problems.push(`${where}.processors: batch is at position ${batch} (expected last, after every processor that drops or changes data)`);
  }
  for (const kind of ['receivers', 'processors', 'exporters'] as const) {
    for (const id of Object.keys(config[kind] ?? {})) {
      if (!used[kind].has(id)) problems.push(`${kind}.${id}: defined but in no pipeline (expected it used, or removed)`);
    }
  }
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'endpoint' && typeof child === 'string' && /^(0\.0\.0\.0|\[::\]|:)/.test(child)) {
        problems.push(`${path}.${key}: ${JSON.stringify(child)} listens on every interface (expected \${env:${POD_IP_ENV}}:<port>)`);
      }
      walk(child, `${path}.${key}`);
    }
  };
  walk(config.receivers, 'receivers');
  walk(config.extensions, 'extensions');
  return problems;
}
