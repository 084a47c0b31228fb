import { Testing } from 'cdk8s';
import { PrometheusAnalysisTemplate, PrometheusAnalysisTemplateProps } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';

const ERRORS = 'sum(rate(errors{rollouts_pod_template_hash="{{args.canary-hash}}"}[2m])) / sum(rate(requests{rollouts_pod_template_hash="{{args.canary-hash}}"}[2m]))';

function props(overrides: Partial<PrometheusAnalysisTemplateProps> = {}): PrometheusAnalysisTemplateProps {
  return {
    name: 'payments-api',
    namespace: 'payments',
    prometheusAddress: 'http://prometheus.monitoring.svc:9090',
    metrics: [{ name: 'error-rate', query: ERRORS, maxValue: 0.05 }],
    labels: PLATFORM_LABELS,
    ...overrides,
  };
}

function synth(p: PrometheusAnalysisTemplateProps = props()): any {
  const chart = Testing.chart();
  new PrometheusAnalysisTemplate(chart, 'Analysis', p);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

describe('PrometheusAnalysisTemplate', () => {
  test('an AnalysisTemplate named like the service, in its namespace, taking the canary hash', () => {
    const template = synth();
    expect([template.apiVersion, template.kind, template.metadata.namespace, template.metadata.name])
      .toEqual(['argoproj.io/v1alpha1', 'AnalysisTemplate', 'payments', 'payments-api']);
    expect(template.metadata.labels).toEqual(PLATFORM_LABELS);
    expect(template.spec.args).toEqual([{ name: 'canary-hash' }]);
  });

  test('each metric passes at or below its bound and fails above it: never inconclusive', () => {
    expect(synth().spec.metrics).toEqual([{
      name: 'error-rate',
      interval: '60s',
      failureLimit: 1,
      successCondition: 'result[0] <= 0.05',
      failureCondition: 'result[0] > 0.05',
      provider: { prometheus: { address: 'http://prometheus.monitoring.svc:9090', query: ERRORS, timeout: 30 } },
    }]);
  });

  test('interval, failure limit and query timeout can be set', () => {
    const [metric] = synth(props({ intervalSeconds: 30, failureLimit: 0, queryTimeoutSeconds: 10 })).spec.metrics;
    expect([metric.interval, metric.failureLimit, metric.provider.prometheus.timeout]).toEqual(['30s', 0, 10]);
  });

  test('the construct ids are pinned', () => {
    const template = new PrometheusAnalysisTemplate(Testing.chart(), 'Analysis', props());
    expect(template.node.defaultChild).toBe(template.apiObject);
    expect(template.apiObject.node.id).toBe('Resource');
  });

  test('the manifest validates against the AnalysisTemplate CRD schema (@kubernetes-models/argo-rollouts)', () => {
    const template = synth(props({ metrics: [{ name: 'error-rate', query: ERRORS, maxValue: 0.05 }, { name: 'latency-p99', query: ERRORS, maxValue: 0.3 }] }));
    expect(crdSchemaProblems([template])).toEqual([]);
    const prometheus = { ...template.spec.metrics[0].provider.prometheus, timeout: 'thirty' };
    const broken = { ...template, spec: { ...template.spec, metrics: [{ ...template.spec.metrics[0], provider: { prometheus } }] } };
    expect(crdSchemaProblems([broken])).toEqual([expect.stringMatching(/^argoproj\.io\/v1alpha1 AnalysisTemplate "payments-api": .*timeout must be integer/)]);
  });

  test('every problem is reported at once, with the bad value and what is expected', () => {
    const message = chartProblemsOf('Analysis', (chart) => new PrometheusAnalysisTemplate(chart, 'Analysis', props({
      name: 'Payments',
      namespace: 'pay_ments',
      prometheusAddress: 'prometheus:9090',
      metrics: [
        { name: 'error-rate', query: 'sum(rate(errors[2m]))', maxValue: -1 },
        { name: 'error-rate', query: ERRORS, maxValue: Number.NaN },
      ],
      intervalSeconds: 0,
      labels: { 'bad key!': 'x' },
    })));
    expect(message.split('\n')).toEqual([
      'PrometheusAnalysisTemplate "Payments": name "Payments" is not a Kubernetes object name (expected a DNS subdomain, like checkout)',
      'PrometheusAnalysisTemplate "Payments": namespace "pay_ments" is not a DNS label (expected like payments)',
      'PrometheusAnalysisTemplate "Payments": prometheusAddress "prometheus:9090" is not an http(s) URL (expected like http://prometheus.monitoring.svc:9090)',
      'PrometheusAnalysisTemplate "Payments": metrics[0].query does not select the canary (expected it to contain {{args.canary-hash}}, like rollouts_pod_template_hash="{{args.canary-hash}}")',
      'PrometheusAnalysisTemplate "Payments": metrics[0].maxValue -1 is not a finite number of at least 0 (expected like 0.05)',
      'PrometheusAnalysisTemplate "Payments": metrics[1].name "error-rate" is used twice (expected unique metric names)',
      'PrometheusAnalysisTemplate "Payments": metrics[1].maxValue null is not a finite number of at least 0 (expected like 0.05)',
      'PrometheusAnalysisTemplate "Payments": intervalSeconds 0 is not an integer of at least 1 (expected like 60)',
      expect.stringContaining('labels'),
    ]);
  });

  test('at least one metric', () => {
    expect(chartProblemsOf('Analysis', (chart) => new PrometheusAnalysisTemplate(chart, 'Analysis', props({ metrics: [] }))))
      .toBe('PrometheusAnalysisTemplate "payments-api": metrics is empty (expected at least one metric, like an error rate)');
  });
});
