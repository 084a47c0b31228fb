import { AzurePodSecurityEffect } from '../../../constructs/azure/pod-security-effect';
import {
  AZURE_BUILT_IN_POLICIES,
  AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES,
  AzurePolicyGuardrails,
  AzurePolicyGuardrailsProps,
} from '../../../constructs/azure/policy-assignments';
import { addressesOf, problemsOf, resourceAt, synthChecked, TfJson } from '../../support/terraform';

const PROPS: AzurePolicyGuardrailsProps = {
  namePrefix: 'acme-prod',
  subscriptionId: '33333333-3333-4333-8333-333333333333',
  location: 'germanywestcentral',
  allowedLocations: ['germanywestcentral', 'westeurope'],
  requiredTagKeys: ['owner', 'cost-center'],
};

const TYPE = 'azurerm_subscription_policy_assignment';
const POD_SECURITY = `${TYPE}.Guardrails_PodSecurityRestricted_CF2221DD`;
const ALLOWED_LOCATIONS = `${TYPE}.Guardrails_AllowedLocations_61235672`;
const REQUIRE_OWNER = `${TYPE}.Guardrails_RequireTag-owner_35783F13`;
const INHERIT_OWNER = `${TYPE}.Guardrails_InheritTag-owner_21BD171D`;

function synth(props: Partial<AzurePolicyGuardrailsProps> = {}): string {
  return synthChecked((scope) => {
    new AzurePolicyGuardrails(scope, 'Guardrails', { ...PROPS, ...props });
  });
}

function parse(props: Partial<AzurePolicyGuardrailsProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<AzurePolicyGuardrailsProps>): string {
  return problemsOf('Guardrails', (scope) => new AzurePolicyGuardrails(scope, 'Guardrails', { ...PROPS, ...props }));
}

describe('AzurePolicyGuardrails', () => {
  test('Terraform addresses are stable', () => {
    // GIVEN / WHEN
    const json = parse();

    // THEN: renaming any of these deletes an assignment and creates another, leaving a window without the guardrail
    expect(addressesOf(json)).toEqual([
      ALLOWED_LOCATIONS,
      `${TYPE}.Guardrails_InheritTag-cost-center_029BF719`,
      INHERIT_OWNER,
      POD_SECURITY,
      `${TYPE}.Guardrails_RequireTag-cost-center_58E1FDBA`,
      REQUIRE_OWNER,
    ]);
  });

  test('every assignment enforces, on the subscription, with a name, display name, description and non-compliance message', () => {
    // GIVEN / WHEN
    const assignments = Object.values(parse().resource[TYPE]);

    // THEN
    expect(assignments.map((a) => a.name).sort()).toEqual([
      'acme-prod-allowed-locations',
      'acme-prod-inherit-tag-cost-center',
      'acme-prod-inherit-tag-owner',
      'acme-prod-pod-security-restricted',
      'acme-prod-rg-tag-cost-center',
      'acme-prod-rg-tag-owner',
    ]);
    for (const assignment of assignments) {
      expect(assignment.subscription_id).toBe('/subscriptions/33333333-3333-4333-8333-333333333333');
      expect(assignment.enforce).toBe(true);
      expect(assignment.display_name).toMatch(/^acme-prod: /);
      expect(assignment.description).toMatch(/^Baseline guardrail: /);
      expect(assignment.non_compliance_message).toHaveLength(1);
      expect(assignment.non_compliance_message[0].content.length).toBeGreaterThan(20);
      expect(assignment.not_scopes).toBeUndefined();
      expect(assignment.tags).toBeUndefined();
    }
  });

  test('pod security: the restricted initiative, denying, with Azure\'s namespace exclusions', () => {
    // GIVEN / WHEN
    const assignment = resourceAt(parse(), POD_SECURITY);

    // THEN
    expect(assignment.policy_definition_id).toBe('/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00');
    expect(JSON.parse(assignment.parameters)).toEqual({
      effect: { value: 'Deny' },
      excludedNamespaces: { value: ['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system'] },
    });
    expect(assignment.identity).toBeUndefined();
  });

  test('pod security: excluded namespaces and the Audit effect are explicit props', () => {
    // GIVEN / WHEN
    const assignment = resourceAt(parse({
      podSecurityExcludedNamespaces: [...AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES, 'kyverno'],
      podSecurityEffect: AzurePodSecurityEffect.AUDIT,
    }), POD_SECURITY);

    // THEN
    expect(JSON.parse(assignment.parameters)).toEqual({
      effect: { value: 'Audit' },
      excludedNamespaces: { value: ['kube-system', 'gatekeeper-system', 'azure-arc', 'azure-extensions-usage-system', 'kyverno'] },
    });
  });

  test('allowed locations: the built-in deny policy with the given regions', () => {
    // GIVEN / WHEN
    const assignment = resourceAt(parse(), ALLOWED_LOCATIONS);

    // THEN
    expect(assignment.policy_definition_id).toBe('/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c');
    expect(JSON.parse(assignment.parameters)).toEqual({ listOfAllowedLocations: { value: ['germanywestcentral', 'westeurope'] } });
  });

  test('tags: resource groups without a key are refused; resources inherit it, through a system-assigned identity with no role', () => {
    // GIVEN / WHEN
    const json = parse();
    const require = resourceAt(json, REQUIRE_OWNER);
    const inherit = resourceAt(json, INHERIT_OWNER);

    // THEN
    expect(require.policy_definition_id).toBe('/providers/Microsoft.Authorization/policyDefinitions/96670d01-0a4d-4649-9c89-2d3abc0a5025');
    expect(JSON.parse(require.parameters)).toEqual({ tagName: { value: 'owner' } });
    expect(require.identity).toBeUndefined();
    expect(inherit.policy_definition_id).toBe('/providers/Microsoft.Authorization/policyDefinitions/ea3f2387-9b95-492a-a190-fcdc54f7b070');
    expect(JSON.parse(inherit.parameters)).toEqual({ tagName: { value: 'owner' } });
    expect(inherit.identity).toEqual({ type: 'SystemAssigned' });
    expect(inherit.location).toBe('germanywestcentral');
    expect(json.resource.azurerm_role_assignment).toBeUndefined();
  });

  test('the built-in ids are the documented ones', () => {
    expect(AZURE_BUILT_IN_POLICIES).toEqual({
      podSecurityRestricted: '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00',
      allowedLocations: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
      requireTagOnResourceGroups: '/providers/Microsoft.Authorization/policyDefinitions/96670d01-0a4d-4649-9c89-2d3abc0a5025',
      inheritTagFromResourceGroup: '/providers/Microsoft.Authorization/policyDefinitions/ea3f2387-9b95-492a-a190-fcdc54f7b070',
    });
  });

  test('excluded scopes become not_scopes on every assignment', () => {
    // GIVEN
    const excluded = '/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-vendor-tool';
    // WHEN
    const assignments = Object.values(parse({ excludedScopes: [excluded] }).resource[TYPE]);
    // THEN
    expect(assignments.map((a) => a.not_scopes)).toEqual(assignments.map(() => [excluded]));
  });

  test('reports every problem of the props at once', () => {
    // GIVEN props wrong in every way WHEN the guardrails are built THEN one error lists them all
    expect(errorOf({
      namePrefix: 'Acme',
      subscriptionId: 'sub-1',
      location: 'West Europe',
      allowedLocations: ['westeurope', 'North Europe'],
      requiredTagKeys: ['cost center'],
      podSecurityExcludedNamespaces: ['Kyverno'],
      podSecurityEffect: 'Disabled' as any,
      excludedScopes: ['rg-vendor-tool'],
    })).toBe([
      'AzurePolicyGuardrails: namePrefix "Acme" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
      'AzurePolicyGuardrails: subscriptionId "sub-1" is not a subscription ID (expected a GUID like 00000000-0000-0000-0000-000000000000)',
      'AzurePolicyGuardrails: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)',
      'AzurePolicyGuardrails: allowedLocations[1] "North Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)',
      'AzurePolicyGuardrails: requiredTagKeys "cost center" is not a plain tag key (expected letters, digits, -, _ and ., like cost-center)',
      'AzurePolicyGuardrails: podSecurityExcludedNamespaces "Kyverno" is not a namespace name (expected a DNS label like kube-system)',
      'AzurePolicyGuardrails: podSecurityEffect "Disabled" is not an effect the baseline allows (expected AzurePodSecurityEffect.DENY, or AUDIT during a rollout)',
      'AzurePolicyGuardrails: excludedScopes "rg-vendor-tool" is not a resource group or resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>)',
    ].join('\n'));
  });

  test('rejects empty locations and tag keys, and a key that makes an assignment name too long', () => {
    expect(errorOf({ allowedLocations: [], requiredTagKeys: [] })).toBe([
      'AzurePolicyGuardrails: allowedLocations is empty (expected at least the environment\'s location)',
      'AzurePolicyGuardrails: requiredTagKeys is empty (expected the mandatory tag keys, like owner)',
    ].join('\n'));
    const namePrefix = 'acme-a-very-long-environment-name-prefix';
    expect(errorOf({ namePrefix, requiredTagKeys: ['data-classification'] })).toBe([
      `AzurePolicyGuardrails: requiredTagKeys "data-classification" makes the assignment name "${namePrefix}-rg-tag-data-classification" 67 characters long (expected at most 64: use a shorter key or namePrefix)`,
      `AzurePolicyGuardrails: requiredTagKeys "data-classification" makes the assignment name "${namePrefix}-inherit-tag-data-classification" 72 characters long (expected at most 64: use a shorter key or namePrefix)`,
    ].join('\n'));
  });
});
