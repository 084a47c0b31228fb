import type { Addon } from './addon';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** Requests and limits of one container, as Kubernetes quantities (ephemeral storage bounded too). */
export interface CertManagerResources {
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** Replicas, resources and disruption budget of one cert-manager component (webhook, CA injector). */
export interface CertManagerComponentValues {
  readonly replicaCount: number;
  readonly resources: CertManagerResources;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
}

/** The values of the `cert-manager` chart (v1.x layout) that the baseline sets; the chart's defaults apply to the rest. */
export interface CertManagerChartValues {
  /** The platform's PriorityClass on the controller, webhook and CA injector (`lib/standards/priority.ts`). */
  readonly global: { readonly priorityClassName: string };
  /** The chart installs the Certificate, Issuer and ClusterIssuer CRDs, and keeps them on uninstall (certificates survive). */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly replicaCount: number;
  readonly resources: CertManagerResources;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly webhook: CertManagerComponentValues;
  readonly cainjector: CertManagerComponentValues;
  /** The post-install Job that waits for the webhook. */
  readonly startupapicheck: { readonly resources: CertManagerResources };
  /**
   * The controller's configuration: `enableGatewayAPI` makes it issue a certificate for every HTTPS listener of a
   * Gateway annotated with an issuer (the Gateway API shim), so no Certificate is written by hand.
   */
  readonly config: {
    readonly apiVersion: 'controller.config.cert-manager.io/v1alpha1';
    readonly kind: 'ControllerConfiguration';
    readonly enableGatewayAPI: boolean;
  };
}

/**
 * cert-manager: issues and renews the TLS certificates of the cluster Gateways' HTTPS listeners.
 *
 * Chart `cert-manager` v1.19.1 (cert-manager v1.19.1, for Kubernetes 1.31 to 1.34). The controller, webhook and CA
 * injector run two replicas each behind PodDisruptionBudgets: the webhook is on the admission path of every
 * certificate object. The chart's pods already meet the `restricted` Pod Security Standard (non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root file system).
 */
export const CERT_MANAGER_ADDON: Addon<CertManagerChartValues> = {
  name: 'cert-manager',
  description: 'TLS certificates for the cluster Gateways, issued and renewed from ClusterIssuers (Gateway API shim on).',
  namespace: 'cert-manager',
  helm: {
    repoUrl: 'https://charts.jetstack.io',
    chart: 'cert-manager',
    version: 'v1.19.1',
  },
  appVersion: 'v1.19.1',
  // Before the Gateway controller, whose Gateways' listeners it issues certificates for.
  syncWave: -6,
  policyExcludedNamespaces: ['cert-manager'],
  imagePatterns: ['quay.io/jetstack/*'],
  values: {
    global: { priorityClassName: PLATFORM_PRIORITY_CLASS.name },
    crds: { enabled: true, keep: true },
    replicaCount: 2,
    resources: { requests: { 'cpu': '50m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' } },
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    webhook: {
      replicaCount: 2,
      resources: { requests: { 'cpu': '20m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '250m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' } },
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
    },
    cainjector: {
      replicaCount: 2,
      resources: { requests: { 'cpu': '20m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' }, limits: { 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '256Mi' } },
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
    },
    startupapicheck: {
      resources: { requests: { 'cpu': '10m', 'memory': '32Mi', 'ephemeral-storage': '16Mi' }, limits: { 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' } },
    },
    config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', enableGatewayAPI: true },
  },
};
