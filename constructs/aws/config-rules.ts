import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { suppressNag } from './private/nag';
import { Problems } from '../../core/problems';

/** One AWS Config managed rule of the baseline. */
export interface AwsConfigBaselineRule {
  /** The managed rule's identifier, e.g. `EKS_ENDPOINT_NO_PUBLIC_ACCESS`. */
  readonly identifier: string;
  /** What it enforces, in the baseline's terms; it becomes the rule's description. */
  readonly description: string;
  /** The rule's parameters. @default - none */
  readonly inputParameters?: Record<string, string>;
}

/** The five EKS control-plane log types, all of which the baseline exports. */
const EKS_LOG_TYPES = 'api,audit,authenticator,controllerManager,scheduler';

/**
 * The managed rules {@link AwsConfigGuardrails} creates besides `REQUIRED_TAGS`, one per baseline control that AWS
 * Config can judge on the live resources. The construct id of each rule is its identifier in PascalCase, so this
 * list's identifiers are part of the contract: removing one deletes the rule.
 */
export const AWS_CONFIG_BASELINE_RULES: readonly AwsConfigBaselineRule[] = [
  { identifier: 'EKS_ENDPOINT_NO_PUBLIC_ACCESS', description: 'EKS API endpoints are not public.' },
  { identifier: 'EKS_SECRETS_ENCRYPTED', description: 'EKS clusters envelope-encrypt Kubernetes secrets with KMS.' },
  { identifier: 'EKS_CLUSTER_LOG_ENABLED', description: 'EKS clusters export all five control-plane log types.', inputParameters: { logTypes: EKS_LOG_TYPES } },
  { identifier: 'ECR_PRIVATE_IMAGE_SCANNING_ENABLED', description: 'Private ECR repositories scan images on push or continuously.' },
  { identifier: 'ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED', description: 'Private ECR repositories have immutable tags.' },
  { identifier: 'VPC_FLOW_LOGS_ENABLED', description: 'Every VPC has a flow log of all traffic.', inputParameters: { trafficType: 'ALL' } },
  { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', description: 'Default security groups allow no traffic.' },
  { identifier: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED', description: 'No subnet hands out public IPs on launch.' },
  { identifier: 'EC2_INSTANCE_NO_PUBLIC_IP', description: 'Instances, cluster nodes included, have no public IP.' },
  { identifier: 'EC2_IMDSV2_CHECK', description: 'Instances require IMDSv2 session tokens.' },
  { identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED', description: 'CloudWatch log groups are encrypted with KMS.' },
  { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED', description: 'Customer-managed KMS keys rotate their key material.' },
  { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION', description: 'No customer-managed KMS key is scheduled for deletion.' },
  { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK', description: 'The root user has no access keys.' },
  { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED', description: 'S3 buckets block public access.' },
  { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY', description: 'S3 buckets refuse requests without TLS.' },
];

/**
 * Types `REQUIRED_TAGS` evaluates by default: the taggable kinds the baseline and its workloads create that the
 * managed rule supports. Types AWS creates untagged on its own (default network ACLs, main route tables, ENIs of
 * managed services) are left out, or the rule would report what no one can tag.
 */
export const DEFAULT_REQUIRED_TAGS_RESOURCE_TYPES: readonly string[] = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::Instance',
  'AWS::EC2::Volume',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::S3::Bucket',
];

/** Properties of an {@link AwsConfigGuardrails}. */
export interface AwsConfigGuardrailsProps {
  /** Tag keys every resource of `requiredTagsResourceTypes` must carry; `REQUIRED_TAGS` takes at most six. */
  readonly requiredTagKeys: string[];
  /**
   * Resource types `REQUIRED_TAGS` evaluates.
   * @default DEFAULT_REQUIRED_TAGS_RESOURCE_TYPES
   */
  readonly requiredTagsResourceTypes?: string[];
  /**
   * The account and region already have an AWS Config recorder and delivery channel, as landing zones (Control
   * Tower, a delegated Config administrator) set up: only the rules are created. AWS Config allows one recorder
   * per account and region, so creating a second one fails the deployment. Without a recorder the rules never
   * evaluate, so say this only when the organization really records here.
   * @default false - the construct creates the recorder, its role, the delivery channel and its bucket
   */
  readonly useExistingRecorder?: boolean;
  /**
   * Record global resource types (IAM users, roles, policies) in this region. Record them in one region per
   * account only, or each change is recorded (and billed) once per region.
   * @default true
   */
  readonly includeGlobalResourceTypes?: boolean;
  /**
   * How long the configuration history and snapshots are kept in the delivery bucket, in days.
   * @default 2557 - seven years, a common retention for audit evidence
   */
  readonly historyRetentionDays?: number;
}

/** The limit of tag keys of the `REQUIRED_TAGS` managed rule. */
export const MAX_REQUIRED_TAG_KEYS = 6;

/**
 * The baseline's controls enforced where the resources live: AWS Config managed rules that judge the live
 * resources, so a hand-made change that weakens one (a public EKS endpoint, a mutable repository, an untagged
 * instance) is reported even though it never went through synth.
 *
 * The rules are listed in {@link AWS_CONFIG_BASELINE_RULES}, plus `REQUIRED_TAGS` with `requiredTagKeys`. They
 * detect and report; they change nothing.
 *
 * AWS Config rules need a configuration recorder and a delivery channel in the account and region. By default
 * this construct creates them, so it works standalone: a recorder of all supported resource types with its own
 * role (the AWS managed `AWS_ConfigRole` policy), and a delivery channel to a KMS-encrypted, versioned, retained
 * bucket that only accepts TLS and grants AWS Config nothing beyond delivering to its own prefix. Where the
 * organization already records (Control Tower and other landing zones do), set `useExistingRecorder`.
 */
export class AwsConfigGuardrails extends Construct {
  /** The managed rules, by identifier. */
  public readonly rules: Readonly<Record<string, config.ManagedRule>>;
  /** The configuration recorder, unless `useExistingRecorder`. */
  public readonly recorder?: config.CfnConfigurationRecorder;
  /** The delivery channel, unless `useExistingRecorder`. */
  public readonly deliveryChannel?: config.CfnDeliveryChannel;
  /** The bucket receiving configuration history and snapshots, unless `useExistingRecorder`. Retained. */
  public readonly bucket?: s3.Bucket;
  /** The key encrypting that bucket, unless `useExistingRecorder`. Retained. */
  public readonly bucketKey?: kms.Key;

  constructor(scope: Construct, id: string, props: AwsConfigGuardrailsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const resourceTypes = props.requiredTagsResourceTypes ?? [...DEFAULT_REQUIRED_TAGS_RESOURCE_TYPES];
    const historyRetentionDays = props.historyRetentionDays ?? 2557;
    this.node.addValidation(validate(props, resourceTypes, historyRetentionDays));

    const dependencies: Construct[] = [];
    if (!props.useExistingRecorder) {
      const role = new iam.Role(this, 'RecorderRole', {
        assumedBy: new iam.ServicePrincipal('config.amazonaws.com'),
        description: `Lets AWS Config record resources for ${this.node.path}`,
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWS_ConfigRole')],
      });
      suppressNag(role, [{
        id: 'AwsSolutions-IAM4',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole'],
        reason: 'AWS_ConfigRole is the policy AWS documents for the recorder role: AWS keeps its read permissions in step with every resource type Config supports, which a hand-written policy would miss as types are added.',
      }]);

      this.bucketKey = new kms.Key(this, 'BucketKey', {
        description: `Encrypts the AWS Config history of ${this.node.path}`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.bucket = new s3.Bucket(this, 'Bucket', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.bucketKey,
        bucketKeyEnabled: true,
        enforceSSL: true,
        versioned: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [{
          expiration: Duration.days(historyRetentionDays),
          noncurrentVersionExpiration: Duration.days(30),
        }],
      });
      suppressNag(this.bucket, [
        {
          id: 'AwsSolutions-S1',
          reason: 'Only the AWS Config recorder role may write here, to its own prefix, and the bucket is versioned. Server access logs would need a second bucket that in turn needs one. Changes to this bucket and its policy are CloudTrail management events: the platform\'s multi-region audit trail (AwsAuditTrail) keeps them in its object-locked bucket, and without a trail the account\'s CloudTrail event history keeps them 90 days. Object-level reads are not logged.',
        },
        {
          id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
          reason: 'Only the AWS Config recorder role may write here, to its own prefix, and the bucket is versioned. Server access logs would need a second bucket that in turn needs one. Changes to this bucket and its policy are CloudTrail management events: the platform\'s multi-region audit trail (AwsAuditTrail) keeps them in its object-locked bucket, and without a trail the account\'s CloudTrail event history keeps them 90 days. Object-level reads are not logged.',
        },
        {
          id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
          reason: 'The bucket holds delivered copies: AWS Config itself keeps the configuration history for seven years by default and answers queries from it, so a replica would be a third copy of the same evidence.',
        },
      ]);
      // Config delivers as the recorder role; the grants live on the bucket and the key rather than in an inline
      // policy of the role, and name this account's prefix only.
      const prefix = `${this.bucket.bucketArn}/AWSLogs/${stack.account}/Config/*`;
      this.bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'ConfigBucketCheck',
        principals: [role],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }));
      this.bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'ConfigDelivery',
        principals: [role],
        actions: ['s3:PutObject'],
        resources: [prefix],
      }));
      this.bucketKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'ConfigDeliveryEncryption',
        principals: [role],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }));

      this.recorder = new config.CfnConfigurationRecorder(this, 'Recorder', {
        roleArn: role.roleArn,
        recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.includeGlobalResourceTypes ?? true },
      });
      this.deliveryChannel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
        s3BucketName: this.bucket.bucketName,
        s3KmsKeyArn: this.bucketKey.keyArn,
        configSnapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      });
      // Config checks that it can write to the bucket when the channel is created.
      this.deliveryChannel.node.addDependency(this.bucket);
      dependencies.push(this.recorder, this.deliveryChannel);
    }

    const rules: Record<string, config.ManagedRule> = {};
    const add = (rule: AwsConfigBaselineRule, ruleScope?: config.RuleScope) => {
      const managed = new config.ManagedRule(this, pascalCase(rule.identifier), {
        identifier: rule.identifier,
        description: rule.description,
        inputParameters: rule.inputParameters,
        ruleScope,
      });
      // A rule put before the recorder exists is refused.
      for (const dependency of dependencies) managed.node.addDependency(dependency);
      rules[rule.identifier] = managed;
    };
    for (const rule of AWS_CONFIG_BASELINE_RULES) add(rule);
    add({
      identifier: 'REQUIRED_TAGS',
      description: `Resources carry the mandatory tags ${props.requiredTagKeys.join(', ')}.`,
      inputParameters: Object.fromEntries(props.requiredTagKeys.map((key, index) => [`tag${index + 1}Key`, key])),
    }, config.RuleScope.fromResources(resourceTypes.map((type) => config.ResourceType.of(type))));
    this.rules = rules;
  }
}

/** `EKS_ENDPOINT_NO_PUBLIC_ACCESS` → `EksEndpointNoPublicAccess`. */
function pascalCase(identifier: string): string {
  return identifier.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function validate(props: AwsConfigGuardrailsProps, resourceTypes: string[], historyRetentionDays: number): Problems {
  const problems = new Problems('AwsConfigGuardrails');
  const keys = props.requiredTagKeys;
  if (keys.length === 0) {
    problems.push('requiredTagKeys is empty (expected the mandatory tag keys, 1 to 6)');
  } else if (keys.length > MAX_REQUIRED_TAG_KEYS) {
    problems.push(`requiredTagKeys has ${keys.length} keys (expected at most ${MAX_REQUIRED_TAG_KEYS}, the limit of the REQUIRED_TAGS managed rule)`);
  }
  keys.forEach((key, index) => {
    if (Token.isUnresolved(key)) return;
    if (key.length === 0 || key.length > 128 || key.startsWith('aws:')) {
      problems.push(`requiredTagKeys[${index}] "${key}" is not a tag key (expected 1 to 128 characters, not starting with aws:)`);
    } else if (keys.indexOf(key) !== index) {
      problems.push(`requiredTagKeys[${index}] "${key}" is listed twice (expected unique keys)`);
    }
  });
  if (resourceTypes.length === 0 || resourceTypes.length > 100) {
    problems.push(`requiredTagsResourceTypes has ${resourceTypes.length} types (expected 1 to 100, the limit of a rule scope)`);
  }
  for (const type of resourceTypes) {
    if (!Token.isUnresolved(type) && !/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(type)) {
      problems.push(`requiredTagsResourceTypes entry "${type}" is not a resource type (expected like AWS::EC2::Instance)`);
    }
  }
  if (!Token.isUnresolved(historyRetentionDays) && (!Number.isInteger(historyRetentionDays) || historyRetentionDays < 1)) {
    problems.push(`historyRetentionDays ${historyRetentionDays} is not a number of days (expected a positive integer)`);
  }
  return problems;
}
