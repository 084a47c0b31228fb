import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsNetwork, AwsNetworkProps } from '../../../constructs/aws';
import { synthProblems } from '../../support/validation';

/** A stack with known zones, so the VPC never asks the account (no context lookup in tests). */
class TestStack extends Stack {
  constructor() {
    super(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  }
  public override get availabilityZones(): string[] {
    return ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  }
}

function synth(props: Partial<AwsNetworkProps> = {}): Template {
  const stack = new TestStack();
  new AwsNetwork(stack, 'Network', { cidr: '10.10.0.0/16', ...props });
  return Template.fromStack(stack);
}

describe('AwsNetwork', () => {
  const template = synth({ natGateways: 3, flowLogRetentionDays: 90 });

  test('a VPC over three zones with private, public and isolated subnets planned from the CIDR', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.10.0.0/16', EnableDnsHostnames: true, EnableDnsSupport: true });
    const subnets = Object.values(template.findResources('AWS::EC2::Subnet')).map((s: any) => [s.Properties.CidrBlock, s.Properties.AvailabilityZone]);
    expect(subnets).toEqual([
      ['10.10.0.0/18', 'eu-west-1a'], ['10.10.64.0/18', 'eu-west-1b'], ['10.10.128.0/18', 'eu-west-1c'],
      ['10.10.192.0/21', 'eu-west-1a'], ['10.10.200.0/21', 'eu-west-1b'], ['10.10.208.0/21', 'eu-west-1c'],
      ['10.10.216.0/21', 'eu-west-1a'], ['10.10.224.0/21', 'eu-west-1b'], ['10.10.232.0/21', 'eu-west-1c'],
      ['10.10.240.0/22', 'eu-west-1a'], ['10.10.244.0/22', 'eu-west-1b'], ['10.10.248.0/22', 'eu-west-1c'],
    ]);
  });

  test('interface endpoints live in the endpoint subnets alone, with the APIs the workloads need added', () => {
    // GIVEN a network whose workloads are granted SQS, Kinesis and S3
    const withApis = synth({ interfaceEndpoints: ['sqs', 'kinesis-streams', 's3', 'sts'] });
    const subnetIds = (group: string) => Object.entries(withApis.findResources('AWS::EC2::Subnet'))
      .filter(([, s]: [string, any]) => s.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-name' && t.Value === group)).map(([id]) => id).sort();
    const endpoints = Object.values(withApis.findResources('AWS::EC2::VPCEndpoint')).filter((e: any) => e.Properties.VpcEndpointType === 'Interface') as any[];

    // THEN every interface endpoint, the baseline's and the added ones (STS only once), is in the endpoint subnets
    expect(endpoints.map((e) => JSON.stringify(e.Properties.ServiceName).match(/amazonaws\.[a-z0-9-]+\.([a-z0-9.-]+)"/)?.[1]).sort())
      .toEqual(['ecr.api', 'ecr.dkr', 'kinesis-streams', 'logs', 's3', 'sqs', 'sts']);
    for (const endpoint of endpoints) {
      expect(endpoint.Properties.SubnetIds.map((r: any) => r.Ref).sort()).toEqual(subnetIds('endpoints'));
      expect(endpoint.Properties.PrivateDnsEnabled).toBe(true);
    }
    // AND S3 answers privately for every resolver, so the VPC's S3 traffic stays in the endpoint subnets
    const s3 = endpoints.find((e) => JSON.stringify(e.Properties.ServiceName).includes('.s3'))!;
    expect(s3.Properties.DnsOptions).toEqual({ PrivateDnsOnlyForInboundResolverEndpoint: 'AllResolvers' });
  });

  test('load balancers go where Kubernetes looks for them: internal ones in the private subnets, public ones in the public subnets', () => {
    // GIVEN the subnets and their tags  THEN only private subnets take internal load balancers, only public ones public
    const tagged = Object.values(template.findResources('AWS::EC2::Subnet')).map((s: any) => {
      const tag = (key: string) => s.Properties.Tags.find((t: any) => t.Key === key)?.Value;
      return [tag('aws-cdk:subnet-name'), tag(AwsNetwork.INTERNAL_LOAD_BALANCER_SUBNET_TAG), tag(AwsNetwork.PUBLIC_LOAD_BALANCER_SUBNET_TAG)];
    });
    expect(tagged).toEqual([
      ...Array(3).fill(['private', '1', undefined]),
      ...Array(3).fill(['public', undefined, '1']),
      ...Array(3).fill(['isolated', undefined, undefined]),
      ...Array(3).fill([AwsNetwork.ENDPOINTS_SUBNET_GROUP, undefined, undefined]),
    ]);
    expect([AwsNetwork.INTERNAL_LOAD_BALANCER_SUBNET_TAG, AwsNetwork.PUBLIC_LOAD_BALANCER_SUBNET_TAG]).toEqual(['kubernetes.io/role/internal-elb', 'kubernetes.io/role/elb']);
  });

  test('public subnets do not hand out public IPs', () => {
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect((subnet as any).Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('NAT gateways follow the prop: one per zone here, one by default', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    synth().resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('isolated subnets have no route to the internet', () => {
    const routes = template.findResources('AWS::EC2::Route');
    const isolatedRoutes = Object.keys(routes).filter((id) => id.includes('isolated'));
    expect(isolatedRoutes).toEqual([]);
  });

  test('flow logs capture all traffic into a KMS-encrypted log group with the given retention, both retained', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NetworkFlowLogKey'), 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('the flow log key lets CloudWatch Logs use it only for log groups of this account and region', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:*']] },
            },
          },
        })]),
      },
    });
  });

  test('gateway endpoints for S3 and DynamoDB, interface endpoints for ECR, STS and Logs with private DNS', () => {
    const services = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((e: any) => [
      JSON.stringify(e.Properties.ServiceName).match(/\.(s3|dynamodb|ecr\.api|ecr\.dkr|sts|logs)"/)?.[1],
      e.Properties.VpcEndpointType ?? 'Gateway',
      e.Properties.PrivateDnsEnabled ?? null,
    ]);
    expect(services.sort()).toEqual([
      ['dynamodb', 'Gateway', null], ['ecr.api', 'Interface', true], ['ecr.dkr', 'Interface', true],
      ['logs', 'Interface', true], ['s3', 'Gateway', null], ['sts', 'Interface', true],
    ]);
  });

  test('interface endpoints accept HTTPS from the VPC CIDR only, written as a literal that reviewers and cdk-nag can read', () => {
    // GIVEN the network above, WHEN its endpoint security groups are read
    const groups = Object.values(template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('Endpoint/SecurityGroup$') },
    })) as any[];

    // THEN each of the four has exactly one ingress rule, TCP 443 from 10.10.0.0/16
    expect(groups).toHaveLength(4);
    for (const group of groups) {
      expect(group.Properties.SecurityGroupIngress).toEqual([
        { CidrIp: '10.10.0.0/16', Description: 'from 10.10.0.0/16:443', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
      ]);
    }
  });

  test('cdk-nag deviations carry their reasons: the public subnets\' internet route and the flow log role\'s inline policy', () => {
    // GIVEN the network above
    const routes = template.findResources('AWS::EC2::Route', { Properties: { GatewayId: Match.anyValue() } });
    const policies = template.findResources('AWS::IAM::Policy');

    // THEN only the three public default routes and the one flow log policy are suppressed, each with a reason
    expect(Object.keys(routes)).toHaveLength(3);
    for (const route of Object.values<any>(routes)) {
      expect(route.Metadata.cdk_nag.rules_to_suppress).toEqual([{
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason: expect.stringMatching(/^Public subnets exist only for the NAT gateways/),
      }]);
    }
    expect(Object.values<any>(policies).map((p) => p.Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id))).toEqual([
      ['NIST.800.53.R5-IAMNoInlinePolicy'],
    ]);
  });

  test('the default security group is stripped of its rules', () => {
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('logical ids of the VPC, the flow log group and its key are pinned (renaming replaces them)', () => {
    expect(Object.keys(template.findResources('AWS::EC2::VPC'))).toEqual(['Network6E62CE96']);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toEqual(['NetworkFlowLogGroup4F8CEEEF']);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual(['NetworkFlowLogKeyF785E5F9']);
  });

  test('invalid props are reported at synth, all at once, under the construct\'s path', () => {
    // GIVEN a network with every prop wrong, and one with a prefix the baseline cannot use
    const stack = new TestStack();
    new AwsNetwork(stack, 'Network', {
      cidr: '10.10.0.0/33', natGateways: 4, flowLogRetentionDays: 45, availabilityZones: ['eu-west-1a'], interfaceEndpoints: ['', 'SQS'],
    });
    new AwsNetwork(stack, 'Wide', { cidr: '10.0.0.0/8' });
    // WHEN / THEN building did not throw; the synth reports both networks' problems
    expect(synthProblems(() => Template.fromStack(stack))).toEqual([
      '[Test/Network] AwsNetwork: interfaceEndpoints[0] "" is not an AWS service name (expected the name without com.amazonaws.<region>., like sqs or kinesis-streams)',
      '[Test/Network] AwsNetwork: interfaceEndpoints[1] "SQS" is not an AWS service name (expected the name without com.amazonaws.<region>., like sqs or kinesis-streams)',
      '[Test/Network] AwsNetwork: cidr "10.10.0.0/33" is not an IPv4 CIDR (expected like 10.20.0.0/16)',
      '[Test/Network] AwsNetwork: availabilityZones ["eu-west-1a"] is not three zones (expected exactly 3)',
      '[Test/Network] AwsNetwork: natGateways 4 is out of range (expected 1 to 3)',
      '[Test/Network] AwsNetwork: flowLogRetentionDays 45 is not a CloudWatch Logs retention (expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)',
      '[Test/Wide] AwsNetwork: cidr "10.0.0.0/8" has a prefix the baseline cannot use (expected /16 to /20)',
    ]);
  });

  test('an environment-agnostic stack must be given its zones', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new AwsNetwork(stack, 'Network', { cidr: '10.10.0.0/16' });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual([
      '[Agnostic/Network] AwsNetwork: availabilityZones is missing and the stack region is not known at synth (expected three zones, or a stack with an explicit env)',
    ]);
  });
});

describe('AwsNetwork in a plain Stack with an explicit env', () => {
  const ENV = { account: '111111111111', region: 'eu-west-1' };
  const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

  test('explicit zones synthesize offline: no context lookup, no missing context, subnets in those zones', () => {
    // GIVEN a plain Stack, no availabilityZones override and no cdk.context.json
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    // WHEN
    new AwsNetwork(stack, 'Network', { cidr: '10.40.0.0/16', availabilityZones: ZONES });
    const assembly = app.synth();
    // THEN nothing is left for the CLI to look up in the account
    expect(assembly.manifest.missing ?? []).toEqual([]);
    const subnets = Template.fromStack(stack).findResources('AWS::EC2::Subnet');
    expect([...new Set(Object.values(subnets).map((s: any) => s.Properties.AvailabilityZone))].sort()).toEqual(ZONES);
  });

  test('two networks in one stack with different zones both synthesize without a lookup', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Team', { env: ENV });
    // WHEN
    new AwsNetwork(stack, 'Blue', { cidr: '10.40.0.0/16', availabilityZones: ZONES });
    new AwsNetwork(stack, 'Green', { cidr: '10.41.0.0/16', availabilityZones: ['eu-west-1b', 'eu-west-1c', 'eu-west-1d'] });
    // THEN
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });

  test('zones from a real lookup in the context win: given zones outside them are refused by the VPC', () => {
    // GIVEN a context that holds the account's real zones, as cdk.context.json would
    const app = new App({ context: { 'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b'] } });
    const stack = new Stack(app, 'Team', { env: ENV });
    // WHEN / THEN
    expect(() => new AwsNetwork(stack, 'Network', { cidr: '10.40.0.0/16', availabilityZones: ZONES }))
      .toThrow("Given VPC 'availabilityZones' eu-west-1a,eu-west-1b,eu-west-1c must be a subset of the stack's availability zones eu-west-1a,eu-west-1b");
  });
});
