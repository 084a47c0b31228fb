import { createHash } from 'crypto';
import { naming } from '../naming';

/*
 * The names of the identities a team's workflows federate to, derived in one place: the workflows name them
 * (role ARN, service account e-mail) and the cloud stacks create them, so the two can never disagree.
 */

/** The OIDC issuer of GitHub Actions tokens. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
/** Host of {@link GITHUB_OIDC_ISSUER}, as AWS names the provider and its condition keys. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience AWS STS expects in a GitHub token (what `configure-aws-credentials` asks for). */
export const AWS_STS_AUDIENCE = 'sts.amazonaws.com';
/** The audience Entra ID expects in a federated token (what `azure/login` asks for). */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** The team's repository: `<owner>/<team>`. */
export function teamRepository(owner: string, team: string): string {
  return `${owner}/${team}`;
}

/**
 * The `sub` claim of a GitHub token issued to a job of `repository` that runs in the GitHub environment
 * `environment`: `repo:<owner>/<repo>:environment:<env>`. Only such a job gets this exact subject, and GitHub lets a
 * job into an environment only as the environment's protection rules allow (reviewers, branches and tags).
 */
export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/** IAM role a team's workflow assumes in an environment: `<org>-<env>-ci-<team>`, at most 64 characters. */
export function awsCiRoleName(org: string, env: string, team: string): string {
  return fit(`${naming.namePrefix(org, env)}-ci-${team}`, 64);
}

/** Account id (the part before `@`) of the GCP service account a team's workflow impersonates: 6 to 30 characters. */
export function gcpCiServiceAccountId(team: string): string {
  return fit(`ci-${team}`, 30);
}

/** Id of the workload identity pool that trusts GitHub in each GCP project. */
export const GCP_CI_POOL_ID = 'github-actions';
/** Id of the pool's OIDC provider for GitHub. */
export const GCP_CI_PROVIDER_ID = 'github';

/** Name of the Azure user-assigned identity a team's workflow signs in as in an environment. */
export function azureCiIdentityName(org: string, env: string, team: string): string {
  return fit(`id-${naming.namePrefix(org, env)}-ci-${team}`, 128);
}

/**
 * Full name of the Binary Authorization attestor of an environment's GCP project: `GcpBinaryAuthorization` names it
 * `<org>-<env>-image-signing` (cut to 63 characters like every GCP resource name); the release workflows attest
 * with it. A test holds this to the synthesized attestor.
 */
export function gcpAttestorName(project: string, org: string, env: string): string {
  return `projects/${project}/attestors/${fit(`${naming.namePrefix(org, env)}-image-signing`, 63)}`;
}

/** cosign's URI of a Cloud KMS key version (`gcpkms://projects/.../cryptoKeys/<key>/versions/<n>`). */
export function cosignGcpKmsUri(keyVersion: string): string {
  return `gcpkms://${keyVersion.replace(/\/cryptoKeyVersions\//, '/versions/')}`;
}

/** Cuts a name to `max` characters, keeping it unique with a hash of the whole name. */
function fit(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, max - 7).replace(/-+$/, '')}-${hash}`;
}
