import { DELIVERY_RECORDED, deliveryDashboard, deliveryRuleGroups, type PrometheusRuleGroup } from '../../../lib/monitoring';
import { CHANGE_FAILURE_RATE, changeFailureMaxRatio, HIGH_ERROR_RATE } from '../../../lib/standards';
import { runTool, writeFiles } from '../../support/prometheus-tools';

const TEAMS = ['shop', 'search'];
const GROUPS = deliveryRuleGroups(TEAMS);

function withoutAnnotations(groups: readonly PrometheusRuleGroup[]): PrometheusRuleGroup[] {
  return groups.map((g) => ({ ...g, rules: g.rules.map(({ annotations: _, ...rule }) => rule) }));
}

/** `rollout_events_total` of one Rollout and reason, with the given promtool values notation. */
function events(namespace: string, name: string, reason: string, values: string) {
  return { series: `rollout_events_total{namespace="${namespace}",name="${name}",type="Normal",reason="${reason}"}`, values };
}

/** Counter values (1-minute steps) rising by one at each of `at` minutes, then flat until minute `end`. */
function counter(at: readonly number[], end = 60): string {
  const values: number[] = [];
  for (let t = 0, n = 0; t <= end; t++) {
    n += at.filter((m) => m === t).length;
    values.push(n);
  }
  return values.join(' ');
}

function promtoolTest(inputSeries: { series: string; values: string }[], tests: { alert_rule_test?: unknown[]; promql_expr_test?: unknown[] }) {
  const dir = writeFiles({
    'rules.yaml': { groups: withoutAnnotations(GROUPS) },
    'test.yaml': { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: inputSeries, ...tests }] },
  });
  return runTool('promtool', ['test', 'rules', 'test.yaml'], dir);
}

function expectPasses(run: { status: number; output: string }) {
  if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.output}`);
  expect(run.output).toContain('SUCCESS');
}

const minutes = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const FIRING = {
  alertname: 'ChangeFailureRateHigh',
  namespace: 'shop',
  standard: CHANGE_FAILURE_RATE.id,
  severity: CHANGE_FAILURE_RATE.severity,
  escalate_to: CHANGE_FAILURE_RATE.escalation[0],
};

describe('change failure rate alert (promtool test rules)', () => {
  test('the threshold is the organization\'s high-error-rate standard', () => {
    expect(changeFailureMaxRatio()).toBe(HIGH_ERROR_RATE.thresholdRatio);
    const alert = GROUPS[0].rules.find((r) => r.alert === 'ChangeFailureRateHigh')!;
    expect(alert.expr).toBe(`${DELIVERY_RECORDED.changeFailureRatio} > ${HIGH_ERROR_RATE.thresholdRatio}`);
  });

  test('2 aborted of 20 releases (10 %) open a ticket for the team lead', () => {
    expectPasses(promtoolTest([
      events('shop', 'api', 'RolloutUpdated', counter(minutes(20))),
      events('shop', 'api', 'RolloutAborted', counter([5, 15])),
    ], { alert_rule_test: [{ eval_time: '60m', alertname: 'ChangeFailureRateHigh', exp_alerts: [{ exp_labels: FIRING }] }] }));
  });

  test('1 aborted of 40 releases (2.5 %) and exactly 1 of 20 (5 %) stay silent', () => {
    expectPasses(promtoolTest([
      events('shop', 'api', 'RolloutUpdated', counter(minutes(40))),
      events('shop', 'api', 'RolloutAborted', counter([7])),
      events('search', 'web', 'RolloutUpdated', counter(minutes(20))),
      events('search', 'web', 'RolloutAborted', counter([3])),
    ], { alert_rule_test: [{ eval_time: '60m', alertname: 'ChangeFailureRateHigh', exp_alerts: [] }] }));
  });

  test('the rate is per team: releases of two services add up before the ratio is taken', () => {
    // 1 abort in 10 releases of api alone would be 10 %; with the 20 releases of worker in the same team it is 1/30.
    expectPasses(promtoolTest([
      events('shop', 'api', 'RolloutUpdated', counter(minutes(10))),
      events('shop', 'api', 'RolloutAborted', counter([4])),
      events('shop', 'worker', 'RolloutUpdated', counter(minutes(20))),
    ], {
      alert_rule_test: [{ eval_time: '60m', alertname: 'ChangeFailureRateHigh', exp_alerts: [] }],
      promql_expr_test: [{ expr: `${DELIVERY_RECORDED.releases}`, eval_time: '60m', exp_samples: [{ labels: `${DELIVERY_RECORDED.releases}{namespace="shop"}`, value: 30 }] }],
    }));
  });

  test('a team that never aborted has a change failure rate of 0, not none', () => {
    expectPasses(promtoolTest([events('shop', 'api', 'RolloutUpdated', counter(minutes(5)))], {
      promql_expr_test: [{ expr: DELIVERY_RECORDED.changeFailureRatio, eval_time: '60m', exp_samples: [{ labels: `${DELIVERY_RECORDED.changeFailureRatio}{namespace="shop"}`, value: 0 }] }],
    }));
  });

  test('Rollouts outside the organization\'s teams are not counted', () => {
    expectPasses(promtoolTest([
      events('sandbox', 'toy', 'RolloutUpdated', counter(minutes(2))),
      events('sandbox', 'toy', 'RolloutAborted', counter([1, 2])),
    ], { alert_rule_test: [{ eval_time: '60m', alertname: 'ChangeFailureRateHigh', exp_alerts: [] }] }));
  });
});

describe('delivery dashboard', () => {
  const dashboard = deliveryDashboard(TEAMS);
  const query = (title: string) => dashboard.panels.find((p) => p.title === title)!.targets![0].expr;

  test('release duration: a Rollout that progressed for 30 minutes before promotion took 1800 s', () => {
    const info = (phase: string, values: string) => ({
      series: `rollout_info{namespace="shop",name="api",strategy="Canary",traffic_router="",phase="${phase}"}`,
      values,
    });
    const duration = query('Release duration (mean over 7d)');
    expectPasses(promtoolTest([
      // Healthy until minute 60, progressing (canary steps and pauses) from 60 to 89, healthy again from 90.
      info('Healthy', '1x59 stale _x29 1x60'),
      info('Progressing', '_x60 1x29 stale'),
      events('shop', 'api', 'RolloutUpdated', counter([60], 150)),
      events('shop', 'api', 'RolloutCompleted', counter([90], 150)),
    ], {
      promql_expr_test: [{
        expr: duration,
        eval_time: '150m',
        exp_samples: [{ labels: '{namespace="shop",name="api"}', value: 1800 }],
      }],
    }));
  });

  test('the change failure panel reads the alerted series, with the standard as its red line', () => {
    const panel = dashboard.panels.find((p) => p.title === `Change failure rate (${CHANGE_FAILURE_RATE.windowDays}d)`)!;
    expect(panel.targets![0].expr).toBe(DELIVERY_RECORDED.changeFailureRatio);
    expect(panel.fieldConfig!.defaults.thresholds.steps).toEqual([{ color: 'green', value: null }, { color: 'red', value: HIGH_ERROR_RATE.thresholdRatio }]);
  });
});
