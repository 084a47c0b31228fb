import { parseQuantity } from '../../../core/quantity';
import { ROLLOUT_MAX_SURGE_PERCENT } from '../../../core/rollout';
import { formatPath, SpecIssue } from '../errors';
import { CLUSTER_ADDONS_RESERVE, GENERAL_NODE_CAPACITY, NODE_AGENTS_RESERVE, PROMETHEUS_REPLICA_RESERVE, type NodeRequests } from '../node-capacity';
import type { Service } from '../organization';
import { TIERS } from '../tiers';
import { cloudsOf, type EnvironmentSketch } from './sketch';

const GIB = 1024 ** 3;
const DIMENSIONS = ['cpuCores', 'memoryGiB', 'pods'] as const;

/**
 * Checks that each cluster's general node pool, at its most nodes (`cluster.generalNodesMax`), holds every service of
 * the organization at its autoscaling maximum during a rollout, next to the cluster add-ons: the CPU and memory
 * requests and the pods, on each cloud's general machine type, after what the node agents take.
 *
 * Namespace quotas can all be right and still promise more than the cluster has: the node autoscaler then stops at
 * the pool's maximum and pods stay pending under load, in the one environment whose tier is smallest. One issue per
 * tier, naming the environment and cloud furthest short, the nodes it needs and the shortfall.
 */
export function nodeCapacityIssues(environments: readonly EnvironmentSketch[], services: readonly Pick<Service, 'maxReplicas' | 'resources'>[]): SpecIssue[] {
  const requested = (s: Pick<Service, 'resources'>, field: 'cpuRequest' | 'memoryRequest') => parseQuantity(s.resources[field])?.value ?? 0;
  const workloads: NodeRequests = {
    cpuCores: services.reduce((total, s) => total + podsDuringRollout(s.maxReplicas) * requested(s, 'cpuRequest'), 0),
    memoryGiB: services.reduce((total, s) => total + podsDuringRollout(s.maxReplicas) * requested(s, 'memoryRequest'), 0) / GIB,
    pods: services.reduce((total, s) => total + podsDuringRollout(s.maxReplicas), 0),
  };
  const issues: SpecIssue[] = [];
  for (const tier of TIERS) {
    let worst: { shortBy: number; message: string } | undefined;
    for (const env of environments.filter((e) => e.tier === tier)) {
      const nodesMax = env.profile.cluster.generalNodesMax;
      const prometheus = env.profile.monitoring.prometheusReplicas;
      const addons = sum(CLUSTER_ADDONS_RESERVE, scale(PROMETHEUS_REPLICA_RESERVE, prometheus));
      const needed = sum(workloads, addons);
      for (const cloud of cloudsOf(env)) {
        const node = GENERAL_NODE_CAPACITY[cloud];
        const perNode: NodeRequests = {
          cpuCores: node.allocatableCpuCores - NODE_AGENTS_RESERVE.cpuCores,
          memoryGiB: node.allocatableMemoryGiB - NODE_AGENTS_RESERVE.memoryGiB,
          pods: node.maxPods - NODE_AGENTS_RESERVE.pods,
        };
        const nodes = Math.max(...DIMENSIONS.map((d) => Math.ceil(needed[d] / perNode[d] - 1e-9)));
        if (nodes <= nodesMax || (worst && nodes - nodesMax <= worst.shortBy)) continue;
        worst = {
          shortBy: nodes - nodesMax,
          message: `${nodesMax} is too small for environment "${env.name}" on ${cloud} by ${nodes - nodesMax} nodes (expected at least ${nodes}: `
            + `at their autoscaling maximum during a rollout the services request ${show(workloads)}, the cluster add-ons ${show(addons)}, `
            + `and a ${node.machineType} node offers pods ${show(perNode)} after its node agents; `
            + 'raise it, or lower the services\' maxReplicas or requests)',
        };
      }
    }
    if (worst) issues.push({ path: formatPath(['tierProfiles', tier, 'cluster', 'generalNodesMax']), message: worst.message });
  }
  return issues;
}

function podsDuringRollout(replicas: number): number {
  return replicas + Math.ceil((replicas * ROLLOUT_MAX_SURGE_PERCENT) / 100);
}

function sum(a: NodeRequests, b: NodeRequests): NodeRequests {
  return { cpuCores: a.cpuCores + b.cpuCores, memoryGiB: a.memoryGiB + b.memoryGiB, pods: a.pods + b.pods };
}

function scale(a: NodeRequests, by: number): NodeRequests {
  return { cpuCores: a.cpuCores * by, memoryGiB: a.memoryGiB * by, pods: a.pods * by };
}

function show(r: NodeRequests): string {
  const round = (value: number) => String(Math.ceil(value * 100 - 1e-6) / 100);
  return `${round(r.cpuCores)} cores, ${round(r.memoryGiB)} GiB and ${r.pods} pods`;
}
