import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';

const REPOSITORY = /^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}\/[\w.-]{1,100}$/;

/** An Artifact Registry repository a {@link GcpGitHubActionsServiceAccount} pushes to. */
export interface GcpPushRepository {
  /** Project of the repository. */
  readonly project: string;
  /** Location of the repository, e.g. `europe-west1` or `europe`. */
  readonly location: string;
  /** The repository's id (`repository_id`). */
  readonly repository: string;
}

/** Properties of a {@link GcpGitHubActionsServiceAccount}. */
export interface GcpGitHubActionsServiceAccountProps {
  /** Project of the service account. */
  readonly project: string;
  /** Account id (the part before `@`), 6 to 30 characters. */
  readonly accountId: string;
  /** Full name of the workload identity pool ({@link GcpGitHubActionsFederation.poolName}). */
  readonly poolName: string;
  /** The repository whose workflows may impersonate the account, `owner/name`. */
  readonly repository: string;
  /** The GitHub environment a job must run in. */
  readonly environment: string;
  /**
   * Repositories the account may push to (`roles/artifactregistry.writer` on each repository, nothing project-wide).
   * @default - none
   */
  readonly pushRepositories?: GcpPushRepository[];
}

/**
 * A Google service account that GitHub Actions workflows of one repository impersonate, only from one GitHub
 * environment: `roles/iam.workloadIdentityUser` for the one principal
 * `principal://iam.googleapis.com/<pool>/subject/repo:<owner>/<repo>:environment:<env>`, never a `principalSet` of
 * the pool. It may write to the given Artifact Registry repositories only.
 */
export class GcpGitHubActionsServiceAccount extends Construct {
  /** The service account. */
  public readonly serviceAccount: ServiceAccount;
  /** The binding that lets the repository's environment impersonate it. */
  public readonly workloadIdentityUser: ServiceAccountIamMember;
  /** `roles/artifactregistry.writer` on each repository, in the order of `pushRepositories`. */
  public readonly pushBindings: ArtifactRegistryRepositoryIamMember[];
  /** The exact subject the account trusts. */
  public readonly subject: string;
  /** The account's e-mail: `google-github-actions/auth`'s `service_account`. */
  public readonly email: string;

  constructor(scope: Construct, id: string, props: GcpGitHubActionsServiceAccountProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    this.subject = `repo:${props.repository}:environment:${props.environment}`;
    this.serviceAccount = new ServiceAccount(this, 'Resource', {
      project: props.project,
      accountId: props.accountId,
      displayName: `GitHub Actions of ${props.repository} (${props.environment})`,
    });
    this.workloadIdentityUser = new ServiceAccountIamMember(this, 'WorkloadIdentityUser', {
      serviceAccountId: this.serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `principal://iam.googleapis.com/${props.poolName}/subject/${this.subject}`,
    });
    this.pushBindings = (props.pushRepositories ?? []).map((r, index) => new ArtifactRegistryRepositoryIamMember(this, `Push${index}`, {
      project: r.project,
      location: r.location,
      repository: r.repository,
      role: 'roles/artifactregistry.writer',
      member: `serviceAccount:${this.serviceAccount.email}`,
    }));
    this.email = this.serviceAccount.email;
  }
}

function validate(props: GcpGitHubActionsServiceAccountProps): Problems {
  const problems = new Problems('GcpGitHubActionsServiceAccount');
  if (!Token.isUnresolved(props.accountId) && !/^[a-z][a-z\d-]{4,28}[a-z\d]$/.test(props.accountId)) {
    problems.invalid('accountId', props.accountId, 'is not a service account id', '6 to 30 lowercase letters, digits and hyphens, starting with a letter');
  }
  if (!Token.isUnresolved(props.repository) && !REPOSITORY.test(props.repository)) {
    problems.invalid('repository', props.repository, 'is not a GitHub repository', 'owner/name, like acme/payments, without wildcards');
  }
  if (!Token.isUnresolved(props.environment) && !/^[\w.-]{1,255}$/.test(props.environment)) {
    problems.invalid('environment', props.environment, 'is not an exact name', 'letters, digits, ".", "-" and "_": a wildcard would admit any workflow');
  }
  return problems;
}
