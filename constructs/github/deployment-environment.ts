import { DataGithubTeam } from '@cdktf/provider-github/lib/data-github-team';
import { RepositoryEnvironment } from '@cdktf/provider-github/lib/repository-environment';
import { RepositoryEnvironmentDeploymentPolicy } from '@cdktf/provider-github/lib/repository-environment-deployment-policy';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';

/** GitHub allows at most six required reviewers per environment. */
const MAX_REVIEWERS = 6;
/** GitHub's limit on an environment's wait timer: 30 days. */
const MAX_WAIT_TIMER_MINUTES = 43_200;
const TEAM_SLUG = /^[a-z\d](?:[a-z\d_-]{0,98}[a-z\d])?$/;

/** Properties of a {@link GitHubDeploymentEnvironment}. */
export interface GitHubDeploymentEnvironmentProps {
  /** The repository's name, in the provider's owner (`payments` for `acme/payments`). */
  readonly repository: string;
  /** The environment's name, as the workflows' `environment:` and the clouds' OIDC subjects name it. */
  readonly environment: string;
  /**
   * Tags whose workflow runs may deploy to the environment (GitHub's fnmatch patterns, like `payments-api/v*`).
   * @default - no tag may deploy
   */
  readonly tagPatterns?: readonly string[];
  /**
   * Branches whose workflow runs may deploy to the environment (fnmatch patterns, like `main`).
   * @default - no branch may deploy
   */
  readonly branchPatterns?: readonly string[];
  /**
   * Slugs of the GitHub teams whose members review each deployment: one approval of a member of any of them lets
   * the job run. At most six.
   * @default - no review
   */
  readonly reviewerTeams?: readonly string[];
  /**
   * Let the person who started a run approve its deployment. Off, a release needs a second person.
   * @default false
   */
  readonly allowSelfReview?: boolean;
  /**
   * Let repository administrators deploy without the review.
   * @default false
   */
  readonly allowAdminBypass?: boolean;
  /**
   * Minutes every deployment waits before it starts, 0 to 43,200.
   * @default 0
   */
  readonly waitTimerMinutes?: number;
}

/**
 * A GitHub Actions deployment environment of one repository, with the rules that decide which workflow runs may
 * enter it: only the given tags and branches (custom deployment policies; protected branches are not a shortcut)
 * and, when reviewer teams are given, an approval by a member of one of them, never by whoever started the run.
 *
 * The environment's name is in the OIDC subject of every job that runs in it (`repo:<owner>/<repo>:environment:<env>`),
 * which is all the clouds trust: these rules are what keeps a branch or a pull request from pushing a release.
 */
export class GitHubDeploymentEnvironment extends Construct {
  /** The environment (`github_repository_environment`). */
  public readonly resource: RepositoryEnvironment;
  /** One deployment policy per tag pattern, then one per branch pattern. */
  public readonly deploymentPolicies: RepositoryEnvironmentDeploymentPolicy[];
  /** The reviewer teams, looked up by slug (their numeric ids are what GitHub stores). */
  public readonly reviewerTeams: DataGithubTeam[];

  constructor(scope: Construct, id: string, props: GitHubDeploymentEnvironmentProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    this.reviewerTeams = (props.reviewerTeams ?? []).map((slug) => new DataGithubTeam(this, `ReviewerTeam-${slug}`, { slug, summaryOnly: true }));
    this.resource = new RepositoryEnvironment(this, 'Resource', {
      repository: props.repository,
      environment: props.environment,
      preventSelfReview: !(props.allowSelfReview ?? false),
      canAdminsBypass: props.allowAdminBypass ?? false,
      waitTimer: props.waitTimerMinutes ?? 0,
      ...(this.reviewerTeams.length > 0 && { reviewers: [{ teams: this.reviewerTeams.map((t) => Token.asNumber(t.id)) }] }),
      // Only the refs of the policies below: neither every branch nor every protected branch.
      deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
    });
    // Ids derive from the pattern, not its position, so adding a service never moves another's policy.
    this.deploymentPolicies = [
      ...(props.tagPatterns ?? []).map((tagPattern) => new RepositoryEnvironmentDeploymentPolicy(this, `Tag-${idOf(tagPattern)}`, {
        repository: props.repository,
        environment: this.resource.environment,
        tagPattern,
      })),
      ...(props.branchPatterns ?? []).map((branchPattern) => new RepositoryEnvironmentDeploymentPolicy(this, `Branch-${idOf(branchPattern)}`, {
        repository: props.repository,
        environment: this.resource.environment,
        branchPattern,
      })),
    ];
  }
}

/** A construct id for a ref pattern: `/` separates construct paths. */
function idOf(pattern: string): string {
  return pattern.replace(/\//g, '~');
}

function validate(props: GitHubDeploymentEnvironmentProps): Problems {
  const problems = new Problems('GitHubDeploymentEnvironment');
  if (!Token.isUnresolved(props.repository) && !/^[\w.-]{1,100}$/.test(props.repository)) {
    problems.invalid('repository', props.repository, 'is not a repository name', 'letters, digits, ".", "-" and "_", without the owner');
  }
  if (!Token.isUnresolved(props.environment) && !/^[^\s,;/*]{1,255}$/.test(props.environment)) {
    problems.invalid('environment', props.environment, 'is not an environment name', 'up to 255 characters without spaces, ",", ";", "/" or "*"');
  }
  const patterns = [...(props.tagPatterns ?? []), ...(props.branchPatterns ?? [])];
  if (patterns.length === 0) {
    problems.push('tagPatterns and branchPatterns are both empty (expected the refs that may deploy: an environment every branch may enter lets any branch, and its OIDC subject, deploy)');
  }
  for (const [name, list] of [['tagPatterns', props.tagPatterns], ['branchPatterns', props.branchPatterns]] as const) {
    for (const pattern of list ?? []) {
      if (!Token.isUnresolved(pattern) && (!/^\S{1,255}$/.test(pattern) || /^[*?]*$/.test(pattern))) {
        problems.invalid(name, pattern, 'admits any ref or is not a pattern', 'a pattern naming the refs, like payments-api/v* or main');
      }
    }
    if (list && new Set(list).size !== list.length) problems.invalid(name, list, 'repeats a pattern', 'each pattern once');
  }
  const reviewers = props.reviewerTeams ?? [];
  if (reviewers.length > MAX_REVIEWERS) problems.invalid('reviewerTeams', reviewers, `names ${reviewers.length} teams`, `at most ${MAX_REVIEWERS}, GitHub's limit`);
  for (const slug of reviewers) {
    if (!Token.isUnresolved(slug) && !TEAM_SLUG.test(slug)) problems.invalid('reviewerTeams', slug, 'is not a team slug', 'lowercase letters, digits, "-" and "_", like release-managers');
  }
  if (new Set(reviewers).size !== reviewers.length) problems.invalid('reviewerTeams', reviewers, 'repeats a team', 'each team once');
  const wait = props.waitTimerMinutes;
  if (wait !== undefined && !Token.isUnresolved(wait) && !(Number.isInteger(wait) && wait >= 0 && wait <= MAX_WAIT_TIMER_MINUTES)) {
    problems.invalid('waitTimerMinutes', wait, 'is not a wait time GitHub accepts', `a whole number of minutes from 0 to ${MAX_WAIT_TIMER_MINUTES}`);
  }
  return problems;
}
