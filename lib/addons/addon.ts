import type { Cloud } from '../spec';

/**
 * A cluster add-on: a Helm chart that Argo CD installs into every cluster of the organization, pinned to one
 * exact version. Every add-on (Kyverno now; Prometheus, Argo Rollouts and others later) is declared this way, in
 * the catalog, so installing one is a reviewed change to data rather than a new construct.
 */
export interface Addon<Values extends object = object> {
  /** Add-on name: the Argo CD Application and the Helm release are named after it (DNS label, e.g. `kyverno`). */
  readonly name: string;
  /** What it does, for the reader of the catalog. */
  readonly description: string;
  /** Namespace it is installed into (DNS label). Argo CD creates it. */
  readonly namespace: string;
  /** The Helm chart, pinned. */
  readonly helm: AddonHelmChart;
  /**
   * Version of the software the pinned chart ships (the chart's appVersion), recorded so a reviewer sees what a
   * chart bump really upgrades.
   */
  readonly appVersion: string;
  /**
   * The clouds whose clusters get it, for software the cloud runs by itself elsewhere (the resource metrics API on
   * AKS and GKE) or that only exists for one cloud (an autoscaler of EKS node groups).
   * @default - every cloud
   */
  readonly clouds?: readonly Cloud[];
  /** Values given to the chart, typed per add-on. */
  readonly values: Values;
  /**
   * Argo CD sync wave: lower waves are synced (and healthy) first. Add-ons that others rely on, such as the policy
   * engine, go first.
   */
  readonly syncWave: number;
  /**
   * Namespaces where the organization's Kubernetes policies must not apply, because the add-on's own pods live there
   * and are governed by the add-on's chart (e.g. the policy engine must be able to restart itself).
   */
  readonly policyExcludedNamespaces: readonly string[];
  /**
   * The image repositories the pinned chart pulls from with the values set here, as name patterns (a trailing `*`
   * matches within a path: `quay.io/prometheus/*`). The organization does not sign its vendors' images, so GKE's
   * Binary Authorization policy admits exactly these without an attestation; update them with the chart version.
   */
  readonly imagePatterns: readonly string[];
}

/** Where a chart comes from, and which exact version is installed. */
export interface AddonHelmChart {
  /**
   * URL of the Helm repository (`https://...`, e.g. `https://kyverno.github.io/kyverno/`), or of the OCI registry
   * path that holds the chart (`oci://...` without the chart name, e.g. `oci://docker.io/envoyproxy`) for charts
   * published only to a registry.
   */
  readonly repoUrl: string;
  /** Chart name inside the repository. */
  readonly chart: string;
  /**
   * Exact chart version (`3.7.2`; `v1.19.1` where the chart's version carries a `v`): never a range, `latest` or
   * `*`, so the same commit always installs the same chart and an upgrade is a reviewed diff.
   */
  readonly version: string;
}

/**
 * The repository URL Argo CD sees for a chart, as an AppProject's `sourceRepos` must list it: the Helm repository,
 * or for an OCI chart the chart's own path (`oci://docker.io/envoyproxy/gateway-helm`).
 */
export function argoCdSourceRepo(helm: AddonHelmChart): string {
  return helm.repoUrl.startsWith('oci://') ? `${helm.repoUrl}/${helm.chart}` : helm.repoUrl;
}

/**
 * An exact SemVer 2.0 version: no ranges (`^`, `~`, `>=`, `x`, `*`). A leading `v` is allowed: some charts publish
 * their versions so (cert-manager's `v1.19.1`, Envoy Gateway's `v1.6.0`), and it is still one exact version.
 */
export const EXACT_VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

// A registry host, a path, and at most a trailing wildcard (Binary Authorization's allowlist syntax).
const IMAGE_PATTERN = /^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(:[0-9]+)?\/[a-z0-9._/-]+(\*\*|\*)?$/;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Every problem of a catalog, one sentence each: names, namespaces, repository URLs, exact versions, sync waves and
 * duplicate names. An empty list means the catalog can be installed.
 */
export function addonCatalogProblems(catalog: readonly Addon[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const addon of catalog) {
    const where = `addon ${JSON.stringify(addon.name)}`;
    if (!DNS_LABEL.test(addon.name)) {
      problems.push(`${where}: name is not a DNS label (expected 1-63 lowercase letters, digits or '-', like kyverno)`);
    }
    if (seen.has(addon.name)) {
      problems.push(`${where}: name is declared twice (expected one entry per add-on)`);
    }
    seen.add(addon.name);
    if (!DNS_LABEL.test(addon.namespace)) {
      problems.push(`${where}: namespace ${JSON.stringify(addon.namespace)} is not a DNS label (expected like kyverno)`);
    }
    if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(addon.helm.repoUrl) && !/^oci:\/\/[^\s/]+(\/[^\s/]+)*$/.test(addon.helm.repoUrl)) {
      problems.push(`${where}: helm.repoUrl ${JSON.stringify(addon.helm.repoUrl)} is not an https or oci URL (expected like https://kyverno.github.io/kyverno/ or oci://docker.io/envoyproxy)`);
    }
    if (addon.helm.chart.trim() === '') {
      problems.push(`${where}: helm.chart is empty (expected the chart name, like kyverno)`);
    }
    if (!EXACT_VERSION.test(addon.helm.version)) {
      problems.push(`${where}: helm.version ${JSON.stringify(addon.helm.version)} is not an exact version (expected like 3.7.2, never a range or latest)`);
    }
    if (!Number.isInteger(addon.syncWave)) {
      problems.push(`${where}: syncWave ${JSON.stringify(addon.syncWave)} is not an integer (expected like -10)`);
    }
    if (addon.clouds !== undefined && addon.clouds.length === 0) {
      problems.push(`${where}: clouds is empty (expected at least one of aws, azure, gcp, or no clouds for every cloud)`);
    }
    if (addon.imagePatterns.length === 0) {
      problems.push(`${where}: imagePatterns is empty (expected the repositories its chart pulls from, like quay.io/prometheus/*)`);
    }
    for (const pattern of addon.imagePatterns) {
      if (!IMAGE_PATTERN.test(pattern)) {
        problems.push(`${where}: imagePatterns entry ${JSON.stringify(pattern)} is not an image name pattern (expected registry/path with at most a trailing *, like quay.io/prometheus/*)`);
      }
    }
    for (const ns of addon.policyExcludedNamespaces) {
      if (!DNS_LABEL.test(ns)) {
        problems.push(`${where}: policyExcludedNamespaces entry ${JSON.stringify(ns)} is not a DNS label (expected like kyverno)`);
      }
    }
  }
  return problems;
}
