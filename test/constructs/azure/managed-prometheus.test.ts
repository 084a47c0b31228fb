import { Testing } from 'cdktf';
import { AksManagedPrometheus, AksManagedPrometheusProps } from '../../../constructs/azure';
import { addressesOf, onlyResource, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const CLUSTER_ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-acme-dev-aks/providers/Microsoft.ContainerService/managedClusters/aks-acme-dev';
const PROPS: AksManagedPrometheusProps = { namePrefix: 'acme-dev', location: 'westeurope', resourceGroupName: 'rg-acme-dev-aks', clusterId: CLUSTER_ID, tags: { env: 'dev' } };
const parse = (props: Partial<AksManagedPrometheusProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new AksManagedPrometheus(scope, 'ManagedPrometheus', { ...PROPS, ...props });
}));

test('a protected workspace, and the endpoint, rule and association that send the cluster\'s metrics to it; addresses are pinned', () => {
  const json = parse();
  expect(addressesOf(json)).toEqual([
    'azurerm_monitor_data_collection_endpoint.ManagedPrometheus_Endpoint_E3F78D98',
    'azurerm_monitor_data_collection_rule.ManagedPrometheus_CollectionRule_0FE26D1D',
    'azurerm_monitor_data_collection_rule_association.ManagedPrometheus_Association_0E92BBB8',
    'azurerm_monitor_workspace.ManagedPrometheus_1C8D6F22',
  ]);
  expect(onlyResource(json, 'azurerm_monitor_workspace')).toMatchObject({
    name: 'amw-acme-dev', location: 'westeurope', resource_group_name: 'rg-acme-dev-aks', tags: { env: 'dev' }, lifecycle: { prevent_destroy: true },
  });
  expect(onlyResource(json, 'azurerm_monitor_data_collection_endpoint')).toMatchObject({ name: 'dce-acme-dev-prometheus', kind: 'Linux' });
  expect(onlyResource(json, 'azurerm_monitor_data_collection_rule')).toMatchObject({
    name: 'dcr-acme-dev-prometheus',
    kind: 'Linux',
    data_collection_endpoint_id: '${azurerm_monitor_data_collection_endpoint.ManagedPrometheus_Endpoint_E3F78D98.id}',
    destinations: { monitor_account: [{ monitor_account_id: '${azurerm_monitor_workspace.ManagedPrometheus_1C8D6F22.id}', name: 'workspace' }] },
    data_flow: [{ streams: ['Microsoft-PrometheusMetrics'], destinations: ['workspace'] }],
    data_sources: { prometheus_forwarder: [{ name: 'PrometheusDataSource', streams: ['Microsoft-PrometheusMetrics'] }] },
  });
  expect(onlyResource(json, 'azurerm_monitor_data_collection_rule_association')).toMatchObject({
    name: 'dcra-acme-dev-prometheus',
    target_resource_id: CLUSTER_ID,
    data_collection_rule_id: '${azurerm_monitor_data_collection_rule.ManagedPrometheus_CollectionRule_0FE26D1D.id}',
  });
});

test('bad props are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new AksManagedPrometheus(scope, 'ManagedPrometheus', { ...PROPS, namePrefix: 'Acme Dev', location: 'West Europe', clusterId: '/subscriptions/x/resourceGroups/y' }));
  expect(message).toContain('AksManagedPrometheus: clusterId "/subscriptions/x/resourceGroups/y" is not a AKS cluster resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<cluster>)');
  expect(message).toMatch(/AksManagedPrometheus: namePrefix "Acme Dev"/);
  expect(message).toMatch(/AksManagedPrometheus: location "West Europe"/);
});
