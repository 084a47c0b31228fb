import { acme } from '../../../examples/acme/org';
import {
  ALERT_LABELS, baselineRuleGroups, MonitoredService, PrometheusRule, PrometheusRuleGroup, promDuration, RECORDED, recordingRuleGroups, sloRuleGroups,
  standardRuleGroups,
} from '../../../lib/monitoring';
import { defineOrganization } from '../../../lib/spec';
import {
  burnRateAlerts, CRITICAL_OUTAGE, escalationDelays, HIGH_ERROR_RATE, RESOURCE_SATURATION, SECURITY_EVENT, SERVICE_METRICS, SLO_ALERT_ROUTING,
} from '../../../lib/standards';
import { runTool, writeFiles } from '../../support/prometheus-tools';

const API: MonitoredService = { name: 'api', namespace: 'shop', availabilityPercent: 99.9, latencyP99Ms: 300 };
const BATCH: MonitoredService = { name: 'batch', namespace: 'shop', availabilityPercent: 99.5, latencyP99Ms: 2000 };
const SERVICES = [API, BATCH];
const GROUPS = baselineRuleGroups(SERVICES, ['shop']);

/**
 * The rules without annotations: promtool compares expanded annotations too, and these tests are about when an
 * alert fires and with which labels (the annotations' templates are checked by `promtool check rules`).
 */
function withoutAnnotations(groups: readonly PrometheusRuleGroup[]): PrometheusRuleGroup[] {
  return groups.map((g) => ({ ...g, rules: g.rules.map(({ annotations: _, ...rule }) => rule) }));
}

interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: { exp_labels: Record<string, string> }[];
}

/** Runs `promtool test rules` on the baseline rules with the given input and expectations; returns its output. */
function promtoolTest(
  interval: string,
  inputSeries: { series: string; values: string }[],
  alertTests: AlertTest[],
  keep: (rule: PrometheusRule) => boolean = () => true,
): { status: number; output: string } {
  const groups = GROUPS.map((g) => ({ ...g, rules: g.rules.filter(keep) }));
  const dir = writeFiles({
    'rules.yaml': { groups: withoutAnnotations(groups) },
    'test.yaml': {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{ interval, input_series: inputSeries, alert_rule_test: alertTests }],
    },
  });
  return runTool('promtool', ['test', 'rules', 'test.yaml'], dir);
}

function expectPasses(run: { status: number; output: string }): void {
  if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.output}`);
  expect(run.output).toContain('SUCCESS');
}

/** Request counters of a service whose share of failures is `errorRatio`, `perStep` requests per input step. */
function traffic(svc: MonitoredService, errorRatio: number, steps: number, perStep = 1000) {
  const sel = (code: string) => `${SERVICE_METRICS.requestDuration}_count{namespace="${svc.namespace}",job="${svc.name}",${SERVICE_METRICS.statusCodeLabel}="${code}"}`;
  const errors = Number((perStep * errorRatio).toPrecision(10));
  return [
    { series: sel('200'), values: `0+${Number((perStep - errors).toPrecision(10))}x${steps}` },
    { series: sel('500'), values: `0+${errors}x${steps}` },
  ];
}

/** Labels of a sequential standard's alert at one escalation step. */
function stepLabels(standard: typeof HIGH_ERROR_RATE, role: string, extra: Record<string, string>) {
  return { ...extra, standard: standard.id, severity: standard.severity, escalate_to: role };
}

describe('rendered rule files', () => {
  test('promtool check rules accepts every group rendered for the example organization', () => {
    // GIVEN the example's services and team namespaces
    const org = defineOrganization(acme);
    const services = org.services.map((s) => ({ name: s.name, namespace: s.team, ...s.slo }));
    const namespaces = org.teams.map((t) => t.name);
    // WHEN each rule file is rendered and checked
    const files = {
      'recording.yaml': { groups: recordingRuleGroups(namespaces) },
      'standards.yaml': { groups: standardRuleGroups(namespaces) },
      'slo.yaml': { groups: sloRuleGroups(services) },
    };
    const dir = writeFiles(files);
    const run = runTool('promtool', ['check', 'rules', ...Object.keys(files)], dir);
    // THEN promtool finds no problem in any of them
    if (run.status !== 0) throw new Error(run.output);
    expect(run.output.match(/SUCCESS/g)).toHaveLength(3);
  });

  test('promtool check rules rejects a broken expression (the check is real)', () => {
    const dir = writeFiles({ 'bad.yaml': { groups: [{ name: 'x', rules: [{ alert: 'X', expr: 'sum(' }] }] } });
    expect(runTool('promtool', ['check', 'rules', 'bad.yaml'], dir).status).not.toBe(0);
  });
});

describe('high error rate (> 5 % failing)', () => {
  const labels = { namespace: 'shop', job: 'api' };
  const [first, second] = escalationDelays(HIGH_ERROR_RATE);

  test('fires at 6 %, to on-call first and the team lead one response time later', () => {
    const run = promtoolTest('1m', traffic(API, 0.06, 60), [
      // Pending until the standard's `for` has passed
      { eval_time: promDuration(first.afterMinutes), alertname: 'HighErrorRate', exp_alerts: [] },
      { eval_time: promDuration(first.afterMinutes + 2), alertname: 'HighErrorRate', exp_alerts: [{ exp_labels: stepLabels(HIGH_ERROR_RATE, 'on-call', labels) }] },
      {
        eval_time: promDuration(second.afterMinutes + 2),
        alertname: 'HighErrorRate',
        exp_alerts: [
          { exp_labels: stepLabels(HIGH_ERROR_RATE, 'on-call', labels) },
          { exp_labels: stepLabels(HIGH_ERROR_RATE, 'team-lead', labels) },
        ],
      },
    ]);
    expectPasses(run);
  });

  test('stays silent at 4 %', () => {
    expectPasses(promtoolTest('1m', traffic(API, 0.04, 60), [
      { eval_time: '30m', alertname: 'HighErrorRate', exp_alerts: [] },
      { eval_time: '60m', alertname: 'HighErrorRate', exp_alerts: [] },
    ]));
  });

  test('a wrong expectation fails promtool (the harness can fail)', () => {
    const run = promtoolTest('1m', traffic(API, 0.04, 60), [
      { eval_time: '30m', alertname: 'HighErrorRate', exp_alerts: [{ exp_labels: stepLabels(HIGH_ERROR_RATE, 'on-call', labels) }] },
    ]);
    expect(run.status).not.toBe(0);
  });
});

describe.each([API, BATCH])('SLO burn-rate alerts of $name ($availabilityPercent %)', (svc) => {
  const labels = { namespace: svc.namespace, job: svc.name };
  const alerts = burnRateAlerts(svc.availabilityPercent);

  /** Every firing copy of the burn-rate alerts whose threshold is below `ratio`, at a time after every step's delay. */
  function firingAbove(ratio: number) {
    return alerts.filter((a) => a.errorRatioThreshold < ratio).flatMap((a) => SLO_ALERT_ROUTING[a.action].escalation.map((role) => ({
      exp_labels: {
        ...labels,
        [ALERT_LABELS.standard]: 'slo',
        [ALERT_LABELS.severity]: SLO_ALERT_ROUTING[a.action].severity,
        [ALERT_LABELS.action]: a.action,
        long_window: promDuration(a.longWindowMinutes),
        burn_rate: String(a.burnRate),
        [ALERT_LABELS.escalateTo]: role,
      },
    })));
  }

  test.each(alerts.map((a) => [`${a.burnRate}x over ${promDuration(a.longWindowMinutes)} and ${promDuration(a.shortWindowMinutes)}`, a] as const))(
    '%s fires just above its error ratio and stays silent just below it', (_name, alert) => {
      const above = alert.errorRatioThreshold * 1.1;
      const below = alert.errorRatioThreshold * 0.9;
      // Steady error ratios, evaluated once every window and escalation step has had time to fill.
      const evalTime = '2h';
      const fired = promtoolTest('1m', [...traffic(svc, above, 130)], [{ eval_time: evalTime, alertname: 'ErrorBudgetBurn', exp_alerts: firingAbove(above) }]);
      expectPasses(fired);
      expect(firingAbove(above).map((a) => a.exp_labels.burn_rate)).toContain(String(alert.burnRate));
      const silent = promtoolTest('1m', [...traffic(svc, below, 130)], [{ eval_time: evalTime, alertname: 'ErrorBudgetBurn', exp_alerts: firingAbove(below) }]);
      expectPasses(silent);
      expect(firingAbove(below).map((a) => a.exp_labels.burn_rate)).not.toContain(String(alert.burnRate));
    },
  );
});

describe('burn-rate windows', () => {
  const fastest = burnRateAlerts(API.availabilityPercent)[0];
  // The recording rules and the fastest page only: slower policies read windows longer than these short series,
  // which Prometheus extrapolates; their own rate and window are proven above.
  const fastestOnly = (rule: PrometheusRule) => rule.record !== undefined || (rule.alert === 'ErrorBudgetBurn' && rule.labels?.burn_rate === String(fastest.burnRate));
  const page = (role: string) => ({ exp_labels: { namespace: 'shop', job: 'api', standard: 'slo', severity: 'critical', action: 'page', long_window: promDuration(fastest.longWindowMinutes), burn_rate: String(fastest.burnRate), escalate_to: role } });

  test.each([
    ['a 10-minute burst does not page: the 1h window sees 10/60 of 5x the threshold', 10, false],
    ['a 15-minute burst pages: the 1h window sees 15/60 of 5x the threshold', 15, true],
  ])('%s', (_name, burst, pages) => {
    // GIVEN clean traffic, then errors at 5x the fastest threshold for the last minutes: the 5m window always burns
    const clean = 60 - burst;
    const errors = 1000 * fastest.errorRatioThreshold * 5;
    const run = promtoolTest('1m', [
      { series: `${SERVICE_METRICS.requestDuration}_count{namespace="shop",job="api",${SERVICE_METRICS.statusCodeLabel}="200"}`, values: `0+1000x${clean + burst}` },
      { series: `${SERVICE_METRICS.requestDuration}_count{namespace="shop",job="api",${SERVICE_METRICS.statusCodeLabel}="500"}`, values: `0x${clean} 0+${errors}x${burst}` },
    ], [{ eval_time: `${clean + burst}m`, alertname: 'ErrorBudgetBurn', exp_alerts: pages ? [page('on-call')] : [] }], fastestOnly);
    expectPasses(run);
  });

  test('a burst that has ended stops paging once the short window is clean, though the long window still burns', () => {
    const errors = 1000 * fastest.errorRatioThreshold * 3;
    const burning = 40;
    const recovered = 10;
    const ok = `${SERVICE_METRICS.requestDuration}_count{namespace="shop",job="api",${SERVICE_METRICS.statusCodeLabel}="200"}`;
    const err = `${SERVICE_METRICS.requestDuration}_count{namespace="shop",job="api",${SERVICE_METRICS.statusCodeLabel}="500"}`;
    const run = promtoolTest('1m', [
      { series: ok, values: `0+1000x${burning + recovered}` },
      { series: err, values: `0+${errors}x${burning} ${errors * burning}+0x${recovered}` },
    ], [
      // Both windows burn: on-call, and the team lead once the response time has passed
      { eval_time: `${burning}m`, alertname: 'ErrorBudgetBurn', exp_alerts: [page('on-call'), page('team-lead')] },
      // The 1h window still holds the burst (3x the threshold over 40 of 60 minutes), the 5m window is clean
      { eval_time: `${burning + recovered}m`, alertname: 'ErrorBudgetBurn', exp_alerts: [] },
    ], fastestOnly);
    expectPasses(run);
  });
});

describe('resource saturation (> 80 % CPU or memory)', () => {
  const pod = { namespace: 'shop', pod: 'api-1', container: 'api' };
  const sel = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
  const expected = (resource: string) => [{ exp_labels: { ...pod, resource, scope: 'container', standard: RESOURCE_SATURATION.id, severity: RESOURCE_SATURATION.severity, escalate_to: 'devops' } }];
  const evalAt = promDuration(RESOURCE_SATURATION.forMinutes + 10);

  test.each([
    ['CPU at 85 % of its limit fires', 0.85, 'cpu', true],
    ['CPU at 75 % of its limit stays silent', 0.75, 'cpu', false],
    ['memory at 85 % of its limit fires', 0.85, 'memory', true],
    ['memory at 75 % of its limit stays silent', 0.75, 'memory', false],
  ])('%s', (_name, share, resource, fires) => {
    const limitBytes = 512 * 1024 * 1024;
    const series = resource === 'cpu'
      ? [
        // 1 core limit; usage in CPU-seconds per 1m step
        { series: `container_cpu_usage_seconds_total${sel(pod)}`, values: `0+${60 * share}x40` },
        { series: `kube_pod_container_resource_limits${sel({ ...pod, resource: 'cpu', unit: 'core' })}`, values: '1x40' },
      ]
      : [
        { series: `container_memory_working_set_bytes${sel(pod)}`, values: `${Math.round(limitBytes * share)}x40` },
        { series: `kube_pod_container_resource_limits${sel({ ...pod, resource: 'memory', unit: 'byte' })}`, values: `${limitBytes}x40` },
      ];
    expectPasses(promtoolTest('1m', series, [{ eval_time: evalAt, alertname: 'ResourceSaturation', exp_alerts: fires ? expected(resource) : [] }]));
  });

  test('a node above 80 % CPU fires; one at 70 % does not', () => {
    const idle = (instance: string, busy: number) => ({ series: `node_cpu_seconds_total{instance="${instance}",cpu="0",mode="idle"}`, values: `0+${60 * (1 - busy)}x40` });
    expectPasses(promtoolTest('1m', [idle('node-a', 0.9), idle('node-b', 0.7)], [{
      eval_time: evalAt,
      alertname: 'ResourceSaturation',
      exp_alerts: [{ exp_labels: { instance: 'node-a', resource: 'cpu', scope: 'node', standard: RESOURCE_SATURATION.id, severity: RESOURCE_SATURATION.severity, escalate_to: 'devops' } }],
    }]));
  });
});

describe('critical outage and security event', () => {
  test('a service whose every target fails its scrape is an outage, escalating devops -> eng lead -> CTO', () => {
    const steps = escalationDelays(CRITICAL_OUTAGE);
    const labels = { namespace: 'shop', job: 'api', cause: 'no-successful-scrape' };
    const expectedAt = (minutes: number) => steps
      .filter((s) => s.afterMinutes < minutes)
      .map((s) => ({ exp_labels: stepLabels(CRITICAL_OUTAGE, s.role, labels) }));
    const last = steps[steps.length - 1].afterMinutes + 2;
    expect(expectedAt(last)).toHaveLength(3);
    expectPasses(promtoolTest('1m', [
      { series: 'up{namespace="shop",job="api",instance="10.0.0.1:8080"}', values: `0x${last}` },
      { series: 'up{namespace="shop",job="batch",instance="10.0.0.2:8080"}', values: `1x${last}` },
    ], [1, steps[1].afterMinutes + 1, last].map((m) => ({ eval_time: `${m}m`, alertname: 'CriticalOutage', exp_alerts: expectedAt(m) }))));
  });

  test('a service with nothing left to scrape is an outage too', () => {
    expectPasses(promtoolTest('1m', [
      { series: 'up{namespace="shop",job="batch",instance="10.0.0.2:8080"}', values: '1x10' },
    ], [{
      eval_time: `${CRITICAL_OUTAGE.forMinutes + 1}m`,
      alertname: 'CriticalOutage',
      exp_alerts: [{ exp_labels: stepLabels(CRITICAL_OUTAGE, 'devops', { namespace: 'shop', job: 'api', cause: 'no-target' }) }],
    }]));
  });

  test(`more than ${SECURITY_EVENT.burst!.count} refused API requests within ${SECURITY_EVENT.burst!.windowMinutes} minutes is a security event; fewer is not`, () => {
    const { count, windowMinutes } = SECURITY_EVENT.burst!;
    const perMinute = (n: number) => `0+${n}x30`;
    const labels = { source: 'kube-apiserver', standard: SECURITY_EVENT.id, severity: SECURITY_EVENT.severity };
    expectPasses(promtoolTest('1m', [{ series: 'apiserver_request_total{code="403",verb="get"}', values: perMinute(Math.ceil((count * 1.25) / windowMinutes)) }], [
      { eval_time: '10m', alertname: 'SecurityEvent', exp_alerts: [{ exp_labels: labels }] },
    ]));
    expectPasses(promtoolTest('1m', [{ series: 'apiserver_request_total{code="401",verb="get"}', values: perMinute(Math.floor((count * 0.75) / windowMinutes)) }], [
      { eval_time: '10m', alertname: 'SecurityEvent', exp_alerts: [] },
    ]));
  });
});

test('recorded series names are the ones alerts use', () => {
  const recorded = new Set(GROUPS.flatMap((g) => g.rules.map((r) => r.record)).filter(Boolean));
  expect(recorded.has(RECORDED.errorRatio('5m'))).toBe(true);
  for (const a of burnRateAlerts(99.9)) {
    expect(recorded.has(RECORDED.errorRatio(promDuration(a.longWindowMinutes)))).toBe(true);
    expect(recorded.has(RECORDED.errorRatio(promDuration(a.shortWindowMinutes)))).toBe(true);
  }
});
