import { formatPath, SpecIssue } from '../errors';
import type { Cloud } from '../network-plan';
import { TIERS, Tier, TierProfile } from '../tiers';
import { cloudsOf, EnvironmentSketch } from './sketch';

/** Node pools the tier profiles size: their minimum and maximum knobs. */
const POOLS = [
  { min: 'systemNodesMin', max: 'systemNodesMax', label: 'system' },
  { min: 'generalNodesMin', max: 'generalNodesMax', label: 'general' },
] as const;

/**
 * Most nodes one pool may have on each cloud, as a tier total (the knobs count nodes across three zones):
 * an EKS managed node group holds at most 450 nodes, an AKS pool autoscales to at most 1,000, and a regional GKE
 * pool to 1,000 per zone.
 */
export const MAX_POOL_NODES: Readonly<Record<Cloud, { readonly nodes: number; readonly why: string }>> = {
  aws: { nodes: 450, why: 'an EKS managed node group holds at most 450 nodes' },
  azure: { nodes: 1000, why: 'an AKS node pool autoscales to at most 1,000 nodes' },
  gcp: { nodes: 3000, why: 'a regional GKE node pool autoscales to at most 1,000 nodes in each of its 3 zones' },
};

/** Node bounds of every tier: minimum no larger than maximum, maximum within each cloud's limit for the tier's environments. */
export function clusterSizingIssues(profiles: Readonly<Record<Tier, TierProfile>>, environments: readonly EnvironmentSketch[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const tier of TIERS) {
    const cluster = profiles[tier].cluster;
    for (const pool of POOLS) {
      const [min, max] = [cluster[pool.min], cluster[pool.max]];
      if (min > max) {
        issues.push({
          path: formatPath(['tierProfiles', tier, 'cluster', pool.min]),
          message: `${min} is more than ${pool.max} ${max} (expected a minimum of ${pool.label} nodes no larger than the maximum)`,
        });
        continue;
      }
      const placed = environments.filter((e) => e.tier === tier);
      for (const cloud of ['aws', 'azure', 'gcp'] as const) {
        const limit = MAX_POOL_NODES[cloud];
        const env = placed.find((e) => cloudsOf(e).includes(cloud));
        if (env && max > limit.nodes) {
          issues.push({
            path: formatPath(['tierProfiles', tier, 'cluster', pool.max]),
            message: `${max} is more than environment "${env.name}" can run on ${cloud} (expected at most ${limit.nodes}: ${limit.why})`,
          });
          break;
        }
      }
    }
  }
  return issues;
}
