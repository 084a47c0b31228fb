import type { Addon } from './addon';

/** The values of the `argo-cd` chart (8.x layout) that the baseline sets; the chart's defaults apply to the rest. */
export interface ArgoCdChartValues {
  readonly 'configs': {
    readonly cm: {
      /** Off: people sign in through the organization's identity provider, never with a shared password. */
      readonly 'admin.enabled': boolean;
      /** Off: no shell into pods from the Argo CD UI. */
      readonly 'exec.enabled': boolean;
    };
  };
  readonly 'controller': { readonly replicas: number };
  readonly 'server': { readonly replicas: number; readonly service: { readonly type: 'ClusterIP' } };
  readonly 'repoServer': { readonly replicas: number };
  readonly 'applicationSet': { readonly replicas: number };
  /** Redis with Sentinel over three replicas: the UI and the controller keep their cache through a node loss. */
  readonly 'redis-ha': { readonly enabled: boolean };
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
    'configs': { cm: { 'admin.enabled': false, 'exec.enabled': false } },
    'controller': { replicas: 1 },
    'server': { replicas: 2, service: { type: 'ClusterIP' } },
    'repoServer': { replicas: 2 },
    'applicationSet': { replicas: 2 },
    'redis-ha': { enabled: true },
  },
};
