import type { Addon } from './addon';
import { PLATFORM_PRIORITY_CLASS } from '../standards/priority';

/** Requests and limits of one Argo CD container, as Kubernetes quantities. */
export interface ArgoCdResources {
  /** Ephemeral storage is local disk (logs, emptyDir): bounded so one pod cannot fill a node and evict others. */
  readonly requests: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
  readonly limits: { readonly 'cpu': string; readonly 'memory': string; readonly 'ephemeral-storage': string };
}

/** The values of the `argo-cd` chart (8.x layout) that the baseline sets; the chart's defaults apply to the rest. */
export interface ArgoCdChartValues {
  /** The platform's PriorityClass on every Argo CD pod (`lib/standards/priority.ts`); Redis HA is a subchart and sets its own. */
  readonly 'global': { readonly priorityClassName: string };
  readonly 'configs': {
    readonly cm: {
      /** Off: people sign in through the organization's identity provider, never with a shared password. */
      readonly 'admin.enabled': boolean;
      /** Off: no shell into pods from the Argo CD UI. */
      readonly 'exec.enabled': boolean;
    };
  };
  readonly 'controller': { readonly replicas: number; readonly resources: ArgoCdResources };
  readonly 'server': { readonly replicas: number; readonly service: { readonly type: 'ClusterIP' }; readonly resources: ArgoCdResources };
  /** The repo server clones repositories and renders charts on local disk: its ephemeral storage is the largest. */
  readonly 'repoServer': { readonly replicas: number; readonly resources: ArgoCdResources };
  readonly 'applicationSet': { readonly replicas: number; readonly resources: ArgoCdResources };
  readonly 'notifications': { readonly resources: ArgoCdResources };
  readonly 'dex': { readonly resources: ArgoCdResources };
  /** The pre-install job that writes Redis's password Secret. */
  readonly 'redisSecretInit': { readonly resources: ArgoCdResources };
  /** Redis with Sentinel over three replicas: the UI and the controller keep their cache through a node loss. */
  readonly 'redis-ha': {
    readonly enabled: boolean;
    /** Redis and Sentinel (the StatefulSet). */
    readonly priorityClassName: string;
    readonly redis: { readonly resources: ArgoCdResources };
    readonly sentinel: { readonly resources: ArgoCdResources };
    readonly haproxy: { readonly priorityClassName: string; readonly resources: ArgoCdResources };
  };
}

/**
 * Argo CD, which deploys everything else in the cluster, including itself.
 *
 * Chart `argo-cd` 8.5.0 ships Argo CD v3.1.5 (which reads `syncPolicy.automated.enabled`). It is installed once by
 * hand with the same chart, version, release name (`argo-cd`) and values (see the README's bootstrap); from then on
 * this Application keeps it, so an upgrade is a reviewed change to this entry like any other add-on. Highly
 * available as Argo CD documents it: two API servers, repo servers and ApplicationSet controllers, Redis HA. The
 * local admin account and the UI's exec are off.
 */
export const ARGO_CD_ADDON: Addon<ArgoCdChartValues> = {
  name: 'argo-cd',
  description: 'GitOps: deploys every add-on and every team\'s services from the organization\'s Git repository, and manages itself.',
  namespace: 'argocd',
  helm: {
    repoUrl: 'https://argoproj.github.io/argo-helm',
    chart: 'argo-cd',
    version: '8.5.0',
  },
  appVersion: 'v3.1.5',
  // With the policy engine, in the first wave: it already runs since the bootstrap, and syncing it first applies a
  // reviewed upgrade of Argo CD before anything it deploys.
  syncWave: -10,
  policyExcludedNamespaces: ['argocd'],
  // Argo CD, Dex, and Redis HA with its HAProxy.
  imagePatterns: ['quay.io/argoproj/argocd*', 'ghcr.io/dexidp/dex*', 'public.ecr.aws/docker/library/redis*', 'public.ecr.aws/docker/library/haproxy*'],
  values: {
    'global': { priorityClassName: PLATFORM_PRIORITY_CLASS.name },
    'configs': { cm: { 'admin.enabled': false, 'exec.enabled': false } },
    // The application controller holds every managed object in memory: it is sized for a cluster of a few thousand.
    'controller': { replicas: 1, resources: resources('250m', '1Gi', '2', '2Gi', '256Mi', '1Gi') },
    'server': { replicas: 2, service: { type: 'ClusterIP' }, resources: resources('50m', '128Mi', '500m', '256Mi', '128Mi', '1Gi') },
    'repoServer': { replicas: 2, resources: resources('100m', '256Mi', '1', '1Gi', '1Gi', '4Gi') },
    'applicationSet': { replicas: 2, resources: resources('50m', '128Mi', '500m', '256Mi', '128Mi', '1Gi') },
    'notifications': { resources: resources('50m', '64Mi', '250m', '128Mi', '64Mi', '256Mi') },
    'dex': { resources: resources('10m', '64Mi', '100m', '128Mi', '64Mi', '256Mi') },
    'redisSecretInit': { resources: resources('10m', '32Mi', '100m', '64Mi', '16Mi', '64Mi') },
    'redis-ha': {
      enabled: true,
      priorityClassName: PLATFORM_PRIORITY_CLASS.name,
      redis: { resources: resources('100m', '256Mi', '500m', '512Mi', '128Mi', '1Gi') },
      sentinel: { resources: resources('10m', '32Mi', '100m', '64Mi', '16Mi', '128Mi') },
      haproxy: { priorityClassName: PLATFORM_PRIORITY_CLASS.name, resources: resources('50m', '64Mi', '250m', '128Mi', '16Mi', '128Mi') },
    },
  },
};

function resources(cpuRequest: string, memoryRequest: string, cpuLimit: string, memoryLimit: string,
  ephemeralStorageRequest: string, ephemeralStorageLimit: string): ArgoCdResources {
  return {
    requests: { 'cpu': cpuRequest, 'memory': memoryRequest, 'ephemeral-storage': ephemeralStorageRequest },
    limits: { 'cpu': cpuLimit, 'memory': memoryLimit, 'ephemeral-storage': ephemeralStorageLimit },
  };
}
