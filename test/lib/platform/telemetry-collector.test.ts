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
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { EnvironmentGcpStack } from '../../../lib/platform/gcp-stack';
import {
  AAD_AUTH_PROXY, APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT, collectorEnvironmentValues, CONNECTION_STRING_OUTPUT_ANNOTATION,
  environmentCollectorConfig, OTEL_COLLECTOR_IDENTITY, serviceTelemetryEnv,
} from '../../../lib/platform/telemetry-collector';
import { defineOrganization, type Cloud } from '../../../lib/spec';
import { PLATFORM_PRIORITY_CLASS } from '../../../lib/standards';
import { check } from '../../lib/policy/rules/kubernetes/fixtures';
import { NetworkPolicyEvaluator, type PodEndpoint } from '../../support/network-policy';

const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;
const TRACING_CLOUDS: readonly Cloud[] = ['aws', 'azure', 'gcp'];

function addonsChart(cloud: Cloud, env = prod) {
  return new EnvironmentAddonsChart(K8sTesting.app(), 'addons', { organization: org, environment: env, cloud, trustedRegistries: ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/'] });
}

describe('the OpenTelemetry Collector add-on', () => {
  test('is pinned, after the monitoring stack, on the clouds whose tracing it forwards to', () => {
    expect(OTEL_COLLECTOR_ADDON.helm).toEqual({ repoUrl: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.158.3' });
    expect(OTEL_COLLECTOR_ADDON.appVersion).toBe('0.153.0');
    expect(OTEL_COLLECTOR_ADDON.syncWave).toBeGreaterThan(addonsFor('aws').find((a) => a.namespace === MONITORING_NAMESPACE)!.syncWave);
    expect(TRACING_CLOUDS.map((cloud) => addonsFor(cloud).includes(OTEL_COLLECTOR_ADDON))).toEqual([true, true, true]);
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
    expect(config.exporters).toEqual({
      aws: { awsxray: { region: env.aws!.region } },
      azure: { azuremonitor: { connection_string: '${env:APPLICATIONINSIGHTS_CONNECTION_STRING}' } },
      gcp: { googlecloud: { project: env.gcp!.project } },
    }[cloud]);
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

describe('the collector on AKS', () => {
  const CONNECTION = 'InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;'
    + 'LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;ApplicationId=55555555-6666-7777-8888-999999999999';
  const CLIENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const values = (outputs?: Record<string, string>): any => collectorEnvironmentValues(org, prod, 'azure', outputs)[OTEL_COLLECTOR_ADDON.name];

  test('Application Insights with local authentication off, written only by the collector\'s workload identity', () => {
    const json = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'acme-prod-azure', { organization: org, environment: prod })));
    const [address, component] = Object.entries<any>(json.resource.azurerm_application_insights).find(([a]) => a.startsWith('Traces'))!;
    expect(component).toMatchObject({ name: 'appi-acme-prod-traces', application_type: 'other', local_authentication_disabled: true });
    expect(component.workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\.Logs_/);
    // The one role of the collector's identity: ingest into that component
    const roles = Object.values<any>(json.resource.azurerm_role_assignment).filter((r) => String(r.principal_id).includes('TelemetryCollector'));
    expect(roles.map((r) => [r.role_definition_name, r.scope])).toEqual([['Monitoring Metrics Publisher', `\${azurerm_application_insights.${address}.id}`]]);
    // federated with exactly the collector's service account
    const subjects = Object.values<any>(json.resource.azurerm_federated_identity_credential).map((c) => c.subject);
    expect(subjects).toContain(`system:serviceaccount:${OTEL_COLLECTOR_NAMESPACE}:${OTEL_COLLECTOR_SERVICE_ACCOUNT}`);
    // the connection string and the client id leave as outputs, the connection string marked sensitive
    expect(json.output[APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT]).toMatchObject({ sensitive: true, value: `\${azurerm_application_insights.${address}.connection_string}` });
    expect(json.output[OTEL_COLLECTOR_IDENTITY.azureClientIdOutput]).toBeDefined();
  });

  test('with the Terraform outputs: the client id, and the exporter sending through the Entra ID proxy beside it', () => {
    const v = values({ [APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT]: CONNECTION, [OTEL_COLLECTOR_IDENTITY.azureClientIdOutput]: CLIENT_ID });
    expect(v.serviceAccount).toEqual({ annotations: { 'azure.workload.identity/client-id': CLIENT_ID } });
    expect(v.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(v.podAnnotations).toBeUndefined();
    // The exporter posts to the proxy on localhost (it appends /v2.1/track, the path that takes Entra ID tokens)
    expect(v.extraEnvs).toEqual([{ name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: 'InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=http://localhost:8081' }]);
    const proxy = v.extraContainers[0];
    expect(proxy.image).toBe(`${AAD_AUTH_PROXY.image}:${AAD_AUTH_PROXY.tag}`);
    expect(Object.fromEntries(proxy.env.map((e: any) => [e.name, e.value]))).toEqual({
      AUDIENCE: 'https://monitor.azure.com/.default', TARGET_HOST: 'https://westeurope-5.in.applicationinsights.azure.com/', LISTENING_PORT: '8081',
    });
  });

  test('its pods, the proxy included, pass the Pod Security restricted and resources rules', () => {
    const v = OTEL_COLLECTOR_ADDON.values;
    const proxy = values({ [APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT]: CONNECTION }).extraContainers[0];
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'otel-collector', namespace: OTEL_COLLECTOR_NAMESPACE },
      spec: {
        replicas: 2,
        selector: { matchLabels: OTEL_COLLECTOR_POD_LABELS },
        template: {
          metadata: { labels: OTEL_COLLECTOR_POD_LABELS },
          spec: {
            automountServiceAccountToken: false,
            priorityClassName: v.priorityClassName,
            securityContext: v.podSecurityContext,
            containers: [{ name: 'opentelemetry-collector', image: `${v.image.repository}:0.153.0`, securityContext: v.securityContext, resources: v.resources }, proxy],
          },
        },
      },
    };
    for (const id of ['K8S-PSS-RUN-AS-NON-ROOT', 'K8S-PSS-NO-PRIVILEGE-ESCALATION', 'K8S-PSS-CAPABILITIES', 'K8S-PSS-SECCOMP', 'K8S-PSS-READ-ONLY-ROOT-FS', 'K8S-RESOURCES-BOUNDED']) {
      expect([id, check(id, [deployment], 'azure')]).toEqual([id, []]);
    }
  });

  test('before apply: the service account and the pods name the outputs they wait for', () => {
    const v = values();
    expect(v.serviceAccount).toEqual({ annotations: { 'baseline.io/azure-client-id-output': OTEL_COLLECTOR_IDENTITY.azureClientIdOutput } });
    expect(v.podAnnotations).toEqual({ [CONNECTION_STRING_OUTPUT_ANNOTATION]: APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT });
    expect(v.extraEnvs[0].value).toBe('');
  });

  test('a connection string that is not one is an error naming the output', () => {
    expect(() => values({ [APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT]: 'InstrumentationKey=abc;IngestionEndpoint=http://x' })).toThrow(
      'Terraform output otel_collector_application_insights_connection_string is not an Application Insights connection string: no InstrumentationKey GUID, '
      + 'no https IngestionEndpoint (expected InstrumentationKey=<guid>;IngestionEndpoint=https://<region>.in.applicationinsights.azure.com/;...)');
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
