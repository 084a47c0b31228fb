import { createHash } from 'crypto';
import {
  burnRateAlerts, HIGH_ERROR_RATE, LATENCY_QUANTILE, RESOURCE_SATURATION, SECURITY_EVENT, SLO_PERIOD_DAYS,
} from '../standards';
import { buildDashboard, dashboardLink, type GrafanaDashboard, type PanelSpec } from './dashboard-model';
import { promDuration } from './duration';
import { LATENCY_QUANTILES, type MonitoredService, RECORDED, SLO_RECORDED } from './prometheus-rules';
import { ALERT_LABELS } from './rule-types';

/** Tags of the generated dashboards: the header links find each other through them. */
export const DASHBOARD_TAGS = {
  /** Every dashboard the baseline generates. */
  baseline: 'baseline',
  /** The per-service dashboards. */
  service: 'baseline-service',
  /** The platform overview and delivery dashboards. */
  platform: 'baseline-platform',
} as const;

const UID_MAX = 40;

/**
 * A dashboard uid from its parts: `a-b-c` when that fits Grafana's 40 characters, otherwise its start and a hash of
 * the whole, so two long names never share a uid and the same name always gets the same one.
 */
export function dashboardUid(...parts: readonly string[]): string {
  const joined = parts.join('-');
  if (joined.length <= UID_MAX) return joined;
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, 8);
  return `${joined.slice(0, UID_MAX - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

function matchers(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))} %`;
}

const RATE_WINDOW = promDuration(5);

/**
 * The dashboard of one service: its request rate, error ratio against the high-error-rate standard, latency
 * quantiles against its p99 objective, error budget remaining and burn rates over the SLO period, and the
 * saturation of its containers against the resource standard. Every query reads the recorded series the alerts use,
 * so the dashboard shows the numbers that page.
 */
export function serviceDashboard(svc: MonitoredService): GrafanaDashboard {
  const sel = matchers({ namespace: svc.namespace, job: svc.name });
  const container = matchers({ namespace: svc.namespace, container: svc.name });
  const period = promDuration(SLO_PERIOD_DAYS * 1440);
  const errorThreshold = HIGH_ERROR_RATE.thresholdRatio!;
  const saturation = RESOURCE_SATURATION.thresholdRatio!;
  const budgetWindows = burnRateAlerts(svc.availabilityPercent);
  const objective = `${SLO_RECORDED.errorBudget}${sel}`;
  const usageOfLimit = (usage: string, resource: string, unit: string) =>
    `max by (pod) (${usage}) / max by (pod) (kube_pod_container_resource_limits{namespace=${JSON.stringify(svc.namespace)},container=${JSON.stringify(svc.name)},resource="${resource}",unit="${unit}"})`;
  const traffic: PanelSpec[] = [
    {
      type: 'timeseries',
      title: 'Request rate',
      description: `Requests per second served by ${svc.namespace}/${svc.name}, over ${RATE_WINDOW}.`,
      unit: 'reqps',
      width: 8,
      min: 0,
      queries: [{ expr: `${RECORDED.requests(RATE_WINDOW)}${sel}`, legend: 'requests/s' }],
    },
    {
      type: 'timeseries',
      title: 'Error rate',
      description: `Share of requests answered with a server error (5xx) over ${RATE_WINDOW}; the high-error-rate standard alerts above ${percent(errorThreshold)}.`,
      unit: 'percentunit',
      width: 8,
      min: 0,
      thresholds: [{ value: errorThreshold, color: 'red' }],
      queries: [{ expr: `${RECORDED.errorRatio(RATE_WINDOW)}${sel}`, legend: 'errors' }],
    },
    {
      type: 'timeseries',
      title: 'Latency',
      description: `Request duration quantiles over ${RATE_WINDOW}; the latency objective is p${Math.round(LATENCY_QUANTILE * 100)} below ${svc.latencyP99Ms} ms.`,
      unit: 's',
      width: 8,
      min: 0,
      thresholds: [{ value: svc.latencyP99Ms / 1000, color: 'red' }],
      queries: LATENCY_QUANTILES.map((q) => ({ expr: `${RECORDED.latency(q)}${sel}`, legend: `p${Math.round(q * 100)}` })),
    },
  ];
  const budget: PanelSpec[] = [
    {
      type: 'stat',
      title: `Availability (${period})`,
      description: `Share of successful requests over the SLO period; the objective is ${svc.availabilityPercent} %.`,
      unit: 'percentunit',
      decimals: 3,
      width: 6,
      baseColor: 'red',
      thresholds: [{ value: svc.availabilityPercent / 100, color: 'green' }],
      queries: [{ expr: `1 - ${RECORDED.errorRatio(period)}${sel}`, legend: 'availability' }],
    },
    {
      type: 'stat',
      title: 'Error budget remaining',
      description: `Share of the ${period} error budget (${percent(1 - svc.availabilityPercent / 100)} of requests) not yet spent; below 0 the objective is missed.`,
      unit: 'percentunit',
      decimals: 1,
      width: 6,
      baseColor: 'red',
      thresholds: [{ value: 0, color: 'orange' }, { value: 0.25, color: 'green' }],
      queries: [{ expr: `1 - ${RECORDED.errorRatio(period)}${sel} / on (namespace, job) ${objective}`, legend: 'budget remaining' }],
    },
    {
      type: 'timeseries',
      title: 'Error budget burn rate',
      description: 'How many times faster than sustainable the budget is spent, per alert window (1 spends it exactly over the period). A page needs both windows of a pair above its line.',
      unit: 'short',
      width: 12,
      min: 0,
      thresholds: [...new Set(budgetWindows.map((a) => a.burnRate))].sort((a, b) => a - b).map((rate) => ({ value: rate, color: rate >= budgetWindows[1].burnRate ? 'red' : 'orange' })),
      queries: budgetWindows.map((a) => {
        const w = promDuration(a.longWindowMinutes);
        return { expr: `${RECORDED.errorRatio(w)}${sel} / on (namespace, job) ${objective}`, legend: `${w} (${a.action} above ${a.burnRate}x)` };
      }),
    },
  ];
  const saturationPanels: PanelSpec[] = [
    {
      type: 'timeseries',
      title: 'CPU used of limit',
      description: `CPU of each pod's ${svc.name} container as a share of its limit; the saturation standard alerts above ${percent(saturation)}.`,
      unit: 'percentunit',
      width: 8,
      min: 0,
      thresholds: [{ value: saturation, color: 'orange' }],
      queries: [{ expr: usageOfLimit(`rate(container_cpu_usage_seconds_total${container}[${RATE_WINDOW}])`, 'cpu', 'core'), legend: '{{pod}}' }],
    },
    {
      type: 'timeseries',
      title: 'Memory used of limit',
      description: `Working-set memory of each pod's ${svc.name} container as a share of its limit (the container is killed at 100 %).`,
      unit: 'percentunit',
      width: 8,
      min: 0,
      thresholds: [{ value: saturation, color: 'orange' }],
      queries: [{ expr: usageOfLimit(`container_memory_working_set_bytes${container}`, 'memory', 'byte'), legend: '{{pod}}' }],
    },
    {
      type: 'timeseries',
      title: 'Pods scraped and restarts',
      description: 'Pods Prometheus scrapes successfully (0 is an outage), and container restarts over the last hour.',
      unit: 'short',
      width: 8,
      min: 0,
      queries: [
        { expr: `sum(up${sel})`, legend: 'pods up' },
        { expr: `sum(increase(kube_pod_container_status_restarts_total${container}[1h]))`, legend: 'restarts (1h)' },
      ],
    },
  ];
  return buildDashboard({
    uid: dashboardUid('svc', svc.namespace, svc.name),
    title: `${svc.namespace} / ${svc.name}`,
    description: `Service ${svc.name} of team ${svc.namespace}: golden signals, error budget (${svc.availabilityPercent} % over ${period}) and saturation. Generated by the baseline; edit the code, not the dashboard.`,
    tags: [DASHBOARD_TAGS.baseline, DASHBOARD_TAGS.service, svc.namespace],
    links: [dashboardLink('Platform', DASHBOARD_TAGS.platform), dashboardLink(`Team ${svc.namespace}`, svc.namespace)],
    rows: [
      { title: 'Golden signals', panels: traffic },
      { title: `Error budget (${svc.availabilityPercent} % over ${period})`, panels: budget },
      { title: 'Saturation', panels: saturationPanels },
    ],
  });
}

/** Uid of the platform overview dashboard. */
export const PLATFORM_DASHBOARD_UID = 'baseline-platform-overview';

/**
 * The platform overview of one cluster: alerts firing per standard, every team's traffic, the services closest to
 * their error-rate, latency and budget limits, and the nodes and API server against the saturation and security
 * standards.
 */
export function platformOverviewDashboard(namespaces: readonly string[]): GrafanaDashboard {
  const ns = `namespace=~${JSON.stringify([...namespaces].sort().join('|'))}`;
  const period = promDuration(SLO_PERIOD_DAYS * 1440);
  const saturation = RESOURCE_SATURATION.thresholdRatio!;
  const errorThreshold = HIGH_ERROR_RATE.thresholdRatio!;
  const burst = SECURITY_EVENT.burst!;
  const std = ALERT_LABELS.standard;
  const alerts: PanelSpec[] = [
    {
      type: 'stat',
      title: 'Alerts firing by standard',
      description: 'Baseline alerts firing now, per standard (critical-outage, high-error-rate, resource-saturation, security-event, slo, change-failure-rate).',
      unit: 'short',
      width: 12,
      height: 5,
      thresholds: [{ value: 1, color: 'red' }],
      queries: [{ expr: `count by (${std}) (ALERTS{alertstate="firing",${std}!=""})`, legend: `{{${std}}}` }],
    },
    {
      type: 'timeseries',
      title: 'Alerts firing over time',
      description: 'Firing baseline alerts per standard and escalation step.',
      unit: 'short',
      width: 12,
      height: 5,
      min: 0,
      queries: [{ expr: `count by (${std}, ${ALERT_LABELS.escalateTo}) (ALERTS{alertstate="firing",${std}!=""})`, legend: `{{${std}}} → {{${ALERT_LABELS.escalateTo}}}` }],
    },
  ];
  const services: PanelSpec[] = [
    {
      type: 'timeseries',
      title: 'Request rate by team',
      description: `Requests per second per team namespace, over ${RATE_WINDOW}.`,
      unit: 'reqps',
      width: 12,
      min: 0,
      queries: [{ expr: `sum by (namespace) (${RECORDED.requests(RATE_WINDOW)}{${ns}})`, legend: '{{namespace}}' }],
    },
    {
      type: 'timeseries',
      title: 'Highest error rates',
      description: `The 10 services with the highest share of failed requests over ${RATE_WINDOW}; the standard alerts above ${percent(errorThreshold)}.`,
      unit: 'percentunit',
      width: 12,
      min: 0,
      thresholds: [{ value: errorThreshold, color: 'red' }],
      queries: [{ expr: `topk(10, ${RECORDED.errorRatio(RATE_WINDOW)}{${ns}})`, legend: '{{namespace}}/{{job}}' }],
    },
    {
      type: 'timeseries',
      title: `Slowest services (p${Math.round(LATENCY_QUANTILE * 100)})`,
      description: `The 10 services with the highest p${Math.round(LATENCY_QUANTILE * 100)} request duration over ${RATE_WINDOW}.`,
      unit: 's',
      width: 12,
      min: 0,
      queries: [{ expr: `topk(10, ${RECORDED.latency(LATENCY_QUANTILE)}{${ns}})`, legend: '{{namespace}}/{{job}}' }],
    },
    {
      type: 'timeseries',
      title: 'Least error budget remaining',
      description: `The 10 services with the least of their ${period} error budget left (each against its own objective); below 0 the objective is missed.`,
      unit: 'percentunit',
      width: 12,
      baseColor: 'red',
      thresholds: [{ value: 0, color: 'transparent' }],
      queries: [{ expr: `bottomk(10, 1 - ${RECORDED.errorRatio(period)}{${ns}} / on (namespace, job) ${SLO_RECORDED.errorBudget})`, legend: '{{namespace}}/{{job}}' }],
    },
  ];
  const cluster: PanelSpec[] = [
    {
      type: 'timeseries',
      title: 'Node CPU used',
      description: `CPU in use per node; the saturation standard alerts above ${percent(saturation)}.`,
      unit: 'percentunit',
      width: 8,
      min: 0,
      max: 1,
      thresholds: [{ value: saturation, color: 'orange' }],
      queries: [{ expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${RATE_WINDOW}]))`, legend: '{{instance}}' }],
    },
    {
      type: 'timeseries',
      title: 'Node memory used',
      description: `Memory in use per node; the saturation standard alerts above ${percent(saturation)}.`,
      unit: 'percentunit',
      width: 8,
      min: 0,
      max: 1,
      thresholds: [{ value: saturation, color: 'orange' }],
      queries: [{ expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: '{{instance}}' }],
    },
    {
      type: 'timeseries',
      title: 'API server requests refused (401/403)',
      description: `Requests the Kubernetes API refused over ${promDuration(burst.windowMinutes)}; the security-event standard alerts above ${burst.count}.`,
      unit: 'short',
      width: 8,
      min: 0,
      thresholds: [{ value: burst.count, color: 'red' }],
      queries: [{ expr: `sum(increase(apiserver_request_total{code=~"401|403"}[${promDuration(burst.windowMinutes)}]))`, legend: 'refused' }],
    },
    {
      type: 'timeseries',
      title: 'Pods not ready by team',
      description: 'Pods whose readiness probe fails, per team namespace.',
      unit: 'short',
      width: 12,
      min: 0,
      queries: [{ expr: `sum by (namespace) (kube_pod_status_ready{condition="false",${ns}})`, legend: '{{namespace}}' }],
    },
    {
      type: 'timeseries',
      title: 'Scrape targets down',
      description: 'Targets Prometheus cannot scrape, per job: a service with all of them down is an outage.',
      unit: 'short',
      width: 12,
      min: 0,
      queries: [{ expr: 'count by (namespace, job) (up == 0)', legend: '{{namespace}}/{{job}}' }],
    },
  ];
  return buildDashboard({
    uid: PLATFORM_DASHBOARD_UID,
    title: 'Platform overview',
    description: 'The cluster against the organization\'s alert standards: alerts firing, every team\'s traffic, the services nearest their limits, nodes and the API server. Generated by the baseline.',
    tags: [DASHBOARD_TAGS.baseline, DASHBOARD_TAGS.platform],
    links: [dashboardLink('Platform', DASHBOARD_TAGS.platform), dashboardLink('Services', DASHBOARD_TAGS.service)],
    rows: [
      { title: 'Alerts', panels: alerts },
      { title: 'Services', panels: services },
      { title: 'Cluster', panels: cluster },
    ],
  });
}
