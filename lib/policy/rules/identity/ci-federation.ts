import { controlById } from '../../controls';
import { eachCfnResource } from '../../private/cloudformation';
import { eachResource } from '../../private/terraform';
import { isRecord, show } from '../../private/values';
import type { Rule } from '../../types';

/*
 * CI identities federate with GitHub's OIDC issuer instead of holding keys; what keeps that safe is the trust
 * condition. A role or credential that admits a wildcard subject (`repo:acme/*`, `repo:acme/payments:*`) lets any
 * repository, fork, branch or pull request of the organization act as production's deployer. The same mistake is
 * refused on every cloud: the subject must name one repository and one environment or branch, exactly.
 */

const GITHUB_HOST = 'token.actions.githubusercontent.com';
/** An exact GitHub subject: one repository, and one environment or branch. No wildcard anywhere. */
const EXACT_SUBJECT = /^repo:[A-Za-z\d-]+\/[\w.-]+:(environment:[\w.-]+|ref:refs\/heads\/[\w./-]+)$/;
const EXPECTED_SUBJECT = 'one repository and one environment or branch, exactly, like repo:acme/payments:environment:prod';

const meta = (id: string, kind: 'cloudformation' | 'terraform', clouds: Rule['clouds'], description: string, remediation: string) => ({
  id,
  severity: 'error' as const,
  controls: [controlById('no-static-credentials').id],
  description,
  remediation,
  kind,
  clouds,
});

/** Whether a value (a string or an intrinsic function) names GitHub's OIDC provider. */
function namesGitHub(value: unknown): boolean {
  return JSON.stringify(value ?? '').includes(GITHUB_HOST);
}

/** AWS roles trusting GitHub's OIDC provider must pin the audience and an exact subject with StringEquals. */
export const cfnGitHubTrustScoped: Rule = {
  ...meta('CFN-GITHUB-OIDC-TRUST-SCOPED', 'cloudformation', ['aws'],
    'IAM roles that GitHub Actions assume through OIDC trust one repository and one environment or branch, exactly (StringEquals on aud and sub).',
    'Trust with StringEquals { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:<owner>/<repo>:environment:<env>" } (GitHubActionsRole does this); never StringLike or a wildcard.'),
  check: (artifact) => eachCfnResource(artifact, ['AWS::IAM::Role'], ({ properties }) => {
    const statements: any[] = Array.isArray(properties.AssumeRolePolicyDocument?.Statement) ? properties.AssumeRolePolicyDocument.Statement : [];
    return statements
      .filter((s) => isRecord(s) && s.Effect === 'Allow' && namesGitHub(s.Principal?.Federated))
      .flatMap((s) => {
        const condition = isRecord(s.Condition) ? s.Condition : {};
        const equals = isRecord(condition.StringEquals) ? condition.StringEquals : {};
        const like = isRecord(condition.StringLike) ? condition.StringLike : {};
        const sub = equals[`${GITHUB_HOST}:sub`];
        return [
          equals[`${GITHUB_HOST}:aud`] !== 'sts.amazonaws.com'
            ? `trust condition StringEquals "${GITHUB_HOST}:aud" is ${show(equals[`${GITHUB_HOST}:aud`])} (expected "sts.amazonaws.com")` : undefined,
          `${GITHUB_HOST}:sub` in like
            ? `trust condition StringLike "${GITHUB_HOST}:sub" is ${show(like[`${GITHUB_HOST}:sub`])} (expected StringEquals on ${EXPECTED_SUBJECT})` : undefined,
          typeof sub !== 'string' || !EXACT_SUBJECT.test(sub)
            ? `trust condition StringEquals "${GITHUB_HOST}:sub" is ${show(sub)} (expected ${EXPECTED_SUBJECT})` : undefined,
        ];
      });
  }),
};

/** Entra ID federated credentials for GitHub must name an exact subject. */
export const azureGitHubTrustScoped: Rule = {
  ...meta('TF-AZURE-GITHUB-OIDC-TRUST-SCOPED', 'terraform', ['azure'],
    'Federated identity credentials for GitHub Actions trust one repository and one environment or branch, exactly.',
    'Set subject to "repo:<owner>/<repo>:environment:<env>" and audience to ["api://AzureADTokenExchange"].'),
  check: (artifact) => eachResource(artifact, ['azurerm_federated_identity_credential'], ({ body }) => {
    if (!namesGitHub(body.issuer)) return [];
    return [
      typeof body.subject !== 'string' || !EXACT_SUBJECT.test(body.subject) ? `subject is ${show(body.subject)} (expected ${EXPECTED_SUBJECT})` : undefined,
      JSON.stringify(body.audience) !== JSON.stringify(['api://AzureADTokenExchange']) ? `audience is ${show(body.audience)} (expected ["api://AzureADTokenExchange"])` : undefined,
    ];
  }),
};

/**
 * GCP workload identity providers for GitHub must admit only the organization's own repositories
 * (`attribute_condition` on `assertion.repository_owner`), and a CI service account may be impersonated only by the
 * principal of one exact subject (`principal://.../subject/repo:<owner>/<repo>:environment:<env>`).
 */
export const gcpGitHubTrustScoped: Rule = {
  ...meta('TF-GCP-GITHUB-OIDC-TRUST-SCOPED', 'terraform', ['gcp'],
    'Workload identity providers for GitHub Actions admit only the organization\'s repositories, and CI service accounts only one repository and environment, exactly.',
    'Give the provider attribute_condition "assertion.repository_owner == \'<owner>\'" and bind roles/iam.workloadIdentityUser to principal://.../subject/repo:<owner>/<repo>:environment:<env> only.'),
  check: (artifact) => [
    ...eachResource(artifact, ['google_iam_workload_identity_pool_provider'], ({ body }) => {
      const oidc = Array.isArray(body.oidc) ? body.oidc[0] : body.oidc;
      if (!namesGitHub(oidc?.issuer_uri)) return [];
      const condition = body.attribute_condition;
      return [typeof condition === 'string' && /assertion\.repository_owner\s*==\s*'[A-Za-z\d-]+'/.test(condition)
        ? undefined
        : `attribute_condition is ${show(condition)} (expected assertion.repository_owner == '<owner>', so no other GitHub organization's workflow is admitted)`];
    }),
    ...eachResource(artifact, ['google_service_account_iam_member'], ({ body }) => {
      const member = body.member;
      // Federated principals only: pool members are principal:// or principalSet://; Kubernetes service accounts
      // (serviceAccount:<project>.svc.id.goog[...]) are GKE workload identity, not CI.
      if (body.role !== 'roles/iam.workloadIdentityUser' || typeof member !== 'string' || !/^principal(Set)?:\/\//.test(member)) return [];
      const subject = /\/subject\/(.+)$/.exec(member)?.[1];
      return [subject !== undefined && EXACT_SUBJECT.test(subject) ? undefined : `member is ${show(member)} (expected principal://.../subject/ with ${EXPECTED_SUBJECT})`];
    }),
  ],
};
