import { IamWorkloadIdentityPool } from '@cdktf/provider-google/lib/iam-workload-identity-pool';
import { IamWorkloadIdentityPoolProvider } from '@cdktf/provider-google/lib/iam-workload-identity-pool-provider';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';

const OWNER = /^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}$/;

/** Properties of a {@link GcpGitHubActionsFederation}. */
export interface GcpGitHubActionsFederationProps {
  /** GCP project id holding the pool. */
  readonly project: string;
  /** The GitHub organization whose repositories' workflows the provider admits, e.g. `acme`. */
  readonly owner: string;
  /**
   * Id of the workload identity pool (4 to 32 characters).
   * @default 'github-actions'
   */
  readonly poolId?: string;
  /**
   * Id of the pool's provider (4 to 32 characters).
   * @default 'github'
   */
  readonly providerId?: string;
}

/**
 * A workload identity pool and its OIDC provider for GitHub Actions, so workflows exchange their GitHub token for
 * short-lived Google credentials and no service account key exists. The provider admits only tokens of `owner`'s
 * repositories (`attribute_condition`, checked by Google before any binding), and maps the token's `sub` to
 * `google.subject`, so each service account binds exactly one repository and environment
 * ({@link GcpGitHubActionsServiceAccount}).
 */
export class GcpGitHubActionsFederation extends Construct {
  /** The pool. */
  public readonly pool: IamWorkloadIdentityPool;
  /** The provider. */
  public readonly provider: IamWorkloadIdentityPoolProvider;
  /** The provider's full name, `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`: `google-github-actions/auth`'s `workload_identity_provider`. */
  public readonly providerName: string;
  /** The pool's full name, for `principal://iam.googleapis.com/<poolName>/subject/<sub>` members. */
  public readonly poolName: string;

  constructor(scope: Construct, id: string, props: GcpGitHubActionsFederationProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    this.pool = new IamWorkloadIdentityPool(this, 'Resource', {
      project: props.project,
      workloadIdentityPoolId: props.poolId ?? 'github-actions',
      displayName: 'GitHub Actions',
      description: `Workflows of the GitHub organization ${props.owner}`,
    });
    this.provider = new IamWorkloadIdentityPoolProvider(this, 'Provider', {
      project: props.project,
      workloadIdentityPoolId: this.pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: props.providerId ?? 'github',
      displayName: 'GitHub',
      attributeMapping: {
        'google.subject': 'assertion.sub',
        'attribute.repository': 'assertion.repository',
        'attribute.repository_owner': 'assertion.repository_owner',
        'attribute.environment': 'assertion.environment',
      },
      attributeCondition: `assertion.repository_owner == '${props.owner}'`,
      oidc: { issuerUri: 'https://token.actions.githubusercontent.com' },
    });
    this.providerName = this.provider.name;
    this.poolName = this.pool.name;
  }
}

function validate(props: GcpGitHubActionsFederationProps): Problems {
  const problems = new Problems('GcpGitHubActionsFederation');
  if (!Token.isUnresolved(props.owner) && !OWNER.test(props.owner)) {
    problems.invalid('owner', props.owner, 'is not a GitHub organization name', 'letters, digits and single hyphens, like acme');
  }
  for (const [name, value] of [['poolId', props.poolId], ['providerId', props.providerId]] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !/^[a-z\d][a-z\d-]{2,30}[a-z\d]$/.test(value)) {
      problems.invalid(name, value, 'is not a workload identity pool id', '4 to 32 lowercase letters, digits and hyphens');
    }
  }
  return problems;
}
