import { Testing } from 'cdktf';
import { AzureActionGroups, AzureActionGroupsProps } from '../../../constructs/azure';
import { addressesOf, resourceAt, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const PROPS: AzureActionGroupsProps = {
  namePrefix: 'acme-dev',
  resourceGroupName: 'rg-acme-dev-aks',
  levels: [
    { name: 'devops', emails: ['oncall@example.com'] },
    { name: 'security', emails: ['security@example.com', 'soc@example.com'], webhookUrls: ['https://hooks.example.com/sec'] },
  ],
  tags: { environment: 'dev' },
};

function parse(props: Partial<AzureActionGroupsProps> = {}): { json: TfJson; ids: Record<string, string> } {
  let ids: Record<string, string> = {};
  const json = JSON.parse(Testing.synthScope((scope) => {
    const groups = new AzureActionGroups(scope, 'ActionGroups', { ...PROPS, ...props });
    ids = Object.fromEntries(groups.levelNames.map((l) => [l, groups.actionGroupId(l)]));
  }));
  return { json, ids };
}

test('one action group per level, at stable addresses, named from the prefix', () => {
  const { json, ids } = parse();
  expect(addressesOf(json)).toEqual(['azurerm_monitor_action_group.ActionGroups_devops_8100F2E9', 'azurerm_monitor_action_group.ActionGroups_security_D11075F3']);
  const security = resourceAt(json, 'azurerm_monitor_action_group.ActionGroups_security_D11075F3');
  expect(security).toMatchObject({ name: 'ag-acme-dev-security', short_name: 'security', location: 'global', resource_group_name: 'rg-acme-dev-aks', tags: { environment: 'dev' } });
  expect(Object.keys(ids)).toEqual(['devops', 'security']);
});

test('every email and webhook of a level is a receiver of its group, with the common alert schema', () => {
  const { json } = parse();
  const security = resourceAt(json, 'azurerm_monitor_action_group.ActionGroups_security_D11075F3');
  expect(security.email_receiver).toEqual([
    { name: 'email-security@example.com', email_address: 'security@example.com', use_common_alert_schema: true },
    { name: 'email-soc@example.com', email_address: 'soc@example.com', use_common_alert_schema: true },
  ]);
  expect(security.webhook_receiver).toEqual([{ name: 'webhook-1', service_uri: 'https://hooks.example.com/sec', use_common_alert_schema: true }]);
});

test('bad levels are all reported at synth, with path, value and what is expected', () => {
  const message = tfValidationMessage((scope) => new AzureActionGroups(scope, 'ActionGroups', {
    ...PROPS,
    levels: [{ name: 'incident-commander', emails: ['x'] }, { name: 'cto' }, { name: 'cto', webhookUrls: ['http://x.example.com'] }],
  }));
  for (const problem of [
    'AzureActionGroups: levels[0].name "incident-commander" is not a level name (expected a DNS label of at most 12 characters, the action group\'s short name, like devops)',
    'AzureActionGroups: levels[0].emails[0] "x" is not an email address (expected like oncall@example.com)',
    'AzureActionGroups: levels[1] "cto" reaches nobody (expected at least one email or webhook URL)',
    'AzureActionGroups: levels[2].name "cto" is listed twice (expected each level once)',
    'AzureActionGroups: levels[2].webhookUrls[0] "http://x.example.com" is not an HTTPS URL (expected like https://hooks.example.com/alerts)',
  ]) expect(message).toContain(problem);
  expect(message).toContain('[stack/ActionGroups]');
});

test('asking for a level it was not given names the levels it has', () => {
  Testing.synthScope((scope) => {
    const groups = new AzureActionGroups(scope, 'ActionGroups', PROPS);
    expect(() => groups.actionGroupId('cto')).toThrow('AzureActionGroups: no level "cto" (expected one of devops, security)');
  });
});
