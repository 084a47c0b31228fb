import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing as K8sTesting } from 'cdk8s';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { GcpWorkloadIdentity } from '../../../constructs/gcp/workload-identity';
import { acme } from '../../../examples/acme/org';
import {
  addonsFor, MONITORING_NAMESPACE, OTEL_COLLECTOR_ADDON, OTEL_COLLECTOR_CONFIG_KEY, OTEL_COLLECTOR_CONFIG_MAP, OTEL_COLLECTOR_NAMESPACE,
  OTEL_COLLECTOR_OTLP_ENDPOINT, OTEL_COLLECTOR_POD_LABELS, OTEL_COLLECTOR_SERVICE_ACCOUNT, PLATFORM_NAMESPACES, PROMETHEUS_POD_LABELS,
} from '../../../lib/addons';
import { collectorConfigProblems } from '../../../lib/monitoring/otel-collector-config';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentAwsStack } from '../../../lib/platform/aws-stack';
import { EnvironmentGcpStack } from '../../../lib/platform/gcp-stack';
import { collectorEnvironmentValues, environmentCollectorConfig, serviceTelemetryEnv } from '../../../lib/platform/telemetry-collector';
import { defineOrganization, type Cloud } from '../../../lib/spec';
import { PLATFORM_PRIORITY_CLASS } from '../../../lib/standards';
import { check } from '../../lib/policy/rules/kubernetes/fixtures';
import { NetworkPolicyEvaluator, type PodEndpoint } from '../../support/network-policy';

const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;
const TRACING_CLOUDS: readonly Cloud[] = ['aws', 'gcp'];

function addonsChart(cloud: Cloud, env = prod) {
  return new EnvironmentAddonsChart(K8sTesting.app(), 'addons', { organization: org, environment: env, cloud, trustedRegistries: ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/'] });
}

describe('the OpenTelemetry Collector add-on', () => {
  test('is pinned, after the monitoring stack, on the clouds whose tracing it forwards to', () => {
    expect(OTEL_COLLECTOR_ADDON.helm).toEqual({ repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.158.3' });
    expect(OTEL_COLLECTOR_ADDON.appVersion).toBe('0.153.0');
    expect(OTEL_COLLECTOR_ADDON.syncWave).toBeGreaterThan(addonsFor('aws').find((a) => a.namespace === MONITORING_NAMESPACE)!.syncWave);
    expect(TRACING_CLOUDS.map((cloud) => addonsFor(cloud).includes(OTEL_COLLECTOR_ADDON))).toEqual([true, true]);
    // The chart's own config (Jaeger, Zipkin, debug) is off: ours is mounted from the ConfigMap under the key it reads
    expect(OTEL_COLLECTOR_ADDON.values.configMap).toEqual({ create: false, existingName: OTEL_COLLECTOR_CONFIG_MAP });
    expect(OTEL_COLLECTOR_CONFIG_KEY).toBe('relay');
    expect(Object.entries(OTEL_COLLECTOR_ADDON.values.ports).filter(([, p]) => p.enabled).map(([name]) => name)).toEqual(['otlp', 'otlp-http', 'metrics']);
  });

  test('its pods, as the chart templates them from these values, pass the Pod Security restricted, resources and priority rules', () => {
    // GIVEN the collector's Deployment as the chart's pod template maps the values (podSecurityContext to the pod,
    // securityContext, resources and the config volume to the container)
    const v = OTEL_COLLECTOR_ADDON.values;
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'otel-collector', namespace: OTEL_COLLECTOR_NAMESPACE },
      spec: {
        replicas: v.replicaCount,
        selector: { matchLabels: OTEL_COLLECTOR_POD_LABELS },
        template: {
          metadata: { labels: OTEL_COLLECTOR_POD_LABELS },
          spec: {
            serviceAccountName: v.serviceAccount.name,
            automountServiceAccountToken: v.serviceAccount.automountServiceAccountToken,
            priorityClassName: v.priorityClassName,
            securityContext: v.podSecurityContext,
            containers: [{
              name: 'opentelemetry-collector',
              image: `${v.image.repository}:${OTEL_COLLECTOR_ADDON.appVersion}`,
              command: [`/${v.command.name}`],
              args: ['--config=/conf/relay.yaml'],
              securityContext: v.securityContext,
              resources: v.resources,
              volumeMounts: [{ mountPath: '/conf', name: 'opentelemetry-collector-configmap' }],
            }],
            volumes: [{ name: 'opentelemetry-collector-configmap', configMap: { name: OTEL_COLLECTOR_CONFIG_MAP, items: [{ key: 'relay', path: 'relay.yaml' }] } }],
          },
        },
      },
    };
    // WHEN the baseline's own rules check it  THEN none finds anything
    for (const id of ['K8S-PSS-RUN-AS-NON-ROOT', 'K8S-PSS-NO-PRIVILEGE-ESCALATION', 'K8S-PSS-HOST-NAMESPACES', 'K8S-PSS-CAPABILITIES', 'K8S-PSS-SECCOMP',
      'K8S-PSS-READ-ONLY-ROOT-FS', 'K8S-PSS-VOLUME-TYPES', 'K8S-RESOURCES-BOUNDED', 'K8S-SERVICE-ACCOUNT-TOKEN']) {
      expect([id, check(id, [deployment])]).toEqual([id, []]);
    }
    expect(v.priorityClassName).toBe(PLATFORM_PRIORITY_CLASS.name);
    expect(v.podDisruptionBudget.minAvailable).toBeLessThan(v.replicaCount);
  });
});

describe.each(org.environments.flatMap((env) => TRACING_CLOUDS.map((cloud) => [`${env.name}/${cloud}`, env, cloud] as const)))('the collector of %s', (_, env, cloud) => {
  test('has a configuration the collector starts with, sending to this environment\'s tracing service', () => {
    const config = environmentCollectorConfig(org, env, cloud);
    expect(collectorConfigProblems(config)).toEqual([]);
    expect(config.exporters).toEqual(cloud === 'aws' ? { awsxray: { region: env.aws!.region } } : { googlecloud: { project: env.gcp!.project } });
    expect((config.processors.resource as any).attributes).toContainEqual({ key: 'deployment.environment.name', value: env.name, action: 'upsert' });
  });

  test('the ConfigMap holds exactly that configuration, and the Application mounts it', () => {
    const manifests = K8sTesting.synth(addonsChart(cloud, env));
    const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === OTEL_COLLECTOR_CONFIG_MAP);
    expect(configMap.metadata.namespace).toBe(OTEL_COLLECTOR_NAMESPACE);
    expect(parse(configMap.data[OTEL_COLLECTOR_CONFIG_KEY])).toEqual(JSON.parse(JSON.stringify(environmentCollectorConfig(org, env, cloud))));
    const application = manifests.find((m) => m.kind === 'Application' && m.metadata.name === OTEL_COLLECTOR_ADDON.name);
    expect(application.spec.source.helm.valuesObject.configMap).toEqual({ create: false, existingName: OTEL_COLLECTOR_CONFIG_MAP });
    expect(application.spec.source.helm.valuesObject.serviceAccount.name).toBe(OTEL_COLLECTOR_SERVICE_ACCOUNT);
  });
});

describe('the collector\'s network isolation', () => {
  const manifests = K8sTesting.synth(addonsChart('aws'));
  const teams = [...new Set(org.services.map((s) => s.team))];
  // The namespaces as the cluster has them (the API server labels each with its name)
  const namespaces = [...teams, 'default', 'kube-system', ...PLATFORM_NAMESPACES, OTEL_COLLECTOR_NAMESPACE, MONITORING_NAMESPACE];
  const evaluator = new NetworkPolicyEvaluator(manifests, Object.fromEntries(namespaces.map((ns) => [ns, { 'kubernetes.io/metadata.name': ns }])));
  const collector: PodEndpoint = { kind: 'pod', name: 'otel-collector', namespace: OTEL_COLLECTOR_NAMESPACE, labels: { ...OTEL_COLLECTOR_POD_LABELS } };
  const teamPod = (team: string): PodEndpoint => ({ kind: 'pod', name: `${team}-pod`, namespace: team, labels: { 'app.kubernetes.io/name': 'any' } });

  test('admits OTLP from the pods of every service namespace, on the OTLP ports only', () => {
    for (const team of teams) {
      expect([team, evaluator.allows(teamPod(team), collector, 4318), evaluator.allows(teamPod(team), collector, 4317)]).toEqual([team, true, true]);
      expect([team, evaluator.allows(teamPod(team), collector, 8888)]).toEqual([team, false]);
    }
  });

  test('admits nothing from other namespaces or outside the cluster; Prometheus only on the metrics port', () => {
    for (const ns of ['default', 'kube-system', ...PLATFORM_NAMESPACES]) {
      expect([ns, evaluator.allows(teamPod(ns), collector, 4318)]).toEqual([ns, false]);
    }
    expect(evaluator.allows({ kind: 'ip', ip: '10.0.0.10' }, collector, 4318)).toBe(false);
    const prometheus: PodEndpoint = { kind: 'pod', name: 'prometheus', namespace: MONITORING_NAMESPACE, labels: { ...PROMETHEUS_POD_LABELS } };
    expect([evaluator.allows(prometheus, collector, 8888), evaluator.allows(prometheus, collector, 4318)]).toEqual([true, false]);
  });
});

describe('the collector\'s cloud identity', () => {
  test('AWS: an X-Ray write-only role bound to its service account by EKS Pod Identity, and the X-Ray interface endpoint', () => {
    const template = Template.fromStack(new EnvironmentAwsStack(new App(), 'aws', { organization: org, environment: prod }));
    const associations = Object.values<any>(template.findResources('AWS::EKS::PodIdentityAssociation'))
      .filter((a) => a.Properties.Namespace === OTEL_COLLECTOR_NAMESPACE);
    expect(associations.map((a) => a.Properties.ServiceAccount)).toEqual([OTEL_COLLECTOR_SERVICE_ACCOUNT]);
    const role = Object.entries<any>(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('TelemetryCollector'))![1];
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain('AWSXrayWriteOnlyAccess');
    expect(role.Properties.ManagedPolicyArns).toHaveLength(1);
    expect(Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) => id.startsWith('TelemetryCollector'))).toEqual([]);
    // Traces leave the VPC on a private path: the regional X-Ray endpoint, private DNS on
    const endpoints = Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint')).filter((e) => JSON.stringify(e.Properties.ServiceName).includes('.xray'));
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0].Properties.PrivateDnsEnabled).toBe(true);
    // The chart needs no annotation on EKS: the association binds by namespace and name
    expect(collectorEnvironmentValues(org, prod, 'aws')[OTEL_COLLECTOR_ADDON.name]).toEqual({ serviceAccount: { annotations: {} } });
  });

  test('GCP: a Google service account with only the Cloud Trace agent role, impersonable by exactly its service account', () => {
    const json = JSON.parse(Testing.synth(new EnvironmentGcpStack(Testing.app(), 'acme-prod-gcp', { organization: org, environment: prod })));
    const email = GcpWorkloadIdentity.emailOf({ project: prod.gcp!.project, namePrefix: 'acme-prod', namespace: OTEL_COLLECTOR_NAMESPACE, serviceAccount: OTEL_COLLECTOR_SERVICE_ACCOUNT });
    const account = Object.entries<any>(json.resource.google_service_account).find(([address]) => address.startsWith('TelemetryCollector'))!;
    expect(`${account[1].account_id}@${prod.gcp!.project}.iam.gserviceaccount.com`).toBe(email);
    const members = Object.values<any>(json.resource.google_project_iam_member).filter((m) => m.member === `\${google_service_account.${account[0]}.member}`);
    expect(members.map((m) => m.role)).toEqual(['roles/cloudtrace.agent']);
    const binding = Object.values<any>(json.resource.google_service_account_iam_member ?? {}).find((m) => m.member.includes(`[${OTEL_COLLECTOR_NAMESPACE}/${OTEL_COLLECTOR_SERVICE_ACCOUNT}]`));
    expect(binding.role).toBe('roles/iam.workloadIdentityUser');
    // The chart's service account names that Google service account
    expect(collectorEnvironmentValues(org, prod, 'gcp')[OTEL_COLLECTOR_ADDON.name]).toEqual({ serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': email } } });
  });
});

test('services are pointed at the collector by the SDKs\' standard variables', () => {
  const service = org.services[0];
  expect(serviceTelemetryEnv(service, prod)).toEqual({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://otel-collector.${OTEL_COLLECTOR_NAMESPACE}.svc.cluster.local:4318`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: service.name,
    OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${service.team},deployment.environment.name=prod`,
  });
  expect(OTEL_COLLECTOR_OTLP_ENDPOINT).toBe('http://otel-collector.opentelemetry.svc.cluster.local:4318');
});
