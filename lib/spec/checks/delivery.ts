import { show } from '../../../core/show';
import { formatPath, SpecIssue } from '../errors';

/**
 * Rules of `delivery.github` beyond single fields. Synth writes each team's workflows to `ci.out/<team>/` and the
 * platform repository's own to `ci.out/<platformRepository>/`, and each cloud trusts `repo:<owner>/<team>:...`: a
 * team named like the platform repository would share its folder and its OIDC subject, so its service workflows
 * would run with the platform repository's rights and the platform's with the team's.
 */
export function deliveryIssues(spec: any): SpecIssue[] {
  const github = spec?.delivery?.github;
  if (github === null || typeof github !== 'object' || typeof github.platformRepository !== 'string') return [];
  const teams: any[] = Array.isArray(spec?.teams) ? spec.teams : [];
  const issues: SpecIssue[] = [];
  teams.forEach((team, i) => {
    if (typeof team?.name === 'string' && team.name.toLowerCase() === github.platformRepository.toLowerCase()) {
      issues.push({
        path: formatPath(['teams', i, 'name']),
        message: `${show(team.name)} is the platform repository (delivery.github.platformRepository) (expected another team name: each team builds in its own repository <owner>/<team>, which the clouds trust to push that team's images)`,
      });
    }
  });
  // The GitHub environments are a Terraform stack too, and Terraform state is never local.
  const state = spec?.terraformState;
  if (state?.gcp === undefined && state?.azure === undefined) {
    issues.push({
      path: formatPath(['terraformState']),
      message: 'is required because delivery.github is set (expected terraformState.gcp or terraformState.azure: the GitHub environments of the team repositories are a Terraform stack, whose state is never local)',
    });
  }
  return issues;
}
