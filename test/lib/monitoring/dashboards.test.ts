import { acme } from '../../../examples/acme/org';
import {
  baselineRuleGroups, dashboardQueries, dashboardUid, deliveryDashboard, deliveryRuleGroups, type GrafanaDashboard, type MonitoredService,
  platformOverviewDashboard, RECORDED, serviceDashboard, sloRuleGroups, SLO_RECORDED,
} from '../../../lib/monitoring';
import { monitoredServices } from '../../../lib/platform/monitoring-chart';
import { defineOrganization } from '../../../lib/spec';
import { HIGH_ERROR_RATE, RESOURCE_SATURATION } from '../../../lib/standards';
import { dashboardShapeProblems } from '../../support/grafana';
import { runTool, writeFiles } from '../../support/prometheus-tools';

const org = defineOrganization(acme);
const services = monitoredServices(org);
const namespaces = org.teams.map((t) => t.name);
const dashboards: GrafanaDashboard[] = [
  platformOverviewDashboard(namespaces),
  deliveryDashboard(namespaces),
  ...services.map(serviceDashboard),
];

const API: MonitoredService = { name: 'api', namespace: 'shop', availabilityPercent: 99.9, latencyP99Ms: 300 };

function panel(dashboard: GrafanaDashboard, title: string) {
  const found = dashboard.panels.find((p) => p.title === title);
  if (!found) throw new Error(`no panel ${JSON.stringify(title)} in ${dashboard.title} (panels: ${dashboard.panels.map((p) => p.title).join(', ')})`);
  return found;
}

function thresholdValues(dashboard: GrafanaDashboard, title: string): (number | null)[] {
  return panel(dashboard, title).fieldConfig!.defaults.thresholds.steps.map((s) => s.value);
}

describe('generated Grafana dashboards', () => {
  test('one per service, the platform overview and delivery, each with a distinct uid', () => {
    expect(dashboards).toHaveLength(org.services.length + 2);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
  });

  test('every dashboard has the shape Grafana provisions: uid, data source variable, ids, refIds, grid without overlap', () => {
    expect(dashboards.flatMap((d) => dashboardShapeProblems(d).map((p) => `${d.title}: ${p}`))).toEqual([]);
  });

  test('the shape check is not blind: overlapping panels, a reused refId and a missing data source are reported', () => {
    const good = serviceDashboard(API);
    const [row, first, second] = good.panels;
    const broken = {
      ...good,
      panels: [
        row,
        { ...first, targets: [first.targets![0], first.targets![0]] },
        { ...second, gridPos: first.gridPos, datasource: { type: 'prometheus', uid: 'prometheus' } },
      ],
    };
    expect(dashboardShapeProblems(broken)).toEqual([
      'panel "Request rate": refId "A" is missing or used twice',
      `panel "Error rate": overlaps panel "Request rate" at column 0, row ${first.gridPos.y}`,
      'panel "Error rate": datasource {"type":"prometheus","uid":"prometheus"} is not the dashboard\'s variable',
      'panel "Error rate": query A queries another data source than its panel',
    ]);
  });

  test('every panel query is valid PromQL: promtool checks them all as rules', () => {
    const queries = dashboards.flatMap((d) => dashboardQueries(d).map((q, i) => ({ record: `dashboard:${d.uid.replace(/-/g, '_')}:q${i}`, expr: q.expr })));
    expect(queries.length).toBeGreaterThan(10 * dashboards.length);
    const run = runTool('promtool', ['check', 'rules', 'queries.yaml'], writeFiles({ 'queries.yaml': { groups: [{ name: 'dashboard-queries', rules: queries }] } }));
    if (run.status !== 0) throw new Error(run.output);
    expect(run.output).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  test('the PromQL check is not blind: promtool rejects a broken panel query', () => {
    const run = runTool('promtool', ['check', 'rules', 'queries.yaml'], writeFiles({
      'queries.yaml': { groups: [{ name: 'g', rules: [{ record: 'dashboard:broken', expr: `sum by (job ${RECORDED.requests('5m')}` }] }] },
    }));
    expect(run.status).not.toBe(0);
  });

  test('every recorded series a dashboard reads is recorded by the baseline rules', () => {
    const recorded = new Set([...baselineRuleGroups(services, namespaces), ...deliveryRuleGroups(namespaces)]
      .flatMap((g) => g.rules.map((r) => r.record)).filter(Boolean));
    const read = new Set(dashboards.flatMap((d) => dashboardQueries(d).flatMap((q) => q.expr.match(/\b[a-z_]+:[a-z0-9_:]+/g) ?? [])));
    expect([...read].filter((name) => !recorded.has(name))).toEqual([]);
    expect(read.size).toBeGreaterThan(5);
  });

  test('thresholds come from the standards and each service\'s own objectives', () => {
    const cart = services.find((s) => s.name === 'cart')!;
    const d = serviceDashboard(cart);
    expect(thresholdValues(d, 'Error rate')).toEqual([null, HIGH_ERROR_RATE.thresholdRatio]);
    expect(thresholdValues(d, 'Latency')).toEqual([null, cart.latencyP99Ms / 1000]);
    expect(thresholdValues(d, 'CPU used of limit')).toEqual([null, RESOURCE_SATURATION.thresholdRatio]);
    expect(thresholdValues(d, 'Memory used of limit')).toEqual([null, RESOURCE_SATURATION.thresholdRatio]);
    expect(thresholdValues(d, 'Availability (30d)')).toEqual([null, cart.availabilityPercent / 100]);
    expect(thresholdValues(d, 'Error budget burn rate')).toEqual([null, 1, 3, 6, 14.4]);
    expect(panel(d, 'Latency').targets!.map((t) => t.legendFormat)).toEqual(['p50', 'p95', 'p99']);
  });

  test('uids stay within Grafana\'s 40 characters, and long names stay distinct', () => {
    const long = 'a'.repeat(30);
    const a = dashboardUid('svc', long, 'orders-service-one');
    const b = dashboardUid('svc', long, 'orders-service-two');
    expect(a.length).toBeLessThanOrEqual(40);
    expect(b.length).toBeLessThanOrEqual(40);
    expect(a).not.toBe(b);
    expect(dashboardUid('svc', 'payments', 'checkout')).toBe('svc-payments-checkout');
  });
});

describe('dashboard arithmetic, evaluated by promtool', () => {
  /**
   * Evaluates the expression of a service dashboard's panel with the service's SLO rules loaded (which record its
   * objective) and the given recorded error ratios as input.
   */
  function evaluate(expr: string, ratios: Record<string, number>, expected: { labels: string; value: number }[]) {
    const sel = `{namespace="${API.namespace}",job="${API.name}"}`;
    const dir = writeFiles({
      'rules.yaml': { groups: sloRuleGroups([API]).map((g) => ({ ...g, rules: g.rules.filter((r) => r.record) })) },
      'test.yaml': {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [{
          interval: '1m',
          input_series: Object.entries(ratios).map(([window, ratio]) => ({ series: `${RECORDED.errorRatio(window)}${sel}`, values: `${ratio}x10` })),
          promql_expr_test: [{ expr, eval_time: '5m', exp_samples: expected }],
        }],
      },
    });
    const run = runTool('promtool', ['test', 'rules', 'test.yaml'], dir);
    if (run.status !== 0) throw new Error(`promtool test rules failed:\n${run.output}`);
  }

  test('error budget remaining: a 99.9 % service that failed 0.05 % of its requests over 30 days has half its budget left', () => {
    const expr = panel(serviceDashboard(API), 'Error budget remaining').targets![0].expr;
    evaluate(expr, { '30d': 0.0005 }, [{ labels: `{namespace="${API.namespace}",job="${API.name}"}`, value: 0.5 }]);
  });

  test('error budget remaining goes below zero once the objective is missed', () => {
    const expr = panel(serviceDashboard(API), 'Error budget remaining').targets![0].expr;
    evaluate(expr, { '30d': 0.0015 }, [{ labels: `{namespace="${API.namespace}",job="${API.name}"}`, value: -0.5 }]);
  });

  test('burn rate: 0.6 % errors over 6 h burns a 99.9 % budget 6 times too fast, the 6 h page line', () => {
    const sixHours = panel(serviceDashboard(API), 'Error budget burn rate').targets!.find((t) => t.legendFormat.startsWith('6h '))!;
    expect(sixHours.legendFormat).toBe('6h (page above 6x)');
    evaluate(sixHours.expr, { '6h': 0.006, '1h': 0.5 }, [{ labels: `{namespace="${API.namespace}",job="${API.name}"}`, value: 6 }]);
  });

  test('the recorded objective is the service\'s own error budget', () => {
    evaluate(`${SLO_RECORDED.errorBudget}`, {}, [{ labels: `${SLO_RECORDED.errorBudget}{namespace="${API.namespace}",job="${API.name}"}`, value: 0.001 }]);
  });
});
