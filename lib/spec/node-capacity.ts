import type { Cloud } from './network-plan';

/** What one node of a cluster's general pool offers pods, for capacity planning. */
export interface GeneralNodeCapacity {
  /** The machine type of the general pool (the constructs' default, which the platform uses). */
  readonly machineType: string;
  /** CPU the kubelet offers pods (allocatable), in cores: the machine's cores minus the cloud's kube-reserved CPU. */
  readonly allocatableCpuCores: number;
  /** Memory the kubelet offers pods (allocatable), in GiB: the machine's memory minus kube-reserved and eviction. */
  readonly allocatableMemoryGiB: number;
  /** Most pods the kubelet runs on one node (its `maxPods`, as the cluster's networking sets it). */
  readonly maxPods: number;
}

/**
 * The general pool's nodes on each cloud (4 vCPU, 16 GiB everywhere), with the allocatable resources each cloud's
 * published reservation formulas leave for pods:
 * - EKS `m7i.xlarge` (Amazon Linux 2023 EKS AMI): CPU 6 % of the first core, 1 % of the second, 0.5 % of the third
 *   and fourth (80m); memory 255 MiB + 11 MiB x 58 pods kube-reserved and 100 MiB eviction, from the ~15.3 GiB the
 *   OS sees; 58 pods: the VPC CNI without prefix delegation gives a node (4 ENIs x (15 addresses - 1)) + 2;
 * - AKS `Standard_D4ds_v5` (Kubernetes 1.29+, Azure CNI overlay, whose default is 250 pods per node): CPU 140m for 4
 *   cores; memory kube-reserved min(20 MB x max pods + 50 MB, 25 % of the VM's memory) = 4 GiB, and 100 MiB eviction;
 * - GKE `e2-standard-4` (110 pods per node, GKE Standard's default): CPU as on EKS (80m); memory 25 % of the first
 *   4 GiB, 20 % of the next 4, 10 % of the next 8 (2.6 GiB) and 100 MiB eviction.
 * Sources: the EKS AMI's bootstrap (`kube-reserved` computation), AKS "Node resource reservations", GKE "Standard
 * cluster architecture: node allocatable resources". A test pins the machine types to what the synthesized
 * clusters use, so a new default machine type cannot leave this table behind.
 */
export const GENERAL_NODE_CAPACITY: Readonly<Record<Cloud, GeneralNodeCapacity>> = {
  aws: { machineType: 'm7i.xlarge', allocatableCpuCores: 3.92, allocatableMemoryGiB: 14.2, maxPods: 58 },
  azure: { machineType: 'Standard_D4ds_v5', allocatableCpuCores: 3.86, allocatableMemoryGiB: 11.9, maxPods: 250 },
  gcp: { machineType: 'e2-standard-4', allocatableCpuCores: 3.92, allocatableMemoryGiB: 13.3, maxPods: 110 },
};

/** What pods take of the nodes: CPU and memory requests, and pod slots. */
export interface NodeRequests {
  /** CPU requests, in cores. */
  readonly cpuCores: number;
  /** Memory requests, in GiB. */
  readonly memoryGiB: number;
  /** Pods, each taking one of a node's `maxPods` slots. */
  readonly pods: number;
}

/**
 * What the node agents on every node ask for before any service: the CNI and network policy agent, kube-proxy or
 * its eBPF replacement, the CSI drivers, the log and metrics agents and the Prometheus node exporter (DaemonSets).
 * Kept off each node's allocatable and pod slots (about eight DaemonSet pods on every cloud).
 */
export const NODE_AGENTS_RESERVE: NodeRequests = { cpuCores: 0.4, memoryGiB: 1, pods: 8 };

/**
 * What the cluster add-ons of the catalog request on the general pool (they do not tolerate the system pool's
 * `CriticalAddonsOnly` taint): Kyverno, Argo CD with its Redis HA, Argo Rollouts, cert-manager, Envoy Gateway and two
 * proxies for each of the two Gateways, the OpenTelemetry Collector, metrics-server and Cluster Autoscaler (EKS only:
 * the largest set), the monitoring stack without Prometheus. A test adds up the catalog's values on every cloud and fails when the add-ons
 * outgrow it, or when it overstates them by more than a tenth.
 */
export const CLUSTER_ADDONS_RESERVE: NodeRequests = { cpuCores: 5.25, memoryGiB: 10.5, pods: 54 };

/**
 * The requests of each Prometheus replica (`monitoring.prometheusReplicas` of the tier), which the add-on reserve
 * leaves out because their number is a tier knob. A test reads them back from the catalog.
 */
export const PROMETHEUS_REPLICA_RESERVE: NodeRequests = { cpuCores: 0.5, memoryGiB: 2, pods: 1 };
