import { RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { declareAvailabilityZones } from './private/explicit-zones';
import { LOG_RETENTION_DAYS } from './private/log-retention';
import { suppressNag } from './private/nag';
import { readIpv4Cidr } from '../../core/cidr';
import { Problems } from '../../core/problems';

/** What the VPC is built on while its own CIDR is invalid: synth then fails with the problem, never with this. */
const PLACEHOLDER_CIDR = '10.0.0.0/16';

/** An AWS service name as interface endpoints take it, without `com.amazonaws.<region>.`. */
const SERVICE_NAME = /^[a-z0-9]+([.-][a-z0-9]+)*$/;

/** Prefix lengths of the three subnet tiers. */
export interface AwsSubnetCidrMasks {
  /** Private subnets with NAT egress: nodes and, with the VPC CNI, pods. */
  readonly private: number;
  /** Public subnets: NAT gateways and internet-facing load balancers only. */
  readonly public: number;
  /** Isolated subnets without a route to the internet: databases and other data stores. */
  readonly isolated: number;
  /**
   * Subnets of the interface endpoints, without a route to the internet. Endpoints get subnets of their own so a
   * Kubernetes NetworkPolicy can open "the cloud's private APIs" as one address range that holds nothing else.
   * @default - VPC prefix + 6 (1/64 of the VPC each, in the last sixteenth the other tiers leave free)
   */
  readonly endpoints?: number;
}

/** Properties of an {@link AwsNetwork}. */
export interface AwsNetworkProps {
  /** The VPC CIDR, /16 to /20. */
  readonly cidr: string;
  /**
   * The three availability zones. Given explicitly so synth never looks them up in the account, in any stack:
   * a plain `Stack` with an explicit `env` needs no `availabilityZones` override and no `cdk.context.json`.
   * @default - `<region>a`, `<region>b`, `<region>c` of the stack's region (which must then be concrete)
   */
  readonly availabilityZones?: string[];
  /**
   * NAT gateways. One is shared by all zones (cheaper, a zone outage cuts egress); one per zone survives it.
   * @default 1
   */
  readonly natGateways?: number;
  /**
   * Subnet sizes. Private subnets take a quarter of the VPC each, public and isolated subnets 1/32 each, in that
   * order, so the three tiers fill 15/16 of the VPC with no gaps.
   * @default - private: VPC prefix + 2; public and isolated: VPC prefix + 5
   */
  readonly subnetCidrMasks?: AwsSubnetCidrMasks;
  /**
   * Retention of the VPC flow logs.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Interface endpoints to add to the baseline's (ECR api and dkr, STS, CloudWatch Logs), by AWS service name
   * without the `com.amazonaws.<region>.` prefix, e.g. `sqs` or `kinesis-streams`: the APIs workloads reach
   * privately. Each gets private DNS, so the SDKs' default endpoints resolve to it.
   * @default []
   */
  readonly interfaceEndpoints?: readonly string[];
}

/**
 * The AWS network baseline: a VPC over three zones with public, private and isolated tiers, KMS-encrypted flow
 * logs, gateway endpoints for S3 and DynamoDB, interface endpoints for ECR, STS, CloudWatch Logs and the APIs the
 * workloads are granted (in subnets of their own), and a default security group that allows nothing.
 *
 * The default security group is closed by aws-cdk-lib's `restrictDefaultSecurityGroup`, which is the one small
 * custom resource here: CloudFormation has no plain resource that removes the rules EC2 puts on it.
 */
export class AwsNetwork extends Construct {
  /** Name of the subnet group that holds the interface endpoints, and nothing else. */
  public static readonly ENDPOINTS_SUBNET_GROUP = 'endpoints';
  /** Tag of the subnets where Kubernetes places internal load balancers (on the private subnets). */
  public static readonly INTERNAL_LOAD_BALANCER_SUBNET_TAG = 'kubernetes.io/role/internal-elb';
  /** Tag of the subnets where Kubernetes places internet-facing load balancers (on the public subnets). */
  public static readonly PUBLIC_LOAD_BALANCER_SUBNET_TAG = 'kubernetes.io/role/elb';

  /** The VPC. */
  public readonly vpc: ec2.Vpc;
  /** The log group receiving the VPC flow logs. Retained on stack deletion. */
  public readonly flowLogGroup: logs.LogGroup;
  /** The customer-managed key encrypting the flow logs. Retained on stack deletion. */
  public readonly flowLogKey: kms.Key;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const availabilityZones = props.availabilityZones
      ?? (Token.isUnresolved(stack.region) ? undefined : ['a', 'b', 'c'].map((z) => `${stack.region}${z}`));
    const natGateways = props.natGateways ?? 1;
    const flowLogRetentionDays = props.flowLogRetentionDays ?? 365;
    const problems = validate(props.cidr, availabilityZones, natGateways, flowLogRetentionDays, props.interfaceEndpoints ?? []);
    // Problems are reported at synth, with every other broken construct of the app; until then the construct
    // builds on a usable CIDR, so a bad one never surfaces as an aws-cdk-lib error from inside the VPC.
    this.node.addValidation(problems);
    const cidr = problems.messages.some((m) => m.startsWith('cidr ')) ? PLACEHOLDER_CIDR : props.cidr;
    const prefix = Number(cidr.split('/')[1]);
    const masks = props.subnetCidrMasks ?? { private: prefix + 2, public: prefix + 5, isolated: prefix + 5 };
    const endpointsMask = masks.endpoints ?? prefix + 6;

    this.flowLogKey = new kms.Key(this, 'FlowLogKey', {
      description: `Encrypts the VPC flow logs of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts with the key on behalf of log groups in this account and region only.
    this.flowLogKey.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
      },
    }));
    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
      encryptionKey: this.flowLogKey,
      retention: flowLogRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (availabilityZones !== undefined) declareAvailabilityZones(stack, availabilityZones);
    this.vpc = new ec2.Vpc(this, 'Resource', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      availabilityZones,
      natGateways,
      restrictDefaultSecurityGroup: true,
      // Largest tier first: aws-cdk-lib allocates in this order, which keeps every subnet aligned with no gaps.
      subnetConfiguration: [
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: masks.private },
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: masks.public, mapPublicIpOnLaunch: false },
        { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: masks.isolated },
        { name: AwsNetwork.ENDPOINTS_SUBNET_GROUP, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: endpointsMask },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
      flowLogs: {
        FlowLog: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    // Nodes pull images and get credentials without leaving the VPC; workloads reach the APIs they are granted.
    const endpoints: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
      EcrApiEndpoint: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDockerEndpoint: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      StsEndpoint: ec2.InterfaceVpcEndpointAwsService.STS,
      LogsEndpoint: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
    };
    for (const name of (props.interfaceEndpoints ?? []).filter((n) => SERVICE_NAME.test(n))) {
      if (Object.values(endpoints).some((e) => e.shortName === name)) continue;
      endpoints[`${name.split(/[-.]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('')}Endpoint`] = new ec2.InterfaceVpcEndpointAwsService(name);
    }
    for (const [endpointId, service] of Object.entries(endpoints)) {
      const endpoint = this.vpc.addInterfaceEndpoint(endpointId, {
        service,
        privateDnsEnabled: true,
        // S3 also has the gateway endpoint; private DNS for every resolver sends the VPC's S3 traffic here instead, so
        // pods reach S3 inside the endpoint subnets, the one range their NetworkPolicies open.
        ...(service.shortName === 's3' && { privateDnsOnlyForInboundResolverEndpoint: ec2.VpcEndpointPrivateDnsOnlyForInboundResolverEndpoint.ALL_RESOLVERS }),
        subnets: { subnetGroupName: AwsNetwork.ENDPOINTS_SUBNET_GROUP },
        open: false,
      });
      // The same rule `open: true` writes, with the CIDR as a literal rather than the VPC's CidrBlock attribute, so
      // reviewers and policy checks (cdk-nag's EC23 and NIST port rules cannot evaluate an attribute) see its scope.
      endpoint.connections.allowDefaultPortFrom(ec2.Peer.ipv4(cidr));
    }

    // Where Kubernetes puts a LoadBalancer Service's load balancer (the cluster Gateway's): internal ones in the
    // private subnets, internet-facing ones (a reasoned public exposure only) in the public subnets. Both the AWS Load
    // Balancer Controller and the in-tree service controller discover subnets by these tags.
    for (const subnet of this.vpc.privateSubnets) Tags.of(subnet).add(AwsNetwork.INTERNAL_LOAD_BALANCER_SUBNET_TAG, '1');
    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add(AwsNetwork.PUBLIC_LOAD_BALANCER_SUBNET_TAG, '1');

    for (const subnet of this.vpc.publicSubnets) {
      suppressNag(subnet.node.findChild('DefaultRoute'), [{
        id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
        reason: 'Public subnets exist only for the NAT gateways and internet-facing load balancers, which need this default route to the internet gateway; nodes and data stores sit in private and isolated subnets without it.',
      }]);
    }
    const flowLogRole = (this.vpc.node.findChild('FlowLog') as ec2.FlowLog).iamRole;
    suppressNag(flowLogRole!.node.findChild('DefaultPolicy'), [{
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The flow log role\'s policy lets VPC Flow Logs write to this one log group only; inline keeps it bound to that single role and deleted with it, so no other principal can ever attach it.',
    }]);
  }
}

function validate(
  cidr: string,
  availabilityZones: string[] | undefined,
  natGateways: number,
  retentionDays: number,
  interfaceEndpoints: readonly string[],
): Problems {
  const problems = new Problems('AwsNetwork');
  interfaceEndpoints.forEach((name, i) => {
    if (!SERVICE_NAME.test(name)) {
      problems.push(`interfaceEndpoints[${i}] "${name}" is not an AWS service name (expected the name without com.amazonaws.<region>., like sqs or kinesis-streams)`);
    }
  });
  if (!Token.isUnresolved(cidr)) {
    const reading = readIpv4Cidr(cidr);
    if (reading.problem === 'host-bits') {
      problems.push(`cidr "${cidr}" has host bits set (expected the network address ${reading.networkForm})`);
    } else if (reading.network === undefined) {
      problems.push(`cidr "${cidr}" is not an IPv4 CIDR (expected like 10.20.0.0/16)`);
    } else if (reading.network.prefixLength < 16 || reading.network.prefixLength > 20) {
      problems.push(`cidr "${cidr}" has a prefix the baseline cannot use (expected /16 to /20)`);
    }
  }
  if (availabilityZones === undefined) {
    problems.push('availabilityZones is missing and the stack region is not known at synth (expected three zones, or a stack with an explicit env)');
  } else if (availabilityZones.length !== 3) {
    problems.push(`availabilityZones ${JSON.stringify(availabilityZones)} is not three zones (expected exactly 3)`);
  }
  if (!Token.isUnresolved(natGateways) && (!Number.isInteger(natGateways) || natGateways < 1 || natGateways > 3)) {
    problems.push(`natGateways ${natGateways} is out of range (expected 1 to 3)`);
  }
  if (!LOG_RETENTION_DAYS.includes(retentionDays)) {
    problems.push(`flowLogRetentionDays ${retentionDays} is not a CloudWatch Logs retention (expected one of ${LOG_RETENTION_DAYS.join(', ')})`);
  }
  return problems;
}
