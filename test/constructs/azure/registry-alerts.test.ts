import { Testing } from 'cdktf';
import { AcrRegistryAlerts, AcrRegistryAlertsProps, REGISTRY_DENIED_QUERY } from '../../../constructs/azure';
import { addressesOf, onlyResource, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const REGISTRY_ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-acme-dev-acr/providers/Microsoft.ContainerRegistry/registries/cracmedev';
const PROPS: AcrRegistryAlertsProps = {
  namePrefix: 'acme-dev', location: 'westeurope', resourceGroupName: 'rg-acme-dev-aks', registryId: REGISTRY_ID, deniedActionGroupIds: ['/ag/devops', '/ag/security'],
};
const parse = (props: Partial<AcrRegistryAlertsProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new AcrRegistryAlerts(scope, 'RegistryAlerts', { ...PROPS, ...props });
}));

test('more than the threshold of refused registry requests within the window alerts every action group at once', () => {
  const json = parse({ deniedThreshold: 10, deniedWindowMinutes: 15 });
  expect(addressesOf(json)).toEqual(['azurerm_monitor_scheduled_query_rules_alert_v2.RegistryAlerts_DeniedRequestsAlert_47D4C7B1']);
  expect(onlyResource(json, 'azurerm_monitor_scheduled_query_rules_alert_v2')).toMatchObject({
    name: 'sqr-acme-dev-acr-denied',
    scopes: [REGISTRY_ID],
    severity: 0,
    evaluation_frequency: 'PT15M',
    window_duration: 'PT15M',
    criteria: [{
      query: REGISTRY_DENIED_QUERY,
      time_aggregation_method: 'Count',
      operator: 'GreaterThan',
      threshold: 10,
      failing_periods: { minimum_failing_periods_to_trigger_alert: 1, number_of_evaluation_periods: 1 },
    }],
    action: { action_groups: ['/ag/devops', '/ag/security'] },
    skip_query_validation: true,
  });
  // Sign-ins and repository operations alike, refused for authentication (401) or authorization (403).
  expect(REGISTRY_DENIED_QUERY).toBe('union ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents\n| where ResultType in ("401", "403")');
});

test('defaults: more than 20 within 5 minutes', () => {
  expect(onlyResource(parse(), 'azurerm_monitor_scheduled_query_rules_alert_v2')).toMatchObject({ window_duration: 'PT5M', criteria: [{ threshold: 20 }] });
});

test('bad props are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new AcrRegistryAlerts(scope, 'RegistryAlerts', {
    ...PROPS, registryId: '/subscriptions/x', deniedThreshold: 2.5, deniedWindowMinutes: 7, deniedActionGroupIds: [],
  }));
  for (const problem of [
    'AcrRegistryAlerts: registryId "/subscriptions/x" is not a container registry resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>)',
    'AcrRegistryAlerts: deniedThreshold 2.5 is not a count of requests (expected a whole number like 20)',
    'AcrRegistryAlerts: deniedWindowMinutes 7 is not a log alert window (expected one of 5, 10, 15, 30, 45, 60)',
    'AcrRegistryAlerts: deniedActionGroupIds is empty (expected at least one action group, or refused requests notify nobody)',
  ]) expect(message).toContain(problem);
});
