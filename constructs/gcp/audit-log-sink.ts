import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { LoggingMetric } from '@cdktf/provider-google/lib/logging-metric';
import { LoggingProjectSink } from '@cdktf/provider-google/lib/logging-project-sink';
import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { ProjectIamAuditConfig } from '@cdktf/provider-google/lib/project-iam-audit-config';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Construct } from 'constructs';
import { createServiceAgentKey, ServiceAgentKey, serviceAgentMember } from './private/kms';
import { gcpResourceName } from './private/names';
import { checkPlacement, isKnown } from './private/placement';
import { Problems } from '../../core/problems';

/** Properties of {@link GcpAuditLogSink}. */
export interface GcpAuditLogSinkProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** GCP project id. */
  readonly project: string;
  /** Region of the bucket and its key, e.g. "europe-west1". */
  readonly region: string;
  /**
   * How long audit log entries are kept, in days. The bucket's retention policy is locked: no one can delete an
   * entry earlier, or shorten the retention, not even the project's owners.
   * @default 400
   */
  readonly retentionDays?: number;
  /**
   * Services whose Data Access audit logs (reads and writes of data, admin reads) are turned on: the ones that hold
   * data. Admin Activity logs are always on.
   * @default ['storage.googleapis.com', 'secretmanager.googleapis.com', 'cloudkms.googleapis.com']
   */
  readonly dataAccessServices?: readonly string[];
  /** Notification channels (IDs) of bursts of permission denials, all notified at once. */
  readonly alertChannelIds: readonly string[];
  /**
   * More than this many denied calls within `deniedWindowMinutes` raise the alert.
   * @default 20
   */
  readonly deniedThreshold?: number;
  /**
   * The window denials are counted in, in minutes.
   * @default 5
   */
  readonly deniedWindowMinutes?: number;
  /**
   * Google accounts kept for emergencies ("break-glass"). Any audited call one of them makes raises a security event
   * at once (log-based metric `<prefix>-break-glass` and its policy), to the same channels.
   * @default [] - no break-glass alert
   */
  readonly breakGlassPrincipals?: readonly string[];
  /**
   * Labels of the bucket and policies.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** Every audit log of the project: Admin Activity, Data Access, System Event and Policy Denied. */
export const AUDIT_LOG_FILTER = 'logName:"/logs/cloudaudit.googleapis.com%2F"';
/** Audit entries of calls refused for lack of permission (gRPC status 7, PERMISSION_DENIED). */
export const PERMISSION_DENIED_FILTER = `${AUDIT_LOG_FILTER} AND protoPayload.status.code=7`;
const SIGN_IN_NAME = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Audit entries of calls made by one of `principals` (Google accounts). */
export function breakGlassFilter(principals: readonly string[]): string {
  return `${AUDIT_LOG_FILTER} AND protoPayload.authenticationInfo.principalEmail=(${principals.map((p) => JSON.stringify(p)).join(' OR ')})`;
}
const DEFAULT_DATA_ACCESS_SERVICES = ['storage.googleapis.com', 'secretmanager.googleapis.com', 'cloudkms.googleapis.com'];

/**
 * The project's audit trail: Data Access audit logs on for the services that hold data, every audit log routed by a
 * sink to a bucket that is CMEK-encrypted, private, protected from `terraform destroy` and under a locked
 * retention policy, and an alert policy on bursts of permission denials (a log-based metric), notifying its
 * channels together.
 */
export class GcpAuditLogSink extends Construct {
  /** The bucket holding the audit logs. */
  public readonly bucket: StorageBucket;
  /** The sink. */
  public readonly sink: LoggingProjectSink;
  /** The bucket's key. */
  public readonly key: ServiceAgentKey;
  /** The log-based metric counting permission denials. */
  public readonly deniedMetric: LoggingMetric;
  /** The alert on bursts of permission denials. */
  public readonly deniedPolicy: MonitoringAlertPolicy;
  /** Calls of the break-glass accounts, when some are named. */
  public readonly breakGlassMetric?: LoggingMetric;
  /** The policy on any of them. */
  public readonly breakGlassPolicy?: MonitoringAlertPolicy;

  constructor(scope: Construct, id: string, props: GcpAuditLogSinkProps) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 400;
    const threshold = props.deniedThreshold ?? 20;
    const windowMinutes = props.deniedWindowMinutes ?? 5;
    const services = props.dataAccessServices ?? DEFAULT_DATA_ACCESS_SERVICES;
    this.node.addValidation(validate(props, retentionDays, threshold, windowMinutes, services));
    const { project, namePrefix } = props;

    services.forEach((service) => new ProjectIamAuditConfig(this, `DataAccess-${service.split('.')[0]}`, {
      project,
      service,
      auditLogConfig: [{ logType: 'ADMIN_READ' }, { logType: 'DATA_READ' }, { logType: 'DATA_WRITE' }],
    }));

    const projectData = new DataGoogleProject(this, 'Project', { projectId: project });
    this.key = createServiceAgentKey(this, 'BucketKey', {
      project,
      location: props.region,
      keyRingName: gcpResourceName(namePrefix, 'audit-logs'),
      keyName: 'audit-logs',
      encrypterDecrypter: serviceAgentMember(projectData.number, 'gs-project-accounts'),
    });
    this.bucket = new StorageBucket(this, 'Bucket', {
      project,
      name: gcpResourceName(namePrefix, project, 'audit-logs'),
      location: props.region,
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      encryption: { defaultKmsKeyName: this.key.key.id },
      // Locked: entries cannot be deleted or the retention shortened before it ends. (GCS refuses versioning on a
      // bucket with a retention policy; the lock is the stronger guarantee.)
      retentionPolicy: { retentionPeriod: retentionDays * 86400, isLocked: true },
      lifecycleRule: [{ action: { type: 'Delete' }, condition: { age: retentionDays } }],
      forceDestroy: false,
      labels: props.labels,
      lifecycle: { preventDestroy: true },
      dependsOn: [this.key.binding],
    });
    this.sink = new LoggingProjectSink(this, 'Resource', {
      project,
      name: gcpResourceName(namePrefix, 'audit-logs'),
      destination: `storage.googleapis.com/${this.bucket.name}`,
      filter: AUDIT_LOG_FILTER,
      uniqueWriterIdentity: true,
    });
    new StorageBucketIamMember(this, 'SinkWriter', {
      bucket: this.bucket.name,
      role: 'roles/storage.objectCreator',
      member: this.sink.writerIdentity,
    });

    this.deniedMetric = new LoggingMetric(this, 'DeniedMetric', {
      project,
      name: gcpResourceName(namePrefix, 'permission-denied'),
      description: 'Calls refused for lack of permission, from the audit logs.',
      filter: PERMISSION_DENIED_FILTER,
      metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1' },
    });
    this.deniedPolicy = new MonitoringAlertPolicy(this, 'DeniedPolicy', {
      project,
      displayName: `${namePrefix} permission denials`,
      combiner: 'OR',
      severity: 'CRITICAL',
      documentation: { content: `Security event: more than ${threshold} calls refused for lack of permission within ${windowMinutes} minutes.`, mimeType: 'text/markdown' },
      conditions: [{
        displayName: `more than ${threshold} denials in ${windowMinutes} minutes`,
        conditionThreshold: {
          filter: `metric.type = "logging.googleapis.com/user/${this.deniedMetric.name}"`,
          comparison: 'COMPARISON_GT',
          thresholdValue: threshold,
          duration: '0s',
          aggregations: [{ alignmentPeriod: `${windowMinutes * 60}s`, perSeriesAligner: 'ALIGN_SUM', crossSeriesReducer: 'REDUCE_SUM' }],
          trigger: { count: 1 },
        },
      }],
      notificationChannels: [...props.alertChannelIds],
      userLabels: props.labels,
    });

    const principals = props.breakGlassPrincipals ?? [];
    if (principals.length > 0) {
      this.breakGlassMetric = new LoggingMetric(this, 'BreakGlassMetric', {
        project,
        name: gcpResourceName(namePrefix, 'break-glass'),
        description: 'Calls made by an emergency-access (break-glass) account, from the audit logs.',
        filter: breakGlassFilter(principals),
        metricDescriptor: { metricKind: 'DELTA', valueType: 'INT64', unit: '1' },
      });
      this.breakGlassPolicy = new MonitoringAlertPolicy(this, 'BreakGlassPolicy', {
        project,
        displayName: `${namePrefix} break-glass account used`,
        combiner: 'OR',
        severity: 'CRITICAL',
        documentation: { content: 'Security event: an emergency-access (break-glass) account was used. Expected never; its use must be explained.', mimeType: 'text/markdown' },
        conditions: [{
          displayName: 'any call by a break-glass account',
          conditionThreshold: {
            filter: `metric.type = "logging.googleapis.com/user/${this.breakGlassMetric.name}"`,
            comparison: 'COMPARISON_GT',
            thresholdValue: 0,
            duration: '0s',
            aggregations: [{ alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_SUM', crossSeriesReducer: 'REDUCE_SUM' }],
            trigger: { count: 1 },
          },
        }],
        notificationChannels: [...props.alertChannelIds],
        userLabels: props.labels,
      });
    }
  }
}

function validate(
  props: GcpAuditLogSinkProps, retentionDays: number, threshold: number, windowMinutes: number, services: readonly string[],
): Problems {
  const problems = new Problems('GcpAuditLogSink');
  checkPlacement(problems, props);
  if (isKnown(retentionDays) && (!Number.isInteger(retentionDays) || retentionDays < 90 || retentionDays > 36500)) {
    problems.invalid('retentionDays', retentionDays, 'is not an audit retention', 'whole days from 90 to 36500');
  }
  if (isKnown(threshold) && (!Number.isInteger(threshold) || threshold < 1)) {
    problems.invalid('deniedThreshold', threshold, 'is not a count of calls', 'a positive integer like 20');
  }
  if (isKnown(windowMinutes) && (!Number.isInteger(windowMinutes) || windowMinutes < 1 || windowMinutes > 1440)) {
    problems.invalid('deniedWindowMinutes', windowMinutes, 'is not an alignment period', 'whole minutes from 1 to 1440');
  }
  services.forEach((s, i) => {
    if (isKnown(s) && !/^[a-z0-9-]+\.googleapis\.com$/.test(s)) problems.invalid(`dataAccessServices[${i}]`, s, 'is not a Google API service', 'like storage.googleapis.com');
  });
  if (props.alertChannelIds.length === 0) problems.push('alertChannelIds is empty (expected at least one notification channel, or denials notify nobody)');
  (props.breakGlassPrincipals ?? []).forEach((p, i) => {
    if (isKnown(p) && !SIGN_IN_NAME.test(p)) problems.invalid(`breakGlassPrincipals[${i}]`, p, 'is not a Google account', 'like breakglass@acme.example');
  });
  return problems;
}
