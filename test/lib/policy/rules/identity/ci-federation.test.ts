import type { Artifact } from '../../../../../lib/artifacts';
import { azureGitHubTrustScoped, cfnGitHubTrustScoped, gcpGitHubTrustScoped } from '../../../../../lib/policy/rules/identity/ci-federation';

const cfn = (resources: Record<string, unknown>): Artifact => ({ kind: 'cloudformation', cloud: 'aws', environment: 'prod', name: 'acme-prod-team-payments', file: 'x', document: { Resources: resources } });
const tf = (cloud: 'azure' | 'gcp', resource: Record<string, unknown>): Artifact => ({ kind: 'terraform', cloud, environment: 'prod', name: `acme-prod-${cloud}`, file: 'x', document: { resource } });

const PROVIDER = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::333333333333:oidc-provider/token.actions.githubusercontent.com']] };
const role = (condition: unknown) => ({
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: PROVIDER }, Condition: condition }] } },
});
const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

describe('CFN-GITHUB-OIDC-TRUST-SCOPED', () => {
  test('fails on a wildcard subject, StringLike or not, and on a missing audience', () => {
    const artifact = cfn({
      Org: role({ StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } }),
      AnyRef: role({ StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/payments:*' } }),
      NoAud: role({ StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/payments:environment:prod' } }),
    });
    expect(cfnGitHubTrustScoped.check(artifact)).toEqual([
      { resource: 'Org', message: 'trust condition StringLike "token.actions.githubusercontent.com:sub" is "repo:acme/*" (expected StringEquals on one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)' },
      { resource: 'Org', message: 'trust condition StringEquals "token.actions.githubusercontent.com:sub" is unset (expected one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)' },
      { resource: 'AnyRef', message: 'trust condition StringEquals "token.actions.githubusercontent.com:sub" is "repo:acme/payments:*" (expected one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)' },
      { resource: 'NoAud', message: 'trust condition StringEquals "token.actions.githubusercontent.com:aud" is unset (expected "sts.amazonaws.com")' },
    ]);
  });

  test('passes on an exact environment or branch subject, and ignores roles that do not trust GitHub', () => {
    const artifact = cfn({
      Env: role({ StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/payments:environment:prod' } }),
      Branch: role({ StringEquals: { ...AUD, 'token.actions.githubusercontent.com:sub': 'repo:acme/platform:ref:refs/heads/main' } }),
      Lambda: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } },
    });
    expect(cfnGitHubTrustScoped.check(artifact)).toEqual([]);
  });
});

describe('TF-AZURE-GITHUB-OIDC-TRUST-SCOPED', () => {
  const credential = (subject: string, audience = ['api://AzureADTokenExchange']) => ({ issuer: 'https://token.actions.githubusercontent.com', subject, audience });
  test('fails on a wildcard subject and a foreign audience; passes on an exact one', () => {
    const artifact = tf('azure', {
      azurerm_federated_identity_credential: {
        wild: credential('repo:acme/*'),
        aud: credential('repo:acme/payments:environment:prod', ['api://other']),
        ok: credential('repo:acme/payments:environment:prod'),
        aks: { issuer: 'https://westeurope.oic.prod-aks.azure.com/tenant/cluster/', subject: 'system:serviceaccount:payments:checkout', audience: ['api://AzureADTokenExchange'] },
      },
    });
    expect(azureGitHubTrustScoped.check(artifact)).toEqual([
      { resource: 'azurerm_federated_identity_credential.wild', message: 'subject is "repo:acme/*" (expected one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)' },
      { resource: 'azurerm_federated_identity_credential.aud', message: 'audience is ["api://other"] (expected ["api://AzureADTokenExchange"])' },
    ]);
  });
});

describe('TF-GCP-GITHUB-OIDC-TRUST-SCOPED', () => {
  test('fails on a provider without an owner condition and on a binding to a whole pool; passes on exact ones', () => {
    const pool = 'projects/1/locations/global/workloadIdentityPools/github-actions';
    const artifact = tf('gcp', {
      google_iam_workload_identity_pool_provider: {
        open: { oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' }, attribute_condition: "assertion.repository.startsWith('acme')" },
        ok: { oidc: { issuer_uri: 'https://token.actions.githubusercontent.com' }, attribute_condition: "assertion.repository_owner == 'acme'" },
      },
      google_service_account_iam_member: {
        pool: { role: 'roles/iam.workloadIdentityUser', member: `principalSet://iam.googleapis.com/${pool}/*` },
        ok: { role: 'roles/iam.workloadIdentityUser', member: `principal://iam.googleapis.com/${pool}/subject/repo:acme/payments:environment:prod` },
      },
    });
    expect(gcpGitHubTrustScoped.check(artifact)).toEqual([
      { resource: 'google_iam_workload_identity_pool_provider.open', message: 'attribute_condition is "assertion.repository.startsWith(\'acme\')" (expected assertion.repository_owner == \'<owner>\', so no other GitHub organization\'s workflow is admitted)' },
      { resource: 'google_service_account_iam_member.pool', message: `member is "principalSet://iam.googleapis.com/${pool}/*" (expected principal://.../subject/ with one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod)` },
    ]);
  });
});
