import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EcrRegistrySettings } from '../../constructs/aws/ecr-registry-settings';
import { AwsMandatoryTags } from '../../constructs/aws/mandatory-tags';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';

/** Properties of an {@link EnvironmentDrStack}. */
export interface EnvironmentDrStackProps extends StackProps {
  readonly organization: Organization;
  readonly environment: Environment;
}

/**
 * What an environment needs in its disaster-recovery region, `<org>-<env>-dr`: the ECR registry settings there,
 * whose repository creation templates make the replicated repositories immutable, encrypted with a customer-managed
 * key of the DR region and expiring like their sources (ECR applies the templates of the region where the replica is
 * created), and whose enhanced scanning covers the replicas.
 */
export class EnvironmentDrStack extends Stack {
  public readonly registrySettings: EcrRegistrySettings;

  constructor(scope: Construct, id: string, props: EnvironmentDrStackProps) {
    const { organization: org, environment: env } = props;
    const aws = env.aws;
    if (!aws?.drRegion) throw new Error(`EnvironmentDrStack: environment "${env.name}" has no AWS DR region`);
    super(scope, id, {
      stackName: naming.awsDrStack(org.name, env.name),
      description: `${org.name} ${env.name} (${env.tier}) AWS disaster-recovery region ${aws.drRegion}, managed by cdk-enterprise-baseline`,
      env: { account: aws.account, region: aws.drRegion },
      terminationProtection: env.tier === 'prod',
      ...props,
    });
    AwsMandatoryTags.apply(this, env.tags);
    this.registrySettings = new EcrRegistrySettings(this, 'RegistrySettings', {
      repositoryPrefixes: [naming.ecrRepositoryPrefix(org.name, env.name)],
      // Replicas expire like the repositories they copy.
      replicaUntaggedImageExpiryDays: env.profile.registry.untaggedImageExpiryDays,
      replicaKeepReleaseImages: env.profile.registry.keepReleaseImages,
    });
  }
}
