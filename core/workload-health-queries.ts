/**
 * PromQL over kube-state-metrics for the critical-outage standard, shared by every renderer whose cloud evaluates
 * PromQL against its own copy of those metrics (GKE managed kube state metrics in Cloud Monitoring, AKS managed
 * Prometheus in an Azure Monitor workspace). One text for every cloud, so the clouds alert on the same condition as
 * the in-cluster rule; tests run it with promtool.
 */

/** The kube-state-metrics series the queries read. */
export const KUBE_STATE_METRICS = {
  deploymentAvailable: 'kube_deployment_status_replicas_available',
  deploymentDesired: 'kube_deployment_spec_replicas',
  containerRestarts: 'kube_pod_container_status_restarts_total',
} as const;

/** A regular expression that matches exactly one of `values` (PromQL anchors `=~` at both ends). */
export function anyOfRegex(values: readonly string[]): string {
  return [...new Set(values)].sort().map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

function selector(namespaces: readonly string[], labels: Readonly<Record<string, string>>): string {
  const matchers = [
    ...Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    `namespace=~${JSON.stringify(anyOfRegex(namespaces))}`,
  ];
  return `{${matchers.join(',')}}`;
}

/**
 * A Deployment of `namespaces` that should run (desired replicas above 0) with no available replica: failing
 * probes, crashing or unschedulable pods. A Deployment scaled to zero is not down.
 * @param labels extra equality matchers, e.g. `{ cluster: "acme-dev" }` where one store holds several clusters
 */
export function deploymentOutageQuery(namespaces: readonly string[], labels: Readonly<Record<string, string>> = {}): string {
  const sel = selector(namespaces, labels);
  return `(${KUBE_STATE_METRICS.deploymentAvailable}${sel} == 0) and on (namespace, deployment) (${KUBE_STATE_METRICS.deploymentDesired}${sel} > 0)`;
}

/**
 * More than `count` restarts of one pod's containers within `windowMinutes`: a crash loop or a failing liveness
 * probe.
 */
export function crashLoopQuery(
  namespaces: readonly string[], count: number, windowMinutes: number, labels: Readonly<Record<string, string>> = {},
): string {
  return `sum by (namespace, pod) (increase(${KUBE_STATE_METRICS.containerRestarts}${selector(namespaces, labels)}[${windowMinutes}m])) > ${count}`;
}
