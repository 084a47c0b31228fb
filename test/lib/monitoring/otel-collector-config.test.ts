import { parse, stringify } from 'yaml';
import {
  COLLECTOR_PORTS, collectorConfig, collectorConfigProblems, type CollectorConfig, type TraceDestination,
} from '../../../lib/monitoring/otel-collector-config';

const ATTRIBUTES = { 'deployment.environment.name': 'prod', 'cloud.provider': 'aws' };

function config(destination: TraceDestination = { cloud: 'aws', region: 'eu-west-1' }): CollectorConfig {
  return collectorConfig({ destination, resourceAttributes: ATTRIBUTES });
}

/** A deep copy to break one field at a time. */
function broken(edit: (c: any) => void): CollectorConfig {
  const copy = JSON.parse(JSON.stringify(config()));
  edit(copy);
  return copy;
}

describe('collectorConfig', () => {
  test.each([
    [{ cloud: 'aws', region: 'eu-west-1' } as const, 'awsxray', { region: 'eu-west-1' }],
    [{ cloud: 'gcp', project: 'acme-prod-4821' } as const, 'googlecloud', { project: 'acme-prod-4821' }],
    [{ cloud: 'azure', connectionStringEnv: 'APPLICATIONINSIGHTS_CONNECTION_STRING' } as const, 'azuremonitor', { connection_string: '${env:APPLICATIONINSIGHTS_CONNECTION_STRING}' }],
  ])('%j: OTLP in, memory limiter first, batch last, the cloud\'s trace exporter out', (destination, exporter, settings) => {
    // GIVEN a cluster on a cloud  WHEN its collector configuration is generated
    const c = config(destination);
    // THEN the collector would start with it
    expect(collectorConfigProblems(c)).toEqual([]);
    // AND it receives OTLP over gRPC and HTTP on the pod address only
    expect(c.receivers.otlp).toEqual({
      protocols: { grpc: { endpoint: '${env:MY_POD_IP}:4317' }, http: { endpoint: '${env:MY_POD_IP}:4318' } },
    });
    // AND the one traces pipeline ends at the cloud's exporter, with no credential in the document
    expect(c.exporters).toEqual({ [exporter]: settings });
    expect(c.service.pipelines).toEqual({
      traces: { receivers: ['otlp'], processors: ['memory_limiter', 'resource', 'batch'], exporters: [exporter] },
    });
    expect(JSON.stringify(c.exporters)).not.toMatch(/instrumentation_key|secret|password|token|credentials/i);
    // AND the environment is stamped on every span, sorted and upserted
    expect(c.processors.resource).toEqual({
      attributes: [
        { key: 'cloud.provider', value: 'aws', action: 'upsert' },
        { key: 'deployment.environment.name', value: 'prod', action: 'upsert' },
      ],
    });
    // AND the probes and Prometheus find what they call
    expect(c.extensions.health_check).toEqual({ endpoint: `\${env:MY_POD_IP}:${COLLECTOR_PORTS.health}` });
    expect(c.service.telemetry.metrics).toEqual({ readers: [{ pull: { exporter: { prometheus: { host: '${env:MY_POD_IP}', port: 8888 } } } }] });
  });

  test('the YAML the ConfigMap holds reads back to the same document, ${env:} references intact', () => {
    const c = config();
    const text = stringify(c, { lineWidth: 0 });
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(c)));
    expect(text).toContain('endpoint: ${env:MY_POD_IP}:4318');
  });
});

describe('collectorConfigProblems', () => {
  test.each([
    ['an unknown exporter type', (c: any) => { c.exporters.jaeger = {}; c.service.pipelines.traces.exporters.push('jaeger'); },
      ['exporters.jaeger: unknown exporter type "jaeger" (expected one of awsxray, azuremonitor, googlecloud, otlp, otlphttp, debug)']],
    ['a pipeline naming an undefined processor', (c: any) => { c.service.pipelines.traces.processors.splice(1, 0, 'attributes/redact'); },
      ['service.pipelines.traces.processors[1]: "attributes/redact" is not defined under processors']],
    ['the memory limiter after another processor', (c: any) => { c.service.pipelines.traces.processors = ['resource', 'memory_limiter', 'batch']; },
      ['service.pipelines.traces.processors: memory_limiter is at position 1 (expected first)']],
    ['no memory limiter', (c: any) => { delete c.processors.memory_limiter; c.service.pipelines.traces.processors = ['resource', 'batch']; },
      ['service.pipelines.traces.processors: no memory_limiter (expected it first, so a burst is refused before the pod runs out of memory)']],
    ['batch before another processor', (c: any) => { c.service.pipelines.traces.processors = ['memory_limiter', 'batch', 'resource']; },
      ['service.pipelines.traces.processors: batch is at position 1 (expected last, after every processor that drops or changes data)']],
    ['a receiver on every interface', (c: any) => { c.receivers.otlp.protocols.http.endpoint = '0.0.0.0:4318'; },
      ['receivers.otlp.protocols.http.endpoint: "0.0.0.0:4318" listens on every interface (expected ${env:MY_POD_IP}:<port>)']],
    ['an exporter in no pipeline', (c: any) => { c.exporters.debug = {}; },
      ['exporters.debug: defined but in no pipeline (expected it used, or removed)']],
    ['a pipeline with no exporter and a service extension not defined', (c: any) => { c.service.pipelines.traces.exporters = []; c.service.extensions.push('zpages'); },
      ['service.extensions[1]: "zpages" is not defined under extensions', 'service.pipelines.traces.exporters: empty (expected at least one)', 'exporters.awsxray: defined but in no pipeline (expected it used, or removed)']],
    ['a pipeline that is not a signal', (c: any) => { c.service.pipelines.spans = c.service.pipelines.traces; },
      ['service.pipelines.spans: "spans" is not a signal (expected one of traces, metrics, logs)']],
  ])('%s', (_, edit, expected) => {
    // GIVEN the generated configuration with one thing broken  WHEN checked  THEN exactly that is reported
    expect(collectorConfigProblems(broken(edit))).toEqual(expected);
  });
});
