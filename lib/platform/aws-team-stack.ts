import { CrossStackReferences, ReferenceStrength, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { serviceIdentities } from './service-identities';
import { EcrRegistry } from '../../constructs/aws/ecr-registry';
import type { IEksCluster } from '../../constructs/aws/eks-cluster';
import { GitHubActionsRole } from '../../constructs/aws/github-actions-role';
import { GitHubOidcProvider } from '../../constructs/aws/github-oidc-provider';
import { AwsMandatoryTags } from '../../constructs/aws/mandatory-tags';
import type { EksPodIdentity } from '../../constructs/aws/pod-identity';
import { suppressNag } from '../../constructs/aws/private/nag';
import { naming } from '../naming';
import { awsCiRoleName, teamRepository } from '../pipelines/ci-identity';
import type { Environment, Organization, Service, Team } from '../spec';

/** Properties of an {@link EnvironmentTeamStack}. */
export interface EnvironmentTeamStackProps extends StackProps {
  readonly organization: Organization;
  readonly environment: Environment;
  readonly team: Team;
  /** The environment's cluster: its node role pulls the images, its pod identities carry the services' access. */
  readonly cluster: IEksCluster & { readonly nodeRole?: { readonly roleArn: string } };
}

/**
 * A team's AWS resources in one environment, `<org>-<env>-team-<team>`: the ECR repositories of its services and
 * the EKS Pod Identity roles of the services that declare AWS access.
 *
 * One stack per team, not one per environment, because a CloudFormation stack holds at most 500 resources and an
 * organization may run 1,000 services. A service's stack depends only on its team, so adding or reordering services
 * never moves a repository between stacks (which would replace it); the spec validates each team's budget.
 */
export class EnvironmentTeamStack extends Stack {
  public readonly registry?: EcrRegistry;
  /** The role the team's GitHub workflows push this environment's images with, when the spec has `delivery.github`. */
  public readonly ciRole?: GitHubActionsRole;

  constructor(scope: Construct, id: string, props: EnvironmentTeamStackProps) {
    const { organization: org, environment: env, team, cluster } = props;
    const aws = env.aws;
    if (!aws) throw new Error(`EnvironmentTeamStack: environment "${env.name}" has no AWS placement`);
    super(scope, id, {
      stackName: naming.awsTeamStack(org.name, env.name, team.name),
      description: `${org.name} ${env.name} (${env.tier}) team ${team.name}: image repositories and workload identities, managed by cdk-enterprise-baseline`,
      env: { account: aws.account, region: aws.region },
      terminationProtection: env.tier === 'prod',
      ...props,
    });
    // `team` lets a policy check that a team's cost-center agrees across clouds without the spec (TEAM-COST-CENTER-CONSISTENT).
    AwsMandatoryTags.apply(this, { ...env.tags, ...team.tags, team: team.name });
    // Strong on purpose (Fn::ImportValue): the environment stack, whose node role the repository policies name,
    // cannot be deleted while a team's repositories depend on it. The price: replacing the node role needs the
    // team stacks updated first. Weak references (Fn::GetStackOutput) would let a policy point at a deleted role.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);

    const services = org.services.filter((s) => s.team === team.name);
    if (services.length > 0) {
      this.registry = new EcrRegistry(this, 'Registry', {
        repositoryPrefix: naming.ecrRepositoryPrefix(org.name, env.name),
        services: services.map((s) => ({ name: s.name })),
        untaggedImageExpiryDays: env.profile.registry.untaggedImageExpiryDays,
        keepReleaseImages: env.profile.registry.keepReleaseImages,
        pullPrincipalArns: cluster.nodeRole ? [cluster.nodeRole.roleArn] : [],
      });
    }
    const github = org.delivery?.github;
    if (github && this.registry) {
      // The team's workflows push from its repository, one role per environment, each trusting only the GitHub
      // environment of the same name (its reviewers gate prod).
      this.ciRole = new GitHubActionsRole(this, 'CiRole', {
        providerArn: GitHubOidcProvider.arnIn(this),
        repository: teamRepository(github.owner, team.name),
        environment: env.name,
        roleName: awsCiRoleName(org.name, env.name, team.name),
        pushRepositories: Object.values(this.registry.repositories),
      });
    }
    for (const { service, identity } of serviceIdentities(org, 'aws').filter((i) => i.service.team === team.name)) {
      acknowledgeDeclaredAccess(identity.bindAws(this, `Identity-${service.name}`, cluster), service);
    }
  }
}

/**
 * A service's AWS access is declared in the organization spec (`cloudAccess.aws`), which is reviewed like code and
 * refuses bare `*` grants. What it declares on purpose is acknowledged here, finding by finding, so cdk-nag still
 * reports any AWS managed policy or wildcard that comes from anywhere else.
 */
function acknowledgeDeclaredAccess(podIdentity: EksPodIdentity, service: Service): void {
  const access = service.cloudAccess.aws ?? {};
  const awsManaged = (access.managedPolicyArns ?? []).filter((arn) => /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn));
  if (awsManaged.length > 0) {
    suppressNag(podIdentity.role, [{
      id: 'AwsSolutions-IAM4',
      appliesTo: awsManaged.map((arn) => `Policy::${arn}`),
      reason: `The organization spec grants service ${service.name} this AWS managed policy by name in its cloudAccess, reviewed with the spec; AWS keeps it current, and only this service's pods can assume the role.`,
    }]);
  }
  const statements = access.statements ?? [];
  const wildcards = [
    ...new Set(statements.flatMap((s) => s.actions).filter((a) => a.includes('*')).map((a) => `Action::${a}`)),
    ...new Set(statements.flatMap((s) => s.resources).filter((r) => r.includes('*')).map((r) => `Resource::${r}`)),
  ];
  const inlinePolicy = podIdentity.role.node.tryFindChild('DefaultPolicy');
  if (wildcards.length > 0 && inlinePolicy) {
    suppressNag(inlinePolicy, [{
      id: 'AwsSolutions-IAM5',
      appliesTo: wildcards,
      reason: `The organization spec declares these patterns for service ${service.name} in its cloudAccess, reviewed with the spec, which refuses bare "*" grants; they stay scoped to the named actions and resources.`,
    }]);
  }
}
