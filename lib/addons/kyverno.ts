import type { Addon } from './addon';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** Requests and limits of one Kyverno container, as Kubernetes quantities. */
export interface KyvernoResources {
  /** Ephemeral storage is local disk (logs, emptyDir): bounded so one pod cannot fill a node and evict others. */
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** A PodDisruptionBudget of one Kyverno controller, as the chart takes it. */
export interface KyvernoDisruptionBudget {
  readonly enabled: boolean;
  readonly minAvailable: number;
}

/** A Kyverno controller other than the admission controller (background, cleanup, reports). */
export interface KyvernoControllerValues {
  readonly replicas: number;
  /** The platform's PriorityClass, above every service (`lib/standards/priority.ts`). */
  readonly priorityClassName: string;
  readonly podDisruptionBudget: KyvernoDisruptionBudget;
  readonly resources: KyvernoResources;
}

/**
 * The values of the `kyverno` chart (3.x layout) that the baseline sets; the chart's defaults apply to the rest.
 */
export interface KyvernoChartValues {
  readonly features: {
    /** Off: the webhooks keep `failurePolicy: Fail`, so an unreachable Kyverno blocks changes instead of waving them through. */
    readonly forceFailurePolicyIgnore: { readonly enabled: boolean };
  };
  readonly admissionController: {
    readonly replicas: number;
    /** The platform's PriorityClass: with the webhook failing closed, no pod is admitted while Kyverno is down. */
    readonly priorityClassName: string;
    /**
     * Its service account, named here because each cloud gives it a registry identity by this name: it reads the
     * images' signatures with its own credentials (see `EksRegistryReader`).
     */
    readonly rbac: { readonly serviceAccount: { readonly name: string } };
    readonly podDisruptionBudget: KyvernoDisruptionBudget;
    readonly container: { readonly resources: KyvernoResources };
    readonly initContainer: { readonly resources: KyvernoResources };
  };
  readonly backgroundController: KyvernoControllerValues;
  readonly cleanupController: KyvernoControllerValues;
  readonly reportsController: KyvernoControllerValues;
}

/** The service account of Kyverno's admission controller, which verifies image signatures. */
export const KYVERNO_ADMISSION_SERVICE_ACCOUNT = 'kyverno-admission-controller';

const SMALL_CONTROLLER: KyvernoResources = {
  requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' },
  limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' },
};

/** The background and cleanup controllers: leader-elected, so the second replica is for failover. */
const SMALL_CONTROLLER_VALUES: KyvernoControllerValues = {
  replicas: 2,
  priorityClassName: PLATFORM_PRIORITY_CLASS.name,
  podDisruptionBudget: { enabled: true, minAvailable: 1 },
  resources: SMALL_CONTROLLER,
};

/**
 * Kyverno, the policy engine that enforces the baseline's Kubernetes rules at admission.
 *
 * Chart `kyverno` 3.7.2 ships Kyverno v1.17.2 (`reg.kyverno.io/kyverno/kyverno:v1.17.2`); Kyverno 1.17 supports
 * Kubernetes 1.32-1.35, which covers the baseline's default cluster version 1.33. Policies generated for it use the
 * per-rule `validate.failureAction` introduced in Kyverno 1.13.
 *
 * High availability as Kyverno documents it: three admission controller replicas (the minimum supported for HA; the
 * webhook serves from every replica), two of each other controller (leader-elected, so extra replicas are for
 * failover), and a PodDisruptionBudget on each so a node drain never takes admission down.
 */
export const KYVERNO_ADDON: Addon<KyvernoChartValues> = {
  name: 'kyverno',
  description: 'Policy engine: enforces the baseline Kubernetes rules as ClusterPolicies at admission and reports on existing objects.',
  namespace: 'kyverno',
  helm: {
    repoUrl: 'https://kyverno.github.io/kyverno/',
    chart: 'kyverno',
    version: '3.7.2',
  },
  appVersion: 'v1.17.2',
  // First: every later add-on and workload is admitted through it.
  syncWave: -10,
  policyExcludedNamespaces: ['kyverno'],
  // The controllers, and kubectl for the chart's webhook clean-up hooks.
  imagePatterns: ['reg.kyverno.io/kyverno/*', 'registry.k8s.io/kubectl*'],
  values: {
    features: { forceFailurePolicyIgnore: { enabled: false } },
    admissionController: {
      replicas: 3,
      priorityClassName: PLATFORM_PRIORITY_CLASS.name,
      rbac: { serviceAccount: { name: KYVERNO_ADMISSION_SERVICE_ACCOUNT } },
      // Two of three stay up: a drain evicts one replica at a time and admission keeps a spare.
      podDisruptionBudget: { enabled: true, minAvailable: 2 },
      container: {
        resources: {
          requests: { 'cpu': '250m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
          limits: { 'cpu': '1', 'memory': '768Mi', 'ephemeral-storage': '1Gi' },
        },
      },
      initContainer: {
        resources: {
          requests: { 'cpu': '10m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
          limits: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
        },
      },
    },
    backgroundController: SMALL_CONTROLLER_VALUES,
    cleanupController: SMALL_CONTROLLER_VALUES,
    reportsController: {
      replicas: 2,
      priorityClassName: PLATFORM_PRIORITY_CLASS.name,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      // Reports of every object in the cluster are held in memory while they are aggregated.
      resources: { requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' }, limits: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' } },
    },
  },
};
