/**
 * How many extra pods a rolling update of a service workload starts, in percent of its replicas (rounded up, as
 * Kubernetes does). One constant, so the workloads and the spec's namespace-capacity check cannot disagree.
 */
export const ROLLOUT_MAX_SURGE_PERCENT = 25;
