import { Chart } from 'cdk8s';
import { KubeServiceAccount } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { canaryAnalysisMetrics, canaryOf } from './canary-analysis';
import { chartLabels } from './chart-labels';
import { CLUSTER_GATEWAYS, gatewayProxyPeer } from './cluster-ingress';
import { imageOf } from './image-reference';
import { serviceIdentities } from './service-identities';
import { OTEL_COLLECTOR_PEER, runsCollector, serviceTelemetryEnv } from './telemetry-collector';
import { GOOGLE_PRIVATE_APIS } from '../../constructs/gcp/google-private-apis';
import { ClusterGateway } from '../../constructs/k8s/cluster-gateway';
import { FqdnEgressPolicy } from '../../constructs/k8s/fqdn-egress-policy';
import { PrometheusAnalysisTemplate } from '../../constructs/k8s/prometheus-analysis-template';
import { ServiceNetworkPolicies, type NetworkDestination } from '../../constructs/k8s/service-network-policies';
import { ServiceRoute } from '../../constructs/k8s/service-route';
import { ServiceWorkload } from '../../constructs/k8s/service-workload';
import { ADDON_CATALOG, ENVOY_GATEWAY_ADDON } from '../addons';
import { IN_CLUSTER_PROMETHEUS_URL } from '../addons/prometheus-address';
import { COLLECTOR_PORTS } from '../monitoring/otel-collector-config';
import { naming } from '../naming';
import { CLOUD_API_PORT, ENTRA_ID_LOGIN_HOST, PUBLIC_EXPOSURE_REASON_ANNOTATION, SERVICE_DEFAULTS, serviceCalls, serviceHostname, type Cloud, type Environment, type Organization, type ServiceCall } from '../spec';
import { servicePriorityClass } from '../standards/priority';

/** Properties of an {@link EnvironmentServicesChart}. */
export interface EnvironmentServicesChartProps {
  readonly organization: Organization;
  readonly environment: Environment;
  /** The cloud whose cluster this chart is applied to. */
  readonly cloud: Cloud;
  /**
   * Client ids of the Azure workload identities, by Terraform output name (`terraform output -json` of the
   * environment's Azure stack). Entra ID assigns them at apply, so they are an input here.
   * @default - none: service accounts name the output they wait for
   */
  readonly azureClientIds?: Readonly<Record<string, string>>;
}

/** Link-local endpoints that hand out workload credentials; default-deny egress would block them. */
const CREDENTIAL_ENDPOINTS: Partial<Record<Cloud, { cidr: string; ports: number[] }>> = {
  aws: { cidr: '169.254.170.23/32', ports: [80] }, // EKS Pod Identity agent
  gcp: { cidr: '169.254.169.254/32', ports: [80, 988] }, // GKE metadata server (988 with Dataplane V2)
};

/**
 * The services of one environment on one cloud's cluster: for each service its ServiceAccount (annotated by its
 * {@link WorkloadIdentity} where it has cloud access), its {@link ServiceWorkload} with the image resolved from the
 * organization's registry, released as an Argo Rollouts canary judged by its {@link PrometheusAnalysisTemplate}, and
 * its {@link ServiceNetworkPolicies} on top of the namespace's default-deny: ingress
 * from the services that declare a call to it, egress to the services it calls, and its cloud's credential endpoint
 * when it has an identity.
 */
export class EnvironmentServicesChart extends Chart {
  public readonly workloads: readonly ServiceWorkload[];

  constructor(scope: Construct, id: string, props: EnvironmentServicesChartProps) {
    const { organization: org, environment: env, cloud } = props;
    super(scope, id, {
      labels: chartLabels(env, cloud),
    });
    const identities = new Map(serviceIdentities(org, cloud).map((i) => [i.service.name, i.identity]));
    const teamTags = new Map(org.teams.map((t) => [t.name, t.tags]));
    const byName = new Map(org.services.map((s) => [s.name, s]));
    const callers = new Map<string, ServiceCall[]>();
    for (const call of serviceCalls(org.services)) callers.set(call.callee.name, [...(callers.get(call.callee.name) ?? []), call]);
    // Traces go to the cluster's collector, which forwards them to the cloud's tracing service.
    const telemetry = runsCollector(cloud, ADDON_CATALOG);

    this.workloads = org.services.map((service) => {
      const scopeOf = new Construct(this, service.name);
      const labels = { ...env.tags, ...teamTags.get(service.team) };
      const identity = identities.get(service.name);
      if (identity) {
        identity.serviceAccount(scopeOf, 'ServiceAccount', {
          cloud,
          labels,
          gcpEmail: cloud === 'gcp' ? identity.gcpEmail(env.gcp!.project, naming.namePrefix(org.name, env.name)) : undefined,
          azureClientId: props.azureClientIds?.[identity.azureClientIdOutput],
        });
      } else {
        new KubeServiceAccount(scopeOf, 'ServiceAccount', {
          metadata: { name: service.name, namespace: service.team, labels },
          automountServiceAccountToken: false,
        });
      }

      // Every release is a canary, judged by the service's error rate and latency in Prometheus.
      const analysis = new PrometheusAnalysisTemplate(scopeOf, 'CanaryAnalysis', {
        name: service.name,
        namespace: service.team,
        prometheusAddress: IN_CLUSTER_PROMETHEUS_URL,
        metrics: canaryAnalysisMetrics(service),
        labels,
      });
      const workload = new ServiceWorkload(scopeOf, 'Workload', {
        name: service.name,
        namespace: service.team,
        image: imageOf(org, env, cloud, service),
        port: service.port,
        replicas: service.replicas,
        maxReplicas: service.maxReplicas,
        resources: service.resources,
        tmpSizeLimit: SERVICE_DEFAULTS.tmpSizeLimit,
        priorityClassName: servicePriorityClass(service.slo.availabilityPercent).name,
        serviceAccountName: service.name,
        labels,
        podLabels: identity?.podLabels(cloud),
        canary: canaryOf(analysis.name),
        releaseCommittedAt: service.releaseCommittedAt,
        env: telemetry ? serviceTelemetryEnv(service, env) : undefined,
      });

      // An exposed service: an HTTPRoute on its Gateway, and that Gateway's proxies let in on its port.
      const gateway = service.exposure.level === 'none' ? undefined : CLUSTER_GATEWAYS[service.exposure.level];
      if (gateway) {
        new ServiceRoute(scopeOf, 'Route', {
          service: service.name,
          namespace: service.team,
          port: service.port,
          hostname: serviceHostname(service.name, env.name, org.ingress.domain),
          gateway: { name: gateway, namespace: ENVOY_GATEWAY_ADDON.namespace, sectionName: ClusterGateway.LISTENER },
          labels,
          annotations: service.exposure.level === 'public' ? { [PUBLIC_EXPOSURE_REASON_ANNOTATION]: service.exposure.reason! } : undefined,
        });
      }

      new ServiceNetworkPolicies(scopeOf, 'NetworkPolicies', {
        service: { name: service.name, namespace: service.team },
        port: service.port,
        callers: (callers.get(service.name) ?? []).map((c) => ({ name: c.caller.name, namespace: c.caller.team })),
        ingressPeers: gateway ? [gatewayProxyPeer(gateway)] : [],
        callees: service.calls.map((name) => {
          const callee = byName.get(name)!;
          return { name: callee.name, namespace: callee.team, port: callee.port };
        }),
        destinations: identity ? cloudApiDestinations(env, cloud) : [],
        telemetry: telemetry ? { peer: OTEL_COLLECTOR_PEER, ports: [COLLECTOR_PORTS.otlpHttp] } : undefined,
        labels,
      });
      if (identity && cloud === 'azure') {
        // Entra ID sign-in has no private endpoint: open it by name, the narrowest rule Cilium has for it.
        new FqdnEgressPolicy(scopeOf, 'EntraIdSignIn', {
          service: { name: service.name, namespace: service.team },
          hostnames: [ENTRA_ID_LOGIN_HOST],
          ports: [CLOUD_API_PORT],
          labels,
        });
      }
      return workload;
    });
  }
}

/**
 * Where a service with cloud access reaches its cloud, all on private paths: the credential endpoint, then the APIs.
 * - AWS: the interface endpoints' own subnets (the VPC holds an endpoint for every API the organization's grants
 *   name; IAM decides which of them a service may use);
 * - Azure: the private endpoints subnet (Entra ID sign-in, which has none, is opened by name beside this);
 * - GCP: `private.googleapis.com`, which the VPC resolves every Google API to.
 */
function cloudApiDestinations(env: Environment, cloud: Cloud): NetworkDestination[] {
  const credentials = CREDENTIAL_ENDPOINTS[cloud];
  const apis = (cidrs: readonly string[]) => cidrs.map((cidr) => ({ cidr, ports: [CLOUD_API_PORT] }));
  switch (cloud) {
    case 'aws':
      return [credentials!, ...apis(['endpoints1', 'endpoints2', 'endpoints3'].map((k) => env.aws!.subnets[k]))];
    case 'azure':
      return apis([env.azure!.subnets.privateEndpoints]);
    case 'gcp':
      return [credentials!, ...apis([GOOGLE_PRIVATE_APIS.cidr])];
  }
}
