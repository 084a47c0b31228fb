import { Aws, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AwsAlerting, awsAlerting } from './aws-alerting';
import { OTEL_COLLECTOR_IDENTITY, runsCollector } from './telemetry-collector';
import { AwsBudget } from '../../constructs/aws/budget';
import { AwsConfigGuardrails } from '../../constructs/aws/config-rules';
import { EcrRegistrySettings } from '../../constructs/aws/ecr-registry-settings';
import { EksCluster } from '../../constructs/aws/eks-cluster';
import { EksClusterAutoscaler } from '../../constructs/aws/eks-cluster-autoscaler';
import { EksRegistryReader } from '../../constructs/aws/eks-registry-reader';
import { GitHubOidcProvider } from '../../constructs/aws/github-oidc-provider';
import { AwsMandatoryTags } from '../../constructs/aws/mandatory-tags';
import { AwsNetwork } from '../../constructs/aws/network';
import type { EksPodIdentity } from '../../constructs/aws/pod-identity';
import { suppressNag } from '../../constructs/aws/private/nag';
import { CLUSTER_AUTOSCALER_ADDON } from '../addons/cluster-autoscaler';
import { KYVERNO_ADDON, KYVERNO_ADMISSION_SERVICE_ACCOUNT } from '../addons/kyverno';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';
import { awsInterfaceEndpoints } from '../spec/cloud-apis';
import { eksAddonPins } from '../spec/clouds';
import { MANDATORY_TAG_KEYS } from '../spec/tags';

/** Properties of an {@link EnvironmentAwsStack}. */
export interface EnvironmentAwsStackProps extends StackProps {
  readonly organization: Organization;
  readonly environment: Environment;
}

/**
 * The AWS baseline of one environment, bound to its account and region: `<org>-<env>`.
 * This is the only place that maps the spec to AWS construct props.
 */
export class EnvironmentAwsStack extends Stack {
  public readonly network: AwsNetwork;
  public readonly cluster: EksCluster;
  /** The IAM role of the cluster's node autoscaler, through EKS Pod Identity. */
  public readonly clusterAutoscaler: EksClusterAutoscaler;
  /** Kyverno's read access to the environment's repositories, for the image signatures it verifies. */
  public readonly imageVerificationReader: EksRegistryReader;
  /**
   * The OpenTelemetry Collector's IAM role (X-Ray write only), through EKS Pod Identity; undefined where the EKS
   * clusters do not run the collector.
   */
  public readonly telemetryCollector?: EksPodIdentity;
  /** Registry-wide ECR settings of the environment's account and region: enhanced scanning and DR replication. */
  public readonly registrySettings: EcrRegistrySettings;
  /**
   * The account's IAM OIDC provider for GitHub Actions, when the spec has `delivery.github` and this is the first
   * environment of its account.
   */
  public readonly gitHubOidcProvider?: GitHubOidcProvider;
  /** The environment's monthly AWS budget, alerting the escalation receivers at 80 % and 100 %. */
  public readonly budget: AwsBudget;
  /** AWS Config rules enforcing the baseline's controls on the live resources of the account and region. */
  public readonly guardrails: AwsConfigGuardrails;
  /** The alert standards on AWS: SNS topics per escalation role, Container Insights alarms, the CloudTrail trail. */
  public readonly alerting: AwsAlerting;
  private readonly zones: string[];

  constructor(scope: Construct, id: string, props: EnvironmentAwsStackProps) {
    const { organization: org, environment: env } = props;
    const aws = env.aws;
    if (!aws) throw new Error(`EnvironmentAwsStack: environment "${env.name}" has no AWS placement`);
    super(scope, id, {
      stackName: naming.awsStack(org.name, env.name),
      description: `${org.name} ${env.name} (${env.tier}) AWS baseline, managed by cdk-enterprise-baseline`,
      env: { account: aws.account, region: aws.region },
      terminationProtection: env.tier === 'prod',
      ...props,
    });

    this.zones = [...aws.availabilityZones];
    AwsMandatoryTags.apply(this, env.tags);
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason: 'Availability zones come from the organization spec on purpose: synth needs no account lookup, and the platform decides which zones carry the tiers.',
    });

    const layout = aws.subnets;
    this.network = new AwsNetwork(this, 'Network', {
      cidr: aws.cidr,
      availabilityZones: this.availabilityZones,
      natGateways: env.profile.network.natGateways,
      flowLogRetentionDays: env.profile.network.flowLogRetentionDays,
      subnetCidrMasks: {
        private: maskOf(layout.private1),
        public: maskOf(layout.public1),
        isolated: maskOf(layout.isolated1),
        endpoints: maskOf(layout.endpoints1),
      },
      // The services' APIs, and X-Ray for the cluster's collector: traces leave the VPC on a private path too.
      interfaceEndpoints: [...new Set([...awsInterfaceEndpoints(org.services), ...(runsCollector('aws') ? ['xray'] : [])])].sort(),
    });

    const cluster = env.profile.cluster;
    this.cluster = new EksCluster(this, 'Cluster', {
      vpc: this.network.vpc,
      clusterName: naming.namePrefix(org.name, env.name),
      version: org.kubernetes.version,
      // Pinned per Kubernetes version in the AWS cloud table, which validation also reads.
      addonVersions: eksAddonPins(org.kubernetes.version),
      adminRoleArn: `arn:${Aws.PARTITION}:iam::${aws.account}:role/${org.kubernetes.awsAdminRoleName}`,
      logRetentionDays: cluster.logRetentionDays,
      // Once the node groups exist, their node counts are the Cluster Autoscaler's: a change of the tier's bounds must
      // not set them back to the minimum under load.
      systemNodes: { minSize: cluster.systemNodesMin, maxSize: cluster.systemNodesMax, keepNodeCount: aws.nodeGroupsCreated === true },
      generalNodes: { minSize: cluster.generalNodesMin, maxSize: cluster.generalNodesMax, keepNodeCount: aws.nodeGroupsCreated === true },
    });
    // The node autoscaler's IAM role, for the service account its add-on (cluster-autoscaler in the catalog) runs as.
    this.clusterAutoscaler = new EksClusterAutoscaler(this, 'ClusterAutoscaler', {
      cluster: this.cluster,
      namespace: CLUSTER_AUTOSCALER_ADDON.namespace,
      serviceAccount: CLUSTER_AUTOSCALER_ADDON.values.rbac.serviceAccount.name,
    });
    // The policy engine reads each image's signature with its own pod identity: pods cannot reach the node role.
    this.imageVerificationReader = new EksRegistryReader(this, 'ImageVerificationReader', {
      cluster: this.cluster,
      namespace: KYVERNO_ADDON.namespace,
      serviceAccount: KYVERNO_ADMISSION_SERVICE_ACCOUNT,
      repositoryPrefixes: [naming.ecrRepositoryPrefix(org.name, env.name)],
    });
    if (runsCollector('aws')) {
      this.telemetryCollector = OTEL_COLLECTOR_IDENTITY.bindAws(this, 'TelemetryCollector', this.cluster);
      suppressNag(this.telemetryCollector.role, [{
        id: 'AwsSolutions-IAM4',
        appliesTo: [`Policy::${OTEL_COLLECTOR_IDENTITY.access.aws!.managedPolicyArns![0]}`],
        reason: 'AWSXrayWriteOnlyAccess is the policy X-Ray documents for trace writers: its actions (PutTraceSegments, PutTelemetryRecords, the sampling reads) take no resource, so a customer policy would hold the same wildcard; only the collector\'s own service account on this cluster can assume the role.',
      }]);
    }
    this.registrySettings = new EcrRegistrySettings(this, 'RegistrySettings', {
      repositoryPrefixes: [naming.ecrRepositoryPrefix(org.name, env.name)],
      replicationRegion: aws.drRegion,
      // The template here serves a failback: replicas created in this region expire like their sources.
      replicaUntaggedImageExpiryDays: env.profile.registry.untaggedImageExpiryDays,
      replicaKeepReleaseImages: env.profile.registry.keepReleaseImages,
    });
    this.budget = new AwsBudget(this, 'Budget', {
      budgetName: `${naming.namePrefix(org.name, env.name)}-monthly`,
      monthlyAmount: env.profile.budget.monthlyAmount,
      // AWS Budgets counts in USD only; the spec requires USD as the billing currency when AWS is used.
      currency: org.billing.currency,
      receivers: org.alerting.escalation.map((r) => ({ name: r.name, emails: [...r.emails] })),
    });
    this.guardrails = new AwsConfigGuardrails(this, 'Guardrails', {
      requiredTagKeys: [...MANDATORY_TAG_KEYS],
    });
    this.alerting = awsAlerting(this, org, env, this.cluster);
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W9009',
      reason: 'EKS EncryptionConfig Resources ["secrets"] is the value the EKS API documents for envelope encryption of Secrets; it stays explicit so the encryption scope is visible in review.',
    });
    // An account holds one provider per issuer: the first environment of each account creates it, the others
    // (same account, another region) refer to it by ARN.
    if (org.delivery?.github && org.environments.find((e) => e.aws?.account === aws.account) === env) {
      this.gitHubOidcProvider = new GitHubOidcProvider(this, 'GitHubOidc');
    }
  }

  /** The spec's zones, so nothing asks the account for them: no context lookup, no credentials at synth. */
  public override get availabilityZones(): string[] {
    return this.zones;
  }
}

function maskOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}
