import { AzureLogAnalyticsWorkspace, AzureLogAnalyticsWorkspaceProps } from '../../../constructs/azure';
import { addressesOf, problemsOf, resourceAt as at, synthChecked, TfJson } from '../../support/terraform';

const PROPS: AzureLogAnalyticsWorkspaceProps = {
  namePrefix: 'acme-dev',
  location: 'westeurope',
  resourceGroupName: 'rg-acme-dev-aks',
  tags: { environment: 'dev' },
};
const WORKSPACE = 'azurerm_log_analytics_workspace.Logs_6819BB44';

function synth(props: Partial<AzureLogAnalyticsWorkspaceProps> = {}): string {
  return synthChecked((scope) => {
    new AzureLogAnalyticsWorkspace(scope, 'Logs', { ...PROPS, ...props });
  });
}

function parse(props: Partial<AzureLogAnalyticsWorkspaceProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

describe('AzureLogAnalyticsWorkspace', () => {
  test('the workspace is the only resource, at a stable address', () => {
    // GIVEN / WHEN
    const json = parse();

    // THEN
    expect(addressesOf(json)).toEqual([WORKSPACE]);
  });

  test('keeps 365 days by default, refuses shared keys, keeps the AKS-era name, and cannot be destroyed', () => {
    // GIVEN / WHEN
    const workspace = at(parse(), WORKSPACE);

    // THEN
    expect(workspace).toEqual({
      name: 'log-acme-dev-aks',
      resource_group_name: 'rg-acme-dev-aks',
      location: 'westeurope',
      sku: 'PerGB2018',
      retention_in_days: 365,
      local_authentication_enabled: false,
      tags: { environment: 'dev' },
      lifecycle: { prevent_destroy: true },
    });
  });

  test('retention and purpose come from props', () => {
    // GIVEN / WHEN
    const workspace = at(parse({ retentionDays: 90, purpose: 'platform' }), WORKSPACE);

    // THEN
    expect(workspace.retention_in_days).toBe(90);
    expect(workspace.name).toBe('log-acme-dev-platform');
  });

  test('reports every problem at once', () => {
    // GIVEN / WHEN
    const message = problemsOf('Logs', (scope) => new AzureLogAnalyticsWorkspace(scope, 'Logs', { ...PROPS, namePrefix: 'Acme', retentionDays: 7, purpose: 'Platform Logs' }));

    // THEN
    expect(message).toBe([
      'AzureLogAnalyticsWorkspace: namePrefix "Acme" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
      'AzureLogAnalyticsWorkspace: retentionDays 7 is out of range (expected a whole number from 30 to 730)',
      'AzureLogAnalyticsWorkspace: purpose "Platform Logs" is not a name part (expected lowercase letters and digits, separated by single hyphens, like aks)',
    ].join('\n'));
  });
});
