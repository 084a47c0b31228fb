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
 * On Azure the role is scoped to the environment's Application Insights component: {@link collectorAzureIdentity}.
 */
export const OTEL_COLLECTOR_IDENTITY = new WorkloadIdentity({
  namespace: OTEL_COLLECTOR_NAMESPACE,
  serviceAccount: OTEL_COLLECTOR_SERVICE_ACCOUNT,
  access: {
    aws: { managedPolicyArns: ['arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'] },
    gcp: { projectRoles: ['roles/cloudtrace.agent'] },
  },
});

/** Microsoft's Entra ID authentication proxy for Azure Monitor ingestion, run beside the collector on AKS. */
export const AAD_AUTH_PROXY = {
  image: 'mcr.microsoft.com/azuremonitor/auth-proxy/prod/aad-auth-proxy/images/aad-auth-proxy',
  tag: '0.1.0-main-01-10-2024-08b31473',
  port: 8081,
  /** The token audience of Azure Monitor ingestion (Application Insights' `v2.1/track` accepts its tokens). */
  audience: 'https://monitor.azure.com/.default',
} as const;

/** The Terraform output of the Azure stack holding the Application Insights connection string (sensitive). */
export const APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT = 'otel_collector_application_insights_connection_string';

/** Annotation on the collector's pods naming the Terraform output they wait for, until synth is given it. */
export const CONNECTION_STRING_OUTPUT_ANNOTATION = 'baseline.io/application-insights-connection-string-output';

/**
 * The collector's identity on Azure: a user-assigned identity federated with its service account, allowed to
 * ingest into the environment's Application Insights component (`Monitoring Metrics Publisher` on it, nothing else).
 */
export function collectorAzureIdentity(componentId: string): WorkloadIdentity {
  return new WorkloadIdentity({
    namespace: OTEL_COLLECTOR_NAMESPACE,
    serviceAccount: OTEL_COLLECTOR_SERVICE_ACCOUNT,
    access: { azure: { roleAssignments: [{ roleDefinitionName: 'Monitoring Metrics Publisher', scope: componentId }] } },
  });
}

/** An Application Insights connection string, read: its instrumentation key and ingestion endpoint. */
export interface ApplicationInsightsConnection {
  readonly instrumentationKey: string;
  /** `https://<region>-<n>.in.applicationinsights.azure.com/`, the regional ingestion host. */
  readonly ingestionEndpoint: string;
}

/**
 * Reads an Application Insights connection string (`InstrumentationKey=<guid>;IngestionEndpoint=https://...;...`).
 * Throws a message naming the output when it is not one.
 */
export function readConnectionString(value: string): ApplicationInsightsConnection {
  const pairs = Object.fromEntries(value.split(';').filter((p) => p.includes('=')).map((p) => {
    const at = p.indexOf('=');
    return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
  }));
  const key = pairs.InstrumentationKey ?? '';
  const endpoint = pairs.IngestionEndpoint ?? '';
  const problems: string[] = [];
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) problems.push('no InstrumentationKey GUID');
  if (!/^https:\/\/[a-z0-9.-]+\/?$/.test(endpoint)) problems.push('no https IngestionEndpoint');
  if (problems.length > 0) {
    throw new Error(`Terraform output ${APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT} is not an Application Insights connection string: ${problems.join(', ')} `
      + '(expected InstrumentationKey=<guid>;IngestionEndpoint=https://<region>.in.applicationinsights.azure.com/;...)');
  }
  return { instrumentationKey: key, ingestionEndpoint: endpoint };
}

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
 * association binds by name; on Azure the client id and the authentication proxy, from `terraformOutputs`, the Azure
 * stack's outputs after apply). Empty where the cluster does not run it.
 */
export function collectorEnvironmentValues(
  org: Organization,
  env: Environment,
  cloud: Cloud,
  terraformOutputs?: Readonly<Record<string, string>>,
): Record<string, Record<string, unknown>> {
  if (!runsCollector(cloud)) return {};
  if (cloud === 'azure') return { [OTEL_COLLECTOR_ADDON.name]: azureCollectorValues(terraformOutputs) };
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

/** The restricted security context of the authentication proxy's container. */
const PROXY_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
};

/**
 * The collector's AKS values: its service account federated with its user-assigned identity (the client id from the
 * Terraform output, or the output's name until synth is given it), and Microsoft's Entra ID authentication proxy beside
 * it. The exporter sends to the proxy on localhost; the proxy signs in as the pod's workload identity (it uses the
 * Azure SDK's default credential, which reads what the workload identity webhook injects) and forwards with the token
 * to the component's ingestion endpoint over TLS. The connection string's instrumentation key only names the
 * component: with local authentication off it grants nothing.
 */
function azureCollectorValues(outputs?: Readonly<Record<string, string>>): Record<string, unknown> {
  const connectionString = outputs?.[APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT];
  const connection = connectionString === undefined ? undefined : readConnectionString(connectionString);
  const port = AAD_AUTH_PROXY.port;
  return {
    serviceAccount: { annotations: OTEL_COLLECTOR_IDENTITY.annotations({ cloud: 'azure', azureClientId: outputs?.[OTEL_COLLECTOR_IDENTITY.azureClientIdOutput] }) },
    podLabels: OTEL_COLLECTOR_IDENTITY.podLabels('azure'),
    // Until synth has the output, the pods say which one they wait for (the exporter refuses an empty connection string).
    ...(connection === undefined && { podAnnotations: { [CONNECTION_STRING_OUTPUT_ANNOTATION]: APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT } }),
    extraEnvs: [{
      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
      value: connection === undefined ? '' : `InstrumentationKey=${connection.instrumentationKey};IngestionEndpoint=http://localhost:${port}`,
    }],
    extraContainers: [{
      name: 'aad-auth-proxy',
      image: `${AAD_AUTH_PROXY.image}:${AAD_AUTH_PROXY.tag}`,
      ports: [{ name: 'auth-proxy', containerPort: port, protocol: 'TCP' }],
      env: [
        { name: 'AUDIENCE', value: AAD_AUTH_PROXY.audience },
        { name: 'TARGET_HOST', value: connection?.ingestionEndpoint ?? '' },
        { name: 'LISTENING_PORT', value: String(port) },
      ],
      securityContext: PROXY_SECURITY_CONTEXT,
      resources: { requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '32Mi' }, limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' } },
      livenessProbe: { httpGet: { path: '/health', port: 'auth-proxy' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
      readinessProbe: { httpGet: { path: '/ready', port: 'auth-proxy' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
    }],
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

