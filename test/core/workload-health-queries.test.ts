import { anyOfRegex, crashLoopQuery, deploymentOutageQuery } from '../../core/workload-health-queries';
import { runTool, writeFiles } from '../support/prometheus-tools';

test('namespaces become one anchored alternation, sorted, deduplicated and escaped', () => {
  expect(anyOfRegex(['shop', 'data.platform', 'shop'])).toBe('data\\.platform|shop');
});

test('extra labels are equality matchers before the namespace', () => {
  expect(deploymentOutageQuery(['shop'], { cluster: 'acme-dev' })).toBe(
    '(kube_deployment_status_replicas_available{cluster="acme-dev",namespace=~"shop"} == 0) and on (namespace, deployment) (kube_deployment_spec_replicas{cluster="acme-dev",namespace=~"shop"} > 0)',
  );
  expect(crashLoopQuery(['shop'], 3, 10)).toBe('sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{namespace=~"shop"}[10m])) > 3');
});

test('promtool parses both, with a namespace that needs escaping', () => {
  const rules = [
    { alert: 'CriticalOutage', expr: deploymentOutageQuery(['data.platform', 'shop'], { cluster: 'a"b' }) },
    { alert: 'CrashLoop', expr: crashLoopQuery(['data.platform'], 3, 10) },
  ];
  const run = runTool('promtool', ['check', 'rules', 'rules.yaml'], writeFiles({ 'rules.yaml': { groups: [{ name: 'g', rules }] } }));
  expect(run.output).toContain('SUCCESS: 2 rules found');
});

test('a namespace regex matches only the listed namespaces (promtool evaluates it)', () => {
  const dir = writeFiles({
    'rules.yaml': { groups: [{ name: 'g', interval: '1m', rules: [{ alert: 'CriticalOutage', expr: deploymentOutageQuery(['data.platform']) }] }] },
    'test.yaml': {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: ['data.platform', 'dataXplatform'].flatMap((namespace) => [
          { series: `kube_deployment_status_replicas_available{namespace="${namespace}",deployment="api"}`, values: '0x5' },
          { series: `kube_deployment_spec_replicas{namespace="${namespace}",deployment="api"}`, values: '1x5' },
        ]),
        alert_rule_test: [{ eval_time: '2m', alertname: 'CriticalOutage', exp_alerts: [{ exp_labels: { namespace: 'data.platform', deployment: 'api' } }] }],
      }],
    },
  });
  const run = runTool('promtool', ['test', 'rules', 'test.yaml'], dir);
  if (run.status !== 0) throw new Error(run.output);
  expect(run.output).toContain('SUCCESS');
});
