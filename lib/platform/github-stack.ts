import { GithubProvider } from '@cdktf/provider-github/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { GitHubDeploymentEnvironment } from '../../constructs/github/deployment-environment';
import { GITOPS_ENVIRONMENT, gitHubRepositoryOf } from '../pipelines/platform-workflow';
import { releaseTagPrefix } from '../pipelines/service-workflow';
import type { Organization } from '../spec';
import { addRemoteState } from './terraform-backends';

/** The prod reviewers when the spec names none: the owning team's own GitHub team (a second member approves). */
export const DEFAULT_PROD_REVIEWERS: readonly string[] = ['{team}'];

/** The stack's name: `<org>-github`. */
export function gitHubStackName(org: Organization): string {
  return `${org.name}-github`;
}

/** Properties of a {@link GitHubSettingsStack}. */
export interface GitHubSettingsStackProps {
  readonly organization: Organization;
}

/**
 * The GitHub side of delivery as Terraform (`integrations/github`): in each team repository, one deployment
 * environment per environment of the organization that only the team's release tags (`<service>/v*`) may enter,
 * with required reviewers on every prod-tier environment (`delivery.github.prodReviewers`); in the platform
 * repository, the `gitops` environment that only `main` may enter. These are the rules the clouds rely on: each trusts
 * only `repo:<owner>/<team>:environment:<env>`.
 *
 * Apply it with a token that administers the repositories (`GITHUB_TOKEN`, or the provider's `app_auth` through
 * `GITHUB_APP_ID`, `GITHUB_APP_INSTALLATION_ID` and `GITHUB_APP_PEM_FILE`); the repositories must exist.
 */
export class GitHubSettingsStack extends TerraformStack {
  /** The team repositories' environments, by `<team>/<env>`, then the platform repository's `gitops`. */
  public readonly environments: Map<string, GitHubDeploymentEnvironment> = new Map();

  constructor(scope: Construct, id: string, props: GitHubSettingsStackProps) {
    super(scope, id);
    const org = props.organization;
    const github = org.delivery?.github;
    if (!github) throw new Error(`GitHubSettingsStack: organization ${JSON.stringify(org.name)} has no delivery.github`);
    new GithubProvider(this, 'github', { owner: github.owner });
    const state = org.terraformState;
    if (state.gcp) addRemoteState(this, 'gcp', id, state);
    else if (state.azure) addRemoteState(this, 'azure', id, state);

    const reviewers = github.prodReviewers ?? DEFAULT_PROD_REVIEWERS;
    const environments = org.environments.filter((e) => e.aws !== undefined || e.azure !== undefined || e.gcp !== undefined);
    for (const team of [...org.teams].sort((a, b) => a.name.localeCompare(b.name))) {
      const services = org.services.filter((s) => s.team === team.name).sort((a, b) => a.name.localeCompare(b.name));
      if (services.length === 0) continue;
      const repository = new Construct(this, `Repository-${team.name}`);
      for (const env of environments) {
        this.environments.set(`${team.name}/${env.name}`, new GitHubDeploymentEnvironment(repository, env.name, {
          repository: team.name,
          environment: env.name,
          tagPatterns: services.map((s) => `${releaseTagPrefix(s)}*`),
          ...(env.tier === 'prod' && { reviewerTeams: [...new Set(reviewers.map((r) => (r === '{team}' ? team.name : r)))] }),
        }));
      }
    }
    if (org.delivery && gitHubRepositoryOf(org.delivery.gitopsRepoUrl)) {
      const platform = new Construct(this, `Repository-${github.platformRepository}`);
      this.environments.set(`${github.platformRepository}/${GITOPS_ENVIRONMENT}`, new GitHubDeploymentEnvironment(platform, GITOPS_ENVIRONMENT, {
        repository: github.platformRepository,
        environment: GITOPS_ENVIRONMENT,
        branchPatterns: ['main'],
      }));
    }
  }
}
