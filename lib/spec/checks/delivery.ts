import { show } from '../../../core/show';
import { formatPath, SpecIssue } from '../errors';

/** The issuer of GitHub Actions' OIDC tokens, which Fulcio records in a keyless signature's certificate. */
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * The identity Fulcio writes into the certificate of a keyless signature made by a service's generated workflow:
 * the workflow file at the ref that ran it, a release tag `<service>/v<version>`.
 */
export function workflowCertificateIdentity(owner: string, team: string, service: string, version = 'v1.0.0'): string {
  return `https://github.com/${owner}/${team}/.github/workflows/${service}.yml@refs/tags/${service}/${version}`;
}

/** Whether a signer identity with `*` (any characters) and `?` (one character), as Kyverno matches it, admits `identity`. */
export function subjectAdmits(subject: string, identity: string): boolean {
  const pattern = subject.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${pattern}$`).test(identity);
}

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
  issues.push(...signerIssues(spec, github, teams));
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

/*
 * The generated workflows sign every image keyless (the certificate names the workflow) and, for GKE, with the KMS
 * key whose attestation Binary Authorization requires. A spec whose signers do not admit those signatures would
 * synthesize clusters that refuse every release the pipelines publish.
 */
function signerIssues(spec: any, github: any, teams: any[]): SpecIssue[] {
  const signing = spec?.imageSigning;
  if (signing === null || typeof signing !== 'object' || typeof github.owner !== 'string') return [];
  const issues: SpecIssue[] = [];
  const keyless = signing.keyless;
  if (keyless === undefined) {
    issues.push({
      path: formatPath(['imageSigning', 'keyless']),
      message: `is required because delivery.github generates the release workflows, which sign every image keyless (expected { issuer: '${GITHUB_ACTIONS_ISSUER}', subject: 'https://github.com/${github.owner}/*' })`,
    });
  } else if (keyless !== null && typeof keyless === 'object') {
    if (typeof keyless.issuer === 'string' && keyless.issuer !== GITHUB_ACTIONS_ISSUER) {
      issues.push({
        path: formatPath(['imageSigning', 'keyless', 'issuer']),
        message: `${show(keyless.issuer)} is not the issuer of the generated workflows' signatures (expected ${GITHUB_ACTIONS_ISSUER}: delivery.github's workflows sign with GitHub Actions' OIDC token)`,
      });
    }
    if (typeof keyless.subject === 'string') {
      const services: any[] = Array.isArray(spec?.services) ? spec.services : [];
      const known = new Set(teams.map((t) => t?.name));
      const refused = services
        .filter((s) => typeof s?.name === 'string' && known.has(s?.team))
        .map((s) => workflowCertificateIdentity(github.owner, s.team, s.name))
        .filter((identity) => !subjectAdmits(keyless.subject, identity));
      if (refused.length > 0) {
        issues.push({
          path: formatPath(['imageSigning', 'keyless', 'subject']),
          message: `${show(keyless.subject)} does not admit the signatures of ${refused.length} generated workflow${refused.length === 1 ? '' : 's'}, like ${refused[0]} (expected a subject every release workflow of delivery.github matches, like https://github.com/${github.owner}/*)`,
        });
      }
    }
  }
  const environments: any[] = Array.isArray(spec?.environments) ? spec.environments : [];
  const onGcp = environments.filter((e) => e?.gcp !== undefined && e?.gcp !== null).map((e) => e?.name);
  if (onGcp.length > 0 && signing.gcpKmsKeyVersion === undefined) {
    issues.push({
      path: formatPath(['imageSigning', 'gcpKmsKeyVersion']),
      message: `is required because delivery.github generates the release workflows and ${onGcp.map((n) => JSON.stringify(n)).join(', ')} ${onGcp.length === 1 ? 'runs' : 'run'} on GCP (expected the Cloud KMS key version of publicKey, like projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign/cryptoKeyVersions/1: Binary Authorization admits only images attested with it)`,
    });
  }
  return issues;
}
