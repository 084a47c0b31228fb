import { Testing } from 'cdktf';
import { AksClusterAlerts, AksClusterAlertsProps } from '../../../constructs/azure';
import { addressesOf, resourceAt, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const CLUSTER_ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-acme-dev-aks/providers/Microsoft.ContainerService/managedClusters/aks-acme-dev';
const PROPS: AksClusterAlertsProps = {
  namePrefix: 'acme-dev',
  resourceGroupName: 'rg-acme-dev-aks',
  clusterId: CLUSTER_ID,
  saturationActionGroupIds: ['/ag/devops'],
};
const parse = (props: Partial<AksClusterAlertsProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new AksClusterAlerts(scope, 'ClusterAlerts', { ...PROPS, ...props });
}));

test('node CPU and memory alerts per node, above the threshold over the window, notify the action groups', () => {
  const json = parse({ saturationThresholdPercent: 75, saturationMinutes: 30 });
  expect(addressesOf(json)).toEqual(['azurerm_monitor_metric_alert.ClusterAlerts_NodeCpu_901AEDB0', 'azurerm_monitor_metric_alert.ClusterAlerts_NodeMemory_666C71A7']);
  const cpu = resourceAt(json, 'azurerm_monitor_metric_alert.ClusterAlerts_NodeCpu_901AEDB0');
  expect(cpu).toMatchObject({
    name: 'ma-acme-dev-node-cpu',
    scopes: [CLUSTER_ID],
    frequency: 'PT1M',
    window_size: 'PT30M',
    action: [{ action_group_id: '/ag/devops' }],
    criteria: [{
      metric_namespace: 'Microsoft.ContainerService/managedClusters',
      metric_name: 'node_cpu_usage_percentage',
      aggregation: 'Average',
      operator: 'GreaterThan',
      threshold: 75,
      dimension: [{ name: 'node', operator: 'Include', values: ['*'] }],
    }],
  });
  expect(resourceAt(json, 'azurerm_monitor_metric_alert.ClusterAlerts_NodeMemory_666C71A7').criteria[0].metric_name).toBe('node_memory_working_set_percentage');
});

test('bad props are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new AksClusterAlerts(scope, 'ClusterAlerts', { ...PROPS, saturationThresholdPercent: 0, saturationMinutes: 10, saturationActionGroupIds: [] }));
  for (const problem of [
    'AksClusterAlerts: saturationThresholdPercent 0 is not a utilization threshold (expected a percentage between 0 and 100, like 80)',
    'AksClusterAlerts: saturationMinutes 10 is not a metric alert window (expected one of 1, 5, 15, 30, 60, 360, 720, 1440)',
    'AksClusterAlerts: saturationActionGroupIds is empty (expected at least one action group, or saturation notifies nobody)',
  ]) expect(message).toContain(problem);
});
