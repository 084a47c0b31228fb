/**
 * How many extra pods a rolling update of a service workload starts, in percent of its replicas (rounded up, as
 * Kubernetes does). One constant, so the workloads and the spec's namespace-capacity check cannot disagree.
 */
export const ROLLOUT_MAX_SURGE_PERCENT = 25;

/**
 * The default upper bound of a service's HorizontalPodAutoscaler, as a multiple of its replicas. One constant, so a
 * workload's autoscaler and the spec's namespace-capacity check (which sizes for the autoscaler's maximum) agree.
 */
export const DEFAULT_AUTOSCALING_FACTOR = 3;
