import { isEnvironmentArtifact } from './environment';
import { controlById } from '../../controls';
import { cfnResources, refersTo } from '../../private/cloudformation';
import type { Rule } from '../../types';

/**
 * The account's CloudTrail trail: every region, log file validation, a customer-managed key, a CloudWatch Logs copy
 * (which the security alarms read), and a bucket that outlives the stack and locks its objects (CIS AWS 3.1-3.4,
 * 3.7; Checkov CKV_AWS_35/36/67).
 */
export const cfnAuditTrail: Rule = {
  id: 'CFN-AUDIT-TRAIL',
  severity: 'error',
  controls: [controlById('audit-trail-on').id],
  kind: 'cloudformation',
  clouds: ['aws'],
  description: 'The environment stack has a CloudTrail trail of every region with log file validation, a KMS key and a CloudWatch Logs copy, delivering to a retained bucket with Object Lock.',
  remediation: 'Add an AwsAuditTrail (the platform\'s AWS stack does), or set IsMultiRegionTrail, EnableLogFileValidation, KMSKeyId and CloudWatchLogsLogGroupArn on the trail and DeletionPolicy Retain with ObjectLockEnabled on its bucket.',
  check: (artifact) => {
    if (!isEnvironmentArtifact(artifact)) return [];
    const trails = cfnResources(artifact.document, 'AWS::CloudTrail::Trail');
    if (trails.length === 0) {
      return [{ resource: artifact.name, message: 'the environment stack has no AWS::CloudTrail::Trail (expected a multi-region trail with log file validation)' }];
    }
    const buckets = cfnResources(artifact.document, 'AWS::S3::Bucket');
    return trails.flatMap((trail) => {
      const p = trail.properties;
      const problems: string[] = [];
      if (p.IsMultiRegionTrail !== true) problems.push(`IsMultiRegionTrail is ${JSON.stringify(p.IsMultiRegionTrail)} (expected true: every region is recorded)`);
      if (p.EnableLogFileValidation !== true) problems.push(`EnableLogFileValidation is ${JSON.stringify(p.EnableLogFileValidation)} (expected true: tampered log files are detectable)`);
      if (p.IsLogging !== true) problems.push(`IsLogging is ${JSON.stringify(p.IsLogging)} (expected true)`);
      if (p.KMSKeyId === undefined) problems.push('KMSKeyId is not set (expected a customer-managed KMS key)');
      if (p.CloudWatchLogsLogGroupArn === undefined) problems.push('CloudWatchLogsLogGroupArn is not set (expected a log group the security metric filters read)');
      const bucket = buckets.find((b) => refersTo(p.S3BucketName, b.logicalId));
      if (!bucket) {
        problems.push('S3BucketName is not a bucket of this stack (expected the trail\'s own, retained bucket)');
      } else {
        if (bucket.body.DeletionPolicy !== 'Retain') problems.push(`bucket ${bucket.logicalId} has DeletionPolicy ${JSON.stringify(bucket.body.DeletionPolicy)} (expected Retain: audit evidence outlives the stack)`);
        if (bucket.properties.ObjectLockEnabled !== true) problems.push(`bucket ${bucket.logicalId} has no Object Lock (expected ObjectLockEnabled true with a default retention)`);
      }
      return problems.map((message) => ({ resource: trail.logicalId, message }));
    });
  },
};
