import { AzureApplicationInsights, AzureApplicationInsightsProps } from '../../../constructs/azure';
import { addressesOf, problemsOf, resourceAt as at, synthChecked, TfJson } from '../../support/terraform';

const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-acme-dev-aks/providers/Microsoft.OperationalInsights/workspaces/log-acme-dev-aks';
const PROPS: AzureApplicationInsightsProps = {
  namePrefix: 'acme-dev',
  location: 'westeurope',
  resourceGroupName: 'rg-acme-dev-aks',
  workspaceId: WORKSPACE_ID,
  tags: { environment: 'dev' },
};

function parse(props: Partial<AzureApplicationInsightsProps> = {}): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new AzureApplicationInsights(scope, 'Traces', { ...PROPS, ...props });
  }));
}

describe('AzureApplicationInsights', () => {
  test('one workspace-based component at a stable address, local authentication off', () => {
    // GIVEN / WHEN
    const json = parse();
    const [address] = addressesOf(json);

    // THEN the instrumentation key alone can write nothing: only Entra ID identities with a role on it
    expect(addressesOf(json)).toEqual([address]);
    expect(address).toMatch(/^azurerm_application_insights\.Traces_[0-9A-F]{8}$/);
    expect(at(json, address)).toEqual({
      name: 'appi-acme-dev-traces',
      location: 'westeurope',
      resource_group_name: 'rg-acme-dev-aks',
      workspace_id: WORKSPACE_ID,
      application_type: 'other',
      local_authentication_disabled: true,
      tags: { environment: 'dev' },
    });
  });

  test('the purpose names it', () => {
    const json = parse({ purpose: 'payments' });
    expect(at(json, addressesOf(json)[0]).name).toBe('appi-acme-dev-payments');
  });

  test('reports every problem at once', () => {
    const message = problemsOf('Traces', (scope) => new AzureApplicationInsights(scope, 'Traces', { ...PROPS, namePrefix: 'Acme', purpose: 'My Traces' }));
    expect(message).toBe([
      'AzureApplicationInsights: namePrefix "Acme" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
      'AzureApplicationInsights: purpose "My Traces" is not a name part (expected lowercase letters and digits, separated by single hyphens, like traces)',
    ].join('\n'));
  });
});
