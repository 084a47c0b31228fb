import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { logCountAlertConfig } from './private/log-count-alert';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { guidProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/** Properties of {@link AzureActivityLogExport}. */
export interface AzureActivityLogExportProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** The subscription whose Activity Log is exported. */
  readonly subscriptionId: string;
  /** The Log Analytics workspace (resource ID) that receives it; its retention is the log's retention. */
  readonly logAnalyticsWorkspaceId: string;
  /** Azure region of the alert rule, e.g. "westeurope". */
  readonly location: string;
  /** The resource group that holds the alert rule. */
  readonly resourceGroupName: string;
  /** Action groups the authorization-failure alert notifies, all at once. */
  readonly alertActionGroupIds: readonly string[];
  /**
   * More than this many failed, unauthorized or forbidden operations within `deniedWindowMinutes` raise the alert.
   * @default 20
   */
  readonly deniedThreshold?: number;
  /**
   * The window denials are counted in, in minutes: one of the log alert windows (5, 10, 15, 30, 45, 60).
   * @default 5
   */
  readonly deniedWindowMinutes?: number;
  /**
   * User principal names of the emergency-access ("break-glass") accounts. Any operation one of them performs in the
   * subscription raises a security event within minutes (`sqr-<prefix>-break-glass`), to the same action groups.
   * @default [] - no break-glass alert
   */
  readonly breakGlassCallers?: readonly string[];
  /**
   * Tags of the alert rules.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** Every Activity Log category: the audit trail of the subscription's control plane, kept whole. */
export const ACTIVITY_LOG_CATEGORIES = ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'];
/** The windows a scheduled query alert counts over that suit a burst, in minutes. */
export const LOG_ALERT_WINDOW_MINUTES = [5, 10, 15, 30, 45, 60];

/** Operations the Activity Log records as refused for lack of authorization. */
export const DENIED_OPERATIONS_QUERY = [
  'AzureActivity',
  '| where ActivityStatusValue =~ "Failure"',
  '| extend statusCode = tostring(Properties_d.statusCode)',
  '| where statusCode in~ ("Forbidden", "Unauthorized") or ActivitySubstatusValue in~ ("Forbidden", "Unauthorized")',
].join('\n');

/** A sign-in name as it may appear, quoted, in a log query. */
const SIGN_IN_NAME = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Operations in the Activity Log performed by one of `callers` (user principal names). */
export function breakGlassQuery(callers: readonly string[]): string {
  return ['AzureActivity', `| where Caller in~ (${callers.map((c) => JSON.stringify(c)).join(', ')})`].join('\n');
}

/**
 * The subscription's audit trail: its Activity Log exported (every category) to the environment's Log Analytics
 * workspace, which keeps it for the tier's retention and cannot be destroyed, and a log alert on bursts of denied
 * operations there (`sqr-<prefix>-denied-operations`), notifying its action groups together.
 */
export class AzureActivityLogExport extends Construct {
  /** The subscription's diagnostic setting. */
  public readonly diagnosticSetting: MonitorDiagnosticSetting;
  /** The alert on denied operations. */
  public readonly deniedOperationsAlert: MonitorScheduledQueryRulesAlertV2;
  /** The alert on any use of a break-glass account, when some are named. */
  public readonly breakGlassAlert?: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: AzureActivityLogExportProps) {
    super(scope, id);
    const threshold = props.deniedThreshold ?? 20;
    const windowMinutes = props.deniedWindowMinutes ?? 5;
    this.node.addValidation(validate(props, threshold, windowMinutes));

    this.diagnosticSetting = new MonitorDiagnosticSetting(this, 'Resource', {
      name: azureName('diag', props.namePrefix, 'activity-log'),
      targetResourceId: `/subscriptions/${props.subscriptionId}`,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      enabledLog: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
    });

    this.deniedOperationsAlert = new MonitorScheduledQueryRulesAlertV2(this, 'DeniedOperationsAlert', logCountAlertConfig({
      name: azureName('sqr', props.namePrefix, 'denied-operations'),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      description: `Security event: more than ${threshold} denied operations within ${windowMinutes} minutes.`,
      scope: props.logAnalyticsWorkspaceId,
      query: DENIED_OPERATIONS_QUERY,
      threshold,
      windowMinutes,
      actionGroupIds: props.alertActionGroupIds,
      tags: props.tags,
    }));

    const callers = props.breakGlassCallers ?? [];
    if (callers.length > 0) {
      // The shortest log alert window: a break-glass account in use is looked at immediately.
      this.breakGlassAlert = new MonitorScheduledQueryRulesAlertV2(this, 'BreakGlassAlert', logCountAlertConfig({
        name: azureName('sqr', props.namePrefix, 'break-glass'),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        description: 'Security event: an emergency-access (break-glass) account was used. Expected never; its use must be explained.',
        scope: props.logAnalyticsWorkspaceId,
        query: breakGlassQuery(callers),
        threshold: 0,
        windowMinutes: LOG_ALERT_WINDOW_MINUTES[0],
        actionGroupIds: props.alertActionGroupIds,
        tags: props.tags,
      }));
    }
  }
}

function validate(props: AzureActivityLogExportProps, threshold: number, windowMinutes: number): Problems {
  const problems = new Problems('AzureActivityLogExport');
  problems.push(
    ...namePrefixProblems(props.namePrefix),
    ...locationProblems(props.location),
    ...guidProblems('subscriptionId', props.subscriptionId, 'a subscription ID'),
    ...tagProblems('tags', props.tags ?? {}),
  );
  if (!Token.isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 1)) {
    problems.invalid('deniedThreshold', threshold, 'is not a count of operations', 'a positive integer like 20');
  }
  if (!Token.isUnresolved(windowMinutes) && !LOG_ALERT_WINDOW_MINUTES.includes(windowMinutes)) {
    problems.invalid('deniedWindowMinutes', windowMinutes, 'is not a log alert window', `one of ${LOG_ALERT_WINDOW_MINUTES.join(', ')}`);
  }
  if (props.alertActionGroupIds.length === 0) problems.push('alertActionGroupIds is empty (expected at least one action group, or denials notify nobody)');
  (props.breakGlassCallers ?? []).forEach((caller, i) => {
    if (!Token.isUnresolved(caller) && !SIGN_IN_NAME.test(caller)) {
      problems.invalid(`breakGlassCallers[${i}]`, caller, 'is not a user principal name', 'like breakglass1@acme.onmicrosoft.com');
    }
  });
  return problems;
}
