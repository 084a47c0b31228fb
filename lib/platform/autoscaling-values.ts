import { CLUSTER_AUTOSCALER_ADDON } from '../addons/cluster-autoscaler';
import { naming } from '../naming';
import type { Cloud, Environment, Organization } from '../spec';

/**
 * The values Cluster Autoscaler gets in one environment's EKS cluster on top of the catalog's: the cluster whose
 * node groups it discovers (by the `k8s.io/cluster-autoscaler/<cluster>` tags EKS puts on their Auto Scaling groups)
 * and the region of their API. Empty on other clouds, whose clusters do not run it.
 */
export function clusterAutoscalerEnvironmentValues(org: Organization, env: Environment, cloud: Cloud): Record<string, Record<string, unknown>> {
  if (cloud !== 'aws' || !env.aws) return {};
  return {
    [CLUSTER_AUTOSCALER_ADDON.name]: {
      autoDiscovery: { clusterName: naming.namePrefix(org.name, env.name) },
      awsRegion: env.aws.region,
    },
  };
}
