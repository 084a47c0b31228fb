/*
 * The OpenTelemetry Collector of each cluster, as data: its cloud identity, its configuration, the chart values and
 * the services' SDK variables. Engine-free (the cloud stacks import it); the Kubernetes objects around the collector
 * are in `telemetry-collector-objects.ts`.
 */
import type { NetworkPolicyPeer } from 'cdk8s-plus-28/lib/imports/k8s';
import type { Addon } from '../addons/addon';
import {
  OTEL_COLLECTOR_ADDON, OTEL_COLLECTOR_NAMESPACE, OTEL_COLLECTOR_OTLP_ENDPOINT, OTEL_COLLECTOR_POD_LABELS, OTEL_COLLECTOR_SERVICE_ACCOUNT,
} from '../addons/opentelemetry-collector';
import { collectorConfig, collectorConfigProblems, type CollectorConfig, type TraceDestination } from '../monitoring/otel-collector-config';
import { naming } from '../naming';
import type { Cloud, Environment, Organization, Service } from '../spec';
import { WorkloadIdentity } from './workload-identity';

/**
 * The collector's cloud identity, one grant for every cloud: write traces, nothing else.
 * - AWS: `AWSXrayWriteOnlyAccess` (PutTraceSegments, PutTelemetryRecords and the sampling reads), through EKS Pod
 *   Identity;
 * - GCP: `roles/cloudtrace.agent` (write spans) on the environment's project, through GKE Workload Identity.
 */
export const OTEL_COLLECTOR_IDENTITY = new WorkloadIdentity({
  namespace: OTEL_COLLECTOR_NAMESPACE,
  serviceAccount: OTEL_COLLECTOR_SERVICE_ACCOUNT,
  access: {
    aws: { managedPolicyArns: ['arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'] },
    gcp: { projectRoles: ['roles/cloudtrace.agent'] },
  },
});

/** Whether the clusters of `cloud` run the collector (the add-on is in the catalog for that cloud). */
export function runsCollector(cloud: Cloud, catalog: readonly Pick<Addon, 'name' | 'clouds'>[] = [OTEL_COLLECTOR_ADDON]): boolean {
  const addon = catalog.find((a) => a.name === OTEL_COLLECTOR_ADDON.name);
  return addon !== undefined && (addon.clouds === undefined || addon.clouds.includes(cloud));
}

/** Where one environment's cluster on `cloud` sends its traces. */
export function traceDestination(env: Environment, cloud: Cloud): TraceDestination {
  switch (cloud) {
    case 'aws':
      return { cloud, region: env.aws!.region };
    case 'gcp':
      return { cloud, project: env.gcp!.project };
    case 'azure':
      return { cloud, connectionStringEnv: 'APPLICATIONINSIGHTS_CONNECTION_STRING' };
  }
}

/** The region or location of the environment on `cloud`, for the `cloud.region` resource attribute. */
function regionOf(env: Environment, cloud: Cloud): string {
  switch (cloud) {
    case 'aws': return env.aws!.region;
    case 'azure': return env.azure!.location;
    case 'gcp': return env.gcp!.region;
  }
}

/**
 * The collector configuration of one environment's cluster on `cloud`. Throws every problem at once if the generated
 * document would not start the collector (a bug of the generator, not of the spec).
 */
export function environmentCollectorConfig(org: Organization, env: Environment, cloud: Cloud): CollectorConfig {
  const config = collectorConfig({
    destination: traceDestination(env, cloud),
    resourceAttributes: {
      'cloud.provider': cloud,
      'cloud.region': regionOf(env, cloud),
      'deployment.environment.name': env.name,
      'k8s.cluster.name': naming.namePrefix(org.name, env.name),
    },
  });
  const problems = collectorConfigProblems(config);
  if (problems.length > 0) throw new Error(problems.map((p) => `OpenTelemetry Collector config of ${env.name} on ${cloud}: ${p}`).join('\n'));
  return config;
}

/**
 * The values the collector chart gets in one environment's cluster on top of the catalog's: its service account
 * annotated for the cloud's workload identity (GCP service account email; nothing on AWS, where the Pod Identity
 * association binds by name). Empty where the cluster does not run it.
 */
export function collectorEnvironmentValues(org: Organization, env: Environment, cloud: Cloud): Record<string, Record<string, unknown>> {
  if (!runsCollector(cloud)) return {};
  const annotations = OTEL_COLLECTOR_IDENTITY.annotations({
    cloud,
    gcpEmail: cloud === 'gcp' ? OTEL_COLLECTOR_IDENTITY.gcpEmail(env.gcp!.project, naming.namePrefix(org.name, env.name)) : undefined,
  });
  const podLabels = OTEL_COLLECTOR_IDENTITY.podLabels(cloud);
  return {
    [OTEL_COLLECTOR_ADDON.name]: {
      serviceAccount: { annotations },
      ...(Object.keys(podLabels).length > 0 && { podLabels }),
    },
  };
}

/**
 * The environment variables that point a service's OpenTelemetry SDK at the cluster's collector, by the SDKs' own
 * standard variables: OTLP over HTTP to the collector's Service, the service's name, and its team and environment as
 * resource attributes (so a trace names who owns it).
 */
export function serviceTelemetryEnv(service: Service, env: Environment): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_COLLECTOR_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: service.name,
    OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${service.team},deployment.environment.name=${env.name}`,
  };
}

/** The NetworkPolicy peer of the collector's pods, for the services' egress. */
export const OTEL_COLLECTOR_PEER: NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': OTEL_COLLECTOR_NAMESPACE } },
  podSelector: { matchLabels: { ...OTEL_COLLECTOR_POD_LABELS } },
};

