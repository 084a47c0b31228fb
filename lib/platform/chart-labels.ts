import type { Cloud, Environment } from '../spec';

/**
 * Labels every object of an environment's charts carries: the mandatory tags, who manages it, and the cloud of the
 * cluster it is applied to (so one object found in a cluster says where it came from).
 */
export function chartLabels(env: Environment, cloud: Cloud): Record<string, string> {
  return { ...env.tags, 'app.kubernetes.io/managed-by': 'cdk-enterprise-baseline', 'baseline.cloud': cloud };
}
