import { Duration, Token } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GITHUB_ACTIONS_AWS_AUDIENCE, GITHUB_ACTIONS_OIDC_HOST } from './github-oidc-provider';
import { suppressNag } from './private/nag';
import { Problems } from '../../core/problems';

/** Properties of a {@link GitHubActionsRole}. */
export interface GitHubActionsRoleProps {
  /** ARN of the account's GitHub OIDC provider ({@link GitHubOidcProvider.providerArn}). */
  readonly providerArn: string;
  /** The repository whose workflows may assume the role, `owner/name`. */
  readonly repository: string;
  /**
   * The GitHub environment a job must run in (`repo:<owner>/<name>:environment:<env>`). Environments carry the
   * protection rules (required reviewers, allowed branches and tags), so this is the narrowest, reviewed gate.
   * Exactly one of `environment` and `branch` is required.
   * @default - none
   */
  readonly environment?: string;
  /**
   * The branch a job must run on (`repo:<owner>/<name>:ref:refs/heads/<branch>`), for workflows without environments.
   * @default - none
   */
  readonly branch?: string;
  /**
   * The ECR repositories the workflow pushes to (and reads back, for signatures); it gets nothing else.
   * @default - none
   */
  readonly pushRepositories?: ecr.IRepository[];
  /**
   * Physical role name, when a workflow must know the ARN before deploy.
   * @default - a generated name
   */
  readonly roleName?: string;
  /**
   * How long a session lasts: the shortest that fits a push.
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * An IAM role that GitHub Actions workflows of one repository assume through OIDC, only from one GitHub environment
 * (or one branch): the trust requires the audience `sts.amazonaws.com` and the exact `sub` claim, with
 * `StringEquals`, so no other repository, fork, branch, pull request or environment can assume it. Given
 * `pushRepositories`, it may push images to those ECR repositories and to no other.
 */
export class GitHubActionsRole extends Construct {
  /** The role. */
  public readonly role: iam.Role;
  /** The exact `sub` claim the role trusts. */
  public readonly subject: string;

  constructor(scope: Construct, id: string, props: GitHubActionsRoleProps) {
    super(scope, id);
    const problems = validate(props);
    this.node.addValidation(problems);

    this.subject = props.environment !== undefined
      ? `repo:${props.repository}:environment:${props.environment}`
      : `repo:${props.repository}:ref:refs/heads/${props.branch}`;
    this.role = new iam.Role(this, 'Resource', {
      roleName: props.roleName,
      description: `GitHub Actions of ${props.repository} (${props.environment !== undefined ? `environment ${props.environment}` : `branch ${props.branch}`}) through OIDC`,
      assumedBy: new iam.WebIdentityPrincipal(props.providerArn, {
        StringEquals: {
          [`${GITHUB_ACTIONS_OIDC_HOST}:aud`]: GITHUB_ACTIONS_AWS_AUDIENCE,
          [`${GITHUB_ACTIONS_OIDC_HOST}:sub`]: this.subject,
        },
      }),
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
    });

    const repositories = props.pushRepositories ?? [];
    if (repositories.length > 0) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'PushOwnRepositories',
        actions: [
          'ecr:BatchCheckLayerAvailability', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload',
          'ecr:PutImage', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:DescribeImages',
        ],
        resources: repositories.map((r) => r.repositoryArn),
      }));
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'RegistryLogin',
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      }));
      const policy = this.role.node.tryFindChild('DefaultPolicy');
      if (policy) {
        suppressNag(policy, [{
          id: 'NIST.800.53.R5-IAMNoInlinePolicy',
          reason: 'The statements belong to this one CI role; inline keeps them bound to it and deleted with it, and spares the account quota of customer managed policies that one policy per team and environment would use up.',
        }, {
          id: 'AwsSolutions-IAM5',
          appliesTo: ['Resource::*'],
          reason: 'ecr:GetAuthorizationToken supports no resource-level permission; what the token may do is limited by the repository-scoped statement.',
        }]);
      }
    }
  }
}

function validate(props: GitHubActionsRoleProps): Problems {
  const problems = new Problems('GitHubActionsRole');
  if (!Token.isUnresolved(props.repository) && !/^[A-Za-z\d](?:[A-Za-z\d]|-(?=[A-Za-z\d])){0,38}\/[\w.-]{1,100}$/.test(props.repository)) {
    problems.invalid('repository', props.repository, 'is not a GitHub repository', 'owner/name, like acme/payments, without wildcards');
  }
  if ((props.environment === undefined) === (props.branch === undefined)) {
    problems.push(`environment ${JSON.stringify(props.environment)} and branch ${JSON.stringify(props.branch)}: exactly one is required (expected the GitHub environment, like prod, or the branch, like main)`);
  }
  for (const [name, value] of [['environment', props.environment], ['branch', props.branch]] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !/^[\w.\/-]{1,255}$/.test(value)) {
      problems.invalid(name, value, 'is not an exact name', 'letters, digits, ".", "/", "-" and "_": a wildcard would admit any workflow');
    }
  }
  return problems;
}
