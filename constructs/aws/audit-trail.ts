import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LOG_RETENTION_DAYS } from './private/log-retention';
import { suppressNag } from './private/nag';
import { Problems } from '../../core/problems';

/** Properties of an {@link AwsAuditTrail}. */
export interface AwsAuditTrailProps {
  /**
   * Topics the security alarms (root sign-in, bursts of unauthorized calls) notify, all at once.
   */
  readonly alarmTopics: readonly sns.ITopic[];
  /**
   * More than this many unauthorized API calls within `unauthorizedCallsWindowMinutes` raise the alarm.
   * @default 20
   */
  readonly unauthorizedCallsThreshold?: number;
  /**
   * The window the unauthorized calls are counted in, in minutes (1 to 60, whole minutes).
   * @default 5
   */
  readonly unauthorizedCallsWindowMinutes?: number;
  /**
   * How long the trail's CloudWatch Logs copy (which the metric filters read) is kept, in days: a CloudWatch Logs
   * retention value.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * How long the log files stay in the bucket, in days. They are locked (S3 Object Lock, governance mode) for that
   * long, so nobody deletes audit evidence without the `s3:BypassGovernanceRetention` permission, and expire after.
   * @default 2557 (7 years)
   */
  readonly bucketRetentionDays?: number;
}

/** The metric namespace of the trail's security metrics. */
export const AUDIT_TRAIL_METRIC_NAMESPACE = 'Baseline/Security';

/**
 * CIS AWS Foundations 4.3 (root account usage): any call made as root, except what AWS services do on its behalf.
 */
export const ROOT_ACTIVITY_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
/** CIS AWS Foundations 4.1 (unauthorized API calls): calls the caller's permissions refused. */
export const UNAUTHORIZED_CALLS_PATTERN = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';

/**
 * The account's audit trail: a CloudTrail trail of every region's management events, with log file validation,
 * encrypted with a customer-managed key, delivered to a versioned, object-locked bucket that outlives the stack,
 * and copied to CloudWatch Logs, where metric filters count root activity and unauthorized calls and alarms notify
 * the security topics.
 *
 * One per account: the trail is multi-region, so a second one in another region of the same account would only
 * duplicate every event.
 */
export class AwsAuditTrail extends Construct {
  /** The trail. */
  public readonly trail: cloudtrail.Trail;
  /** The bucket holding the log files. */
  public readonly bucket: s3.Bucket;
  /** The key of the bucket, the log files and the log group. */
  public readonly key: kms.Key;
  /** The CloudWatch Logs copy of the trail. */
  public readonly logGroup: logs.LogGroup;
  /** Fires on any activity of the root user. */
  public readonly rootActivityAlarm: cloudwatch.Alarm;
  /** Fires on a burst of unauthorized API calls. */
  public readonly unauthorizedCallsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AwsAuditTrailProps) {
    super(scope, id);
    const threshold = props.unauthorizedCallsThreshold ?? 20;
    const windowMinutes = props.unauthorizedCallsWindowMinutes ?? 5;
    const logRetentionDays = props.logRetentionDays ?? 365;
    const bucketRetentionDays = props.bucketRetentionDays ?? 2557;
    this.node.addValidation(validate(props, threshold, windowMinutes, logRetentionDays, bucketRetentionDays));
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the audit trail of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudTrailEncrypts',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      // Trails of this account only, in any region (the trail is multi-region): the encryption context names them.
      conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` } },
    }));
    const logGroupArn = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`;
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'LogsEncrypt',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
    }));

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(bucketRetentionDays)),
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(bucketRetentionDays), noncurrentVersionExpiration: Duration.days(1) }],
    });
    const bucketReason = 'CloudTrail writes here and nothing else does; server access logs would need a second bucket that in turn needs one, while the trail itself records every data-plane call to this bucket\'s policy and configuration.';
    suppressNag(this.bucket, [
      { id: 'AwsSolutions-S1', reason: bucketReason },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: bucketReason },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: 'The log files are locked against deletion and validated by CloudTrail digests; the trail is multi-region already, so a cross-region replica would be a second copy of the same evidence at twice the cost.',
      },
    ]);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: this.key,
      retention: logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.logGroup.node.addDependency(this.key);

    this.trail = new cloudtrail.Trail(this, 'Resource', {
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: this.logGroup,
    });
    const logsPolicy = this.trail.node.tryFindChild('LogsRole')?.node.tryFindChild('DefaultPolicy');
    if (logsPolicy) {
      suppressNag(logsPolicy, [{
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason: 'The statement lets CloudTrail write to this one log group only; inline keeps it bound to the trail\'s delivery role and deleted with it, which a managed policy would not.',
      }]);
    }

    const filter = (name: string, pattern: string) => new logs.MetricFilter(this, `${name}Filter`, {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.literal(pattern),
      metricNamespace: AUDIT_TRAIL_METRIC_NAMESPACE,
      metricName: name,
      metricValue: '1',
      defaultValue: 0,
    });
    const rootFilter = filter('RootActivity', ROOT_ACTIVITY_PATTERN);
    const unauthorizedFilter = filter('UnauthorizedCalls', UNAUTHORIZED_CALLS_PATTERN);

    this.rootActivityAlarm = new cloudwatch.Alarm(this, 'RootActivityAlarm', {
      alarmDescription: 'Security event: the root user was used (sign-in or API call). Expected never; break-glass use must be explained.',
      metric: rootFilter.metric({ statistic: 'Sum', period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.unauthorizedCallsAlarm = new cloudwatch.Alarm(this, 'UnauthorizedCallsAlarm', {
      alarmDescription: `Security event: more than ${threshold} unauthorized API calls within ${windowMinutes} minutes.`,
      metric: unauthorizedFilter.metric({ statistic: 'Sum', period: Duration.minutes(windowMinutes) }),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const topic of props.alarmTopics) {
      this.rootActivityAlarm.addAlarmAction(new actions.SnsAction(topic));
      this.unauthorizedCallsAlarm.addAlarmAction(new actions.SnsAction(topic));
    }
  }
}

function validate(
  props: AwsAuditTrailProps, threshold: number, windowMinutes: number, logRetentionDays: number, bucketRetentionDays: number,
): Problems {
  const problems = new Problems('AwsAuditTrail');
  const known = (n: number) => !Token.isUnresolved(n);
  if (props.alarmTopics.length === 0) problems.push('alarmTopics is empty (expected at least one topic, or the security alarms notify nobody)');
  if (known(threshold) && (!Number.isInteger(threshold) || threshold < 1)) {
    problems.invalid('unauthorizedCallsThreshold', threshold, 'is not a count of calls', 'a positive integer like 20');
  }
  if (known(windowMinutes) && (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > 60)) {
    problems.invalid('unauthorizedCallsWindowMinutes', windowMinutes, 'is not an alarm period', 'whole minutes from 1 to 60');
  }
  if (known(logRetentionDays) && !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    problems.invalid('logRetentionDays', logRetentionDays, 'is not a CloudWatch Logs retention', `one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  if (known(bucketRetentionDays) && (!Number.isInteger(bucketRetentionDays) || bucketRetentionDays < 90)) {
    problems.invalid('bucketRetentionDays', bucketRetentionDays, 'is too short for audit evidence', 'whole days, at least 90');
  }
  return problems;
}
