import { AksCluster, AzureWorkloadIdentity, IAksCluster } from '../../../constructs/azure';
import { resourcesOf, synthChecked, TfJson } from '../../support/terraform';

const ISSUER = 'https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555/';

describe('AksCluster.fromClusterAttributes', () => {
  test('refers to a cluster built elsewhere, for workload identities in a team stack', () => {
    // GIVEN a team stack that knows the platform's cluster by its attributes
    let cluster: IAksCluster | undefined;
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      cluster = AksCluster.fromClusterAttributes(scope, 'Platform', {
        clusterName: 'aks-acme-prod',
        subscriptionId: '33333333-3333-4333-8333-333333333333',
        resourceGroupName: 'rg-acme-prod-aks',
        oidcIssuerUrl: ISSUER,
      });
      // WHEN a team gives a workload an identity trusted by that cluster, with a role on its resource group
      new AzureWorkloadIdentity(scope, 'Payments', {
        namePrefix: 'acme-prod',
        location: 'germanywestcentral',
        resourceGroupName: cluster.resourceGroupName,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        namespace: 'payments',
        serviceAccount: 'payments-api',
        roleAssignments: [{ roleDefinitionName: 'Key Vault Secrets User', scope: cluster.resourceGroupId }],
      });
    }));

    // THEN the attributes are as given and the resource group ID is derived
    expect(cluster!.clusterName).toBe('aks-acme-prod');
    expect(cluster!.resourceGroupId).toBe('/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-acme-prod-aks');
    expect(cluster!.kubeletIdentityObjectId).toBeUndefined();
    // AND the identity trusts the cluster's issuer, with the role on its resource group, and no cluster is created
    expect(resourcesOf(json, 'azurerm_federated_identity_credential').map((c) => c.issuer)).toEqual([ISSUER]);
    expect(resourcesOf(json, 'azurerm_role_assignment').map((r) => r.scope)).toEqual([cluster!.resourceGroupId]);
    expect(resourcesOf(json, 'azurerm_user_assigned_identity').map((i) => i.resource_group_name)).toEqual(['rg-acme-prod-aks']);
    expect(json.resource.azurerm_kubernetes_cluster).toBeUndefined();
  });
});
