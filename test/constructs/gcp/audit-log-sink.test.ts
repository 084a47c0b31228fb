import { Testing } from 'cdktf';
import { AUDIT_LOG_FILTER, breakGlassFilter, GcpAuditLogSink, GcpAuditLogSinkProps, PERMISSION_DENIED_FILTER } from '../../../constructs/gcp';
import { onlyResource, resourcesOf, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const PROPS: GcpAuditLogSinkProps = { namePrefix: 'acme-dev', project: 'acme-dev-4821', region: 'europe-west1', alertChannelIds: ['channels/1', 'channels/2'] };
const parse = (props: Partial<GcpAuditLogSinkProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new GcpAuditLogSink(scope, 'AuditLogs', { ...PROPS, ...props });
}));

test('every audit log is sunk to a locked, CMEK-encrypted, private bucket that survives destroy', () => {
  const json = parse({ retentionDays: 365 });
  const sink = onlyResource(json, 'google_logging_project_sink');
  expect(sink).toMatchObject({ filter: AUDIT_LOG_FILTER, unique_writer_identity: true, name: 'acme-dev-audit-logs' });
  expect(Object.keys(json.resource.google_logging_project_sink)).toEqual(['AuditLogs_B945E340']);
  const bucket = onlyResource(json, 'google_storage_bucket');
  expect(sink.destination).toBe('storage.googleapis.com/${google_storage_bucket.AuditLogs_Bucket_718B2019.name}');
  expect(bucket).toMatchObject({
    location: 'europe-west1',
    uniform_bucket_level_access: true,
    public_access_prevention: 'enforced',
    force_destroy: false,
    retention_policy: { retention_period: 365 * 86400, is_locked: true },
    lifecycle: { prevent_destroy: true },
    encryption: { default_kms_key_name: '${google_kms_crypto_key.AuditLogs_BucketKey_81859D89.id}' },
  });
  // The sink's own identity may write objects, nothing more.
  expect(onlyResource(json, 'google_storage_bucket_iam_member')).toMatchObject({ role: 'roles/storage.objectCreator', member: '${google_logging_project_sink.AuditLogs_B945E340.writer_identity}' });
  // The storage service agent may use the key.
  expect(onlyResource(json, 'google_kms_crypto_key_iam_member').member).toBe('serviceAccount:service-${data.google_project.AuditLogs_Project_DA980EB7.number}@gs-project-accounts.iam.gserviceaccount.com');
});

test('Data Access audit logs are on for the services that hold data', () => {
  const configs = resourcesOf(parse(), 'google_project_iam_audit_config');
  expect(configs.map((c) => c.service).sort()).toEqual(['cloudkms.googleapis.com', 'secretmanager.googleapis.com', 'storage.googleapis.com']);
  for (const c of configs) expect(c.audit_log_config).toEqual([{ log_type: 'ADMIN_READ' }, { log_type: 'DATA_READ' }, { log_type: 'DATA_WRITE' }]);
});

test('more than the threshold of permission denials in the window notifies every channel at once', () => {
  const json = parse({ deniedThreshold: 7, deniedWindowMinutes: 10 });
  expect(onlyResource(json, 'google_logging_metric')).toMatchObject({ filter: PERMISSION_DENIED_FILTER, metric_descriptor: { metric_kind: 'DELTA', value_type: 'INT64' } });
  const policy = onlyResource(json, 'google_monitoring_alert_policy');
  expect(policy.notification_channels).toEqual(['channels/1', 'channels/2']);
  expect(policy.conditions[0].condition_threshold).toMatchObject({
    comparison: 'COMPARISON_GT',
    threshold_value: 7,
    duration: '0s',
    aggregations: [{ alignment_period: '600s', per_series_aligner: 'ALIGN_SUM', cross_series_reducer: 'REDUCE_SUM' }],
  });
});

test('any call by a break-glass account notifies every channel at once', () => {
  const json = parse({ breakGlassPrincipals: ['breakglass@acme.example', 'breakglass2@acme.example'] });
  expect(Object.keys(json.resource.google_logging_metric)).toEqual(['AuditLogs_BreakGlassMetric_7DDC1CBE', 'AuditLogs_DeniedMetric_0BBB90CC']);
  const metric = json.resource.google_logging_metric.AuditLogs_BreakGlassMetric_7DDC1CBE;
  expect(metric).toMatchObject({
    name: 'acme-dev-break-glass',
    filter: `${AUDIT_LOG_FILTER} AND protoPayload.authenticationInfo.principalEmail=("breakglass@acme.example" OR "breakglass2@acme.example")`,
  });
  expect(breakGlassFilter(['a@b.example'])).toBe(`${AUDIT_LOG_FILTER} AND protoPayload.authenticationInfo.principalEmail=("a@b.example")`);
  const policy = Object.values<any>(json.resource.google_monitoring_alert_policy).find((p) => p.display_name === 'acme-dev break-glass account used');
  expect(policy.notification_channels).toEqual(['channels/1', 'channels/2']);
  expect(policy.conditions[0].condition_threshold).toMatchObject({
    filter: 'metric.type = "logging.googleapis.com/user/${google_logging_metric.AuditLogs_BreakGlassMetric_7DDC1CBE.name}"',
    comparison: 'COMPARISON_GT',
    threshold_value: 0,
    duration: '0s',
  });
});

test('bad props are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new GcpAuditLogSink(scope, 'AuditLogs', {
    ...PROPS, retentionDays: 30, deniedThreshold: 0, deniedWindowMinutes: 0, dataAccessServices: ['storage'], alertChannelIds: [], breakGlassPrincipals: ['root'],
  }));
  for (const problem of [
    'GcpAuditLogSink: retentionDays 30 is not an audit retention (expected whole days from 90 to 36500)',
    'GcpAuditLogSink: deniedThreshold 0 is not a count of calls (expected a positive integer like 20)',
    'GcpAuditLogSink: deniedWindowMinutes 0 is not an alignment period (expected whole minutes from 1 to 1440)',
    'GcpAuditLogSink: dataAccessServices[0] "storage" is not a Google API service (expected like storage.googleapis.com)',
    'GcpAuditLogSink: alertChannelIds is empty (expected at least one notification channel, or denials notify nobody)',
    'GcpAuditLogSink: breakGlassPrincipals[0] "root" is not a Google account (expected like breakglass@acme.example)',
  ]) expect(message).toContain(problem);
});
