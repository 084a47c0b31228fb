import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PlainApiObject } from './plain-api-object';
import { isDnsLabel, isDnsSubdomain, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/**
 * One measurement of a {@link PrometheusAnalysisTemplate}: a PromQL query that returns one sample, and the largest
 * value that still passes.
 */
export interface AnalysisThresholdMetric {
  /** Metric name inside the template (DNS label, e.g. `error-rate`); Argo Rollouts reports results under it. */
  readonly name: string;
  /**
   * PromQL returning a single sample. It must select the canary's series through
   * {@link PrometheusAnalysisTemplate.CANARY_HASH_PLACEHOLDER}, so the new version is judged on its own requests,
   * not diluted by the stable pods'.
   */
  readonly query: string;
  /** The measurement passes at or below this value and fails above it (a finite number >= 0). */
  readonly maxValue: number;
}

/**
 * Props for {@link PrometheusAnalysisTemplate}.
 */
export interface PrometheusAnalysisTemplateProps {
  /** Template name (DNS subdomain): what a Rollout's `analysis.templates[].templateName` refers to. */
  readonly name: string;
  /** Namespace of the template: the namespace of the Rollouts that use it (DNS label). */
  readonly namespace: string;
  /** URL of the Prometheus HTTP API, `http(s)://host[:port]` (e.g. `http://prometheus.monitoring.svc:9090`). */
  readonly prometheusAddress: string;
  /** The measurements, at least one; every one must pass for the canary to proceed. */
  readonly metrics: readonly AnalysisThresholdMetric[];
  /**
   * Seconds between two measurements of each metric.
   * @default 60
   */
  readonly intervalSeconds?: number;
  /**
   * Failed measurements tolerated per metric; one more fails the analysis and aborts the rollout.
   * @default 1
   */
  readonly failureLimit?: number;
  /**
   * Seconds a query may take before the measurement counts as an error. Argo Rollouts fails the analysis after
   * consecutive errors (4 by default), so an unreachable Prometheus aborts a release rather than waving it through.
   * @default 30
   */
  readonly queryTimeoutSeconds?: number;
  /**
   * Labels of the template.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

const URL_PATTERN = /^https?:\/\/[^\s/]+(\/\S*)?$/;
const DEFAULT_INTERVAL_SECONDS = 60;
const DEFAULT_FAILURE_LIMIT = 1;
const DEFAULT_QUERY_TIMEOUT_SECONDS = 30;

/**
 * An Argo Rollouts `AnalysisTemplate` (`argoproj.io/v1alpha1`) that judges a canary by Prometheus queries with
 * upper bounds: each metric passes while `result[0] <= maxValue` and fails when `result[0] > maxValue`, so a
 * measurement is never inconclusive. It takes one argument, `canary-hash`, the pod template hash of the new
 * version, which the queries use to select the canary's series.
 */
export class PrometheusAnalysisTemplate extends Construct {
  /** The template's argument: the new version's pod template hash. */
  public static readonly CANARY_HASH_ARG = 'canary-hash';
  /** How a query refers to {@link PrometheusAnalysisTemplate.CANARY_HASH_ARG}. */
  public static readonly CANARY_HASH_PLACEHOLDER = '{{args.canary-hash}}';

  /**
   * The success condition (Argo Rollouts' expression language) of a metric with this bound.
   * `result` is the query's vector of sample values.
   */
  public static successCondition(maxValue: number): string {
    return `result[0] <= ${maxValue}`;
  }

  /** The failure condition of a metric with this bound: exactly the complement of the success condition. */
  public static failureCondition(maxValue: number): string {
    return `result[0] > ${maxValue}`;
  }

  /** The AnalysisTemplate API object (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;
  /** The template name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: PrometheusAnalysisTemplateProps) {
    super(scope, id);

    const problems = validateProps(props);
    this.node.addValidation(new Problems(`PrometheusAnalysisTemplate ${JSON.stringify(props.name)}`).push(...problems));

    this.name = props.name;
    const interval = `${props.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS}s`;
    this.apiObject = new PlainApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        args: [{ name: PrometheusAnalysisTemplate.CANARY_HASH_ARG }],
        metrics: props.metrics.map((metric) => ({
          name: metric.name,
          interval,
          failureLimit: props.failureLimit ?? DEFAULT_FAILURE_LIMIT,
          successCondition: PrometheusAnalysisTemplate.successCondition(metric.maxValue),
          failureCondition: PrometheusAnalysisTemplate.failureCondition(metric.maxValue),
          provider: {
            prometheus: {
              address: props.prometheusAddress,
              query: metric.query,
              timeout: props.queryTimeoutSeconds ?? DEFAULT_QUERY_TIMEOUT_SECONDS,
            },
          },
        })),
      },
    });
  }
}

/** Every problem with the props, one sentence each, in prop order. */
function validateProps(props: PrometheusAnalysisTemplateProps): string[] {
  const problems: string[] = [];
  if (!isDnsSubdomain(props.name)) {
    problems.push(`name ${JSON.stringify(props.name)} is not a Kubernetes object name (expected a DNS subdomain, like checkout)`);
  }
  if (!isDnsLabel(props.namespace)) {
    problems.push(`namespace ${JSON.stringify(props.namespace)} is not a DNS label (expected like payments)`);
  }
  if (!URL_PATTERN.test(props.prometheusAddress)) {
    problems.push(`prometheusAddress ${JSON.stringify(props.prometheusAddress)} is not an http(s) URL (expected like http://prometheus.monitoring.svc:9090)`);
  }
  if (props.metrics.length === 0) {
    problems.push('metrics is empty (expected at least one metric, like an error rate)');
  }
  const seen = new Set<string>();
  props.metrics.forEach((metric, i) => {
    const where = `metrics[${i}]`;
    if (!isDnsLabel(metric.name)) {
      problems.push(`${where}.name ${JSON.stringify(metric.name)} is not a DNS label (expected like error-rate)`);
    } else if (seen.has(metric.name)) {
      problems.push(`${where}.name ${JSON.stringify(metric.name)} is used twice (expected unique metric names)`);
    }
    seen.add(metric.name);
    if (!metric.query.includes(PrometheusAnalysisTemplate.CANARY_HASH_PLACEHOLDER)) {
      problems.push(`${where}.query does not select the canary (expected it to contain ${PrometheusAnalysisTemplate.CANARY_HASH_PLACEHOLDER}, like rollouts_pod_template_hash="${PrometheusAnalysisTemplate.CANARY_HASH_PLACEHOLDER}")`);
    }
    if (typeof metric.maxValue !== 'number' || !Number.isFinite(metric.maxValue) || metric.maxValue < 0) {
      problems.push(`${where}.maxValue ${JSON.stringify(metric.maxValue)} is not a finite number of at least 0 (expected like 0.05)`);
    }
  });
  for (const [key, value, min] of [['intervalSeconds', props.intervalSeconds, 1], ['failureLimit', props.failureLimit, 0], ['queryTimeoutSeconds', props.queryTimeoutSeconds, 1]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      problems.push(`${key} ${JSON.stringify(value)} is not an integer of at least ${min} (expected like ${key === 'failureLimit' ? 1 : 60})`);
    }
  }
  problems.push(...labelProblems('labels', props.labels ?? {}));
  return problems;
}
