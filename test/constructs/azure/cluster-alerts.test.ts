import { Testing } from 'cdktf';
import { AksClusterAlerts, AksClusterAlertsProps, AksOutageAlerting } from '../../../constructs/azure';
import { crashLoopQuery, deploymentOutageQuery } from '../../../core';
import { runTool, writeFiles } from '../../support/prometheus-tools';
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

describe('outage and crash-loop rules on the cluster\'s managed Prometheus', () => {
  const WORKSPACE_ID = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-acme-dev-aks/providers/Microsoft.Monitor/accounts/amw-acme-dev';
  const OUTAGE: AksOutageAlerting = {
    location: 'westeurope',
    prometheusWorkspaceId: WORKSPACE_ID,
    clusterName: 'aks-acme-dev',
    workloadNamespaces: ['shop', 'search'],
    escalation: [
      { name: 'devops', afterMinutes: 2, actionGroupIds: ['/ag/devops'] },
      { name: 'eng-lead', afterMinutes: 17, actionGroupIds: ['/ag/eng-lead'] },
      { name: 'cto', afterMinutes: 32, actionGroupIds: ['/ag/cto'] },
    ],
    restartBurst: { count: 3, windowMinutes: 10, afterMinutes: 2, actionGroupIds: ['/ag/devops'] },
  };
  const RULE_GROUP = 'azurerm_monitor_alert_prometheus_rule_group.ClusterAlerts_OutageRules_88218CDB';

  test('one rule per escalation step, each `for` its minutes and to its own action group, and the crash loop', () => {
    const json = parse({ outage: OUTAGE });
    expect(addressesOf(json)).toContain(RULE_GROUP);
    const group = resourceAt(json, RULE_GROUP);
    expect(group).toMatchObject({
      name: 'prg-acme-dev-outage',
      location: 'westeurope',
      cluster_name: 'aks-acme-dev',
      scopes: [WORKSPACE_ID, CLUSTER_ID],
      interval: 'PT1M',
      rule_group_enabled: true,
    });
    const outage = deploymentOutageQuery(['search', 'shop']);
    expect(group.rule.map((r: any) => [r.alert, r.expression, r.for, r.labels.escalate_to, r.action.map((a: any) => a.action_group_id)])).toEqual([
      ['CriticalOutage', outage, 'PT2M', 'devops', ['/ag/devops']],
      ['CriticalOutage', outage, 'PT17M', 'eng-lead', ['/ag/eng-lead']],
      ['CriticalOutage', outage, 'PT32M', 'cto', ['/ag/cto']],
      ['CrashLoop', crashLoopQuery(['search', 'shop'], 3, 10), 'PT2M', undefined, ['/ag/devops']],
    ]);
    for (const rule of group.rule) expect(rule).toMatchObject({ severity: 0, labels: { standard: 'critical-outage' }, alert_resolution: { auto_resolved: true, time_to_resolve: 'PT10M' } });
    expect(outage).toBe('(kube_deployment_status_replicas_available{namespace=~"search|shop"} == 0) and on (namespace, deployment) (kube_deployment_spec_replicas{namespace=~"search|shop"} > 0)');
  });

  test('without `outage` there is no rule group', () => {
    expect(addressesOf(parse()).some((a) => a.startsWith('azurerm_monitor_alert_prometheus_rule_group.'))).toBe(false);
  });

  test('bad outage props are all reported at synth', () => {
    const message = tfValidationMessage((scope) => new AksClusterAlerts(scope, 'ClusterAlerts', {
      ...PROPS,
      outage: {
        ...OUTAGE,
        location: 'West Europe',
        prometheusWorkspaceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z',
        workloadNamespaces: ['Shop'],
        escalation: [
          { name: 'DevOps', afterMinutes: 17, actionGroupIds: [] },
          { name: 'cto', afterMinutes: 2, actionGroupIds: ['/ag/cto'] },
        ],
        restartBurst: { count: 1.5, windowMinutes: 0, afterMinutes: -1, actionGroupIds: [] },
      },
    }));
    for (const problem of [
      'AksClusterAlerts: outage.prometheusWorkspaceId "/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z" is not a Azure Monitor workspace resource ID',
      'AksClusterAlerts: outage.workloadNamespaces[0] "Shop" is not a namespace name (expected a lowercase DNS label, like payments)',
      'AksClusterAlerts: outage.escalation[0].name "DevOps" is not a step name (expected lowercase letters, digits and hyphens, like eng-lead)',
      'AksClusterAlerts: outage.escalation[0].actionGroupIds is empty (expected at least one action group, or step "DevOps" notifies nobody)',
      'AksClusterAlerts: outage.escalation[1].afterMinutes 2 is not later than the step before (expected more than 17)',
      'AksClusterAlerts: outage.restartBurst.count 1.5 is not a restart count (expected a whole number, like 3)',
      'AksClusterAlerts: outage.restartBurst.windowMinutes 0 is not a counting window (expected whole minutes from 1 to 1440)',
      'AksClusterAlerts: outage.restartBurst.afterMinutes -1 is not an alert duration (expected whole minutes from 0 to 1440)',
      'AksClusterAlerts: outage.restartBurst.actionGroupIds is empty (expected at least one action group, or a crash loop notifies nobody)',
    ]) expect(message).toContain(problem);
    expect(message).toMatch(/AksClusterAlerts: outage\.location "West Europe"/);
  });

  /** The rule group as Prometheus rules (`for` from ISO 8601 minutes), run by promtool: when each rule fires. */
  describe('evaluated by promtool', () => {
    const rules = resourceAt(parse({ outage: OUTAGE }), RULE_GROUP).rule.map((r: any) => ({
      alert: r.alert,
      expr: r.expression,
      ...(r.for ? { for: `${/^PT(\d+)M$/.exec(r.for)![1]}m` } : {}),
      labels: r.labels,
    }));
    const ksm = (metric: string, labels: string, values: string) => ({ series: `${metric}{namespace="shop",${labels}}`, values });

    type Series = { series: string; values: string };
    function promtoolTest(inputSeries: Series[], evalMinutes: number, alertname: string, expLabels: Record<string, string>[]) {
      const dir = writeFiles({
        'rules.yaml': { groups: [{ name: 'outage', interval: '1m', rules }] },
        'test.yaml': {
          rule_files: ['rules.yaml'],
          evaluation_interval: '1m',
          tests: [{ interval: '1m', input_series: inputSeries, alert_rule_test: [{ eval_time: `${evalMinutes}m`, alertname, exp_alerts: expLabels.map((l) => ({ exp_labels: l })) }] }],
        },
      });
      const run = runTool('promtool', ['test', 'rules', 'test.yaml'], dir);
      if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.output}`);
      expect(run.output).toContain('SUCCESS');
    }
    const down = [ksm('kube_deployment_status_replicas_available', 'deployment="api"', '0x40'), ksm('kube_deployment_spec_replicas', 'deployment="api"', '2x40')];
    const outageLabels = (role: string) => ({ namespace: 'shop', deployment: 'api', standard: 'critical-outage', cause: 'no-healthy-replicas', escalate_to: role });

    test('promtool accepts every rule', () => {
      expect(runTool('promtool', ['check', 'rules', 'rules.yaml'], writeFiles({ 'rules.yaml': { groups: [{ name: 'outage', rules }] } })).output).toContain('SUCCESS: 4 rules found');
    });

    test('an outage reaches devops after 2 minutes, the eng lead after 17 and the CTO after 32', () => {
      promtoolTest(down, 1, 'CriticalOutage', []);
      promtoolTest(down, 2, 'CriticalOutage', [outageLabels('devops')]);
      promtoolTest(down, 17, 'CriticalOutage', [outageLabels('devops'), outageLabels('eng-lead')]);
      promtoolTest(down, 32, 'CriticalOutage', [outageLabels('devops'), outageLabels('eng-lead'), outageLabels('cto')]);
    });

    test('one available replica or a Deployment scaled to zero is no outage', () => {
      promtoolTest([ksm('kube_deployment_status_replicas_available', 'deployment="api"', '1x40'), ksm('kube_deployment_spec_replicas', 'deployment="api"', '2x40')], 35, 'CriticalOutage', []);
      promtoolTest([ksm('kube_deployment_status_replicas_available', 'deployment="api"', '0x40'), ksm('kube_deployment_spec_replicas', 'deployment="api"', '0x40')], 35, 'CriticalOutage', []);
    });

    test('a pod restarting 4 times in 10 minutes is a crash loop; 3 times is not', () => {
      const restarts = (values: string) => [ksm('kube_pod_container_status_restarts_total', 'pod="api-1",container="app"', values)];
      promtoolTest(restarts('0 0 1 2 3 4 4 4 4 4 4 4 4 4 4'), 8, 'CrashLoop', [{ namespace: 'shop', pod: 'api-1', standard: 'critical-outage', cause: 'crash-loop' }]);
      promtoolTest(restarts('0 0 1 2 3 3 3 3 3 3 3 3 3 3 3'), 8, 'CrashLoop', []);
    });
  });
});
