import {
  AlertStandard, burnRateAlerts, CRITICAL_OUTAGE, errorBudget, escalationDelays, HIGH_ERROR_RATE, LATENCY_ALERT_FOR_MINUTES,
  LATENCY_QUANTILE, RESOURCE_SATURATION, SECURITY_EVENT, SERVICE_METRICS, SLO_ALERT_ROUTING, SLO_PERIOD_DAYS,
} from '../standards';
import { promDuration } from './duration';
import { ALERT_LABELS, PrometheusRule, PrometheusRuleGroup, SLO_STANDARD_LABEL } from './rule-types';

/** A service as the rules see it: where its metrics come from and its objectives. */
export interface MonitoredService {
  /** The Service's name, which is the `job` label of its scraped series. */
  readonly name: string;
  /** Its namespace (the owning team's). */
  readonly namespace: string;
  /** Availability objective over the SLO period, in percent. */
  readonly availabilityPercent: number;
  /** p99 latency objective, in milliseconds. */
  readonly latencyP99Ms: number;
}

/** Recorded series names, shared by alerts, dashboards and rollout analyses. */
export const RECORDED = {
  /** Requests per second of a service over a window, by `namespace` and `job`. */
  requests: (window: string) => `namespace_job:${SERVICE_METRICS.requestDuration}_count:rate${window}`,
  /** Failed requests per second over a window. */
  errors: (window: string) => `namespace_job:${SERVICE_METRICS.requestDuration}_errors:rate${window}`,
  /** Share of failed requests over a window, in [0, 1]. */
  errorRatio: (window: string) => `namespace_job:${SERVICE_METRICS.requestDuration}_error_ratio:rate${window}`,
  /** A latency quantile over 5 minutes, in seconds. */
  latency: (quantile: number) => `namespace_job:${SERVICE_METRICS.requestDuration}:p${Math.round(quantile * 100)}_rate5m`,
} as const;

/** Recorded constants of each service's objectives, so dashboards and queries over many services compare each with its own. */
export const SLO_RECORDED = {
  /** The error budget of a service's availability objective, as a ratio (99.9 % -> 0.001), by `namespace` and `job`. */
  errorBudget: 'namespace_job:slo_error_budget:ratio',
} as const;

/** The quantiles the dashboards show; p99 is also the latency objective's. */
export const LATENCY_QUANTILES: readonly number[] = [0.5, 0.95, LATENCY_QUANTILE];

const ERROR_RATE_WINDOW_MINUTES = 5;

/** Every window a recorded ratio is needed for: the error-rate standard's, each burn-rate window, and the SLO period. */
export function recordedWindows(): number[] {
  const burn = burnRateAlerts(99.9).flatMap((a) => [a.shortWindowMinutes, a.longWindowMinutes]);
  return [...new Set([ERROR_RATE_WINDOW_MINUTES, ...burn])].sort((a, b) => a - b);
}

/** `{a="1",b="2"}`, label values escaped for PromQL. */
function selector(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

function anyOf(values: readonly string[]): string {
  return [...values].sort().map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

function ratio(value: number): string {
  return `${Number((value * 100).toPrecision(6))} %`;
}

/**
 * The copies of one alert, one per escalation step: a sequential standard's step `k` fires `escalateAfterMinutes`
 * later than step `k - 1` and carries `escalate_to` for its role, so Alertmanager notifies the next role only while
 * the condition still holds. Steps notified together are one alert, which Alertmanager fans out.
 */
function escalated(standard: AlertStandard, rule: Omit<PrometheusRule, 'for' | 'labels'> & { labels?: Record<string, string> }): PrometheusRule[] {
  const base = { [ALERT_LABELS.standard]: standard.id, [ALERT_LABELS.severity]: standard.severity, ...rule.labels };
  if (standard.escalationMode === 'together') {
    return [{ ...rule, for: promDuration(standard.forMinutes), labels: base }];
  }
  return escalationDelays(standard).map(({ role, afterMinutes }) => ({
    ...rule,
    for: promDuration(afterMinutes),
    labels: { ...base, [ALERT_LABELS.escalateTo]: role },
  }));
}

/**
 * Recording rules every alert and dashboard builds on: request, error and error-ratio rates of every service per
 * window, and latency quantiles. Recorded once for all services (by `namespace` and `job`), so adding a service
 * adds no recording rule.
 */
export function recordingRuleGroups(namespaces: readonly string[]): PrometheusRuleGroup[] {
  const ns = `namespace=~${JSON.stringify(anyOf(namespaces))}`;
  const count = `${SERVICE_METRICS.requestDuration}_count`;
  const errorsSel = `{${ns},${SERVICE_METRICS.statusCodeLabel}=~${JSON.stringify(SERVICE_METRICS.errorStatusRegex)}}`;
  const rates = (minutes: number): PrometheusRule[] => {
    const w = promDuration(minutes);
    return [
      { record: RECORDED.requests(w), expr: `sum by (namespace, job) (rate(${count}{${ns}}[${w}]))` },
      { record: RECORDED.errors(w), expr: `sum by (namespace, job) (rate(${count}${errorsSel}[${w}]))` },
      { record: RECORDED.errorRatio(w), expr: `${RECORDED.errors(w)} / ${RECORDED.requests(w)}` },
    ];
  };
  return [
    {
      name: 'baseline-service-rates',
      rules: [
        ...recordedWindows().flatMap(rates),
        ...LATENCY_QUANTILES.map((q) => ({
          record: RECORDED.latency(q),
          expr: `histogram_quantile(${q}, sum by (namespace, job, le) (rate(${SERVICE_METRICS.requestDuration}_bucket{${ns}}[5m])))`,
        })),
      ],
    },
    {
      // The SLO period's ratio feeds "error budget remaining"; evaluating a 30-day range every 5 minutes is enough.
      name: 'baseline-service-budget',
      interval: '5m',
      rules: rates(SLO_PERIOD_DAYS * 1440),
    },
  ];
}

/**
 * The four alert standards as alerting rules, over every service in `namespaces`, every container and node, and
 * the API server. Thresholds, durations, severities and escalation come from `ALERT_STANDARDS`.
 */
export function standardRuleGroups(namespaces: readonly string[]): PrometheusRuleGroup[] {
  const ns = `namespace=~${JSON.stringify(anyOf(namespaces))}`;
  const errorWindow = promDuration(ERROR_RATE_WINDOW_MINUTES);
  const saturation = RESOURCE_SATURATION.thresholdRatio!;
  const burst = SECURITY_EVENT.burst!;
  const containerLimit = (resource: string, unit: string) =>
    `max by (namespace, pod, container) (kube_pod_container_resource_limits{resource="${resource}",unit="${unit}"})`;
  const rules: PrometheusRule[] = [
    ...escalated(CRITICAL_OUTAGE, {
      alert: 'CriticalOutage',
      expr: `sum by (namespace, job) (up{${ns}}) == 0`,
      labels: { cause: 'no-successful-scrape' },
      annotations: annotations(CRITICAL_OUTAGE, 'No target of {{ $labels.namespace }}/{{ $labels.job }} has been scraped successfully.'),
    }),
    ...escalated(CRITICAL_OUTAGE, {
      alert: 'CriticalOutage',
      expr: `(kube_deployment_status_replicas_available{${ns}} == 0) and on (namespace, deployment) (kube_deployment_spec_replicas{${ns}} > 0)`,
      labels: { cause: 'no-healthy-replicas' },
      annotations: annotations(CRITICAL_OUTAGE, 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has no available replica (failing probes or crashing pods).'),
    }),
    ...escalated(HIGH_ERROR_RATE, {
      alert: 'HighErrorRate',
      expr: `${RECORDED.errorRatio(errorWindow)} > ${HIGH_ERROR_RATE.thresholdRatio}`,
      annotations: annotations(HIGH_ERROR_RATE, `{{ $value | humanizePercentage }} of the requests to {{ $labels.namespace }}/{{ $labels.job }} failed over ${errorWindow} (threshold ${ratio(HIGH_ERROR_RATE.thresholdRatio!)}).`),
    }),
    ...escalated(RESOURCE_SATURATION, {
      alert: 'ResourceSaturation',
      expr: `max by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="",container!="POD"}[5m])) / on (namespace, pod, container) ${containerLimit('cpu', 'core')} > ${saturation}`,
      labels: { resource: 'cpu', scope: 'container' },
      annotations: annotations(RESOURCE_SATURATION, `Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ $value | humanizePercentage }} of its CPU limit (threshold ${ratio(saturation)}).`),
    }),
    ...escalated(RESOURCE_SATURATION, {
      alert: 'ResourceSaturation',
      expr: `max by (namespace, pod, container) (container_memory_working_set_bytes{container!="",container!="POD"}) / on (namespace, pod, container) ${containerLimit('memory', 'byte')} > ${saturation}`,
      labels: { resource: 'memory', scope: 'container' },
      annotations: annotations(RESOURCE_SATURATION, `Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ $value | humanizePercentage }} of its memory limit (threshold ${ratio(saturation)}).`),
    }),
    ...escalated(RESOURCE_SATURATION, {
      alert: 'ResourceSaturation',
      expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])) > ${saturation}`,
      labels: { resource: 'cpu', scope: 'node' },
      annotations: annotations(RESOURCE_SATURATION, `Node {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its CPU (threshold ${ratio(saturation)}).`),
    }),
    ...escalated(RESOURCE_SATURATION, {
      alert: 'ResourceSaturation',
      expr: `1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes > ${saturation}`,
      labels: { resource: 'memory', scope: 'node' },
      annotations: annotations(RESOURCE_SATURATION, `Node {{ $labels.instance }} uses {{ $value | humanizePercentage }} of its memory (threshold ${ratio(saturation)}).`),
    }),
    ...escalated(SECURITY_EVENT, {
      alert: 'SecurityEvent',
      expr: `sum(increase(apiserver_request_total{code=~"401|403"}[${promDuration(burst.windowMinutes)}])) > ${burst.count}`,
      labels: { source: 'kube-apiserver' },
      annotations: annotations(SECURITY_EVENT, `{{ $value | humanize }} requests to the Kubernetes API were refused (401/403) within ${promDuration(burst.windowMinutes)} (threshold ${burst.count}).`),
    }),
  ];
  return [{ name: 'baseline-alert-standards', rules }];
}

function annotations(standard: AlertStandard, description: string): Record<string, string> {
  return { summary: `${standard.title}: ${standard.condition}`, description };
}

/**
 * The SLO alerts of each service: the multi-window, multi-burn-rate alerts of its availability objective (both
 * windows above the derived error-ratio threshold), a latency alert on its p99 objective, and an outage alert when
 * its metrics disappear altogether (no target left to scrape). One group per namespace.
 */
export function sloRuleGroups(services: readonly MonitoredService[]): PrometheusRuleGroup[] {
  const byNamespace = new Map<string, MonitoredService[]>();
  for (const svc of services) byNamespace.set(svc.namespace, [...byNamespace.get(svc.namespace) ?? [], svc]);
  return [...byNamespace].map(([namespace, members]) => ({
    name: `baseline-slo-${namespace}`,
    rules: members.flatMap(serviceSloRules),
  }));
}

function serviceSloRules(svc: MonitoredService): PrometheusRule[] {
  const labels = { namespace: svc.namespace, job: svc.name };
  const sel = selector(labels);
  const rules: PrometheusRule[] = [{ record: SLO_RECORDED.errorBudget, expr: `vector(${errorBudget(svc.availabilityPercent)})`, labels }];
  rules.push(...escalated(CRITICAL_OUTAGE, {
    alert: 'CriticalOutage',
    expr: `absent(up${sel})`,
    labels: { ...labels, cause: 'no-target' },
    annotations: annotations(CRITICAL_OUTAGE, `${svc.namespace}/${svc.name} has no target to scrape: no pod is running.`),
  }));
  for (const alert of burnRateAlerts(svc.availabilityPercent)) {
    const routing = SLO_ALERT_ROUTING[alert.action];
    const long = promDuration(alert.longWindowMinutes);
    const short = promDuration(alert.shortWindowMinutes);
    const base = {
      alert: 'ErrorBudgetBurn',
      expr: `${RECORDED.errorRatio(long)}${sel} > ${alert.errorRatioThreshold} and ${RECORDED.errorRatio(short)}${sel} > ${alert.errorRatioThreshold}`,
      labels: {
        ...labels,
        [ALERT_LABELS.standard]: SLO_STANDARD_LABEL,
        [ALERT_LABELS.severity]: routing.severity,
        [ALERT_LABELS.action]: alert.action,
        long_window: long,
        burn_rate: String(alert.burnRate),
      },
      annotations: {
        summary: `Error budget burn: ${svc.namespace}/${svc.name} spends its ${svc.availabilityPercent} % objective ${alert.burnRate}x faster than sustainable`,
        description: `The error ratio is above ${ratio(alert.errorRatioThreshold)} over both ${long} and ${short} (${alert.burnRate}x the budget of ${ratio(1 - svc.availabilityPercent / 100)} over ${SLO_PERIOD_DAYS} days).`,
      },
    };
    rules.push(...routing.escalation.map((role, step) => ({
      ...base,
      for: promDuration(step * routing.escalateAfterMinutes),
      labels: { ...base.labels, [ALERT_LABELS.escalateTo]: role },
    })));
  }
  const seconds = svc.latencyP99Ms / 1000;
  const ticket = SLO_ALERT_ROUTING.ticket;
  rules.push({
    alert: 'LatencyObjectiveMissed',
    expr: `${RECORDED.latency(LATENCY_QUANTILE)}${sel} > ${seconds}`,
    for: promDuration(LATENCY_ALERT_FOR_MINUTES),
    labels: {
      ...labels,
      [ALERT_LABELS.standard]: SLO_STANDARD_LABEL,
      [ALERT_LABELS.severity]: ticket.severity,
      [ALERT_LABELS.action]: 'ticket',
      [ALERT_LABELS.escalateTo]: ticket.escalation[0],
    },
    annotations: {
      summary: `Latency objective missed: p${Math.round(LATENCY_QUANTILE * 100)} of ${svc.namespace}/${svc.name} is above ${svc.latencyP99Ms} ms`,
      description: `p${Math.round(LATENCY_QUANTILE * 100)} latency has been {{ $value | humanizeDuration }} for ${promDuration(LATENCY_ALERT_FOR_MINUTES)} (objective ${svc.latencyP99Ms} ms).`,
    },
  });
  return rules;
}

/** Every rule group of a cluster: recording rules, the four standards and each service's SLO alerts. */
export function baselineRuleGroups(services: readonly MonitoredService[], namespaces: readonly string[]): PrometheusRuleGroup[] {
  return [...recordingRuleGroups(namespaces), ...standardRuleGroups(namespaces), ...sloRuleGroups(services)];
}
