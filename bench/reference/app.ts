import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { App, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import type { OrganizationSpec } from '../../lib/spec';

/**
 * The benchmark's reference: the AWS side of an organization written the way a team would without this library,
 * in plain aws-cdk-lib: per environment a VPC, an `aws-eks` L2 `Cluster` with its kubectl layer and managed node
 * groups, and an ECR repository per service (one repositories stack per team, because a stack holds at most 500
 * resources).
 *
 * It reads only plain data from the spec (environment names, accounts, regions, CIDRs, service and team names)
 * and uses none of this library's constructs, so the ratio against our AWS-only synth compares the approaches.
 */
export function buildReferenceApp(app: App, spec: OrganizationSpec): Stack[] {
  const stacks: Stack[] = [];
  for (const environment of spec.environments) {
    const placement = environment.aws;
    if (!placement) continue;
    const env = { account: placement.account, region: placement.region };
    const platform = new ReferencePlatformStack(app, `${spec.name}-${environment.name}-platform`, {
      env,
      cidr: placement.cidr,
      availabilityZones: placement.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${placement.region}${z}`),
      prod: environment.tier === 'prod',
    });
    Tags.of(platform).add('environment', environment.name);
    stacks.push(platform);
    for (const team of spec.teams) {
      const services = (spec.services ?? []).filter((s) => s.team === team.name).map((s) => s.name);
      if (services.length === 0) continue;
      const repositories = new ReferenceRepositoriesStack(app, `${spec.name}-${environment.name}-${team.name}-repositories`, {
        env,
        prefix: `${spec.name}/${team.name}`,
        services,
      });
      Tags.of(repositories).add('environment', environment.name);
      stacks.push(repositories);
    }
  }
  for (const [key, value] of Object.entries(spec.tags)) Tags.of(app).add(key, value);
  return stacks;
}

interface ReferencePlatformStackProps {
  readonly env: { readonly account: string; readonly region: string };
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly prod: boolean;
}

/** VPC and EKS through the L2 constructs, as their README shows them. */
class ReferencePlatformStack extends Stack {
  constructor(scope: Construct, id: string, props: ReferencePlatformStackProps) {
    super(scope, id, { env: props.env, terminationProtection: props.prod });
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      // Explicit zones: a lookup would need credentials, and the benchmark never touches the network.
      availabilityZones: [...props.availabilityZones],
      natGateways: props.prod ? 3 : 1,
      subnetConfiguration: [
        // Largest first: the VPC allocates in this order, aligning each subnet to its size.
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 18 },
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 21 },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 21 },
      ],
    });
    vpc.addFlowLog('FlowLog');

    const cluster = new eks.Cluster(this, 'Cluster', {
      vpc,
      version: eks.KubernetesVersion.V1_33,
      kubectlLayer: new KubectlV33Layer(this, 'KubectlLayer'),
      endpointAccess: eks.EndpointAccess.PRIVATE,
      defaultCapacity: 0,
      clusterLogging: [eks.ClusterLoggingTypes.API, eks.ClusterLoggingTypes.AUDIT, eks.ClusterLoggingTypes.AUTHENTICATOR],
    });
    cluster.addNodegroupCapacity('System', {
      instanceTypes: [new ec2.InstanceType('m6i.large')],
      minSize: props.prod ? 3 : 2,
      maxSize: props.prod ? 6 : 3,
      labels: { role: 'system' },
    });
    cluster.addNodegroupCapacity('General', {
      instanceTypes: [new ec2.InstanceType('m6i.xlarge')],
      minSize: props.prod ? 3 : 1,
      maxSize: props.prod ? 30 : 6,
    });
  }
}

interface ReferenceRepositoriesStackProps {
  readonly env: { readonly account: string; readonly region: string };
  readonly prefix: string;
  readonly services: readonly string[];
}

/** One scanned, immutable, KMS-encrypted repository per service with lifecycle rules. */
class ReferenceRepositoriesStack extends Stack {
  constructor(scope: Construct, id: string, props: ReferenceRepositoriesStackProps) {
    super(scope, id, { env: props.env });
    for (const service of props.services) {
      new ecr.Repository(this, service, {
        repositoryName: `${props.prefix}/${service}`,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.KMS,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [
          { rulePriority: 1, tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(14) },
          { rulePriority: 2, tagStatus: ecr.TagStatus.TAGGED, tagPrefixList: ['v'], maxImageCount: 50 },
        ],
      });
    }
  }
}
