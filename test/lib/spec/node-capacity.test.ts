import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdktf';
import { parseQuantity } from '../../../core/quantity';
import { acme } from '../../../examples/acme/org';
import { ADDON_CATALOG, addonsFor, KUBE_PROMETHEUS_STACK_ADDON } from '../../../lib/addons';
import { EnvironmentAwsStack } from '../../../lib/platform/aws-stack';
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { ENVOY_PROXY_RESOURCES } from '../../../lib/platform/cluster-ingress';
import { EnvironmentGcpStack } from '../../../lib/platform/gcp-stack';
import { CLOUDS, defineOrganization, type Cloud } from '../../../lib/spec';
import { CLUSTER_ADDONS_RESERVE, GENERAL_NODE_CAPACITY, PROMETHEUS_REPLICA_RESERVE, type NodeRequests } from '../../../lib/spec/node-capacity';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/**
 * The clouds' published node reservation formulas, for a 4 vCPU, 16 GiB node (see the doc comment of
 * GENERAL_NODE_CAPACITY for the sources). The table must not promise pods more than these leave.
 */
function kubeReservedCpuCores(cores: number): number {
  // EKS AMI and GKE: 6 % of the first core, 1 % of the second, 0.5 % of the third and fourth, 0.25 % above.
  const steps = [0.06, 0.01, 0.005, 0.005];
  return Array.from({ length: cores }, (_, i) => steps[i] ?? 0.0025).reduce((a, b) => a + b, 0);
}
const FORMULAS: Record<Cloud, { cpu: number; memoryGiB: number }> = {
  // the OS sees ~15.3 GiB of an m7i.xlarge; kube-reserved 255 MiB + 11 MiB per pod; 100 MiB eviction threshold
  aws: { cpu: 4 - kubeReservedCpuCores(4), memoryGiB: 15.3 - (255 + 11 * 58 + 100) * MIB / GIB },
  // AKS: 140m for 4 cores; min(20 MB x 250 pods + 50 MB, 25 % of memory) kube-reserved; 100 MiB eviction
  azure: { cpu: 4 - 0.14, memoryGiB: 16 - Math.min((20 * 250 + 50) * 1e6 / GIB, 0.25 * 16) - 100 * MIB / GIB },
  // GKE: 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8; 100 MiB eviction
  gcp: { cpu: 4 - kubeReservedCpuCores(4), memoryGiB: 16 - (0.25 * 4 + 0.2 * 4 + 0.1 * 8) - 100 * MIB / GIB },
};

/** Requests the add-ons' Helm values ask for on one cloud, every `requests` block times the replicas around it. */
function addonRequests(cloud: Cloud): NodeRequests & { prometheus: NodeRequests } {
  // Replicas the charts run where our values set none: Argo CD's Redis HA runs 3 Redis + Sentinel and 3 HAProxy pods.
  const chartDefaults: Record<string, number> = { 'redis-ha': 3 };
  let total: NodeRequests = { cpuCores: 0, memoryGiB: 0, pods: 0 };
  let prometheus: NodeRequests | undefined;
  const add = (requests: any, replicas: number, into: NodeRequests): NodeRequests => ({
    cpuCores: into.cpuCores + replicas * parseQuantity(requests.cpu)!.value,
    memoryGiB: into.memoryGiB + replicas * parseQuantity(requests.memory)!.value / GIB,
    pods: into.pods + replicas,
  });
  const walk = (values: any, key: string, replicas: number, path: string) => {
    if (values === null || typeof values !== 'object') return;
    const here = values.replicas ?? values.replicaCount ?? chartDefaults[key] ?? replicas;
    for (const [k, v] of Object.entries<any>(values)) {
      const at = `${path}.${k}`;
      if (k === 'requests' && v?.cpu !== undefined) {
        // Prometheus' replicas are the tier's knob; its requests are counted per replica.
        if (at === `${KUBE_PROMETHEUS_STACK_ADDON.name}.prometheus.prometheusSpec.resources.requests`) prometheus = add(v, 1, { cpuCores: 0, memoryGiB: 0, pods: 0 });
        // Init containers run before the others and Jobs run once: their requests never add up with the pods'.
        else if (!/initContainer|startupapicheck|redisSecretInit/.test(at)) total = add(v, here, total);
      } else {
        walk(v, k, here, at);
      }
    }
  };
  for (const addon of addonsFor(cloud, ADDON_CATALOG)) walk(addon.values, addon.name, 1, addon.name);
  // Two Envoy proxies for each of the two Gateways (internal, and public when a service is).
  total = add(ENVOY_PROXY_RESOURCES.requests, 4, total);
  return { ...total, prometheus: prometheus! };
}

describe('what a general node offers pods', () => {
  test.each(CLOUDS)('%s: the allocatable CPU and memory follow the cloud\'s reservation formula, never above it', (cloud) => {
    const node = GENERAL_NODE_CAPACITY[cloud];
    expect(node.allocatableCpuCores).toBeLessThanOrEqual(FORMULAS[cloud].cpu + 1e-9);
    expect(node.allocatableCpuCores).toBeGreaterThan(FORMULAS[cloud].cpu - 0.02);
    expect(node.allocatableMemoryGiB).toBeLessThanOrEqual(FORMULAS[cloud].memoryGiB + 1e-9);
    expect(node.allocatableMemoryGiB).toBeGreaterThan(FORMULAS[cloud].memoryGiB - 0.2);
  });

  test('the table\'s machine types and pod limits are what the platform\'s clusters run', () => {
    // GIVEN the example organization's dev environment on every cloud
    const org = defineOrganization(acme);
    const environment = org.environments.find((e) => e.name === 'dev')!;

    // THEN EKS: the general node group's instance type, and a VPC CNI without prefix delegation (58 pods per m7i.xlarge)
    const aws = Template.fromStack(new EnvironmentAwsStack(new App(), 'aws', { organization: org, environment })).toJSON();
    const groups = Object.values<any>(aws.Resources).filter((r) => r.Type === 'AWS::EKS::Nodegroup' && r.Properties.Labels?.['node-role'] !== 'system');
    expect(groups.map((g) => g.Properties.InstanceTypes)).toEqual([[GENERAL_NODE_CAPACITY.aws.machineType]]);
    expect(groups[0].Properties.ScalingConfig.MaxSize).toBe(environment.profile.cluster.generalNodesMax);
    const cni = Object.values<any>(aws.Resources).find((r) => r.Type === 'AWS::EKS::Addon' && r.Properties.AddonName === 'vpc-cni');
    expect(cni.Properties.ConfigurationValues ?? '').not.toMatch(/PREFIX_DELEGATION/);

    // AND AKS: the user pool's VM size, on Azure CNI overlay with the default max pods (250)
    const azure = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'azure', { organization: org, environment })));
    const pools = Object.values<any>(azure.resource.azurerm_kubernetes_cluster_node_pool);
    expect(pools.map((p) => [p.vm_size, p.max_count, p.max_pods]))
      .toEqual([[GENERAL_NODE_CAPACITY.azure.machineType, environment.profile.cluster.generalNodesMax, undefined]]);
    const aks = Object.values<any>(azure.resource.azurerm_kubernetes_cluster)[0];
    expect(aks.network_profile.network_plugin_mode).toBe('overlay');

    // AND GKE: the general pool's machine type, with GKE Standard's default of 110 pods per node
    const gcp = JSON.parse(Testing.synth(new EnvironmentGcpStack(Testing.app(), 'gcp', { organization: org, environment })));
    const gkePools = Object.values<any>(gcp.resource.google_container_node_pool).filter((p) => !/system/i.test(p.name));
    expect(gkePools.map((p) => [p.node_config.machine_type, p.max_pods_per_node])).toEqual([[GENERAL_NODE_CAPACITY.gcp.machineType, undefined]]);
    const gke = Object.values<any>(gcp.resource.google_container_cluster)[0];
    expect(gke.default_max_pods_per_node).toBeUndefined();
    expect([GENERAL_NODE_CAPACITY.aws.maxPods, GENERAL_NODE_CAPACITY.azure.maxPods, GENERAL_NODE_CAPACITY.gcp.maxPods]).toEqual([58, 250, 110]);
  });
});

describe('what the cluster add-ons take of the general pool', () => {
  test.each(CLOUDS)('%s: the reserve holds the requests and pods of the add-ons\' values', (cloud) => {
    const requests = addonRequests(cloud);
    for (const d of ['cpuCores', 'memoryGiB', 'pods'] as const) {
      expect(CLUSTER_ADDONS_RESERVE[d]).toBeGreaterThanOrEqual(requests[d]);
    }
  });

  test('the reserve is the largest set (EKS, with metrics-server and Cluster Autoscaler), within a tenth', () => {
    const largest = addonRequests('aws');
    expect(largest.pods).toBeGreaterThan(40);
    expect(largest.cpuCores).toBeGreaterThan(addonRequests('gcp').cpuCores);
    for (const d of ['cpuCores', 'memoryGiB', 'pods'] as const) {
      expect(CLUSTER_ADDONS_RESERVE[d]).toBeLessThanOrEqual(largest[d] * 1.1);
    }
  });

  test('each Prometheus replica reserves what the chart values request for it', () => {
    const { prometheus } = addonRequests('gcp');
    expect(PROMETHEUS_REPLICA_RESERVE).toEqual(prometheus);
  });
});
