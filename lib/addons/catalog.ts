import { addonCatalogProblems, type Addon } from './addon';
import { KYVERNO_ADDON } from './kyverno';

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
 * Every cluster add-on of the baseline, in install order. Add one here (with its typed values) and every cluster of
 * every environment gets an Argo CD Application for it, and its namespaces are excluded from the policies.
 */
export const ADDON_CATALOG: readonly Addon[] = [KYVERNO_ADDON];

/**
 * Namespaces the organization's Kubernetes policies exclude: the system and platform namespaces and those the
 * catalog's add-ons declare, sorted and without duplicates. Throws when the catalog has a problem, so a bad entry fails at synth.
 */
export function policyExcludedNamespaces(catalog: readonly Addon[] = ADDON_CATALOG): string[] {
  assertCatalog(catalog);
  return [...new Set([...SYSTEM_NAMESPACES, ...PLATFORM_NAMESPACES, ...catalog.flatMap((a) => a.policyExcludedNamespaces)])].sort();
}

/** Throws one Error listing every problem of the catalog, one per line. */
export function assertCatalog(catalog: readonly Addon[]): void {
  const problems = addonCatalogProblems(catalog);
  if (problems.length > 0) {
    throw new Error(problems.map((p) => `Add-on catalog: ${p}`).join('\n'));
  }
}
