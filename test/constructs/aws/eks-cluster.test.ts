import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EksCapacityType, EksCluster, EksClusterProps, EksPodIdentity, EksUpgradeSupportType } from '../../../constructs/aws';
import { cloudFormationValidationReport } from '../../support/cdk';
import { synthProblems, under } from '../../support/validation';

/** Answers the availability zones itself, so no test asks an account for them. */
class TestStack extends Stack {
  public override get availabilityZones(): string[] {
    return ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  }
}

const ADMIN_ROLE_ARN = 'arn:aws:iam::111111111111:role/platform-admin';
const PRIVATE_SUBNETS = [
  { Ref: 'VpcPrivateSubnet1Subnet536B997A' },
  { Ref: 'VpcPrivateSubnet2Subnet3788AAA1' },
  { Ref: 'VpcPrivateSubnet3SubnetF258B56E' },
];

function newStack(app = new App()): { stack: TestStack; vpc: ec2.Vpc } {
  const stack = new TestStack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
  return { stack, vpc };
}

function synth(props: Partial<EksClusterProps> = {}): { template: Template; cluster: EksCluster } {
  const { stack, vpc } = newStack();
  const cluster = new EksCluster(stack, 'Cluster', { vpc, clusterName: 'acme-prod', adminRoleArn: ADMIN_ROLE_ARN, ...props });
  return { template: Template.fromStack(stack), cluster };
}

/** Builds a cluster (which never throws on bad props) and returns the problems the synth reports. */
function problemsOf(props: Partial<EksClusterProps>): string[] {
  const { stack, vpc } = newStack();
  new EksCluster(stack, 'Cluster', { vpc, clusterName: 'acme-prod', adminRoleArn: ADMIN_ROLE_ARN, ...props });
  return synthProblems(() => Template.fromStack(stack));
}

function logicalIdOf(template: Template, type: string, properties: object): string {
  const found = Object.keys(template.findResources(type, { Properties: properties }));
  expect(found).toHaveLength(1);
  return found[0];
}

const { template } = synth();

describe('contract', () => {
  test('logical ids of the cluster, its keys, log group, node groups and access entry are pinned', () => {
    // GIVEN the default cluster
    const resources = template.toJSON().Resources as Record<string, { Type: string }>;
    // THEN renaming a construct would replace these, so their logical ids are fixed
    expect(resources.ClusterEB0386A7.Type).toBe('AWS::EKS::Cluster');
    expect(resources.ClusterSecretsKey462B29B5.Type).toBe('AWS::KMS::Key');
    expect(resources.ClusterLogKey160CC57F.Type).toBe('AWS::KMS::Key');
    expect(resources.ClusterNodeVolumeKey59B4C3D6.Type).toBe('AWS::KMS::Key');
    expect(resources.ClusterNodeVolumeKeyAlias1151EC0B.Type).toBe('AWS::KMS::Alias');
    expect(resources.ClusterLogGroup778D89BA.Type).toBe('AWS::Logs::LogGroup');
    expect(resources.ClusterSystemNodeGroup9D7AD4AB.Type).toBe('AWS::EKS::Nodegroup');
    expect(resources.ClusterGeneralNodeGroupFE6DC236.Type).toBe('AWS::EKS::Nodegroup');
    expect(resources.ClusterAdminAccessEntry9732FD8B.Type).toBe('AWS::EKS::AccessEntry');
    expect(resources.ClusterEbsCsiPodIdentity44AE182A.Type).toBe('AWS::EKS::PodIdentityAssociation');
  });

  test('the primary child is the CfnCluster', () => {
    // GIVEN the default cluster
    const { cluster } = synth();
    // THEN its default child is the cluster resource, and the attributes point at it
    expect((cluster.node.defaultChild as any).cfnResourceType).toBe('AWS::EKS::Cluster');
    const stack = Stack.of(cluster);
    expect(stack.resolve(cluster.clusterName)).toEqual({ Ref: 'ClusterEB0386A7' });
    expect(stack.resolve(cluster.clusterArn)).toEqual({ 'Fn::GetAtt': ['ClusterEB0386A7', 'Arn'] });
    expect(stack.resolve(cluster.clusterEndpoint)).toEqual({ 'Fn::GetAtt': ['ClusterEB0386A7', 'Endpoint'] });
    expect(stack.resolve(cluster.clusterSecurityGroupId)).toEqual({ 'Fn::GetAtt': ['ClusterEB0386A7', 'ClusterSecurityGroupId'] });
    expect(stack.resolve(cluster.nodeRole.roleArn)).toEqual({ 'Fn::GetAtt': ['ClusterNodeRole687A61BB', 'Arn'] });
    expect(stack.resolve(cluster.secretsKey.keyArn)).toEqual({ 'Fn::GetAtt': ['ClusterSecretsKey462B29B5', 'Arn'] });
  });

  test('no Lambda function and no custom resource', () => {
    // GIVEN the default cluster
    const resources = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);
    // THEN everything is a plain CloudFormation resource
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(resources.filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')).toEqual([]);
    expect(resources.filter((r) => r.Type === 'AWS::CloudFormation::Stack')).toEqual([]);
  });
});

describe('control plane', () => {
  test('the API endpoint is private by default, in the private subnets', () => {
    // THEN only the private endpoint is on, and no opt-in is recorded
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'acme-prod',
      Version: '1.33',
      ResourcesVpcConfig: {
        EndpointPrivateAccess: true,
        EndpointPublicAccess: false,
        PublicAccessCidrs: Match.absent(),
        SubnetIds: PRIVATE_SUBNETS,
      },
    });
    expect(template.toJSON().Resources.ClusterEB0386A7.Metadata).toBeUndefined();
  });

  test('secrets are envelope-encrypted with a rotated, retained customer-managed key', () => {
    // THEN the cluster encrypts secrets with the key
    template.hasResourceProperties('AWS::EKS::Cluster', {
      EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: { 'Fn::GetAtt': ['ClusterSecretsKey462B29B5', 'Arn'] } } }],
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: 'Envelope-encrypts the Kubernetes secrets of EKS cluster acme-prod' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    // AND the control plane's role may use it
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'ClusterClusterRoleCE5C05DD' }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant'],
          Resource: { 'Fn::GetAtt': ['ClusterSecretsKey462B29B5', 'Arn'] },
        }],
      },
    });
  });

  test('all five log types go to a pre-created, KMS-encrypted log group with the retention', () => {
    // THEN every control-plane log type is on
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Logging: {
        ClusterLogging: {
          EnabledTypes: [{ Type: 'api' }, { Type: 'audit' }, { Type: 'authenticator' }, { Type: 'controllerManager' }, { Type: 'scheduler' }],
        },
      },
    });
    // AND the log group EKS writes to exists beforehand, encrypted, with a retention, retained
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/eks/acme-prod/cluster',
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': ['ClusterLogKey160CC57F', 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    const dependsOn: string[] = template.toJSON().Resources.ClusterEB0386A7.DependsOn;
    expect(dependsOn).toEqual(expect.arrayContaining(['ClusterLogGroup778D89BA', 'ClusterClusterRoleDefaultPolicy0AB2DC74']));
    // AND CloudWatch Logs may use the key for this log group only
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:/aws/eks/acme-prod/cluster']],
                },
              },
            },
          })]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('log retention follows the tier', () => {
    // WHEN a dev tier keeps logs 30 days
    const { template: dev } = synth({ logRetentionDays: 30 });
    // THEN the log group says so
    dev.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/acme-prod/cluster', RetentionInDays: 30 });
  });

  test('authentication is by access entries only, and the platform role is cluster admin', () => {
    // THEN the deploying principal gets no implicit admin
    template.hasResourceProperties('AWS::EKS::Cluster', {
      AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
    });
    // AND the admin role has an access entry with the cluster admin policy at cluster scope
    template.resourceCountIs('AWS::EKS::AccessEntry', 1);
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      ClusterName: { Ref: 'ClusterEB0386A7' },
      PrincipalArn: ADMIN_ROLE_ARN,
      Type: 'STANDARD',
      AccessPolicies: [{
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']] },
        AccessScope: { Type: 'cluster' },
      }],
    });
  });

  test('standard support, deletion protection, and no unmanaged bootstrap add-ons by default', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      UpgradePolicy: { SupportType: 'STANDARD' },
      DeletionProtection: true,
      BootstrapSelfManagedAddons: false,
    });
  });

  test('extended support and no deletion protection are explicit choices', () => {
    // WHEN both are asked for
    const { template: t } = synth({ upgradeSupportType: EksUpgradeSupportType.EXTENDED, deletionProtection: false });
    // THEN the cluster carries them
    t.hasResourceProperties('AWS::EKS::Cluster', { UpgradePolicy: { SupportType: 'EXTENDED' }, DeletionProtection: false });
  });

  test('the control plane role has the EKS cluster policy only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' } }] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonEKSClusterPolicy']] }],
    });
  });
});

describe('public endpoint', () => {
  const PUBLIC_ENDPOINT = { allowedCidrs: ['203.0.113.0/24', '198.51.100.10/32'], reason: 'CI runners outside the VPC' };

  test('is opened only to the given CIDRs, with the reason recorded for policy checks', () => {
    // WHEN the platform opts in explicitly
    const { template: t, cluster } = synth({ publicEndpoint: PUBLIC_ENDPOINT });
    // THEN both endpoints are on and the public one is restricted
    t.hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: {
        EndpointPrivateAccess: true,
        EndpointPublicAccess: true,
        PublicAccessCidrs: ['203.0.113.0/24', '198.51.100.10/32'],
      },
    });
    // AND the opt-in is visible in the template
    t.hasResource('AWS::EKS::Cluster', {
      Metadata: {
        'cdk-enterprise-baseline:public-endpoint': { cidrs: ['203.0.113.0/24', '198.51.100.10/32'], reason: 'CI runners outside the VPC' },
      },
    });
    // AND the shared prop raises no deprecation warning
    expect(Annotations.fromStack(Stack.of(cluster)).findWarning('*', Match.stringLikeRegexp('deprecated'))).toEqual([]);
  });

  test('the deprecated endpointPublicAccessCidrs and publicEndpointReason still build the same cluster, with a warning', () => {
    // GIVEN a team stack written against the old props
    const old = synth({ endpointPublicAccessCidrs: PUBLIC_ENDPOINT.allowedCidrs, publicEndpointReason: PUBLIC_ENDPOINT.reason });
    // THEN its template is the one the shared prop gives: same logical ids, same properties, same metadata
    expect(old.template.toJSON()).toEqual(synth({ publicEndpoint: PUBLIC_ENDPOINT }).template.toJSON());
    // AND the synth says what to use instead
    expect(Annotations.fromStack(Stack.of(old.cluster)).findWarning('/Test/Cluster', Match.stringLikeRegexp('deprecated')).map((w) => w.entry.data)).toEqual([
      'EksCluster: endpointPublicAccessCidrs and publicEndpointReason are deprecated (use publicEndpoint: { allowedCidrs, reason }, the type EKS, AKS and GKE share) [ack: cdk-enterprise-baseline:deprecated-public-endpoint-props]',
    ]);
  });

  test('the shared prop and a deprecated one together are refused, naming both', () => {
    expect(problemsOf({ publicEndpoint: PUBLIC_ENDPOINT, endpointPublicAccessCidrs: ['203.0.113.0/24'] })).toEqual(under('Test/Cluster',
      'EksCluster: publicEndpoint and endpointPublicAccessCidrs are both set (expected publicEndpoint only: endpointPublicAccessCidrs is deprecated and means the same)'));
    expect(problemsOf({ publicEndpoint: PUBLIC_ENDPOINT, endpointPublicAccessCidrs: ['203.0.113.0/24'], publicEndpointReason: 'CI' })).toEqual(under('Test/Cluster',
      'EksCluster: publicEndpoint and endpointPublicAccessCidrs and publicEndpointReason are both set (expected publicEndpoint only: endpointPublicAccessCidrs and publicEndpointReason are deprecated and mean the same)'));
  });

  test('every problem of publicEndpoint is reported at once', () => {
    expect(problemsOf({ publicEndpoint: { allowedCidrs: ['0.0.0.0/0', '203.0.113.7/24', '203.0.113.0/33', '198.51.100.0/24', '198.51.100.0/24'], reason: ' ' } })).toEqual(under('Test/Cluster', [
      'EksCluster: publicEndpoint.allowedCidrs[0] "0.0.0.0/0" opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)',
      'EksCluster: publicEndpoint.allowedCidrs[1] "203.0.113.7/24" has host bits set (expected the network address 203.0.113.0/24)',
      'EksCluster: publicEndpoint.allowedCidrs[2] "203.0.113.0/33" is not an IPv4 CIDR (expected like 203.0.113.0/24)',
      'EksCluster: publicEndpoint.allowedCidrs[4] "198.51.100.0/24" is listed twice (expected each network once)',
      'EksCluster: publicEndpoint.reason is empty (expected why the API must be reachable from outside the private network, e.g. a ticket reference)',
    ].join('\n')));
    expect(problemsOf({ publicEndpoint: { allowedCidrs: [], reason: 'CI runners' } })).toEqual(under('Test/Cluster',
      'EksCluster: publicEndpoint.allowedCidrs is empty (expected the networks allowed to reach the public endpoint, like 203.0.113.0/24; leave publicEndpoint out for a private endpoint)'));
  });

  test('deprecated props: 0.0.0.0/0 is refused', () => {
    expect(problemsOf({ endpointPublicAccessCidrs: ['0.0.0.0/0'], publicEndpointReason: 'convenience' })).toEqual(under('Test/Cluster', 'EksCluster: endpointPublicAccessCidrs "0.0.0.0/0" opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)'));
  });

  test('deprecated props: CIDRs without a reason, a reason without CIDRs, an empty list and a malformed CIDR are refused', () => {
    expect(problemsOf({ endpointPublicAccessCidrs: ['203.0.113.0/24'] })).toEqual(under('Test/Cluster', 'EksCluster: publicEndpointReason is missing (expected why the API endpoint must be reachable from outside the VPC, since endpointPublicAccessCidrs is set)'));
    expect(problemsOf({ publicEndpointReason: 'CI runners' })).toEqual(under('Test/Cluster', 'EksCluster: publicEndpointReason is set without endpointPublicAccessCidrs (expected both for a public endpoint, or neither for a private one)'));
    expect(problemsOf({ endpointPublicAccessCidrs: [], publicEndpointReason: 'CI runners' })).toEqual(under('Test/Cluster', 'EksCluster: endpointPublicAccessCidrs is empty (expected the CIDRs allowed to reach the public endpoint, or no value for a private endpoint)'));
    expect(problemsOf({ endpointPublicAccessCidrs: ['203.0.113.0/33'], publicEndpointReason: 'CI runners' })).toEqual(under('Test/Cluster', 'EksCluster: endpointPublicAccessCidrs "203.0.113.0/33" is not an IPv4 CIDR (expected like 203.0.113.0/24)'));
  });
});

describe('node groups', () => {
  test('system and general groups span the private subnets with production sizes', () => {
    // THEN the system group is tainted for critical add-ons and labelled
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      ClusterName: { Ref: 'ClusterEB0386A7' },
      Version: '1.33',
      Subnets: PRIVATE_SUBNETS,
      AmiType: 'AL2023_x86_64_STANDARD',
      CapacityType: 'ON_DEMAND',
      InstanceTypes: ['m7i.large'],
      ScalingConfig: { MinSize: 3, DesiredSize: 3, MaxSize: 6 },
      Labels: { 'node-role': 'system' },
      Taints: [{ Key: 'CriticalAddonsOnly', Value: 'true', Effect: 'NO_SCHEDULE' }],
      UpdateConfig: { MaxUnavailable: 1 },
      NodeRepairConfig: { Enabled: true },
      NodeRole: { 'Fn::GetAtt': ['ClusterNodeRole687A61BB', 'Arn'] },
      LaunchTemplate: {
        Id: { Ref: 'ClusterSystemNodeGroupLaunchTemplateB8E0DB51' },
        Version: { 'Fn::GetAtt': ['ClusterSystemNodeGroupLaunchTemplateB8E0DB51', 'LatestVersionNumber'] },
      },
    });
    // AND the general group takes workloads without a taint
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      Subnets: PRIVATE_SUBNETS,
      InstanceTypes: ['m7i.xlarge'],
      ScalingConfig: { MinSize: 3, DesiredSize: 3, MaxSize: 12 },
      Labels: { 'node-role': 'general' },
      Taints: Match.absent(),
      NodeRepairConfig: { Enabled: true },
      LaunchTemplate: { Id: { Ref: 'ClusterGeneralNodeGroupLaunchTemplate247DF886' } },
    });
    // AND neither gets a hard-coded name
    for (const group of Object.values(template.findResources('AWS::EKS::Nodegroup'))) {
      expect(group.Properties.NodegroupName).toBeUndefined();
    }
  });

  test('a tier profile sizes both groups', () => {
    // WHEN a dev tier asks for small groups on spot, with bigger disks and faster updates
    const { template: t } = synth({
      systemNodes: { minSize: 1, maxSize: 2 },
      generalNodes: { minSize: 0, desiredSize: 1, maxSize: 4, instanceTypes: ['m7g.large'], amiType: 'AL2023_ARM_64_STANDARD', capacityType: EksCapacityType.SPOT, diskSizeGiB: 100, maxUnavailable: 2 },
    });
    // THEN the groups follow
    t.hasResourceProperties('AWS::EKS::Nodegroup', {
      Labels: { 'node-role': 'system' },
      InstanceTypes: ['m7i.large'],
      ScalingConfig: { MinSize: 1, DesiredSize: 1, MaxSize: 2 },
    });
    t.hasResourceProperties('AWS::EKS::Nodegroup', {
      Labels: { 'node-role': 'general' },
      InstanceTypes: ['m7g.large'],
      AmiType: 'AL2023_ARM_64_STANDARD',
      CapacityType: 'SPOT',
      ScalingConfig: { MinSize: 0, DesiredSize: 1, MaxSize: 4 },
      UpdateConfig: { MaxUnavailable: 2 },
    });
    t.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: Match.objectLike({ VolumeSize: 100 }) }] },
    });
  });

  test('keepNodeCount leaves DesiredSize out, so a change of the bounds never resets what the autoscaler chose', () => {
    // GIVEN node groups that exist, whose node counts the Cluster Autoscaler owns
    const { template: t } = synth({
      systemNodes: { minSize: 3, maxSize: 6, keepNodeCount: true },
      generalNodes: { minSize: 3, maxSize: 24, keepNodeCount: true },
    });
    // THEN their templates carry the bounds only (EKS: no action when DesiredSize is removed from a CFN template)
    const groups = Object.values<any>(t.findResources('AWS::EKS::Nodegroup'));
    expect(groups.map((g) => g.Properties.ScalingConfig)).toEqual([{ MinSize: 3, MaxSize: 6 }, { MinSize: 3, MaxSize: 24 }]);
    // AND a desired size given with it is a problem, named with the group
    expect(problemsOf({ generalNodes: { minSize: 3, maxSize: 24, desiredSize: 5, keepNodeCount: true } })).toEqual(under('Test/Cluster',
      'EksCluster: generalNodes.desiredSize 5 is given with keepNodeCount (expected one of them: keepNodeCount leaves the node count to the autoscaler)'));
  });

  test('launch templates require IMDSv2 with hop limit 1 and encrypt gp3 root volumes with the volume key', () => {
    // THEN both launch templates are the same hardened shape
    const templates = template.findResources('AWS::EC2::LaunchTemplate');
    expect(Object.keys(templates).sort()).toEqual(['ClusterGeneralNodeGroupLaunchTemplate247DF886', 'ClusterSystemNodeGroupLaunchTemplateB8E0DB51']);
    for (const launchTemplate of Object.values(templates)) {
      expect(launchTemplate.Properties.LaunchTemplateData).toEqual({
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [{
          DeviceName: '/dev/xvda',
          Ebs: {
            VolumeType: 'gp3',
            VolumeSize: 50,
            Encrypted: true,
            KmsKeyId: { 'Fn::GetAtt': ['ClusterNodeVolumeKey59B4C3D6', 'Arn'] },
            DeleteOnTermination: true,
          },
        }],
      });
    }
  });

  test('pods reach instance metadata only with the explicit opt-in', () => {
    // WHEN the opt-in is given
    const { template: t } = synth({ allowPodImdsAccess: true });
    // THEN the hop limit lets one more hop through, and IMDSv2 stays required
    t.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }),
    });
  });

  test('the EC2 Auto Scaling service-linked role may use the volume key, and nothing else is opened', () => {
    const slr = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling']] };
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        Description: 'Encrypts the node root volumes and the persistent volumes of EKS cluster acme-prod',
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: [
            Match.objectLike({ Action: 'kms:*', Principal: { AWS: Match.anyValue() } }),
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
              Resource: '*',
              Condition: { ArnEquals: { 'aws:PrincipalArn': slr } },
            },
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'kms:CreateGrant',
              Resource: '*',
              Condition: { ArnEquals: { 'aws:PrincipalArn': slr }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
            },
          ],
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the node role can join, pull images and wire pod networking, and has no application permissions', () => {
    // THEN exactly these managed policies, and no inline policy
    const policy = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }] },
      ManagedPolicyArns: [
        policy('AmazonEKSWorkerNodePolicy'),
        policy('AmazonEC2ContainerRegistryPullOnly'),
        policy('AmazonEKS_CNI_Policy'),
        policy('AmazonSSMManagedInstanceCore'),
      ],
    });
    const inline = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: 'ClusterNodeRole687A61BB' }] } });
    expect(inline).toEqual({});
  });

  test('Session Manager access to nodes can be left out', () => {
    // WHEN SSM is not wanted
    const { template: t } = synth({ nodeSsmAccess: false });
    // THEN the node role has three policies, and its cdk-nag suppressions name only those three
    const role = t.toJSON().Resources.ClusterNodeRole687A61BB;
    expect(role.Properties.ManagedPolicyArns).toHaveLength(3);
    expect(JSON.stringify(role)).not.toContain('AmazonSSMManagedInstanceCore');
    expect(role.Metadata.cdk_nag.rules_to_suppress).toHaveLength(3);
  });
});

describe('cdk-nag suppressions', () => {
  const resources = template.toJSON().Resources;
  const suppressed = (logicalId: string) => resources[logicalId].Metadata?.cdk_nag?.rules_to_suppress.map((r: any) => r.id);
  const iam4 = (name: string) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`;

  test('each AWS managed policy EKS documents is acknowledged by name, on its role only', () => {
    // THEN the cluster, node and EBS CSI roles acknowledge exactly their own managed policies
    expect(suppressed('ClusterClusterRoleCE5C05DD')).toEqual([iam4('AmazonEKSClusterPolicy')]);
    expect(suppressed('ClusterNodeRole687A61BB')).toEqual([
      iam4('AmazonEKSWorkerNodePolicy'),
      iam4('AmazonEC2ContainerRegistryPullOnly'),
      iam4('AmazonEKS_CNI_Policy'),
      iam4('AmazonSSMManagedInstanceCore'),
    ]);
    expect(suppressed('ClusterEbsCsiPodIdentityRole7BD524A1')).toEqual([iam4('service-role/AmazonEBSCSIDriverPolicy')]);
  });

  test('the control plane\'s inline key policy is acknowledged with a reason, and nothing else is suppressed', () => {
    // THEN
    const withSuppressions = Object.keys(resources).filter((id) => resources[id].Metadata?.cdk_nag).sort();
    expect(withSuppressions).toEqual([
      'ClusterClusterRoleCE5C05DD', 'ClusterClusterRoleDefaultPolicy0AB2DC74', 'ClusterEbsCsiPodIdentityRole7BD524A1', 'ClusterEbsCsiPodIdentityRoleDefaultPolicyEB950EE5', 'ClusterNodeRole687A61BB',
    ]);
    const [rule] = resources.ClusterClusterRoleDefaultPolicy0AB2DC74.Metadata.cdk_nag.rules_to_suppress;
    expect(rule).toEqual({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: expect.stringMatching(/^This policy only lets the control plane use the secrets key/) });
    // The EBS CSI controller's volume key statements are inline for the reason every pod identity gives, and only that
    expect(resources.ClusterEbsCsiPodIdentityRoleDefaultPolicyEB950EE5.Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id)).toEqual(['NIST.800.53.R5-IAMNoInlinePolicy']);
  });
});

describe('add-ons', () => {
  const resources = template.toJSON().Resources as Record<string, any>;
  const addon = (name: string) => {
    const id = logicalIdOf(template, 'AWS::EKS::Addon', { AddonName: name });
    return { id, ...resources[id] };
  };

  test('the five add-ons are pinned and overwrite conflicting fields', () => {
    template.resourceCountIs('AWS::EKS::Addon', 5);
    const versions: Record<string, string> = {
      'vpc-cni': 'v1.20.1-eksbuild.3',
      'coredns': 'v1.12.2-eksbuild.4',
      'kube-proxy': 'v1.33.3-eksbuild.6',
      'aws-ebs-csi-driver': 'v1.45.0-eksbuild.2',
      'eks-pod-identity-agent': 'v1.3.8-eksbuild.2',
    };
    for (const [name, version] of Object.entries(versions)) {
      expect(addon(name).Properties).toMatchObject({
        AddonName: name,
        AddonVersion: version,
        ClusterName: { Ref: 'ClusterEB0386A7' },
        ResolveConflicts: 'OVERWRITE',
      });
    }
  });

  test('the VPC CNI enforces network policies', () => {
    expect(JSON.parse(addon('vpc-cni').Properties.ConfigurationValues)).toEqual({ enableNetworkPolicy: 'true' });
  });

  test('node daemons come before the nodes, deployments after the system nodes', () => {
    // THEN both node groups wait for the networking daemons and the Pod Identity agent
    const daemons = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'].map((name) => addon(name).id).sort();
    expect(resources.ClusterSystemNodeGroup9D7AD4AB.DependsOn).toEqual(daemons);
    expect(resources.ClusterGeneralNodeGroupFE6DC236.DependsOn).toEqual(daemons);
    // AND CoreDNS and the EBS CSI driver wait for nodes to run on
    expect(addon('coredns').DependsOn).toEqual(['ClusterSystemNodeGroup9D7AD4AB']);
    expect(addon('aws-ebs-csi-driver').DependsOn).toEqual(expect.arrayContaining(['ClusterSystemNodeGroup9D7AD4AB', 'ClusterEbsCsiPodIdentity44AE182A']));
  });

  test('the EBS CSI controller gets its permissions through EKS Pod Identity', () => {
    // THEN its service account is associated with a role holding the EBS CSI driver policy
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: { Ref: 'ClusterEB0386A7' },
      Namespace: 'kube-system',
      ServiceAccount: 'ebs-csi-controller-sa',
      RoleArn: { 'Fn::GetAtt': ['ClusterEbsCsiPodIdentityRole7BD524A1', 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': { 'Fn::GetAtt': ['ClusterEB0386A7', 'Arn'] },
              'aws:RequestTag/kubernetes-namespace': 'kube-system',
              'aws:RequestTag/kubernetes-service-account': 'ebs-csi-controller-sa',
            },
          },
        })],
      },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy']] }],
    });
  });

  test('the EBS CSI controller may use the volume key, and grant it to EBS only, for persistent volumes', () => {
    // THEN its inline policy names the volume key alone, with explicit actions, and grants only for AWS resources
    const key = { 'Fn::GetAtt': ['ClusterNodeVolumeKey59B4C3D6', 'Arn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: 'ClusterEbsCsiPodIdentityRole7BD524A1' }],
      PolicyDocument: {
        Statement: [
          {
            Sid: 'UseVolumeKey',
            Effect: 'Allow',
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
            Resource: key,
          },
          {
            Sid: 'GrantVolumeKeyToEbs',
            Effect: 'Allow',
            Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
            Resource: key,
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ],
      },
    });
    // AND a StorageClass names the key through an alias known before the key exists
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/eks/acme-prod/volumes', TargetKeyId: key });
    const { cluster } = synth({ volumeKeyAliasName: 'alias/platform/prod-volumes' });
    expect(Template.fromStack(Stack.of(cluster)).findResources('AWS::KMS::Alias', { Properties: { AliasName: 'alias/platform/prod-volumes' } })).not.toEqual({});
  });

  test('another Kubernetes version takes the add-on versions given with it', () => {
    // WHEN the version and all add-on versions are given
    const { template: t } = synth({
      version: '1.34',
      addonVersions: { vpcCni: 'v1', coreDns: 'v2', kubeProxy: 'v1.34.1-eksbuild.2', ebsCsiDriver: 'v4', podIdentityAgent: 'v5' },
    });
    // THEN the cluster, the node groups and kube-proxy follow
    t.hasResourceProperties('AWS::EKS::Cluster', { Version: '1.34' });
    t.allResourcesProperties('AWS::EKS::Nodegroup', { Version: '1.34' });
    t.hasResourceProperties('AWS::EKS::Addon', { AddonName: 'kube-proxy', AddonVersion: 'v1.34.1-eksbuild.2' });
  });
});

describe('validation', () => {
  test('every problem of the props is reported at once, one per line', () => {
    expect(problemsOf({
      clusterName: '-acme prod',
      version: '1.4',
      adminRoleArn: 'arn:aws:iam::111111111111:user/alice',
      logRetentionDays: 42,
      systemNodes: { minSize: 0, maxSize: 2, desiredSize: 3, instanceTypes: [] },
      generalNodes: { minSize: 5, maxSize: 4, diskSizeGiB: 8, maxUnavailable: 0, amiType: 'BOTTLEROCKET_x86_64', capacityType: 'spot' as any },
      upgradeSupportType: 'extended' as any,
      volumeKeyAliasName: 'alias/aws/ebs',
    })).toEqual(under('Test/Cluster', [
      'EksCluster: clusterName "-acme prod" is not an EKS cluster name (expected 1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit)',
      'EksCluster: version "1.4" is not a Kubernetes minor version (expected like 1.33)',
      'EksCluster: adminRoleArn "arn:aws:iam::111111111111:user/alice" is not an IAM role ARN (expected like arn:aws:iam::111111111111:role/platform-admin)',
      'EksCluster: volumeKeyAliasName "alias/aws/ebs" is not a KMS alias name (expected "alias/" then up to 250 letters, digits, \'/\', \'_\' or \'-\', not under alias/aws/, like alias/eks/acme-prod/volumes)',
      'EksCluster: upgradeSupportType "extended" is not of type EksUpgradeSupportType (expected one of STANDARD, EXTENDED)',
      'EksCluster: logRetentionDays 42 is not a CloudWatch Logs retention (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)',
      'EksCluster: systemNodes.minSize 0 is out of range (expected an integer of at least 1: CoreDNS and the critical add-ons run here)',
      'EksCluster: systemNodes.desiredSize 3 is outside 0 to 2 (expected an integer with minSize <= desiredSize <= maxSize)',
      'EksCluster: systemNodes.instanceTypes is empty (expected at least one EC2 instance type, like m7i.large)',
      'EksCluster: generalNodes.maxSize 4 is below minSize 5 (expected minSize <= maxSize)',
      'EksCluster: generalNodes.capacityType "spot" is not of type EksCapacityType (expected one of ON_DEMAND, SPOT)',
      'EksCluster: generalNodes.amiType "BOTTLEROCKET_x86_64" is not an Amazon Linux 2023 AMI type (expected like AL2023_x86_64_STANDARD or AL2023_ARM_64_STANDARD)',
      'EksCluster: generalNodes.diskSizeGiB 8 is out of range (expected an integer from 20 to 16384)',
      'EksCluster: generalNodes.maxUnavailable 0 is out of range (expected an integer from 1 to 100)',
    ].join('\n')));
  });

  test('another Kubernetes version needs every add-on version', () => {
    expect(problemsOf({ version: '1.32', addonVersions: { kubeProxy: 'v1.32.6-eksbuild.8' } })).toEqual(under('Test/Cluster', 'EksCluster: addonVersions misses vpcCni, coreDns, ebsCsiDriver, podIdentityAgent for version "1.32" (expected every add-on version; the defaults match 1.33 only)'));
  });

  test('a node group needs at least one node at most', () => {
    expect(problemsOf({ generalNodes: { minSize: 0, maxSize: 0 } })).toEqual(under('Test/Cluster', 'EksCluster: generalNodes.maxSize 0 is out of range (expected an integer of at least 1)'));
  });

  test('the VPC must have private subnets with egress', () => {
    // GIVEN a VPC with isolated subnets only
    const { stack } = newStack();
    const isolated = new ec2.Vpc(stack, 'Isolated', {
      maxAzs: 3,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new EksCluster(stack, 'Cluster', { vpc: isolated, clusterName: 'acme-prod', adminRoleArn: ADMIN_ROLE_ARN });
    // THEN the synth refuses it
    expect(synthProblems(() => Template.fromStack(stack))).toEqual([
      '[Test/Cluster] EksCluster: vpc has no PRIVATE_WITH_EGRESS subnets (expected private subnets with NAT egress for the nodes and the control plane)',
    ]);
  });
});

describe('fromClusterAttributes', () => {
  test('refers to a cluster built elsewhere, for pod identities in a team stack', () => {
    // GIVEN a team stack that knows the platform's cluster by its attributes
    const stack = new TestStack(new App(), 'Team', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cluster = EksCluster.fromClusterAttributes(stack, 'Platform', {
      clusterName: 'acme-prod',
      clusterEndpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
      nodeRoleArn: 'arn:aws:iam::111111111111:role/acme-prod-nodes',
    });
    // WHEN a team gives a workload a role
    new EksPodIdentity(stack, 'Orders', { cluster, namespace: 'orders', serviceAccount: 'orders-api' });

    // THEN the attributes are as given and the ARN is derived
    expect(cluster.clusterName).toBe('acme-prod');
    expect(cluster.clusterEndpoint).toBe('https://ABC.gr7.eu-west-1.eks.amazonaws.com');
    expect(cluster.clusterSecurityGroupId).toBe('sg-0123456789abcdef0');
    expect(cluster.nodeRole?.roleArn).toBe('arn:aws:iam::111111111111:role/acme-prod-nodes');
    const arn = stack.resolve(cluster.clusterArn);
    expect(arn).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:eu-west-1:111111111111:cluster/acme-prod']] });
    // AND the association and role land in the team stack only
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { ClusterName: 'acme-prod', Namespace: 'orders', ServiceAccount: 'orders-api' });
    t.resourceCountIs('AWS::EKS::Cluster', 0);
  });

  test('an explicit ARN wins and the node role may be unknown', () => {
    const stack = new TestStack(new App(), 'Team', { env: { account: '111111111111', region: 'eu-west-1' } });
    const cluster = EksCluster.fromClusterAttributes(stack, 'Platform', {
      clusterName: 'acme-prod',
      clusterArn: 'arn:aws:eks:eu-west-1:222222222222:cluster/acme-prod',
      clusterEndpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
    });
    expect(cluster.clusterArn).toBe('arn:aws:eks:eu-west-1:222222222222:cluster/acme-prod');
    expect(cluster.nodeRole).toBeUndefined();
  });
});

test('the CloudFormation validation engine finds no errors in the template', () => {
  // GIVEN an app with the bundled validation engine on, as in `cdk synth`
  // WHEN it synthesizes
  const report = cloudFormationValidationReport((app) => {
    const { stack, vpc } = newStack(app);
    new EksCluster(stack, 'Cluster', {
      vpc,
      clusterName: 'acme-prod',
      adminRoleArn: ADMIN_ROLE_ARN,
      publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'CI runners outside the VPC' },
    });
  });
  // THEN the engine ran and reported no error
  const plugin = report.pluginReports.find((r: any) => r.pluginName === 'CloudFormation Validate');
  expect(plugin).toBeDefined();
  const errors = plugin.violations.filter((v: any) => v.severity === 'error' || v.severity === 'fatal');
  expect(errors).toEqual([]);
});
