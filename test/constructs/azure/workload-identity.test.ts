import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { AksCluster, AzureWorkloadIdentity, AzureWorkloadIdentityProps } from '../../../constructs/azure';
import { addressesOf, problemsOf, ref, resourceAt as at, synthChecked, TfJson } from '../../support/terraform';

Testing.setupJest();

const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/';
const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-payments/providers/Microsoft.KeyVault/vaults/kv-payments';
const STORAGE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-acme-dev-payments/providers/Microsoft.Storage/storageAccounts/stpayments';

const PROPS: AzureWorkloadIdentityProps = {
  namePrefix: 'acme-dev',
  location: 'westeurope',
  resourceGroupName: 'rg-acme-dev-aks',
  oidcIssuerUrl: ISSUER,
  namespace: 'payments',
  serviceAccount: 'payments-api',
  tags: { environment: 'dev' },
};


const IDENTITY = 'azurerm_user_assigned_identity.Payments_130453D3';
const CREDENTIAL = 'azurerm_federated_identity_credential.Payments_FederatedCredential_93DCA91F';
const ROLE_0 = 'azurerm_role_assignment.Payments_RoleAssignment0_0A92DFE8';
const ROLE_1 = 'azurerm_role_assignment.Payments_RoleAssignment1_D9B02D81';

function synth(props: Partial<AzureWorkloadIdentityProps> = {}): string {
  return synthChecked((scope) => {
    new AzureWorkloadIdentity(scope, 'Payments', { ...PROPS, ...props });
  });
}

function parse(props: Partial<AzureWorkloadIdentityProps> = {}): TfJson {
  return JSON.parse(synth(props));
}

const TWO_ROLES = [
  { scope: VAULT, roleDefinitionName: 'Key Vault Secrets User' },
  { scope: STORAGE, roleDefinitionName: 'Storage Blob Data Reader' },
];

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<AzureWorkloadIdentityProps>): string {
  return problemsOf('Payments', (scope) => new AzureWorkloadIdentity(scope, 'Payments', { ...PROPS, ...props }));
}

describe('AzureWorkloadIdentity', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable', () => {
      // GIVEN / WHEN
      const json = parse({ roleAssignments: TWO_ROLES });

      // THEN: renaming the identity changes its client ID, which every annotated service account holds
      expect(addressesOf(json)).toEqual([CREDENTIAL, ROLE_0, ROLE_1, IDENTITY]);
    });

    test('the identity is the primary child', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const workload = new AzureWorkloadIdentity(stack, 'Payments', PROPS);

      // THEN
      expect(workload.node.defaultChild).toBe(workload.identity);
      expect(workload.identity).toBeInstanceOf(UserAssignedIdentity);
      expect(workload.identity.node.id).toBe('Resource');
    });

    test('appending a role assignment keeps the addresses of the existing ones', () => {
      // GIVEN
      const before = addressesOf(parse({ roleAssignments: TWO_ROLES.slice(0, 1) }));

      // WHEN
      const after = addressesOf(parse({ roleAssignments: TWO_ROLES }));

      // THEN
      expect(after).toEqual([...before, ROLE_1].sort());
    });
  });

  describe('resources', () => {
    test('the identity is named after the prefix, namespace and service account', () => {
      // GIVEN / WHEN
      const identity = at(parse(), IDENTITY);

      // THEN
      expect(identity).toEqual({
        name: 'id-acme-dev-payments-payments-api',
        location: 'westeurope',
        resource_group_name: 'rg-acme-dev-aks',
        tags: { environment: 'dev' },
      });
    });

    test('the federated credential trusts exactly one service account of the cluster', () => {
      // GIVEN / WHEN
      const credential = at(parse(), CREDENTIAL);

      // THEN
      expect(credential).toEqual({
        name: 'payments-payments-api',
        resource_group_name: 'rg-acme-dev-aks',
        parent_id: ref(IDENTITY, 'id'),
        issuer: ISSUER,
        subject: 'system:serviceaccount:payments:payments-api',
        audience: ['api://AzureADTokenExchange'],
      });
    });

    test('each role assignment binds the identity to its scope', () => {
      // GIVEN / WHEN
      const json = parse({ roleAssignments: TWO_ROLES });

      // THEN
      const expected = (scope: string, roleDefinitionName: string) => ({
        scope,
        role_definition_name: roleDefinitionName,
        principal_id: ref(IDENTITY, 'principal_id'),
        principal_type: 'ServicePrincipal',
        skip_service_principal_aad_check: true,
      });
      expect(at(json, ROLE_0)).toEqual(expected(VAULT, 'Key Vault Secrets User'));
      expect(at(json, ROLE_1)).toEqual(expected(STORAGE, 'Storage Blob Data Reader'));
    });

    test('without role assignments the identity holds no role', () => {
      // GIVEN / WHEN
      const json = parse();

      // THEN
      expect(json.resource.azurerm_role_assignment).toBeUndefined();
    });

    test('dots in a service account name become hyphens in Azure names, not in the subject', () => {
      // GIVEN / WHEN
      const json = parse({ serviceAccount: 'payments.api' });

      // THEN
      expect(at(json, IDENTITY).name).toBe('id-acme-dev-payments-payments-api');
      expect(at(json, CREDENTIAL).name).toBe('payments-payments-api');
      expect(at(json, CREDENTIAL).subject).toBe('system:serviceaccount:payments:payments.api');
    });

    test('the issuer and resource group can come from an AksCluster', () => {
      // GIVEN
      const json: TfJson = JSON.parse(synthChecked((scope) => {
        const subnet = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/';
        const aks = new AksCluster(scope, 'Aks', {
          namePrefix: 'acme-dev',
          location: 'westeurope',
          systemNodesSubnetId: `${subnet}system`,
          userNodesSubnetId: `${subnet}user`,
          apiServerSubnetId: `${subnet}api`,
          privateEndpointSubnetId: `${subnet}pep`,
          keyVaultPrivateDnsZoneId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net',
          logAnalyticsWorkspaceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log',
          adminGroupObjectIds: ['11111111-2222-3333-4444-555555555555'],
        });

        // WHEN
        new AzureWorkloadIdentity(scope, 'Payments', {
          ...PROPS,
          resourceGroupName: aks.resourceGroup.name,
          oidcIssuerUrl: aks.oidcIssuerUrl,
        });
      }));

      // THEN
      expect(at(json, CREDENTIAL).issuer).toBe('${azurerm_kubernetes_cluster.Aks_943C0E94.oidc_issuer_url}');
      expect(at(json, IDENTITY).resource_group_name).toBe('${azurerm_resource_group.Aks_ResourceGroup_ACA11057.name}');
    });
  });

  describe('attributes', () => {
    test('clientId and the service account annotation carry the identity\'s client ID', () => {
      // GIVEN
      const json: TfJson = JSON.parse(synthChecked((scope) => {
        const workload = new AzureWorkloadIdentity(scope, 'Payments', PROPS);

        // WHEN
        new TerraformOutput(scope, 'clientId', { value: workload.clientId });
        new TerraformOutput(scope, 'principalId', { value: workload.principalId });
        new TerraformOutput(scope, 'annotations', { value: workload.serviceAccountAnnotations });
      }));

      // THEN
      expect(json.output).toEqual({
        clientId: { value: ref(IDENTITY, 'client_id') },
        principalId: { value: ref(IDENTITY, 'principal_id') },
        annotations: { value: { 'azure.workload.identity/client-id': ref(IDENTITY, 'client_id') } },
      });
    });
  });

  describe('validation', () => {
    test('reports every problem at once, one per line', () => {
      // GIVEN / WHEN
      const message = errorOf({
        namePrefix: 'Acme',
        oidcIssuerUrl: 'http://issuer.example',
        namespace: 'Payments',
        serviceAccount: 'payments_api',
        roleAssignments: [{ scope: 'kv-payments', roleDefinitionName: ' ' }],
      });

      // THEN
      expect(message).toBe([
        'AzureWorkloadIdentity: namePrefix "Acme" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)',
        'AzureWorkloadIdentity: oidcIssuerUrl "http://issuer.example" is not an https URL (expected the cluster\'s OIDC issuer, like https://westeurope.oic.prod-aks.azure.com/<tenant>/<id>/)',
        'AzureWorkloadIdentity: namespace "Payments" is not a Kubernetes namespace name (expected a DNS label of at most 63 characters, like payments)',
        'AzureWorkloadIdentity: serviceAccount "payments_api" is not a Kubernetes service account name (expected a DNS subdomain of at most 253 characters, like payments-api)',
        'AzureWorkloadIdentity: roleAssignments[0].scope "kv-payments" is not a resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>)',
        'AzureWorkloadIdentity: roleAssignments[0].roleDefinitionName is empty (expected a role name, like Key Vault Secrets User)',
      ].join('\n'));
    });

    test.each<[string, Partial<AzureWorkloadIdentityProps>, string]>([
      ['a region display name', { location: 'West Europe' },
        'AzureWorkloadIdentity: location "West Europe" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)'],
      ['a namespace longer than a DNS label', { namespace: 'n'.repeat(64) },
        `AzureWorkloadIdentity: namespace "${'n'.repeat(64)}" is not a Kubernetes namespace name (expected a DNS label of at most 63 characters, like payments)`],
      ['an identity name over 128 characters', { namespace: 'n'.repeat(63), serviceAccount: 's'.repeat(60) },
        `AzureWorkloadIdentity: identity name "id-acme-dev-${'n'.repeat(63)}-${'s'.repeat(60)}" is 136 characters long (expected at most 128; shorten namespace or serviceAccount)`],
      ['a credential name over 120 characters', { namePrefix: 'a', namespace: 'n'.repeat(63), serviceAccount: 's'.repeat(59) },
        `AzureWorkloadIdentity: federated credential name "${'n'.repeat(63)}-${'s'.repeat(59)}" is 123 characters long (expected at most 120; shorten namespace or serviceAccount)`],
      ['a reserved tag key', { tags: { 'microsoft-team': 'x' } },
        'AzureWorkloadIdentity: tags key "microsoft-team" starts with a prefix Azure reserves (expected no microsoft, azure or windows prefix)'],
    ])('rejects %s', (_, props, expected) => {
      // GIVEN / WHEN / THEN
      expect(errorOf(props)).toBe(expected);
    });
  });
});
