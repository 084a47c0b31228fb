import * as fs from 'fs';
import * as path from 'path';
import { acme } from '../../../../examples/acme/org';
import { DEFAULT_TIER_PROFILES, defineOrganization, SERVICE_DEFAULTS, type TierProfile } from '../../../../lib/spec';
import { nodeCapacityIssues } from '../../../../lib/spec/checks/node-capacity';
import type { EnvironmentSketch } from '../../../../lib/spec/checks/sketch';
import { CLUSTER_ADDONS_RESERVE, GENERAL_NODE_CAPACITY, NODE_AGENTS_RESERVE, PROMETHEUS_REPLICA_RESERVE } from '../../../../lib/spec/node-capacity';
import { issuesOf } from '../../../support/spec-issues';

function profile(generalNodesMax: number, prometheusReplicas = 1): TierProfile {
  const dev = DEFAULT_TIER_PROFILES.dev;
  return { ...dev, cluster: { ...dev.cluster, generalNodesMax }, monitoring: { ...dev.monitoring, prometheusReplicas } };
}

function env(name: string, clouds: readonly ('aws' | 'azure' | 'gcp')[], p: TierProfile, tier: 'dev' | 'staging' | 'prod' = 'dev'): EnvironmentSketch {
  return { name, tier, profile: p, ...Object.fromEntries(clouds.map((c) => [c, {}])) };
}

function service(maxReplicas: number, cpuRequest: string, memoryRequest: string) {
  return { maxReplicas, resources: { ...SERVICE_DEFAULTS.resources, cpuRequest, memoryRequest } };
}

/** Nodes of `cloud` that `need` takes in one dimension, after the node agents. */
const perNode = {
  cpu: (cloud: 'aws' | 'azure' | 'gcp') => GENERAL_NODE_CAPACITY[cloud].allocatableCpuCores - NODE_AGENTS_RESERVE.cpuCores,
  memory: (cloud: 'aws' | 'azure' | 'gcp') => GENERAL_NODE_CAPACITY[cloud].allocatableMemoryGiB - NODE_AGENTS_RESERVE.memoryGiB,
  pods: (cloud: 'aws' | 'azure' | 'gcp') => GENERAL_NODE_CAPACITY[cloud].maxPods - NODE_AGENTS_RESERVE.pods,
};

describe('general node pools hold the services at their autoscaling maximum during a rollout', () => {
  test('the example organization fits every cluster of every tier with the default tier profiles', () => {
    expect(() => defineOrganization(acme)).not.toThrow();
    const org = defineOrganization(acme);
    const sketches = org.environments.map((e) => env(e.name, (['aws', 'azure', 'gcp'] as const).filter((c) => e[c]), e.profile, e.tier));
    expect(nodeCapacityIssues(sketches, org.services)).toEqual([]);
  });

  test('the error names the tier knob, the environment, the cloud, the nodes needed and the shortfall, as the README shows it', () => {
    // GIVEN the dev tier capped at 6 general nodes (its default before this check)
    // WHEN the example organization is defined
    const issues = issuesOf({ ...acme, tierProfiles: { dev: { cluster: { generalNodesMax: 6 } } } });
    // THEN its 42.25 cores at the autoscaling maximum need 14 nodes of m7i.xlarge (CPU binds first)
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf-8');
    expect(readme).toContain(`\n- ${issues[0]}\n`);
    expect(issues).toEqual([
      'tierProfiles.dev.cluster.generalNodesMax: 6 is too small for environment "dev" on aws by 8 nodes (expected at least 14: '
      + 'at their autoscaling maximum during a rollout the services request 42.25 cores, 55.25 GiB and 146 pods, '
      + 'the cluster add-ons 5.75 cores, 12.5 GiB and 55 pods, and a m7i.xlarge node offers pods 3.52 cores, 13.2 GiB and 50 pods '
      + 'after its node agents; raise it, or lower the services\' maxReplicas or requests)',
    ]);
  });

  test('one more node than the requests need is enough; one fewer is not', () => {
    // GIVEN 10 services of 1 core at 8 replicas at most (10 pods each during a rollout): 100 cores, AWS only
    const services = Array.from({ length: 10 }, () => service(8, '1', '128Mi'));
    const addons = CLUSTER_ADDONS_RESERVE.cpuCores + PROMETHEUS_REPLICA_RESERVE.cpuCores;
    const nodes = Math.ceil((100 + addons) / perNode.cpu('aws'));
    // THEN exactly that many nodes pass, one fewer is short by one
    expect(nodeCapacityIssues([env('dev', ['aws'], profile(nodes))], services)).toEqual([]);
    const [issue] = nodeCapacityIssues([env('dev', ['aws'], profile(nodes - 1))], services);
    expect(issue.path).toBe('tierProfiles.dev.cluster.generalNodesMax');
    expect(issue.message).toMatch(new RegExp(`^${nodes - 1} is too small for environment "dev" on aws by 1 nodes \\(expected at least ${nodes}:`));
  });

  test('memory binds on AKS, whose nodes keep a quarter of their memory: the cloud furthest short is named', () => {
    // GIVEN memory-heavy services (4 GiB each, 50 pods) on all three clouds
    const services = Array.from({ length: 5 }, () => service(8, '100m', '4Gi'));
    const memory = 5 * 10 * 4 + CLUSTER_ADDONS_RESERVE.memoryGiB + PROMETHEUS_REPLICA_RESERVE.memoryGiB;
    const azure = Math.ceil(memory / perNode.memory('azure'));
    expect(azure).toBeGreaterThan(Math.ceil(memory / perNode.memory('aws')));
    // THEN Azure is named, with the nodes it needs
    const [issue] = nodeCapacityIssues([env('dev', ['aws', 'azure', 'gcp'], profile(10))], services);
    expect(issue.message).toMatch(new RegExp(`^10 is too small for environment "dev" on azure by ${azure - 10} nodes \\(expected at least ${azure}:`));
  });

  test('pods bind on EKS, whose VPC CNI gives a node 58 pods: many small services need nodes for their pods', () => {
    // GIVEN 100 tiny services of 3 replicas at most (4 pods each during a rollout)
    const services = Array.from({ length: 100 }, () => service(3, '10m', '32Mi'));
    const pods = 400 + CLUSTER_ADDONS_RESERVE.pods + PROMETHEUS_REPLICA_RESERVE.pods;
    const nodes = Math.ceil(pods / perNode.pods('aws'));
    // THEN CPU (4 cores) and memory would fit 2 nodes, but the pods need 10 on EKS; GKE's 110 pods need 5
    expect(nodes).toBe(10);
    expect(nodeCapacityIssues([env('dev', ['aws'], profile(9))], services)[0].message)
      .toMatch(/^9 is too small for environment "dev" on aws by 1 nodes \(expected at least 10: .* 400 pods, the cluster add-ons 5.75 cores, 12.5 GiB and 55 pods/);
    expect(nodeCapacityIssues([env('dev', ['gcp'], profile(9))], services)).toEqual([]);
  });

  test('each Prometheus replica of the tier counts: a tier with three needs more than one with one', () => {
    const services = Array.from({ length: 4 }, () => service(8, '1', '1Gi'));
    const one = Math.ceil((40 + CLUSTER_ADDONS_RESERVE.cpuCores + PROMETHEUS_REPLICA_RESERVE.cpuCores) / perNode.cpu('gcp'));
    expect(nodeCapacityIssues([env('dev', ['gcp'], profile(one, 1))], services)).toEqual([]);
    expect(nodeCapacityIssues([env('dev', ['gcp'], profile(one, 3))], services)[0]?.message).toContain('the cluster add-ons 6.75 cores, 16.5 GiB and 57 pods');
  });

  test('one problem per tier, with every tier short reported at once', () => {
    const services = Array.from({ length: 10 }, () => service(8, '1', '128Mi'));
    const issues = nodeCapacityIssues([
      env('dev', ['aws'], profile(5)), env('dev-2', ['aws'], profile(4)), env('staging', ['gcp'], profile(5), 'staging'), env('prod', ['azure'], profile(100), 'prod'),
    ], services);
    // the dev tier's worst environment (4 nodes allowed) is the one named
    expect(issues.map((i) => [i.path, i.message.slice(0, 55)])).toEqual([
      ['tierProfiles.dev.cluster.generalNodesMax', '4 is too small for environment "dev-2" on aws by 27 nod'],
      ['tierProfiles.staging.cluster.generalNodesMax', '5 is too small for environment "staging" on gcp by 26 n'],
    ]);
  });

  test('raising the tier maximum, or lowering maxReplicas, clears it', () => {
    const big = { ...acme, services: acme.services!.map((s) => ({ ...s, maxReplicas: 30 })) };
    expect(issuesOf(big).filter((i) => i.includes('generalNodesMax'))).toHaveLength(3);
    const cluster = { generalNodesMax: 100 };
    const raised = { ...big, tierProfiles: { dev: { cluster }, staging: { cluster }, prod: { cluster } } };
    expect(issuesOf(raised).filter((i) => i.includes('generalNodesMax'))).toEqual([]);
  });
});
