import { ROLLOUT_STATE_METRICS } from '../../../lib/addons';
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

/** The series kube-state-metrics exposes for one Rollout (see lib/addons/rollout-state-metrics.ts). */
const KSM = 'customresource_group="argoproj.io",customresource_kind="Rollout",customresource_version="v1alpha1"';
function committedAt(namespace: string, name: string, values: string) {
  return { series: `${ROLLOUT_STATE_METRICS.releaseCommittedAt}{${KSM},namespace="${namespace}",name="${name}"}`, values };
}
function completed(namespace: string, name: string, status: 'True' | 'False', values: string) {
  return { series: `${ROLLOUT_STATE_METRICS.conditionLastTransition}{${KSM},namespace="${namespace}",name="${name}",type="Completed",status="${status}"}`, values };
}
const leadTimeOf = (namespace: string, name: string, value: number) => ({ labels: `${DELIVERY_RECORDED.leadTime}{namespace="${namespace}",name="${name}"}`, value });

describe('lead time from commit to running (promtool test rules)', () => {
  // Unix seconds: release 1 committed at C1 and fully promoted 90 minutes later; release 2 committed a day later,
  // applied by Argo CD at minute 30, promoted at minute 60, 2 hours after its commit.
  const C1 = 1_764_579_000;
  const P1 = C1 + 5400;
  const C2 = C1 + 86_400;
  const P2 = C2 + 7200;

  test('each release\'s lead time is its promotion time minus its commit time; none while the next one is releasing', () => {
    expectPasses(promtoolTest([
      // The annotation changes when Argo CD applies release 2 (minute 30).
      committedAt('shop', 'api', `${C1}x29 ${C2}x40`),
      // Completed stays True (transition P1) through minute 30: the controller has not seen release 2 yet. It turns
      // False at minute 31 (kube-state-metrics drops the True series) and True again, with P2, at minute 60.
      completed('shop', 'api', 'True', `${P1}x30 stale _x28 ${P2}x10`),
      completed('shop', 'api', 'False', `_x31 ${C2 + 1860}x28 stale`),
    ], {
      promql_expr_test: [
        { expr: DELIVERY_RECORDED.leadTime, eval_time: '10m', exp_samples: [leadTimeOf('shop', 'api', 5400)] },
        // The moment the new commit time meets the old promotion time: no lead time, never a negative one.
        { expr: DELIVERY_RECORDED.leadTime, eval_time: '30m', exp_samples: [] },
        { expr: DELIVERY_RECORDED.leadTime, eval_time: '45m', exp_samples: [] },
        { expr: DELIVERY_RECORDED.leadTime, eval_time: '65m', exp_samples: [leadTimeOf('shop', 'api', 7200)] },
      ],
    }));
  });

  test('an aborted release records no lead time: Completed stays False until a release is promoted', () => {
    expectPasses(promtoolTest([
      committedAt('shop', 'api', `${C2}x60`),
      completed('shop', 'api', 'False', `${C2 + 600}x60`),
    ], { promql_expr_test: [{ expr: DELIVERY_RECORDED.leadTime, eval_time: '60m', exp_samples: [] }] }));
  });

  test('a team\'s lead time is the median over its services; Rollouts outside the organization\'s teams are not counted', () => {
    expectPasses(promtoolTest([
      committedAt('shop', 'api', `${C1}x10`),
      completed('shop', 'api', 'True', `${C1 + 600}x10`),
      committedAt('shop', 'worker', `${C1}x10`),
      completed('shop', 'worker', 'True', `${C1 + 3600}x10`),
      committedAt('shop', 'web', `${C1}x10`),
      completed('shop', 'web', 'True', `${C1 + 7200}x10`),
      committedAt('sandbox', 'toy', `${C1}x10`),
      completed('sandbox', 'toy', 'True', `${C1 + 60}x10`),
    ], {
      promql_expr_test: [
        { expr: DELIVERY_RECORDED.teamLeadTime, eval_time: '5m', exp_samples: [{ labels: `${DELIVERY_RECORDED.teamLeadTime}{namespace="shop"}`, value: 3600 }] },
        { expr: `count(${DELIVERY_RECORDED.leadTime})`, eval_time: '5m', exp_samples: [{ labels: '{}', value: 3 }] },
      ],
    }));
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

  test('lead time: per service the recorded series, per team its median, both in seconds', () => {
    const perService = dashboard.panels.find((p) => p.title === 'Lead time (commit to running here)')!;
    const perTeam = dashboard.panels.find((p) => p.title === 'Lead time (median of services)')!;
    expect([perService.targets![0].expr, perService.fieldConfig!.defaults.unit]).toEqual([DELIVERY_RECORDED.leadTime, 's']);
    expect([perTeam.targets![0].expr, perTeam.fieldConfig!.defaults.unit]).toEqual([DELIVERY_RECORDED.teamLeadTime, 's']);
  });

  test('the change failure panel reads the alerted series, with the standard as its red line', () => {
    const panel = dashboard.panels.find((p) => p.title === `Change failure rate (${CHANGE_FAILURE_RATE.windowDays}d)`)!;
    expect(panel.targets![0].expr).toBe(DELIVERY_RECORDED.changeFailureRatio);
    expect(panel.fieldConfig!.defaults.thresholds.steps).toEqual([{ color: 'green', value: null }, { color: 'red', value: HIGH_ERROR_RATE.thresholdRatio }]);
  });
});
