import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { PrometheusAnalysisTemplate } from '../../../constructs/k8s';
import { acme } from '../../../examples/acme/org';
import { IN_CLUSTER_PROMETHEUS_URL } from '../../../lib/addons';
import { canaryAnalysisMetrics } from '../../../lib/platform/canary-analysis';
import { EnvironmentServicesChart } from '../../../lib/platform/services-chart';
import { defineOrganization } from '../../../lib/spec';
import {
  CANARY_ANALYSIS_FAILURE_LIMIT, CANARY_ANALYSIS_INTERVAL_SECONDS, CANARY_PROGRESS_DEADLINE_SECONDS, CANARY_STEP_PAUSE_SECONDS,
  CANARY_STEP_WEIGHTS_PERCENT, HIGH_ERROR_RATE,
} from '../../../lib/standards';
import { crdSchemaProblems } from '../../support/crd-schema';
import { runTool, writeFiles } from '../../support/prometheus-tools';

// The canary analysis is proven by evaluation, not by reading its text: each AnalysisTemplate's queries (with the
// canary hash substituted, as Argo Rollouts does) and its success and failure conditions (translated one to one
// into PromQL comparisons) run in Prometheus's own engine through `promtool test rules`, over synthetic series.

const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;
const manifests: any[] = Testing.synth(new EnvironmentServicesChart(Testing.app(), 'services', { organization: org, environment: prod, cloud: 'aws' }));
const templates = manifests.filter((m) => m.kind === 'AnalysisTemplate');
const rollouts = manifests.filter((m) => m.kind === 'Rollout');

const CANARY = '5f7d9c8b46';
const STABLE = '7c6b5d4f98';
/** Histogram bounds of the synthetic series, in seconds; every SLO of the example is one of them. */
const BOUNDS = [0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 1, 2, 5];

/**
 * An Argo Rollouts condition as PromQL on the query's result. Only the form the templates use is accepted
 * (`result[0] <op> <number>`): anything else fails the test rather than being guessed at.
 */
function conditionAsPromql(condition: string, query: string): string {
  const match = /^result\[0\] (<=|>) (\d+(?:\.\d+)?)$/.exec(condition);
  if (!match) throw new Error(`condition ${JSON.stringify(condition)} is not of the form result[0] <= N or result[0] > N`);
  return `(${query}) ${match[1]} ${match[2]}`;
}

/** Alerting rules that fire exactly when a metric's measurement would pass (CanaryPasses) or fail (CanaryFails). */
function rulesOf(template: any): unknown {
  const rules = template.spec.metrics.flatMap((metric: any) => {
    // Argo Rollouts substitutes the template's arguments into the query before it runs it.
    const query = metric.provider.prometheus.query.split(PrometheusAnalysisTemplate.CANARY_HASH_PLACEHOLDER).join(CANARY);
    return [
      { alert: 'CanaryPasses', expr: conditionAsPromql(metric.successCondition, query), labels: { metric: metric.name } },
      { alert: 'CanaryFails', expr: conditionAsPromql(metric.failureCondition, query), labels: { metric: metric.name } },
    ];
  });
  return { groups: [{ name: `canary-analysis-${template.metadata.name}`, rules }] };
}

interface Traffic {
  /** Requests per minute by status code. */
  readonly codes: Record<string, number>;
  /** Share of the requests slower than the SLO (they land in the bucket just above it). */
  readonly slowShare?: number;
}

/** Counter series of one revision's pods of a service, as the ServiceMonitor scrapes them. */
function series(namespace: string, job: string, hash: string, traffic: Traffic, sloSeconds: number): { series: string; values: string }[] {
  const labels = `namespace="${namespace}",job="${job}",rollouts_pod_template_hash="${hash}"`;
  const total = Object.values(traffic.codes).reduce((a, b) => a + b, 0);
  const fast = total * (1 - (traffic.slowShare ?? 0));
  const out = Object.entries(traffic.codes).map(([code, perMinute]) => ({
    series: `http_server_request_duration_seconds_count{${labels},http_response_status_code="${code}"}`,
    values: `0+${perMinute}x30`,
  }));
  // Fast requests take under the first bound; slow ones fall in the bucket right above the SLO.
  for (const le of [...BOUNDS.map(String), '+Inf']) {
    const cumulative = le === '+Inf' || Number(le) > sloSeconds ? total : fast;
    out.push({ series: `http_server_request_duration_seconds_bucket{${labels},le="${le}"}`, values: `0+${cumulative}x30` });
  }
  return out;
}

interface Scenario {
  readonly name: string;
  readonly canary?: Traffic;
  readonly stable?: Traffic;
  /** Metrics whose measurement fails; every other metric passes. */
  readonly failing: readonly string[];
}

const SCENARIOS: readonly Scenario[] = [
  { name: '6 % of the canary\'s requests fail: the error rate fails', canary: { codes: { 200: 94, 500: 6 } }, stable: { codes: { 200: 1000 } }, failing: ['error-rate'] },
  { name: '4 % fail (plus client errors, which are not failures) while the stable version fails badly: it passes', canary: { codes: { 200: 76, 404: 20, 503: 4 } }, stable: { codes: { 200: 500, 500: 500 } }, failing: [] },
  { name: 'no traffic at all: nothing to hold against the canary', failing: [] },
  { name: '5 % of the canary\'s requests are slower than the SLO: the p99 latency fails', canary: { codes: { 200: 100 }, slowShare: 0.05 }, stable: { codes: { 200: 100 } }, failing: ['latency-p99'] },
  { name: 'a slow stable version does not fail a fast canary', canary: { codes: { 200: 100 } }, stable: { codes: { 200: 100 }, slowShare: 0.5 }, failing: [] },
];

function testsOf(template: any): unknown {
  const service = org.services.find((s) => s.name === template.metadata.name)!;
  const sloSeconds = service.slo.latencyP99Ms / 1000;
  expect(BOUNDS).toContain(sloSeconds);
  const metrics: string[] = template.spec.metrics.map((m: any) => m.name);
  return {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: SCENARIOS.map((scenario) => ({
      name: scenario.name,
      interval: '1m',
      input_series: [
        ...(scenario.canary ? series(service.team, service.name, CANARY, scenario.canary, sloSeconds) : []),
        ...(scenario.stable ? series(service.team, service.name, STABLE, scenario.stable, sloSeconds) : []),
      ],
      alert_rule_test: [
        { eval_time: '10m', alertname: 'CanaryFails', exp_alerts: scenario.failing.map((metric) => ({ exp_labels: { metric } })) },
        { eval_time: '10m', alertname: 'CanaryPasses', exp_alerts: metrics.filter((m) => !scenario.failing.includes(m)).map((metric) => ({ exp_labels: { metric } })) },
      ],
    })),
  };
}

describe('canary analysis of every service (prod on AWS)', () => {
  test('every service has an AnalysisTemplate, and its Rollout runs it', () => {
    expect(templates.map((t) => t.metadata.name).sort()).toEqual(org.services.map((s) => s.name).sort());
    expect(rollouts).toHaveLength(org.services.length);
    for (const rollout of rollouts) {
      const template = templates.find((t) => t.metadata.name === rollout.spec.strategy.canary.analysis.templates[0].templateName);
      expect(template.metadata.namespace).toBe(rollout.metadata.namespace);
    }
    expect(manifests.filter((m) => m.kind === 'Deployment')).toEqual([]);
  });

  test('thresholds are read from the standards: the high-error-rate threshold and each service\'s latency SLO', () => {
    for (const template of templates) {
      const service = org.services.find((s) => s.name === template.metadata.name)!;
      const bounds = Object.fromEntries(template.spec.metrics.map((m: any) => [m.name, m.successCondition]));
      expect(bounds).toEqual({
        'error-rate': `result[0] <= ${HIGH_ERROR_RATE.thresholdRatio}`,
        'latency-p99': `result[0] <= ${service.slo.latencyP99Ms / 1000}`,
      });
      expect(template.spec.metrics.map((m: any) => m.provider.prometheus.address)).toEqual([IN_CLUSTER_PROMETHEUS_URL, IN_CLUSTER_PROMETHEUS_URL]);
      expect(template.spec.metrics.map((m: any) => [m.interval, m.failureLimit])).toEqual([
        [`${CANARY_ANALYSIS_INTERVAL_SECONDS}s`, CANARY_ANALYSIS_FAILURE_LIMIT], [`${CANARY_ANALYSIS_INTERVAL_SECONDS}s`, CANARY_ANALYSIS_FAILURE_LIMIT],
      ]);
    }
    expect(canaryAnalysisMetrics(org.services[0]).map((m) => m.maxValue)[0]).toBe(HIGH_ERROR_RATE.thresholdRatio);
  });

  test('the canary steps and deadlines are the delivery standards', () => {
    for (const rollout of rollouts) {
      const steps = rollout.spec.strategy.canary.steps;
      expect(steps.filter((s: any) => s.setWeight !== undefined).map((s: any) => s.setWeight)).toEqual(CANARY_STEP_WEIGHTS_PERCENT);
      expect(steps.filter((s: any) => s.pause).map((s: any) => s.pause.duration)).toEqual(CANARY_STEP_WEIGHTS_PERCENT.map(() => `${CANARY_STEP_PAUSE_SECONDS}s`));
      expect(rollout.spec.progressDeadlineSeconds).toBe(CANARY_PROGRESS_DEADLINE_SECONDS);
    }
  });

  test('6 % errors fail the analysis (the rollout aborts) and 4 % pass it (the rollout promotes): promtool test rules', () => {
    // GIVEN each service's analysis as alerting rules, and the scenarios as unit tests of those rules
    const dirs = templates.map((template) => writeFiles({ 'rules.yml': rulesOf(template), 'tests.yml': testsOf(template) }));

    // WHEN promtool checks the rules (every query parses) and runs the tests in Prometheus's engine
    const checked = runTool('promtool', ['check', 'rules', ...dirs.map((d) => path.join(d, 'rules.yml'))]);
    const tested = runTool('promtool', ['test', 'rules', ...dirs.map((d) => path.join(d, 'tests.yml'))]);

    // THEN
    expect(checked.output).not.toMatch(/FAILED/);
    expect(checked.status).toBe(0);
    expect(tested.output).not.toMatch(/FAILED/);
    expect(tested.status).toBe(0);
    expect(tested.output.match(/SUCCESS/g)).toHaveLength(templates.length);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the evaluation is sensitive: a template that tolerated 7 % would let 6 % through, and promtool says so', () => {
    // GIVEN checkout's template with its error threshold moved above 6 %
    const template = structuredClone(templates.find((t) => t.metadata.name === 'checkout'));
    const errorRate = template.spec.metrics.find((m: any) => m.name === 'error-rate');
    errorRate.successCondition = PrometheusAnalysisTemplate.successCondition(0.07);
    errorRate.failureCondition = PrometheusAnalysisTemplate.failureCondition(0.07);
    const dir = writeFiles({ 'rules.yml': rulesOf(template), 'tests.yml': testsOf(template) });

    // WHEN
    const tested = runTool('promtool', ['test', 'rules', path.join(dir, 'tests.yml')]);

    // THEN the 6 % scenario fails its expectations
    expect(tested.status).not.toBe(0);
    expect(tested.output).toMatch(/6 % of the canary's requests fail/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every Rollout and AnalysisTemplate validates against its CRD schema', () => {
    expect(crdSchemaProblems([...templates, ...rollouts])).toEqual([]);
  });
});
