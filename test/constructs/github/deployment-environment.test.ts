import { GitHubDeploymentEnvironment } from '../../../constructs/github';
import { addressesOf, problemsOf, ref, resourcesOf, synthChecked, TfJson } from '../../support/terraform';

const synth = (build: Parameters<typeof synthChecked>[0]) => JSON.parse(synthChecked(build)) as TfJson;

describe('GitHubDeploymentEnvironment', () => {
  test('GIVEN release tags and reviewer teams THEN only those tags may enter, after a review by someone else', () => {
    const json = synth((scope) => new GitHubDeploymentEnvironment(scope, 'Prod', {
      repository: 'payments',
      environment: 'prod',
      tagPatterns: ['payments-api/v*', 'ledger/v*'],
      reviewerTeams: ['payments', 'release-managers'],
    }));
    const [environment] = resourcesOf(json, 'github_repository_environment');
    expect(environment).toEqual({
      repository: 'payments',
      environment: 'prod',
      prevent_self_review: true,
      can_admins_bypass: false,
      wait_timer: 0,
      reviewers: [{ teams: [expect.stringMatching(/^\$\{data\.github_team\.Prod_ReviewerTeam-payments_\w+\.id\}$/), expect.stringMatching(/release-managers/)] }],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(Object.values(json.data!.github_team).map((t: any) => t.slug)).toEqual(['payments', 'release-managers']);
    const policies = resourcesOf(json, 'github_repository_environment_deployment_policy');
    const envAddress = addressesOf(json).find((a) => a.startsWith('github_repository_environment.'))!;
    expect(policies.sort((a, b) => a.tag_pattern.localeCompare(b.tag_pattern))).toEqual([
      { repository: 'payments', environment: ref(envAddress, 'environment'), tag_pattern: 'ledger/v*' },
      { repository: 'payments', environment: ref(envAddress, 'environment'), tag_pattern: 'payments-api/v*' },
    ]);
  });

  test('addresses derive from the environment and the pattern, not positions: adding a service moves nothing', () => {
    const addresses = (tags: string[]) => addressesOf(synth((scope) => new GitHubDeploymentEnvironment(scope, 'Dev', { repository: 'payments', environment: 'dev', tagPatterns: tags })));
    const before = addresses(['payments-api/v*']);
    expect(before).toEqual([
      'github_repository_environment.Dev_4FA30A25',
      'github_repository_environment_deployment_policy.Dev_Tag-payments-apiv_DD7123B7',
    ]);
    const after = addresses(['aaa/v*', 'payments-api/v*']);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  test('a branch-only environment without reviewers', () => {
    const json = synth((scope) => new GitHubDeploymentEnvironment(scope, 'GitOps', { repository: 'platform', environment: 'gitops', branchPatterns: ['main'] }));
    expect(resourcesOf(json, 'github_repository_environment')[0].reviewers).toBeUndefined();
    expect(resourcesOf(json, 'github_repository_environment_deployment_policy').map((p) => p.branch_pattern)).toEqual(['main']);
  });

  test('every problem at once, each with the value and what is expected', () => {
    expect(problemsOf('Bad', (scope) => new GitHubDeploymentEnvironment(scope, 'Bad', {
      repository: 'acme/payments',
      environment: 'prod/*',
      tagPatterns: ['*'],
      reviewerTeams: ['a', 'b', 'c', 'd', 'e', 'f', 'Release Managers'],
      waitTimerMinutes: 50_000,
    }))).toBe([
      'GitHubDeploymentEnvironment: repository "acme/payments" is not a repository name (expected letters, digits, ".", "-" and "_", without the owner)',
      'GitHubDeploymentEnvironment: environment "prod/*" is not an environment name (expected up to 255 characters without spaces, ",", ";", "/" or "*")',
      'GitHubDeploymentEnvironment: tagPatterns "*" admits any ref or is not a pattern (expected a pattern naming the refs, like payments-api/v* or main)',
      'GitHubDeploymentEnvironment: reviewerTeams ["a","b","c","d","e","f","Release Managers"] names 7 teams (expected at most 6, GitHub\'s limit)',
      'GitHubDeploymentEnvironment: reviewerTeams "Release Managers" is not a team slug (expected lowercase letters, digits, "-" and "_", like release-managers)',
      'GitHubDeploymentEnvironment: waitTimerMinutes 50000 is not a wait time GitHub accepts (expected a whole number of minutes from 0 to 43200)',
    ].join('\n'));
    expect(problemsOf('Open', (scope) => new GitHubDeploymentEnvironment(scope, 'Open', { repository: 'payments', environment: 'dev' }))).toBe(
      'GitHubDeploymentEnvironment: tagPatterns and branchPatterns are both empty (expected the refs that may deploy: an environment every branch may enter lets any branch, and its OIDC subject, deploy)');
  });
});
