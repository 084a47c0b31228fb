import { Testing } from 'cdktf';
import { GKE_SATURATION_METRICS, GkeClusterAlertPolicies, GkeClusterAlertPoliciesProps } from '../../../constructs/gcp';
import { addressesOf, resourceAt, TfJson } from '../../support/terraform';
import { tfValidationMessage } from '../../support/tf-validation';

const PROPS: GkeClusterAlertPoliciesProps = { namePrefix: 'acme-dev', project: 'acme-dev-4821', clusterName: 'acme-dev', saturationChannelIds: ['channels/1'] };
const parse = (props: Partial<GkeClusterAlertPoliciesProps> = {}): TfJson => JSON.parse(Testing.synthScope((scope) => {
  new GkeClusterAlertPolicies(scope, 'ClusterAlerts', { ...PROPS, ...props });
}));

test('CPU and memory policies per node, above the ratio for the duration, notify the channels', () => {
  const json = parse({ saturationThresholdRatio: 0.7, saturationMinutes: 10 });
  const [cpuAddress, memoryAddress] = addressesOf(json);
  expect([cpuAddress, memoryAddress]).toEqual(['google_monitoring_alert_policy.ClusterAlerts_NodeCpu_901AEDB0', 'google_monitoring_alert_policy.ClusterAlerts_NodeMemory_666C71A7']);
  for (const [address, resource] of [[cpuAddress, 'cpu'], [memoryAddress, 'memory']] as const) {
    const policy = resourceAt(json, address);
    expect(policy.notification_channels).toEqual(['channels/1']);
    expect(policy.conditions[0].condition_threshold).toMatchObject({
      filter: `resource.type = "k8s_node" AND resource.labels.cluster_name = "acme-dev" AND metric.type = "${GKE_SATURATION_METRICS[resource]}"`,
      comparison: 'COMPARISON_GT',
      threshold_value: 0.7,
      duration: '600s',
      aggregations: [{ alignment_period: '60s', per_series_aligner: 'ALIGN_MEAN', cross_series_reducer: 'REDUCE_SUM', group_by_fields: ['resource.label.node_name'] }],
    });
  }
});

test('bad props are all reported at synth', () => {
  const message = tfValidationMessage((scope) => new GkeClusterAlertPolicies(scope, 'ClusterAlerts', { ...PROPS, saturationThresholdRatio: 80, saturationMinutes: 0, saturationChannelIds: [] }));
  for (const problem of [
    'GkeClusterAlertPolicies: saturationThresholdRatio 80 is not a utilization threshold (expected a ratio between 0 and 1, like 0.8)',
    'GkeClusterAlertPolicies: saturationMinutes 0 is not an alert duration (expected whole minutes from 1 to 1440)',
    'GkeClusterAlertPolicies: saturationChannelIds is empty (expected at least one notification channel, or saturation notifies nobody)',
  ]) expect(message).toContain(problem);
});
