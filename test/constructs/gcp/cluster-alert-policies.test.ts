import { Testing } from 'cdktf';
import { GKE_RESTART_METRIC, GKE_SATURATION_METRICS, GkeClusterAlertPolicies, GkeClusterAlertPoliciesProps, outageQuery } from '../../../constructs/gcp';
import { runTool, writeFiles } from '../../support/prometheus-tools';
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

describe('outage and crash-loop policies', () => {
  const WATCHED: Partial<GkeClusterAlertPoliciesProps> = {
    workloadNamespaces: ['shop', 'search'],
    outageEscalation: [
      { name: 'devops', afterMinutes: 2, channelIds: ['channels/devops'] },
      { name: 'eng-lead', afterMinutes: 17, channelIds: ['channels/lead'] },
      { name: 'cto', afterMinutes: 32, channelIds: ['channels/cto'] },
    ],
    restartBurst: { count: 3, windowMinutes: 10, afterMinutes: 2, channelIds: ['channels/devops'] },
  };

  test('one PromQL policy per escalation step, each after its minutes to its own channels; addresses are pinned', () => {
    const json = parse(WATCHED);
    expect(addressesOf(json)).toEqual([
      'google_monitoring_alert_policy.ClusterAlerts_ContainerRestarts_2387ABD6',
      'google_monitoring_alert_policy.ClusterAlerts_NodeCpu_901AEDB0',
      'google_monitoring_alert_policy.ClusterAlerts_NodeMemory_666C71A7',
      'google_monitoring_alert_policy.ClusterAlerts_OutageCto_D4B63A19',
      'google_monitoring_alert_policy.ClusterAlerts_OutageDevops_3C2A0988',
      'google_monitoring_alert_policy.ClusterAlerts_OutageEngLead_A2051214',
    ]);
    const steps = [['OutageDevops_3C2A0988', '120s', 'channels/devops', 'devops'], ['OutageEngLead_A2051214', '1020s', 'channels/lead', 'eng-lead'], ['OutageCto_D4B63A19', '1920s', 'channels/cto', 'cto']];
    for (const [id, duration, channel, role] of steps) {
      const policy = resourceAt(json, `google_monitoring_alert_policy.ClusterAlerts_${id}`);
      expect(policy).toMatchObject({ severity: 'CRITICAL', notification_channels: [channel], display_name: `acme-dev outage: no available replica (${role})` });
      expect(policy.conditions[0].condition_prometheus_query_language).toEqual({
        query: outageQuery('acme-dev', ['search', 'shop']),
        duration,
        evaluation_interval: '60s',
        alert_rule: 'CriticalOutage',
        rule_group: 'baseline-cloud-outage',
        labels: { cause: 'no-healthy-replicas', escalate_to: role },
      });
    }
    expect(outageQuery('acme-dev', ['search', 'shop'])).toBe(
      '(kube_deployment_status_replicas_available{cluster="acme-dev",namespace=~"search|shop"} == 0)'
      + ' and on (namespace, deployment) (kube_deployment_spec_replicas{cluster="acme-dev",namespace=~"search|shop"} > 0)',
    );
  });

  test('restarts are counted per pod over the window in the watched namespaces only', () => {
    const policy = resourceAt(parse(WATCHED), 'google_monitoring_alert_policy.ClusterAlerts_ContainerRestarts_2387ABD6');
    expect(policy.notification_channels).toEqual(['channels/devops']);
    expect(policy.conditions[0].condition_threshold).toEqual({
      filter: `resource.type = "k8s_container" AND resource.labels.cluster_name = "acme-dev" AND resource.labels.namespace_name = one_of("search", "shop") AND metric.type = "${GKE_RESTART_METRIC}"`,
      comparison: 'COMPARISON_GT',
      threshold_value: 3,
      duration: '120s',
      aggregations: [{ alignment_period: '600s', per_series_aligner: 'ALIGN_DELTA', cross_series_reducer: 'REDUCE_SUM', group_by_fields: ['resource.label.namespace_name', 'resource.label.pod_name'] }],
      trigger: { count: 1 },
    });
  });

  test('without namespaces or steps there is no outage or restart policy', () => {
    expect(addressesOf(parse())).toHaveLength(2);
  });

  test('bad outage and restart props are all reported at synth', () => {
    const message = tfValidationMessage((scope) => new GkeClusterAlertPolicies(scope, 'ClusterAlerts', {
      ...PROPS,
      workloadNamespaces: ['Shop'],
      outageEscalation: [
        { name: 'devops', afterMinutes: 17, channelIds: [] },
        { name: 'devops', afterMinutes: 2, channelIds: ['c'] },
        { name: '--', afterMinutes: 1.5, channelIds: ['c'] },
      ],
      restartBurst: { count: -1, windowMinutes: 0, afterMinutes: 2000, channelIds: [] },
    }));
    for (const problem of [
      'GkeClusterAlertPolicies: workloadNamespaces[0] "Shop" is not a namespace name (expected a lowercase DNS label, like payments)',
      'GkeClusterAlertPolicies: outageEscalation[0].channelIds is empty (expected at least one notification channel, or step "devops" notifies nobody)',
      'GkeClusterAlertPolicies: outageEscalation[1].name "devops" repeats an earlier step (expected a unique step name, like eng-lead)',
      'GkeClusterAlertPolicies: outageEscalation[1].afterMinutes 2 is not later than the step before (expected more than 17)',
      'GkeClusterAlertPolicies: outageEscalation[2].name "--" has no letter or digit (expected a unique step name, like eng-lead)',
      'GkeClusterAlertPolicies: outageEscalation[2].afterMinutes 1.5 is not an alert duration (expected whole minutes from 0 to 1440)',
      'GkeClusterAlertPolicies: restartBurst.count -1 is not a restart count (expected a whole number, like 3)',
      'GkeClusterAlertPolicies: restartBurst.windowMinutes 0 is not a counting window (expected whole minutes from 1 to 1440)',
      'GkeClusterAlertPolicies: restartBurst.afterMinutes 2000 is not an alert duration (expected whole minutes from 0 to 1440)',
      'GkeClusterAlertPolicies: restartBurst.channelIds is empty (expected at least one notification channel, or a crash loop notifies nobody)',
    ]) expect(message).toContain(problem);
    const empty = tfValidationMessage((scope) => new GkeClusterAlertPolicies(scope, 'ClusterAlerts', { ...PROPS, outageEscalation: [{ name: 'devops', afterMinutes: 2, channelIds: ['c'] }] }));
    expect(empty).toContain('GkeClusterAlertPolicies: workloadNamespaces is empty (expected the namespaces of the services, or the outage and restart policies watch nothing)');
  });
});

/**
 * The rendered PromQL, run by promtool as the alerting rule Cloud Monitoring makes of a PromQL condition (query,
 * `for` = duration, evaluated every minute): it proves when each step fires, not just what the text says.
 */
describe('the outage query, evaluated by promtool', () => {
  const json = parse({
    workloadNamespaces: ['shop'],
    outageEscalation: [
      { name: 'devops', afterMinutes: 2, channelIds: ['channels/devops'] },
      { name: 'eng-lead', afterMinutes: 17, channelIds: ['channels/lead'] },
      { name: 'cto', afterMinutes: 32, channelIds: ['channels/cto'] },
    ],
  });
  const rules = Object.values<any>(json.resource.google_monitoring_alert_policy)
    .map((p) => p.conditions[0].condition_prometheus_query_language)
    .filter(Boolean)
    .map((c) => ({ alert: c.alert_rule, expr: c.query, for: `${Number(/^(\d+)s$/.exec(c.duration)![1]) / 60}m`, labels: c.labels }));
  const KSM = (metric: string, labels: string, values: string) => ({ series: `${metric}{cluster="acme-dev",namespace="shop",deployment="api"${labels}}`, values });

  function promtoolTest(inputSeries: { series: string; values: string }[], evalMinutes: number, firing: string[]) {
    const dir = writeFiles({
      'rules.yaml': { groups: [{ name: 'baseline-cloud-outage', interval: '1m', rules }] },
      'test.yaml': {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [{
          interval: '1m',
          input_series: inputSeries,
          alert_rule_test: [{
            eval_time: `${evalMinutes}m`,
            alertname: 'CriticalOutage',
            exp_alerts: firing.map((role) => ({ exp_labels: { cluster: 'acme-dev', namespace: 'shop', deployment: 'api', cause: 'no-healthy-replicas', escalate_to: role } })),
          }],
        }],
      },
    });
    const run = runTool('promtool', ['test', 'rules', 'test.yaml'], dir);
    if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.output}`);
    expect(run.output).toContain('SUCCESS');
  }

  test('promtool accepts every rendered query', () => {
    const run = runTool('promtool', ['check', 'rules', 'rules.yaml'], writeFiles({ 'rules.yaml': { groups: [{ name: 'baseline-cloud-outage', rules }] } }));
    expect(run.output).toContain('SUCCESS: 3 rules found');
  });

  test('no available replica for 20 minutes has reached devops and the eng lead, not yet the CTO', () => {
    promtoolTest([KSM('kube_deployment_status_replicas_available', '', '0x40'), KSM('kube_deployment_spec_replicas', '', '3x40')], 20, ['devops', 'eng-lead']);
  });

  test('after 35 minutes down the CTO is notified too', () => {
    promtoolTest([KSM('kube_deployment_status_replicas_available', '', '0x40'), KSM('kube_deployment_spec_replicas', '', '3x40')], 35, ['devops', 'eng-lead', 'cto']);
  });

  test('one available replica, a Deployment scaled to zero, or another cluster stay silent', () => {
    promtoolTest([KSM('kube_deployment_status_replicas_available', '', '1x40'), KSM('kube_deployment_spec_replicas', '', '3x40')], 35, []);
    promtoolTest([KSM('kube_deployment_status_replicas_available', '', '0x40'), KSM('kube_deployment_spec_replicas', '', '0x40')], 35, []);
    promtoolTest([
      { series: 'kube_deployment_status_replicas_available{cluster="acme-prod",namespace="shop",deployment="api"}', values: '0x40' },
      { series: 'kube_deployment_spec_replicas{cluster="acme-prod",namespace="shop",deployment="api"}', values: '3x40' },
    ], 35, []);
  });

  test('a one-minute blip during a rollout notifies nobody', () => {
    promtoolTest([KSM('kube_deployment_status_replicas_available', '', '2 2 2 0 2x36'), KSM('kube_deployment_spec_replicas', '', '3x40')], 10, []);
  });
});
