import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { KYVERNO_ADDON, KYVERNO_ADMISSION_SERVICE_ACCOUNT } from '../../../lib/addons';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentAwsStack } from '../../../lib/platform/aws-stack';
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { EnvironmentGcpStack } from '../../../lib/platform/gcp-stack';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { AZURE_CLIENT_ID_OUTPUT_ANNOTATION } from '../../../lib/platform/workload-identity';
import { defineOrganization, type Cloud, type Environment } from '../../../lib/spec';
import { resourceAt, type TfJson } from '../../support/terraform';

const org = defineOrganization(acme);

/** The values of the Kyverno Application in the add-ons chart of `env` on `cloud`. */
function kyvernoValues(env: Environment, cloud: Cloud, azureClientIds?: Record<string, string>): any {
  const app = Testing.synth(new EnvironmentAddonsChart(Testing.app(), 'addons', {
    organization: org, environment: env, cloud, trustedRegistries: ['registry.example.com/'], azureClientIds,
  })).find((m) => m.kind === 'Application' && m.metadata.name === KYVERNO_ADDON.name);
  return app.spec.source.helm.valuesObject;
}

const KYVERNO_SUBJECT = `system:serviceaccount:${KYVERNO_ADDON.namespace}:${KYVERNO_ADMISSION_SERVICE_ACCOUNT}`;
const KYVERNO_CLIENT_ID_OUTPUT = 'workload_identity_kyverno_kyverno_admission_controller_client_id';

describe('the image verifier\'s registry identity on EKS', () => {
  test.each(org.environments.map((e) => [e.name, e] as const))('%s: Kyverno\'s admission controller reads the environment\'s repositories as itself', (_, env) => {
    // GIVEN the environment's AWS stack and its add-ons chart
    const template = Template.fromStack(new EnvironmentAwsStack(new App(), 'aws', { organization: org, environment: env }));
    const kyverno = Testing.synth(new EnvironmentAddonsChart(Testing.app(), 'addons', {
      organization: org, environment: env, cloud: 'aws', trustedRegistries: ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/'],
    })).find((m) => m.kind === 'Application' && m.metadata.name === KYVERNO_ADDON.name);

    // THEN the chart names the service account, and a pod identity association gives exactly it the reader role
    expect(kyverno.spec.source.helm.valuesObject.admissionController.rbac.serviceAccount.name).toBe(KYVERNO_ADMISSION_SERVICE_ACCOUNT);
    const associations = Object.values<any>(template.findResources('AWS::EKS::PodIdentityAssociation'))
      .filter((a) => a.Properties.Namespace === KYVERNO_ADDON.namespace);
    expect(associations.map((a) => a.Properties.ServiceAccount)).toEqual([KYVERNO_ADMISSION_SERVICE_ACCOUNT]);
    const reader = Object.entries<any>(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('ImageVerificationReader'))![1];
    const read = reader.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'ReadImagesAndSignatures');
    expect(JSON.stringify(read.Resource)).toContain(`:repository/acme-${env.name}/*`);
  });
});

describe('the image verifier\'s registry identity on AKS', () => {
  const envs = org.environments.filter((e) => e.azure).map((e) => [e.name, e] as const);

  test.each(envs)('%s: a workload identity with AcrPull on the environment\'s registry, federated with Kyverno\'s service account', (name, env) => {
    // GIVEN the environment's Azure stack
    const tf: TfJson = JSON.parse(TfTesting.synth(new EnvironmentAzureStack(TfTesting.app(), `acme-${name}-azure`, { organization: org, environment: env })));

    // THEN the identity's addresses are the pinned ones, and it trusts exactly the admission controller's tokens
    const identity = resourceAt(tf, 'azurerm_user_assigned_identity.ImageVerificationReader_42B3F977');
    expect(identity.name).toBe(`id-acme-${name}-kyverno-kyverno-admission-controller`);
    const credential = resourceAt(tf, 'azurerm_federated_identity_credential.ImageVerificationReader_FederatedCredential_8D678B3F');
    expect(credential.subject).toBe(KYVERNO_SUBJECT);
    expect(credential.parent_id).toBe('${azurerm_user_assigned_identity.ImageVerificationReader_42B3F977.id}');
    expect(credential.issuer).toBe('${azurerm_kubernetes_cluster.Cluster_EB0386A7.oidc_issuer_url}');
    // AND its one role reads the environment's registry, nothing wider
    const roles = Object.values<any>(tf.resource.azurerm_role_assignment)
      .filter((r) => r.principal_id === '${azurerm_user_assigned_identity.ImageVerificationReader_42B3F977.principal_id}');
    expect(roles.map((r) => [r.role_definition_name, r.scope])).toEqual([['AcrPull', '${azurerm_container_registry.acr.id}']]);
    // AND its client id is the output the chart waits for
    const pending = kyvernoValues(env, 'azure').admissionController;
    expect(pending.rbac.serviceAccount.annotations).toEqual({ [AZURE_CLIENT_ID_OUTPUT_ANNOTATION]: KYVERNO_CLIENT_ID_OUTPUT });
    expect((tf as any).output[KYVERNO_CLIENT_ID_OUTPUT].value).toBe('${azurerm_user_assigned_identity.ImageVerificationReader_42B3F977.client_id}');
  });

  test('with the Terraform outputs, the admission controller signs in: client id on its service account, the webhook\'s label on its pods', () => {
    // GIVEN the client id Entra ID assigned, as `terraform output -json` hands it back
    const values = kyvernoValues(org.environments[0], 'azure', { [KYVERNO_CLIENT_ID_OUTPUT]: '00000000-0000-0000-0000-00000000c1d0' });

    // THEN the chart annotates the service account and labels the pods, and keeps the catalog's values
    expect(values.admissionController.rbac.serviceAccount).toEqual({
      name: KYVERNO_ADMISSION_SERVICE_ACCOUNT,
      annotations: { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-00000000c1d0' },
    });
    expect(values.admissionController.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(values.admissionController.replicas).toBe(KYVERNO_ADDON.values.admissionController.replicas);
  });

  test('synth hands the Azure stack\'s outputs to the add-ons as well as to the services (--terraform-outputs)', () => {
    // GIVEN the outputs of acme-dev-azure after apply
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kyverno-id-'));
    try {
      const dev = org.environments.find((e) => e.name === 'dev')!;
      synthesizeKubernetes(org, [{ env: dev, cloud: 'azure' }], outdir, { 'acme-dev-azure': { [KYVERNO_CLIENT_ID_OUTPUT]: '00000000-0000-0000-0000-0000000000a1' } });

      // THEN the written Kyverno Application carries the client id
      const addons = parseAllDocuments(fs.readFileSync(path.join(outdir, 'dev', 'azure', 'addons.k8s.yaml'), 'utf-8')).map((d) => d.toJSON());
      const kyverno = addons.find((m) => m.kind === 'Application' && m.metadata.name === KYVERNO_ADDON.name);
      expect(kyverno.spec.source.helm.valuesObject.admissionController.rbac.serviceAccount.annotations)
        .toEqual({ 'azure.workload.identity/client-id': '00000000-0000-0000-0000-0000000000a1' });
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('EKS and GKE pods get no Azure label, and EKS no annotation (the pod identity association binds by name)', () => {
    const aws = kyvernoValues(org.environments[0], 'aws').admissionController;
    expect(aws.podLabels).toBeUndefined();
    expect(aws.rbac.serviceAccount).toEqual({ name: KYVERNO_ADMISSION_SERVICE_ACCOUNT });
    expect(kyvernoValues(org.environments[0], 'gcp').admissionController.podLabels).toBeUndefined();
  });
});

describe('the image verifier\'s registry identity on GKE', () => {
  const envs = org.environments.filter((e) => e.gcp).map((e) => [e.name, e] as const);

  test.each(envs)('%s: a Google service account for Kyverno\'s service account, reader of every repository and nothing else', (name, env) => {
    // GIVEN the environment's GCP stack and its add-ons chart
    const tf: TfJson = JSON.parse(TfTesting.synth(new EnvironmentGcpStack(TfTesting.app(), `acme-${name}-gcp`, { organization: org, environment: env })));
    const annotations = kyvernoValues(env, 'gcp').admissionController.rbac.serviceAccount.annotations;

    // THEN the chart's annotation names the account the stack creates
    const account = resourceAt(tf, 'google_service_account.ImageVerificationReader_42B3F977');
    expect(annotations).toEqual({ 'iam.gke.io/gcp-service-account': `${account.account_id}@${env.gcp!.project}.iam.gserviceaccount.com` });
    // AND only the admission controller's Kubernetes service account may act as it
    const users = Object.values<any>(tf.resource.google_service_account_iam_member)
      .filter((b) => b.service_account_id === '${google_service_account.ImageVerificationReader_42B3F977.name}');
    expect(users.map((b) => [b.role, b.member])).toEqual([
      ['roles/iam.workloadIdentityUser', `serviceAccount:${env.gcp!.project}.svc.id.goog[${KYVERNO_ADDON.namespace}/${KYVERNO_ADMISSION_SERVICE_ACCOUNT}]`],
    ]);
    // AND it reads each team's repository (the node service account's bindings keep their addresses), with no project role
    const member = '${google_service_account.ImageVerificationReader_42B3F977.member}';
    const reads = Object.entries<any>(tf.resource.google_artifact_registry_repository_iam_member).filter(([, b]) => b.member === member);
    expect(reads.map(([address, b]) => [address, b.role]).sort()).toEqual(org.teams.map((t) => [
      `artifact_registry_${t.name.replace(/-/g, '_')}_reader_token1`, 'roles/artifactregistry.reader',
    ]).sort());
    expect(resourceAt(tf, 'google_artifact_registry_repository_iam_member.artifact_registry_payments_reader_token0').member)
      .toBe('serviceAccount:${google_service_account.Cluster_NodeServiceAccount_5891CF5E.email}');
    expect(Object.values<any>(tf.resource.google_project_iam_member ?? {}).filter((b) => b.member === member)).toEqual([]);
  });
});
