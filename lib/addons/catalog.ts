import type { Cloud } from '../spec';
import { addonCatalogProblems, type Addon } from './addon';
import { ARGO_CD_ADDON } from './argo-cd';
import { ARGO_ROLLOUTS_ADDON } from './argo-rollouts';
import { CERT_MANAGER_ADDON } from './cert-manager';
import { CLUSTER_AUTOSCALER_ADDON } from './cluster-autoscaler';
import { ENVOY_GATEWAY_ADDON } from './envoy-gateway';
import { KUBE_PROMETHEUS_STACK_ADDON } from './kube-prometheus-stack';
import { KYVERNO_ADDON } from './kyverno';
import { METRICS_SERVER_ADDON } from './metrics-server';
import { OTEL_COLLECTOR_ADDON } from './opentelemetry-collector';

/**
 * Namespaces that Kubernetes itself runs in. Policies never apply there: the control plane's add-ons are managed by
 * the cloud provider, and blocking them can break the cluster.
 */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Namespaces of the platform's own tooling, installed when the cluster is bootstrapped rather than from the catalog:
 * Argo CD, which installs everything else. Its upstream images and manifests are not the organization's to label.
 */
export const PLATFORM_NAMESPACES: readonly string[] = ['argocd'];

/**
 * Namespaces the cloud's own managed components run in, on the clusters the baseline builds: GKE Managed Prometheus
 * (`gmp-system`, `gmp-public`) and GKE-managed system components; the Azure Policy add-on's Gatekeeper on AKS.
 * EKS runs its managed add-ons in `kube-system`, except Container Insights (`amazon-cloudwatch-observability`, whose
 * CloudWatch agent and Fluent Bit DaemonSets read the nodes' logs from `amazon-cloudwatch`). The cloud, not the
 * organization, owns what runs there, and enforcing the organization's policies on it would block the cloud's own
 * upgrades.
 */
export const CLOUD_MANAGED_NAMESPACES: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ['amazon-cloudwatch'],
  azure: ['gatekeeper-system'],
  gcp: ['gke-gmp-system', 'gke-managed-system', 'gmp-public', 'gmp-system'],
};

/**
 * Every cluster add-on of the baseline, in install order. Add one here (with its typed values) and every cluster of
 * every environment gets an Argo CD Application for it, and its namespaces are excluded from the policies.
 */
export const ADDON_CATALOG: readonly Addon[] = [
  KYVERNO_ADDON, KUBE_PROMETHEUS_STACK_ADDON, ARGO_ROLLOUTS_ADDON, ARGO_CD_ADDON, METRICS_SERVER_ADDON, CLUSTER_AUTOSCALER_ADDON,
  CERT_MANAGER_ADDON, ENVOY_GATEWAY_ADDON, OTEL_COLLECTOR_ADDON,
];

/** The add-ons of `catalog` that a cluster on `cloud` gets, in catalog order. */
export function addonsFor(cloud: Cloud, catalog: readonly Addon[] = ADDON_CATALOG): Addon[] {
  return catalog.filter((addon) => addon.clouds === undefined || addon.clouds.includes(cloud));
}

/** Where the HorizontalPodAutoscalers of a cluster read CPU from (the `metrics.k8s.io` API), and what scales its nodes. */
export interface ClusterAutoscaling {
  /** The resource metrics API: an add-on of the catalog (by name), or the cloud's own. */
  readonly metrics: { readonly addon: string } | { readonly managedBy: string };
  /** The node autoscaler: an add-on of the catalog (by name), or the cloud's own. */
  readonly nodes: { readonly addon: string } | { readonly managedBy: string };
}

/**
 * The metrics source and node autoscaler of each cloud's clusters: on EKS both are add-ons of this catalog; AKS and
 * GKE run metrics-server themselves and scale their node pools with their own cluster autoscalers, which
 * \`AksCluster\` and \`GkeCluster\` switch on within the tier's node bounds.
 */
export const CLUSTER_AUTOSCALING: Readonly<Record<Cloud, ClusterAutoscaling>> = {
  aws: { metrics: { addon: METRICS_SERVER_ADDON.name }, nodes: { addon: CLUSTER_AUTOSCALER_ADDON.name } },
  azure: { metrics: { managedBy: 'AKS (metrics-server in kube-system, managed by Azure)' }, nodes: { managedBy: 'AKS cluster autoscaler (node pools with auto scaling enabled)' } },
  gcp: { metrics: { managedBy: 'GKE (metrics-server in kube-system, managed by Google)' }, nodes: { managedBy: 'GKE cluster autoscaler (node pools with autoscaling)' } },
};

/**
 * Namespaces the organization's Kubernetes policies exclude: the system and platform namespaces, those the catalog's
 * add-ons declare, and with a cloud, the namespaces of that cloud's managed components; sorted, without
 * duplicates. Throws when the catalog has a problem, so a bad entry fails at synth.
 */
export function policyExcludedNamespaces(catalog: readonly Addon[] = ADDON_CATALOG, cloud?: Cloud): string[] {
  assertCatalog(catalog);
  const managed = cloud === undefined ? [] : CLOUD_MANAGED_NAMESPACES[cloud];
  const installed = cloud === undefined ? catalog : addonsFor(cloud, catalog);
  return [...new Set([...SYSTEM_NAMESPACES, ...PLATFORM_NAMESPACES, ...managed, ...installed.flatMap((a) => a.policyExcludedNamespaces)])].sort();
}

/** Throws one Error listing every problem of the catalog, one per line. */
export function assertCatalog(catalog: readonly Addon[]): void {
  const problems = addonCatalogProblems(catalog);
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `Add-on catalog: ${p}`).join('\n'));
  }
}

/**
 * The image name patterns of every add-on of the catalog, sorted and without duplicates: what GKE's Binary
 * Authorization policy admits without the organization's attestation.
 */
export function addonImagePatterns(catalog: readonly Addon[] = ADDON_CATALOG): string[] {
  assertCatalog(catalog);
  return [...new Set(catalog.flatMap((a) => a.imagePatterns))].sort();
}
