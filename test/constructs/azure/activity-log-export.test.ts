import { Testing } from 'cdktf';
import { ACTIVITY_LOG_CATEGORIES, AzureActivityLogExport, AzureActivityLogExportProps, breakGlassQuery, DENIED_OPERATIONS_QUERY } from '../../../constructs/azure';
import { addressesOf, resourceAt, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const WORKSPACE = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-acme-dev-aks';
const PROPS: AzureActivityLogExportProps = {
  namePrefix: 'acme-dev',
  subscriptionId: '00000000-0000-4000-8000-000000000001',
  logAnalyticsWorkspaceId: WORKSPACE,
  location: 'westeurope',
  resourceGroupName: 'rg-acme-dev-aks',
  alertActionGroupIds: ['/ag/devops', '/ag/security'],
};
const parse = (props: Partial<AzureActivityLogExportProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new AzureActivityLogExport(scope, 'ActivityLog', { ...PROPS, ...props });
}));

test('the subscription exports every Activity Log category to the workspace, as the primary child', () => {
  const json = parse();
  expect(addressesOf(json)).toEqual([
    'azurerm_monitor_diagnostic_setting.ActivityLog_38F6680A',
    'azurerm_monitor_scheduled_query_rules_alert_v2.ActivityLog_DeniedOperationsAlert_0ECCD0FC',
  ]);
  expect(resourceAt(json, 'azurerm_monitor_diagnostic_setting.ActivityLog_38F6680A')).toEqual({
    name: 'diag-acme-dev-activity-log',
    target_resource_id: '/subscriptions/00000000-0000-4000-8000-000000000001',
    log_analytics_workspace_id: WORKSPACE,
    enabled_log: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
  });
});

test('more than the threshold of denied operations in the window notifies every action group at once', () => {
  const json = parse({ deniedThreshold: 7, deniedWindowMinutes: 15 });
  expect(resourceAt(json, 'azurerm_monitor_scheduled_query_rules_alert_v2.ActivityLog_DeniedOperationsAlert_0ECCD0FC')).toMatchObject({
    name: 'sqr-acme-dev-denied-operations',
    scopes: [WORKSPACE],
    severity: 0,
    evaluation_frequency: 'PT15M',
    window_duration: 'PT15M',
    criteria: [{
      query: DENIED_OPERATIONS_QUERY,
      time_aggregation_method: 'Count',
      operator: 'GreaterThan',
      threshold: 7,
      failing_periods: { minimum_failing_periods_to_trigger_alert: 1, number_of_evaluation_periods: 1 },
    }],
    action: { action_groups: ['/ag/devops', '/ag/security'] },
  });
});

test('any operation by a break-glass account notifies every action group within five minutes', () => {
  const json = parse({ breakGlassCallers: ['breakglass1@acme.onmicrosoft.com', 'breakglass2@acme.onmicrosoft.com'] });
  expect(addressesOf(json)).toContain('azurerm_monitor_scheduled_query_rules_alert_v2.ActivityLog_BreakGlassAlert_0C7BDA04');
  expect(resourceAt(json, 'azurerm_monitor_scheduled_query_rules_alert_v2.ActivityLog_BreakGlassAlert_0C7BDA04')).toMatchObject({
    name: 'sqr-acme-dev-break-glass',
    scopes: [WORKSPACE],
    severity: 0,
    evaluation_frequency: 'PT5M',
    window_duration: 'PT5M',
    criteria: [{
      query: 'AzureActivity\n| where Caller in~ ("breakglass1@acme.onmicrosoft.com", "breakglass2@acme.onmicrosoft.com")',
      time_aggregation_method: 'Count',
      operator: 'GreaterThan',
      threshold: 0,
    }],
    action: { action_groups: ['/ag/devops', '/ag/security'] },
  });
  expect(breakGlassQuery(['a@b.example'])).toBe('AzureActivity\n| where Caller in~ ("a@b.example")');
});

test('without break-glass accounts there is no break-glass alert', () => {
  expect(addressesOf(parse({ breakGlassCallers: [] }))).not.toContain('azurerm_monitor_scheduled_query_rules_alert_v2.ActivityLog_BreakGlassAlert_0C7BDA04');
});

test('bad props are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new AzureActivityLogExport(scope, 'ActivityLog', {
    ...PROPS, subscriptionId: 'sub-1', deniedThreshold: 2.5, deniedWindowMinutes: 7, alertActionGroupIds: [], breakGlassCallers: ['x") or true //'],
  }));
  for (const problem of [
    'AzureActivityLogExport: subscriptionId "sub-1" is not a subscription ID (expected a GUID like 00000000-0000-0000-0000-000000000000)',
    'AzureActivityLogExport: deniedThreshold 2.5 is not a count of operations (expected a positive integer like 20)',
    'AzureActivityLogExport: deniedWindowMinutes 7 is not a log alert window (expected one of 5, 10, 15, 30, 45, 60)',
    'AzureActivityLogExport: alertActionGroupIds is empty (expected at least one action group, or denials notify nobody)',
    'AzureActivityLogExport: breakGlassCallers[0] "x\\") or true //" is not a user principal name (expected like breakglass1@acme.onmicrosoft.com)',
  ]) expect(message).toContain(problem);
});
