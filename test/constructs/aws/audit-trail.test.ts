import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsAuditTrail, AwsAuditTrailProps, ROOT_ACTIVITY_PATTERN, UNAUTHORIZED_CALLS_PATTERN } from '../../../constructs/aws';

function synth(props: Partial<AwsAuditTrailProps> = {}): { template: Template; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Audit', { env: { account: '111111111111', region: 'eu-west-1' } });
  const topic = sns.Topic.fromTopicArn(stack, 'Security', 'arn:aws:sns:eu-west-1:111111111111:security');
  new AwsAuditTrail(stack, 'AuditTrail', { alarmTopics: [topic], ...props });
  return { template: Template.fromStack(stack), stack };
}

test('the trail records every region with log file validation, encrypted with its own key, as the primary child', () => {
  const { template } = synth();
  template.resourceCountIs('AWS::CloudTrail::Trail', 1);
  template.hasResourceProperties('AWS::CloudTrail::Trail', {
    IsMultiRegionTrail: true,
    IncludeGlobalServiceEvents: true,
    EnableLogFileValidation: true,
    IsLogging: true,
    KMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailKey'), 'Arn'] },
    S3BucketName: { Ref: Match.stringLikeRegexp('^AuditTrailBucket') },
    CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AuditTrailLogGroup'), 'Arn'] },
  });
  const ids = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>).map(([id, r]) => `${r.Type} ${id}`);
  expect(ids).toEqual(expect.arrayContaining([
    'AWS::CloudTrail::Trail AuditTrail213A10E8',
    'AWS::S3::Bucket AuditTrailBucketA91FD435',
    'AWS::KMS::Key AuditTrailKeyA4D56A7A',
    'AWS::Logs::LogGroup AuditTrailLogGroup28BB9333',
  ]));
});

test('the bucket and its key outlive the stack, and the log files are locked and versioned', () => {
  const { template } = synth({ bucketRetentionDays: 400 });
  template.hasResource('AWS::S3::Bucket', {
    DeletionPolicy: 'Retain',
    UpdateReplacePolicy: 'Retain',
    Properties: Match.objectLike({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 400 } } },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
    }),
  });
  template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
});

test('metric filters count root activity and unauthorized calls; alarms notify the topics', () => {
  // GIVEN a burst standard of more than 7 calls in 10 minutes
  const { template } = synth({ unauthorizedCallsThreshold: 7, unauthorizedCallsWindowMinutes: 10, logRetentionDays: 90 });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: ROOT_ACTIVITY_PATTERN, MetricTransformations: [Match.objectLike({ MetricName: 'RootActivity', MetricValue: '1' })] });
  template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: UNAUTHORIZED_CALLS_PATTERN, MetricTransformations: [Match.objectLike({ MetricName: 'UnauthorizedCalls' })] });
  // THEN the unauthorized-calls alarm fires above 7 in one 10-minute period
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'UnauthorizedCalls',
    Namespace: 'Baseline/Security',
    Statistic: 'Sum',
    Period: 600,
    Threshold: 7,
    ComparisonOperator: 'GreaterThanThreshold',
    EvaluationPeriods: 1,
    TreatMissingData: 'notBreaching',
    AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:security'],
  });
  // AND any root activity fires at once
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    MetricName: 'RootActivity',
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    Period: 60,
    EvaluationPeriods: 1,
    AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:security'],
  });
});

test('CloudTrail may encrypt with the key only for trails of this account', () => {
  const { template } = synth();
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'CloudTrailEncrypts',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:111111111111:trail/*']] } } },
      })]),
    },
  });
});

test('bad props are all reported at synth, with path, value and what is expected', () => {
  const app = new App();
  const stack = new Stack(app, 'Audit', { env: { account: '111111111111', region: 'eu-west-1' } });
  new AwsAuditTrail(stack, 'AuditTrail', { alarmTopics: [], unauthorizedCallsThreshold: 0, unauthorizedCallsWindowMinutes: 90, logRetentionDays: 42, bucketRetentionDays: 30 });
  let message = '';
  try { app.synth(); } catch (e) { message = (e as Error).message; }
  for (const problem of [
    'AwsAuditTrail: alarmTopics is empty (expected at least one topic, or the security alarms notify nobody)',
    'AwsAuditTrail: unauthorizedCallsThreshold 0 is not a count of calls (expected a positive integer like 20)',
    'AwsAuditTrail: unauthorizedCallsWindowMinutes 90 is not an alarm period (expected whole minutes from 1 to 60)',
    'AwsAuditTrail: logRetentionDays 42 is not a CloudWatch Logs retention (expected one of ',
    'AwsAuditTrail: bucketRetentionDays 30 is too short for audit evidence (expected whole days, at least 90)',
  ]) expect(message).toContain(problem);
});
