import type { Artifact } from '../../../../../lib/artifacts';
import { azureActivityLogExported } from '../../../../../lib/policy/rules/observability/azure-activity-log-export';
import { cfnAuditTrail } from '../../../../../lib/policy/rules/observability/cfn-audit-trail';
import { gcpAuditLogSink } from '../../../../../lib/policy/rules/observability/gcp-audit-log-sink';

const cfn = (resources: Record<string, unknown>, name = 'acme-prod'): Artifact => ({ kind: 'cloudformation', cloud: 'aws', environment: 'prod', name, file: 'x', document: { Resources: resources } });
const tf = (cloud: 'azure' | 'gcp', resource: Record<string, unknown>): Artifact => ({ kind: 'terraform', cloud, environment: 'prod', name: `acme-prod-${cloud}`, file: 'x', document: { resource } });

const GOOD_TRAIL = {
  Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { ObjectLockEnabled: true } },
  Trail: {
    Type: 'AWS::CloudTrail::Trail',
    Properties: { IsMultiRegionTrail: true, EnableLogFileValidation: true, IsLogging: true, KMSKeyId: 'k', CloudWatchLogsLogGroupArn: 'a', S3BucketName: { Ref: 'Bucket' } },
  },
};

describe('CFN-AUDIT-TRAIL', () => {
  test('passes on a multi-region, validated, encrypted trail delivering to a retained, locked bucket', () => {
    expect(cfnAuditTrail.check(cfn(GOOD_TRAIL))).toEqual([]);
  });

  test('fails on a missing trail, and names every weakened property of one', () => {
    expect(cfnAuditTrail.check(cfn({}))).toEqual([{ resource: 'acme-prod', message: 'the environment stack has no AWS::CloudTrail::Trail (expected a multi-region trail with log file validation)' }]);
    const weak = cfn({
      Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Delete', Properties: {} },
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: { IsMultiRegionTrail: false, IsLogging: true, S3BucketName: { Ref: 'Bucket' } } },
    });
    expect(cfnAuditTrail.check(weak).map((v) => v.message)).toEqual([
      'IsMultiRegionTrail is false (expected true: every region is recorded)',
      'EnableLogFileValidation is undefined (expected true: tampered log files are detectable)',
      'KMSKeyId is not set (expected a customer-managed KMS key)',
      'CloudWatchLogsLogGroupArn is not set (expected a log group the security metric filters read)',
      'bucket Bucket has DeletionPolicy "Delete" (expected Retain: audit evidence outlives the stack)',
      'bucket Bucket has no Object Lock (expected ObjectLockEnabled true with a default retention)',
    ]);
  });

  test('team stacks need no trail of their own', () => {
    expect(cfnAuditTrail.check(cfn({}, 'acme-prod-team-payments'))).toEqual([]);
  });
});

describe('TF-AZURE-ACTIVITY-LOG-EXPORTED', () => {
  const workspace = (preventDestroy: boolean) => ({ ws: { lifecycle: preventDestroy ? { prevent_destroy: true } : {} } });
  const setting = (categories: string[]) => ({
    activity: { target_resource_id: '/subscriptions/00000000-0000-4000-8000-000000000001', log_analytics_workspace_id: '${azurerm_log_analytics_workspace.ws.id}', enabled_log: categories.map((category) => ({ category })) },
  });

  test('passes on the Activity Log exported to a protected workspace', () => {
    expect(azureActivityLogExported.check(tf('azure', { azurerm_log_analytics_workspace: workspace(true), azurerm_monitor_diagnostic_setting: setting(['Administrative', 'Security', 'Policy']) }))).toEqual([]);
  });

  test('fails on no export, missing categories and an unprotected workspace', () => {
    expect(azureActivityLogExported.check(tf('azure', {}))).toEqual([{ resource: 'acme-prod-azure', message: 'the environment stack has no diagnostic setting on the subscription (expected the Activity Log exported to the workspace)' }]);
    expect(azureActivityLogExported.check(tf('azure', { azurerm_log_analytics_workspace: workspace(false), azurerm_monitor_diagnostic_setting: setting(['Administrative']) }))).toEqual([
      { resource: 'azurerm_monitor_diagnostic_setting.activity', message: 'enabled_log misses Security, Policy (expected at least Administrative, Security, Policy)' },
      { resource: 'azurerm_monitor_diagnostic_setting.activity', message: 'workspace azurerm_log_analytics_workspace.ws has no prevent_destroy (expected the audit log store protected from terraform destroy)' },
    ]);
  });
});

describe('TF-GCP-AUDIT-LOG-SINK', () => {
  const sink = { audit: { filter: 'logName:"/logs/cloudaudit.googleapis.com%2F"', destination: 'storage.googleapis.com/${google_storage_bucket.b.name}' } };

  test('passes on audit logs sunk to a locked, encrypted, protected, private bucket', () => {
    const bucket = { b: { retention_policy: { is_locked: true, retention_period: 1 }, encryption: { default_kms_key_name: 'k' }, lifecycle: { prevent_destroy: true }, public_access_prevention: 'enforced' } };
    expect(gcpAuditLogSink.check(tf('gcp', { google_logging_project_sink: sink, google_storage_bucket: bucket }))).toEqual([]);
  });

  test('fails on no sink and on an unlocked, unencrypted, unprotected bucket', () => {
    expect(gcpAuditLogSink.check(tf('gcp', {}))).toEqual([{ resource: 'acme-prod-gcp', message: 'the environment stack has no log sink of the audit logs (expected a google_logging_project_sink with a cloudaudit.googleapis.com filter)' }]);
    expect(gcpAuditLogSink.check(tf('gcp', { google_logging_project_sink: sink, google_storage_bucket: { b: { retention_policy: { is_locked: false } } } })).map((v) => v.message)).toEqual([
      'retention_policy is not locked (expected is_locked true: entries cannot be deleted before their retention ends)',
      'has no encryption.default_kms_key_name (expected a customer-managed key)',
      'has no prevent_destroy (expected the audit bucket protected from terraform destroy)',
      'public_access_prevention is undefined (expected "enforced")',
    ]);
  });
});
