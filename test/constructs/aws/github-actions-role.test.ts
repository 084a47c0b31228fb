import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { GitHubActionsRole, GitHubOidcProvider } from '../../../constructs/aws';
import type { Artifact } from '../../../lib/artifacts';
import { cfnGitHubTrustScoped } from '../../../lib/policy/rules/identity/ci-federation';
import { synthProblems, under } from '../../support/validation';

function newStack(): Stack {
  return new Stack(new App(), 'Team', { env: { account: '111111111111', region: 'eu-west-1' } });
}

const artifactOf = (template: Template): Artifact => ({ kind: 'cloudformation', cloud: 'aws', environment: 'prod', name: 'Team', file: 'Team.template.json', document: template.toJSON() });

test('the provider is a plain AWS::IAM::OIDCProvider for GitHub with the STS audience, and no Lambda', () => {
  const stack = newStack();
  const provider = new GitHubOidcProvider(stack, 'GitHubOidc');
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
  template.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
  template.resourceCountIs('AWS::Lambda::Function', 0);
  expect(stack.resolve(provider.providerArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(provider.resource!), 'Arn'] });
  // Another stack of the account refers to it by the ARN IAM gives it.
  expect(stack.resolve(GitHubOidcProvider.arnIn(stack))).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:oidc-provider/token.actions.githubusercontent.com']] });
});

test('the role trusts one repository and one GitHub environment exactly, and may push only to its repositories', () => {
  // GIVEN two repositories of the team
  const stack = newStack();
  const repos = ['acme-prod/checkout', 'acme-prod/ledger'].map((name, i) => new ecr.Repository(stack, `Repo${i}`, { repositoryName: name }));
  // WHEN
  const ci = new GitHubActionsRole(stack, 'CiRole', {
    providerArn: GitHubOidcProvider.arnIn(stack), repository: 'acme/payments', environment: 'prod', roleName: 'acme-prod-ci-payments', pushRepositories: repos,
  });
  // THEN the trust pins audience and subject with StringEquals
  const template = Template.fromStack(stack);
  expect(ci.subject).toBe('repo:acme/payments:environment:prod');
  const [role] = Object.values<any>(template.findResources('AWS::IAM::Role'));
  expect(role.Properties.RoleName).toBe('acme-prod-ci-payments');
  expect(role.Properties.MaxSessionDuration).toBe(3600);
  expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
    Action: 'sts:AssumeRoleWithWebIdentity',
    Effect: 'Allow',
    Principal: { Federated: stack.resolve(GitHubOidcProvider.arnIn(stack)) },
    Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/payments:environment:prod' } },
  }]);
  // AND the push actions name the two repositories, nothing else; only the login token is account-wide
  const [policy] = Object.values<any>(template.findResources('AWS::IAM::Policy'));
  const statements = policy.Properties.PolicyDocument.Statement;
  expect(statements.find((s: any) => s.Sid === 'PushOwnRepositories').Resource).toEqual(repos.map((r) => stack.resolve(r.repositoryArn)));
  expect(statements.find((s: any) => s.Sid === 'RegistryLogin')).toMatchObject({ Action: 'ecr:GetAuthorizationToken', Resource: '*' });
  expect(statements).toHaveLength(2);
  // AND the policy rule accepts it
  expect(cfnGitHubTrustScoped.check(artifactOf(template))).toEqual([]);
});

test('a branch instead of an environment is trusted as refs/heads/<branch>', () => {
  const stack = newStack();
  const ci = new GitHubActionsRole(stack, 'CiRole', { providerArn: GitHubOidcProvider.arnIn(stack), repository: 'acme/platform', branch: 'main' });
  expect(ci.subject).toBe('repo:acme/platform:ref:refs/heads/main');
});

test('wildcards and a missing or double gate are refused, every problem of every role at once', () => {
  const stack = newStack();
  const providerArn = GitHubOidcProvider.arnIn(stack);
  new GitHubActionsRole(stack, 'Wild', { providerArn, repository: 'acme/*', environment: 'prod*' });
  new GitHubActionsRole(stack, 'Both', { providerArn, repository: 'acme/payments', environment: 'prod', branch: 'main' });
  expect(synthProblems(() => Template.fromStack(stack))).toEqual([
    ...under('Team/Wild', [
      'GitHubActionsRole: repository "acme/*" is not a GitHub repository (expected owner/name, like acme/payments, without wildcards)',
      'GitHubActionsRole: environment "prod*" is not an exact name (expected letters, digits, ".", "/", "-" and "_": a wildcard would admit any workflow)',
    ].join('\n')),
    ...under('Team/Both', 'GitHubActionsRole: environment "prod" and branch "main": exactly one is required (expected the GitHub environment, like prod, or the branch, like main)'),
  ]);
});
