import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { acme } from '../../../examples/acme/org';
import type { Artifact } from '../../../lib/artifacts';
import { serviceWorkflow } from '../../../lib/pipelines';
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { EnvironmentGcpStack } from '../../../lib/platform/gcp-stack';
import { buildAwsApp } from '../../../lib/platform/synth-aws';
import { azureGitHubTrustScoped, cfnGitHubTrustScoped, gcpGitHubTrustScoped } from '../../../lib/policy/rules/identity/ci-federation';
import { defineOrganization } from '../../../lib/spec';
import { resourcesOf, TfJson } from '../../support/terraform';

/*
 * The other half of each generated workflow: every cloud trusts the team's workflows, from the GitHub environment
 * of the same name only, with exactly the identity the workflow signs in as, and lets it push to its own
 * repositories. A workflow and a trust that disagree would fail at the first release; these tests fail first.
 */
const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;
const teams = org.teams.map((t) => t.name);
const publishProd = (team: string) => serviceWorkflow(org, org.services.find((s) => s.team === team)!).jobs['publish-prod'];
const withStep = (team: string, action: string) => publishProd(team).steps.find((s) => s.uses?.startsWith(action))!.with!;

/** The Terraform resource name of the service account with this e-mail. */
const accountAddress = (json: TfJson, email: string) =>
  Object.entries(json.resource.google_service_account).find(([, a]) => `${a.account_id}@${a.project}.iam.gserviceaccount.com` === email)![0];

const cfn = (name: string, document: unknown): Artifact => ({ kind: 'cloudformation', cloud: 'aws', environment: 'prod', name, file: `${name}.template.json`, document });
const tf = (cloud: 'azure' | 'gcp', document: unknown): Artifact => ({ kind: 'terraform', cloud, environment: 'prod', name: `acme-prod-${cloud}`, file: 'cdk.tf.json', document });

describe('AWS: IAM OIDC provider and a role per team and environment', () => {
  const app = new App();
  buildAwsApp(org, [prod], app);
  const template = (stack: string) => Template.fromStack(app.node.findChild(stack) as any).toJSON();

  test('the environment stack creates the account\'s GitHub OIDC provider', () => {
    const providers = Object.values<any>(template('acme-prod').Resources).filter((r) => r.Type === 'AWS::IAM::OIDCProvider');
    expect(providers.map((p) => [p.Properties.Url, p.Properties.ClientIdList])).toEqual([['https://token.actions.githubusercontent.com', ['sts.amazonaws.com']]]);
  });

  test.each(teams)('team %s: the role the workflow assumes trusts only its repository\'s prod environment and pushes only its repositories', (team) => {
    const doc = template(`acme-prod-team-${team}`);
    const roles = Object.values<any>(doc.Resources).filter((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName);
    const roleArn = String(withStep(team, 'aws-actions/')['role-to-assume']);
    expect(roles.map((r) => `arn:aws:iam::${prod.aws!.account}:role/${r.Properties.RoleName}`)).toEqual([roleArn]);
    expect(roles[0].Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': `repo:acme/${team}:environment:prod` },
    });
    expect(publishProd(team).environment).toEqual({ name: 'prod' });
    const push = Object.values<any>(doc.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((p) => p.Properties.PolicyDocument.Statement).find((s: any) => s.Sid === 'PushOwnRepositories');
    const repositories = Object.entries<any>(doc.Resources).filter(([, r]) => r.Type === 'AWS::ECR::Repository').map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(push.Resource).toEqual(repositories);
    expect(repositories.length).toBe(org.services.filter((s) => s.team === team).length);
    expect(cfnGitHubTrustScoped.check(cfn(`acme-prod-team-${team}`, doc))).toEqual([]);
  });

  test('the policy rule fails the same role once its subject is widened to the organization', () => {
    const doc = template('acme-prod-team-payments');
    const role = Object.values<any>(doc.Resources).find((r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName);
    const condition = role.Properties.AssumeRolePolicyDocument.Statement[0].Condition;
    condition.StringLike = { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' };
    delete condition.StringEquals['token.actions.githubusercontent.com:sub'];
    expect(cfnGitHubTrustScoped.check(cfn('acme-prod-team-payments', doc)).map((v) => v.message)).toEqual([
      'trust condition StringLike "token.actions.githubusercontent.com:sub" is "repo:acme/*" (expected StringEquals on one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)',
      'trust condition StringEquals "token.actions.githubusercontent.com:sub" is unset (expected one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)',
    ]);
  });
});

describe('Azure: a user-assigned identity and federated credential per team and environment', () => {
  const json = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'acme-prod-azure', { organization: org, environment: prod }))) as TfJson;

  test('each team\'s credential trusts its repository\'s prod environment only; its identity may push to the registry', () => {
    const credentials = resourcesOf(json, 'azurerm_federated_identity_credential').filter((c) => c.issuer === 'https://token.actions.githubusercontent.com');
    expect(credentials.map((c) => c.subject).sort()).toEqual(teams.map((t) => `repo:acme/${t}:environment:prod`).sort());
    for (const c of credentials) expect(c.audience).toEqual(['api://AzureADTokenExchange']);
    const pushes = resourcesOf(json, 'azurerm_role_assignment').filter((r) => r.role_definition_name === 'AcrPush');
    expect(pushes).toHaveLength(teams.length);
    // The environment's registry (its address is pinned by the registry's own tests), and nothing else.
    expect(new Set(pushes.map((p) => p.scope))).toEqual(new Set(['${azurerm_container_registry.acr.id}']));
    expect(azureGitHubTrustScoped.check(tf('azure', json))).toEqual([]);
  });

  test('the client ids and the tenant the workflows sign in with are outputs, for the environments\' secrets', () => {
    expect(Object.keys(json.output ?? {}).filter((o) => o.startsWith('ci_')).sort()).toEqual([
      ...teams.map((t) => `ci_${t.replace(/-/g, '_')}_client_id`), 'ci_tenant_id',
    ].sort());
    expect(withStep('payments', 'azure/login')['client-id']).toBe('${{ secrets.AZURE_CLIENT_ID }}');
  });
});

describe('GCP: a workload identity pool per project and a service account per team', () => {
  const json = JSON.parse(Testing.synth(new EnvironmentGcpStack(Testing.app(), 'acme-prod-gcp', { organization: org, environment: prod }))) as TfJson;

  test('the provider admits only the organization\'s repositories', () => {
    const providers = resourcesOf(json, 'google_iam_workload_identity_pool_provider');
    expect(providers.map((p) => [p.attribute_condition, p.oidc.issuer_uri, p.attribute_mapping['google.subject']])).toEqual([
      ["assertion.repository_owner == 'acme'", 'https://token.actions.githubusercontent.com', 'assertion.sub'],
    ]);
    expect(Object.keys(json.output ?? {})).toContain('ci_workload_identity_provider');
  });

  test.each(teams)('team %s: the service account the workflow impersonates trusts its repository\'s prod environment and writes its repository only', (team) => {
    const email = String(withStep(team, 'google-github-actions/').service_account);
    const accounts = resourcesOf(json, 'google_service_account').filter((a) => `${a.account_id}@${a.project}.iam.gserviceaccount.com` === email);
    expect(accounts).toHaveLength(1);
    const members = resourcesOf(json, 'google_service_account_iam_member').filter((m) => m.role === 'roles/iam.workloadIdentityUser' && String(m.member).startsWith('principal://'));
    expect(members.map((m) => m.member)).toContainEqual(expect.stringMatching(new RegExp(`^principal://iam\\.googleapis\\.com/\\$\\{google_iam_workload_identity_pool\\.[A-Za-z0-9_]+\\.name\\}/subject/repo:acme/${team}:environment:prod$`)));
    const writers = resourcesOf(json, 'google_artifact_registry_repository_iam_member').filter((m) => m.role === 'roles/artifactregistry.writer');
    expect(writers.filter((w) => w.member === `serviceAccount:\${google_service_account.${accountAddress(json, email)}.email}`).map((w) => w.repository))
      .toEqual([`\${google_artifact_registry_repository.artifact_registry_${team.replace(/-/g, '_')}.repository_id}`]);
  });

  test.each(teams)('team %s: the workflow attests with the attestor and KMS key the stack holds, and its account may do exactly that', (team) => {
    const step = publishProd(team).steps.find((st) => st.env?.ATTESTOR !== undefined)!;
    const email = String(withStep(team, 'google-github-actions/').service_account);
    const member = `serviceAccount:\${google_service_account.${accountAddress(json, email)}.email}`;
    // The attestor the workflow names is the one the stack creates, and its key carries the id KMS attestations name.
    const [attestor] = resourcesOf(json, 'google_binary_authorization_attestor');
    expect(step.env!.ATTESTOR).toBe(`projects/${attestor.project}/attestors/${attestor.name}`);
    expect(attestor.attestation_authority_note.public_keys).toEqual([{
      id: `//cloudkms.googleapis.com/v1/${step.env!.KMS_KEY_VERSION}`,
      pkix_public_key: { public_key_pem: org.imageSigning!.publicKey, signature_algorithm: 'ECDSA_P256_SHA256' },
    }]);
    expect(step.env!.KMS_KEY_VERSION).toBe(org.imageSigning!.gcpKmsKeyVersion);
    expect(step.env!.COSIGN_KMS_KEY).toBe('gcpkms://projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign/versions/1');
    const grants = [
      ...resourcesOf(json, 'google_binary_authorization_attestor_iam_member'),
      ...resourcesOf(json, 'google_container_analysis_note_iam_member'),
      ...resourcesOf(json, 'google_project_iam_member'),
      ...resourcesOf(json, 'google_kms_crypto_key_iam_member'),
    ].filter((g) => g.member === member);
    expect(grants.map((g) => [g.role, g.attestor ?? g.note ?? g.crypto_key_id ?? g.project])).toEqual([
      ['roles/binaryauthorization.attestorsViewer', expect.stringMatching(/^\$\{google_binary_authorization_attestor\.\w+\.name\}$/)],
      ['roles/containeranalysis.notes.attacher', expect.stringMatching(/^\$\{google_container_analysis_note\.\w+\.name\}$/)],
      ['roles/containeranalysis.occurrences.editor', prod.gcp!.project],
      ['roles/cloudkms.signerVerifier', 'projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign'],
    ]);
  });

  test('the policy rule accepts the stack and fails a binding to the whole pool', () => {
    expect(gcpGitHubTrustScoped.check(tf('gcp', json))).toEqual([]);
    const widened = JSON.parse(JSON.stringify(json));
    const [name] = Object.entries<any>(widened.resource.google_service_account_iam_member).find(([, m]) => String(m.member).includes('/subject/repo:'))!;
    widened.resource.google_service_account_iam_member[name].member = 'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/github-actions/*';
    expect(gcpGitHubTrustScoped.check(tf('gcp', widened))).toHaveLength(1);
  });
});
