/**
 * PromQL over the request metrics every service exposes ({@link SERVICE_METRICS}), for the measurements that select
 * series by hand rather than through the recorded rules: the canary analysis of Argo Rollouts judges the new pods
 * by the same series, labels and failed-status rule as the alerts, so a release is judged by the numbers the
 * on-call engineer sees.
 */
import { SERVICE_METRICS } from './metrics';

/**
 * Label carrying the Argo Rollouts pod template hash of the pod that served a request: the ServiceMonitor of a
 * service copies the pods' `rollouts-pod-template-hash` label onto its series (`podTargetLabels`), so the canary's
 * requests can be told from the stable ones.
 */
export const ROLLOUT_HASH_LABEL = 'rollouts_pod_template_hash';

/** The pod label Argo Rollouts puts on every pod of a revision; {@link ROLLOUT_HASH_LABEL} is its Prometheus form. */
export const ROLLOUT_HASH_POD_LABEL = 'rollouts-pod-template-hash';

/** Label matchers of a PromQL selector, rendered in key order so the same selector always prints the same. */
export type SeriesSelector = Readonly<Record<string, string>>;

function matchers(selector: SeriesSelector, extra = ''): string {
  const parts = Object.keys(selector).sort().map((k) => `${k}=${JSON.stringify(selector[k])}`);
  if (extra) parts.push(extra);
  return parts.join(',');
}

/**
 * The share of failed requests (status 5xx) among all requests of the selected series over `windowMinutes`, as one
 * sample in [0, 1].
 *
 * Without traffic (no series, or no request in the window) the ratio is 0 rather than empty or NaN: a service
 * nobody calls is not failing, and a NaN would fail every comparison.
 */
export function errorRatioQuery(selector: SeriesSelector, windowMinutes: number): string {
  const count = `${SERVICE_METRICS.requestDuration}_count`;
  const failed = `sum(rate(${count}{${matchers(selector, `${SERVICE_METRICS.statusCodeLabel}=~${JSON.stringify(SERVICE_METRICS.errorStatusRegex)}`)}}[${windowMinutes}m]))`;
  const all = `sum(rate(${count}{${matchers(selector)}}[${windowMinutes}m]))`;
  // `>= 0` drops a NaN (0/0); `or on() vector(0)` fills the gap it leaves and the one no series leaves.
  return `((${failed} / ${all}) >= 0) or on() vector(0)`;
}

/**
 * The `quantile` (e.g. 0.99) of request duration in seconds of the selected series over `windowMinutes`, as one
 * sample; 0 without traffic, for the same reason as {@link errorRatioQuery}.
 */
export function latencyQuantileQuery(selector: SeriesSelector, quantile: number, windowMinutes: number): string {
  const buckets = `sum by (le) (rate(${SERVICE_METRICS.requestDuration}_bucket{${matchers(selector)}}[${windowMinutes}m]))`;
  return `(histogram_quantile(${quantile}, ${buckets}) >= 0) or on() vector(0)`;
}
