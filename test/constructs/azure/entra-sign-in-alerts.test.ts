import { Testing } from 'cdktf';
import { breakGlassSignInQuery, EntraSignInAlerts, EntraSignInAlertsProps } from '../../../constructs/azure';
import { addressesOf, onlyResource, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const WORKSPACE_ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-acme-prod-aks/providers/Microsoft.OperationalInsights/workspaces/log-acme-prod-aks';
const PROPS: EntraSignInAlertsProps = {
  namePrefix: 'acme-prod',
  location: 'westeurope',
  resourceGroupName: 'rg-acme-prod-aks',
  logAnalyticsWorkspaceId: WORKSPACE_ID,
  breakGlassAccounts: ['breakglass1@acme.onmicrosoft.com', 'breakglass2@acme.onmicrosoft.com'],
  actionGroupIds: ['/ag/devops', '/ag/security'],
};
const parse = (props: Partial<EntraSignInAlertsProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new EntraSignInAlerts(scope, 'EntraSignIns', { ...PROPS, ...props });
}));

test('the tenant exports its sign-in logs to the workspace, and any sign-in of a break-glass account alerts at once', () => {
  const json = parse();
  expect(addressesOf(json)).toEqual([
    'azurerm_monitor_aad_diagnostic_setting.EntraSignIns_DB552403',
    'azurerm_monitor_scheduled_query_rules_alert_v2.EntraSignIns_SignInAlert_5BAE5D8E',
  ]);
  expect(onlyResource(json, 'azurerm_monitor_aad_diagnostic_setting')).toMatchObject({
    name: 'diag-acme-prod-entra-sign-ins',
    log_analytics_workspace_id: WORKSPACE_ID,
    enabled_log: [{ category: 'SignInLogs' }, { category: 'NonInteractiveUserSignInLogs' }],
  });
  const alert = onlyResource(json, 'azurerm_monitor_scheduled_query_rules_alert_v2');
  expect(alert).toMatchObject({
    name: 'sqr-acme-prod-break-glass-sign-in',
    scopes: [WORKSPACE_ID],
    severity: 0,
    evaluation_frequency: 'PT5M',
    window_duration: 'PT5M',
    criteria: [{ query: breakGlassSignInQuery(PROPS.breakGlassAccounts), operator: 'GreaterThan', threshold: 0 }],
    action: { action_groups: ['/ag/devops', '/ag/security'] },
    depends_on: [expect.stringMatching(/^azurerm_monitor_aad_diagnostic_setting\./)],
  });
  expect(breakGlassSignInQuery(['a@acme.example', 'b@acme.example'])).toBe(
    'union SigninLogs, AADNonInteractiveUserSignInLogs\n| where UserPrincipalName in~ ("a@acme.example", "b@acme.example")',
  );
});

test('bad props are all reported at synth; a name that could break out of the query is refused', () => {
  const message = tfValidationMessage((scope) => new EntraSignInAlerts(scope, 'EntraSignIns', {
    ...PROPS, logAnalyticsWorkspaceId: '/subscriptions/x', breakGlassAccounts: ['bg@acme.example") or true //'], actionGroupIds: [],
  }));
  for (const problem of [
    'EntraSignInAlerts: logAnalyticsWorkspaceId "/subscriptions/x" is not a Log Analytics workspace resource ID',
    'EntraSignInAlerts: breakGlassAccounts[0] "bg@acme.example\\") or true //" is not a user principal name (expected like breakglass1@acme.onmicrosoft.com)',
    'EntraSignInAlerts: actionGroupIds is empty (expected at least one action group, or a break-glass sign-in notifies nobody)',
  ]) expect(message).toContain(problem);
  expect(tfValidationMessage((scope) => new EntraSignInAlerts(scope, 'EntraSignIns', { ...PROPS, breakGlassAccounts: [] })))
    .toContain('EntraSignInAlerts: breakGlassAccounts is empty (expected the user principal names of the emergency-access accounts)');
});
