import { App as AwsApp, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Chart, Testing as K8sTesting } from 'cdk8s';
import { Testing, TerraformStack } from 'cdktf';
import { EksCluster } from '../../../constructs/aws/eks-cluster';
import { acme } from '../../../examples/acme/org';
import { synthesizeArtifacts } from '../../../lib/platform';
import { WorkloadIdentity } from '../../../lib/platform/workload-identity';
import { defineOrganization } from '../../../lib/spec';

const grant = new WorkloadIdentity({
  namespace: 'payments',
  serviceAccount: 'payments-api',
  access: {
    aws: { statements: [{ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111111111111:events'] }] },
    gcp: { projectRoles: ['roles/pubsub.publisher'] },
  },
});

describe('WorkloadIdentity: one grant, every cloud', () => {
  test('AWS: an IAM role trusted only through EKS Pod Identity for this service account, and the association', () => {
    // GIVEN a cluster referenced from a team stack
    const stack = new Stack(new AwsApp(), 'Team', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cluster = EksCluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'acme-dev',
      clusterEndpoint: 'https://EXAMPLE.gr7.eu-west-1.eks.amazonaws.com',
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
    });

    // WHEN the grant is bound
    grant.bindAws(stack, 'Identity', cluster);

    // THEN the association names the service account and the role carries the statement
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'acme-dev', Namespace: 'payments', ServiceAccount: 'payments-api' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: 'arn:aws:sqs:eu-west-1:111111111111:events' }] },
    });
  });

  test('AWS: {account}, {region} and {partition} in resources become the stack\'s own, so a grant needs no wildcard', () => {
    // GIVEN a grant written once for every environment
    const perEnvironment = new WorkloadIdentity({
      namespace: 'payments',
      serviceAccount: 'payments-api',
      access: { aws: { statements: [{ actions: ['sqs:SendMessage'], resources: ['arn:{partition}:sqs:{region}:{account}:events'] }] } },
    });
    const stack = new Stack(new AwsApp(), 'Team', { env: { account: '333333333333', region: 'eu-central-1' } });
    const cluster = EksCluster.fromClusterAttributes(stack, 'Cluster', {
      clusterName: 'acme-prod', clusterEndpoint: 'https://EXAMPLE.eks.amazonaws.com', clusterSecurityGroupId: 'sg-0123456789abcdef0',
    });

    // WHEN it is bound THEN the resource is this environment's queue
    perEnvironment.bindAws(stack, 'Identity', cluster);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'sqs:SendMessage', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:eu-central-1:333333333333:events']] } }] },
    });
  });

  test('GCP: the email used in the annotation is the one the Google service account gets', () => {
    // GIVEN a GCP stack WHEN the grant is bound
    const stack = new TerraformStack(Testing.app(), 'gcp');
    const identity = grant.bindGcp(stack, 'Identity', { project: 'acme-dev-4821', namePrefix: 'acme-dev', workloadPool: 'acme-dev-4821.svc.id.goog' });
    const tf = JSON.parse(Testing.synth(stack));

    // THEN the deterministic email matches the account id Terraform will create, and the KSA may impersonate it
    const account = Object.values<any>(tf.resource.google_service_account)[0];
    expect(grant.gcpEmail('acme-dev-4821', 'acme-dev')).toBe(`${account.account_id}@acme-dev-4821.iam.gserviceaccount.com`);
    const binding = Object.values<any>(tf.resource.google_service_account_iam_member)[0];
    expect(binding).toMatchObject({ role: 'roles/iam.workloadIdentityUser', member: 'serviceAccount:acme-dev-4821.svc.id.goog[payments/payments-api]' });
    expect(identity.node.id).toBe('Identity');
  });

  test('Kubernetes: the ServiceAccount carries exactly the annotation its cloud needs, token automount off', () => {
    const chart = new Chart(K8sTesting.app(), 'sa');
    grant.serviceAccount(chart, 'aws', { cloud: 'aws' });
    const gcpChart = new Chart(K8sTesting.app(), 'sa');
    grant.serviceAccount(gcpChart, 'gcp', { cloud: 'gcp', gcpEmail: 'x@p.iam.gserviceaccount.com' });
    const azureChart = new Chart(K8sTesting.app(), 'sa');
    grant.serviceAccount(azureChart, 'azure', { cloud: 'azure', azureClientId: '00000000-0000-0000-0000-000000000001' });
    const pendingChart = new Chart(K8sTesting.app(), 'sa');
    grant.serviceAccount(pendingChart, 'azure', { cloud: 'azure' });

    const [aws, gcp, azure, pending] = [chart, gcpChart, azureChart, pendingChart].map((c) => K8sTesting.synth(c)[0]);
    expect(aws).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'payments-api', namespace: 'payments' }, automountServiceAccountToken: false });
    expect(aws.metadata.annotations).toBeUndefined();
    expect(gcp.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'x@p.iam.gserviceaccount.com' });
    expect(azure.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000001' });
    expect(pending.metadata.annotations).toEqual({ 'baseline.io/azure-client-id-output': 'workload_identity_payments_payments_api_client_id' });
    expect(grant.podLabels('azure')).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(grant.podLabels('gcp')).toEqual({});
  });

  test('a GCP service account without its email is an error, not a silent unannotated account', () => {
    expect(() => grant.annotations({ cloud: 'gcp' })).toThrow(
      'WorkloadIdentity: the GCP binding of payments/payments-api needs gcpEmail (expected WorkloadIdentity.gcpEmail(project, namePrefix))');
  });

  test('bad names and over-broad grants are reported at once', () => {
    expect(() => new WorkloadIdentity({
      namespace: 'Payments',
      serviceAccount: 'api_1',
      access: { aws: { statements: [{ actions: ['*'], resources: ['arn:aws:s3:::b'] }, { actions: [], resources: ['arn:aws:s3:::b'] }] } },
    })).toThrow([
      'WorkloadIdentity: namespace "Payments" is not a Kubernetes namespace name (expected a DNS label like payments)',
      'WorkloadIdentity: serviceAccount "api_1" is not a Kubernetes service account name (expected a DNS subdomain like payments-api)',
      'WorkloadIdentity: access.aws.statements[0] grants "*" (expected named actions on named resources; least privilege)',
      'WorkloadIdentity: access.aws.statements[1] has no actions (expected at least one of each; a statement without them grants nothing or everything)',
    ].join('\n'));
  });
});

describe('services with cloud access in the example organization', () => {
  const org = defineOrganization(acme);
  const artifacts = synthesizeArtifacts(org, { environments: ['dev'] });
  const doc = (name: string) => artifacts.find((a) => a.name === name)!.document;

  test('get an identity exactly on the clouds where they declare access', () => {
    const aws = Object.values<any>(doc('acme-dev-team-payments').Resources).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation');
    expect(aws.map((r) => `${r.Properties.Namespace}/${r.Properties.ServiceAccount}`)).toEqual(['payments/payments-api']);
    const dataAws = Object.values<any>(doc('acme-dev-team-data-platform').Resources).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation');
    expect(dataAws.map((r) => r.Properties.ServiceAccount)).toEqual(['ingest-gateway']);
    // ingest-gateway declares no Azure access: no Azure identity for it
    // (the teams' CI identities, trusting GitHub rather than the cluster, are test/lib/pipelines/ci-trust.test.ts's)
    const azureIds = Object.values<any>(doc('acme-dev-azure').resource.azurerm_federated_identity_credential)
      .filter((c) => c.issuer !== 'https://token.actions.githubusercontent.com').map((c) => c.subject);
    // (and the platform's own: Kyverno's registry reader, test/lib/platform/image-verification-identity.test.ts)
    // (and the OpenTelemetry Collector's, test/lib/platform/telemetry-collector.test.ts)
    expect(azureIds.sort()).toEqual(['system:serviceaccount:kyverno:kyverno-admission-controller', 'system:serviceaccount:opentelemetry:otel-collector', 'system:serviceaccount:payments:payments-api']);
    expect(doc('acme-dev-azure').output.workload_identity_payments_payments_api_client_id).toBeDefined();
    const gcpIds = Object.values<any>(doc('acme-dev-gcp').resource.google_service_account_iam_member)
      .map((m) => m.member).filter((m) => !m.startsWith('principal://')).sort();
    // the two services with GCP access, and the platform's own: Kyverno's registry reader and the OpenTelemetry
    // Collector (Cloud Trace)
    expect(gcpIds).toEqual([
      'serviceAccount:acme-dev-4821.svc.id.goog[data-platform/ingest-gateway]',
      'serviceAccount:acme-dev-4821.svc.id.goog[kyverno/kyverno-admission-controller]',
      'serviceAccount:acme-dev-4821.svc.id.goog[opentelemetry/otel-collector]',
      'serviceAccount:acme-dev-4821.svc.id.goog[payments/payments-api]',
    ]);
  });

  test('the Azure identity and the GCP repository bill to the owning team\'s cost centre, over the environment\'s', () => {
    // GIVEN payments, whose spec tags carry its own cost-center, not the organization's
    const payments = acme.teams.find((t) => t.name === 'payments')!.tags!['cost-center'];
    expect(payments).not.toBe(org.tags['cost-center']);
    // THEN payments-api's managed identity carries the team's, with the environment's other tags
    const identities = Object.values<any>(doc('acme-dev-azure').resource.azurerm_user_assigned_identity)
      .filter((i) => i.name.includes('payments-api'));
    expect(identities).toHaveLength(1);
    expect(identities[0].tags).toMatchObject({ 'cost-center': payments, 'owner': org.tags.owner, 'environment': 'dev', 'team': 'payments' });
    // and the team's Artifact Registry repository is labelled with it, and with the team (TEAM-COST-CENTER-CONSISTENT reads both)
    const repositories = Object.values<any>(doc('acme-dev-gcp').resource.google_artifact_registry_repository);
    expect(repositories.find((r) => r.repository_id === 'payments').labels).toEqual({ 'cost-center': payments, 'team': 'payments' });
  });

  test('their pods get a policy to their cloud\'s credential endpoint and private API paths, and only theirs', () => {
    // What the paths allow is proven by the NetworkPolicy evaluator in services-chart.test.ts; here: who gets one.
    const policies = (cloud: string) => artifacts.find((a) => a.name === `dev/${cloud}/services`)!.document
      .filter((o: any) => ['NetworkPolicy', 'CiliumNetworkPolicy'].includes(o.kind) && /-allow-(cloud-apis|fqdn)$/.test(o.metadata.name))
      .map((o: any) => o.metadata.name);
    expect(policies('aws')).toEqual(['payments-api-allow-cloud-apis', 'ingest-gateway-allow-cloud-apis']);
    expect(policies('azure')).toEqual(['payments-api-allow-cloud-apis', 'payments-api-allow-fqdn']);
    expect(policies('gcp')).toEqual(['payments-api-allow-cloud-apis', 'ingest-gateway-allow-cloud-apis']);
  });

  test('every service gets a ServiceAccount with automount off; only those with access are annotated', () => {
    const accounts = artifacts.find((a) => a.name === 'dev/gcp/services')!.document.filter((o: any) => o.kind === 'ServiceAccount');
    expect(accounts).toHaveLength(org.services.length);
    expect(accounts.every((a: any) => a.automountServiceAccountToken === false)).toBe(true);
    expect(accounts.filter((a: any) => a.metadata.annotations?.['iam.gke.io/gcp-service-account']).map((a: any) => a.metadata.name))
      .toEqual(['payments-api', 'ingest-gateway']);
  });
});
