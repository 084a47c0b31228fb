import type { AnalysisThresholdMetric } from '../../constructs/k8s/prometheus-analysis-template';
import { PrometheusAnalysisTemplate } from '../../constructs/k8s/prometheus-analysis-template';
import type { ServiceWorkloadCanary } from '../../constructs/k8s/service-workload';
import type { Service } from '../spec';
import {
  CANARY_ANALYSIS_WINDOW_MINUTES,
  CANARY_PROGRESS_DEADLINE_SECONDS,
  CANARY_STEP_PAUSE_SECONDS,
  CANARY_STEP_WEIGHTS_PERCENT,
  canaryMaxErrorRatio,
  errorRatioQuery,
  latencyQuantileQuery,
  ROLLOUT_HASH_LABEL,
} from '../standards';

/** The latency quantile the SLO is written for (p99). */
const LATENCY_QUANTILE = 0.99;

/**
 * The measurements that judge a canary of `service`, read from the standards: its error ratio against the
 * organization's high-error-rate threshold, and its p99 latency against the service's latency SLO. Both select the
 * canary's own series (namespace, service and the new pod template hash).
 */
export function canaryAnalysisMetrics(service: Service): AnalysisThresholdMetric[] {
  const selector = {
    namespace: service.team,
    // The ServiceMonitor's job label is the Service's name, which is the service's.
    job: service.name,
    [ROLLOUT_HASH_LABEL]: PrometheusAnalysisTemplate.CANARY_HASH_PLACEHOLDER,
  };
  return [
    { name: 'error-rate', query: errorRatioQuery(selector, CANARY_ANALYSIS_WINDOW_MINUTES), maxValue: canaryMaxErrorRatio() },
    {
      name: 'latency-p99',
      query: latencyQuantileQuery(selector, LATENCY_QUANTILE, CANARY_ANALYSIS_WINDOW_MINUTES),
      // The histogram counts seconds; the SLO is written in milliseconds.
      maxValue: service.slo.latencyP99Ms / 1000,
    },
  ];
}

/** The canary release of `service`, judged by the AnalysisTemplate named `analysisTemplateName`. */
export function canaryOf(analysisTemplateName: string): ServiceWorkloadCanary {
  return {
    analysisTemplateName,
    stepWeightsPercent: CANARY_STEP_WEIGHTS_PERCENT,
    stepPauseSeconds: CANARY_STEP_PAUSE_SECONDS,
    progressDeadlineSeconds: CANARY_PROGRESS_DEADLINE_SECONDS,
  };
}
