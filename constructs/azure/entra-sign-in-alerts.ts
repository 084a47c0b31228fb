import { MonitorAadDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { Construct } from 'constructs';
import { LOG_ALERT_WINDOW_MINUTES } from './activity-log-export';
import { logCountAlertConfig } from './private/log-count-alert';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { resourceIdProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/** Properties of {@link EntraSignInAlerts}. */
export interface EntraSignInAlertsProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-prod". */
  readonly namePrefix: string;
  /** Azure region of the alert rule, e.g. "westeurope". */
  readonly location: string;
  /** The resource group that holds the alert rule. */
  readonly resourceGroupName: string;
  /**
   * The Log Analytics workspace (resource ID) that receives the tenant's sign-in logs and that the alert queries.
   * Its retention is the sign-in logs' retention.
   */
  readonly logAnalyticsWorkspaceId: string;
  /** User principal names of the emergency-access (break-glass) accounts, as `SigninLogs` records them. */
  readonly breakGlassAccounts: readonly string[];
  /** Action groups notified of a break-glass sign-in, all at once. */
  readonly actionGroupIds: readonly string[];
  /**
   * Tags of the alert rule (the tenant diagnostic setting takes none).
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The Entra ID log categories the tenant exports: every kind of sign-in. */
export const ENTRA_SIGN_IN_LOG_CATEGORIES = ['SignInLogs', 'NonInteractiveUserSignInLogs'];

/** A user principal name as it may appear, quoted, in a log query. */
const USER_PRINCIPAL_NAME = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** Sign-ins, interactive or not, successful or not, of the named accounts. */
export function breakGlassSignInQuery(accounts: readonly string[]): string {
  return [
    'union SigninLogs, AADNonInteractiveUserSignInLogs',
    `| where UserPrincipalName in~ (${accounts.map((a) => JSON.stringify(a)).join(', ')})`,
  ].join('\n');
}

/**
 * The Entra ID tenant's sign-in logs exported to a Log Analytics workspace (a tenant-level diagnostic setting,
 * `diag-<prefix>-entra-sign-ins`) and a log alert (`sqr-<prefix>-break-glass-sign-in`) on any sign-in attempt of an
 * emergency-access account, successful or not.
 *
 * Tenant-level: the identity that applies it needs Security Administrator (or Global Administrator) in Entra ID, and
 * the tenant keeps one such export per destination, so create it once per tenant (in one environment), not per
 * environment. Sign-in logs need an Entra ID P1 or P2 licence.
 */
export class EntraSignInAlerts extends Construct {
  /** The tenant's diagnostic setting. */
  public readonly diagnosticSetting: MonitorAadDiagnosticSetting;
  /** The alert on break-glass sign-ins. */
  public readonly signInAlert: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: EntraSignInAlertsProps) {
    super(scope, id);
    this.node.addValidation(validate(props));
    this.diagnosticSetting = new MonitorAadDiagnosticSetting(this, 'Resource', {
      name: azureName('diag', props.namePrefix, 'entra-sign-ins'),
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      enabledLog: ENTRA_SIGN_IN_LOG_CATEGORIES.map((category) => ({ category })),
    });
    // The shortest log alert window: a break-glass account in use is looked at immediately.
    this.signInAlert = new MonitorScheduledQueryRulesAlertV2(this, 'SignInAlert', {
      ...logCountAlertConfig({
        name: azureName('sqr', props.namePrefix, 'break-glass-sign-in'),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        description: 'Security event: an emergency-access (break-glass) account signed in, or tried to. Expected never; its use must be explained.',
        scope: props.logAnalyticsWorkspaceId,
        query: breakGlassSignInQuery(props.breakGlassAccounts),
        threshold: 0,
        windowMinutes: LOG_ALERT_WINDOW_MINUTES[0],
        actionGroupIds: props.actionGroupIds,
        tags: props.tags,
      }),
      // The sign-in tables appear with the first exported sign-in; validating the query on the first apply would
      // fail on a table that is not there yet.
      skipQueryValidation: true,
      dependsOn: [this.diagnosticSetting],
    });
  }
}

function validate(props: EntraSignInAlertsProps): Problems {
  const problems = new Problems('EntraSignInAlerts');
  problems.push(
    ...namePrefixProblems(props.namePrefix),
    ...locationProblems(props.location),
    ...resourceIdProblems('logAnalyticsWorkspaceId', props.logAnalyticsWorkspaceId, 'Log Analytics workspace'),
    ...tagProblems('tags', props.tags ?? {}),
  );
  if (props.breakGlassAccounts.length === 0) problems.push('breakGlassAccounts is empty (expected the user principal names of the emergency-access accounts)');
  props.breakGlassAccounts.forEach((account, i) => {
    if (!USER_PRINCIPAL_NAME.test(account)) problems.invalid(`breakGlassAccounts[${i}]`, account, 'is not a user principal name', 'like breakglass1@acme.onmicrosoft.com');
  });
  if (props.actionGroupIds.length === 0) problems.push('actionGroupIds is empty (expected at least one action group, or a break-glass sign-in notifies nobody)');
  return problems;
}
