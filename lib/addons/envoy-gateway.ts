import type { Addon } from './addon';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** The values of Envoy Gateway's `gateway-helm` chart (v1.x layout) that the baseline sets; the chart's defaults apply to the rest. */
export interface EnvoyGatewayChartValues {
  readonly deployment: {
    readonly replicas: number;
    /** The platform's PriorityClass on the controller (`lib/standards/priority.ts`); the proxies are set per EnvoyProxy. */
    readonly priorityClassName: string;
    /** The controller container's requests and limits (ephemeral storage bounded too). */
    readonly envoyGateway: {
      readonly resources: {
        readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
        readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
      };
    };
  };
  readonly podDisruptionBudget: { readonly minAvailable: number };
}

/**
 * Envoy Gateway: the Gateway API implementation of every cluster, on every cloud. Its controller turns each
 * `Gateway` into a fleet of Envoy proxies in its own namespace behind a `LoadBalancer` Service, which the cloud's
 * own service controller makes an internal (or, for a reasoned public exposure, an internet-facing) load balancer.
 *
 * Why one in-cluster implementation rather than each cloud's managed Gateway (AWS Load Balancer Controller, AKS
 * Application Gateway for Containers, GKE `gke-l7-rilb`): the Gateway, its routes and its TLS are the same objects
 * on all three clouds, so parity and policy hold them once; the proxies are pods, so a NetworkPolicy can admit
 * exactly them to an exposed service (a cloud L7 load balancer reaches pods from address ranges, its proxy-only or
 * load balancer subnets); and no extra cloud IAM role or subnet is needed per cluster.
 *
 * Chart `gateway-helm` v1.6.0 (Envoy Gateway v1.6.0, Gateway API v1.4.0, for Kubernetes 1.30 to 1.33), published
 * only to an OCI registry. The chart installs the Gateway API and Envoy Gateway CRDs. Two controller replicas
 * (leader election) behind a PodDisruptionBudget; the proxies' own replicas and budget are set per GatewayClass.
 */
export const ENVOY_GATEWAY_ADDON: Addon<EnvoyGatewayChartValues> = {
  name: 'envoy-gateway',
  description: 'Gateway API controller: a Gateway per cluster, Envoy proxies behind the cloud\'s internal load balancer.',
  namespace: 'envoy-gateway-system',
  helm: {
    repoUrl: 'oci://docker.io/envoyproxy',
    chart: 'gateway-helm',
    version: 'v1.6.0',
  },
  appVersion: 'v1.6.0',
  // After cert-manager, before the Gateways (one wave later, with the platform's ingress objects).
  syncWave: -5,
  policyExcludedNamespaces: ['envoy-gateway-system'],
  imagePatterns: ['docker.io/envoyproxy/*'],
  values: {
    deployment: {
      replicas: 2,
      priorityClassName: PLATFORM_PRIORITY_CLASS.name,
      envoyGateway: {
        resources: { requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '256Mi' } },
      },
    },
    podDisruptionBudget: { minAvailable: 1 },
  },
};
