import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ADDON_CATALOG, addonsFor, argoCdSourceRepo, type Addon } from '../addons';
import { PLATFORM_PROJECT, type Cloud, type Environment, type Organization } from '../spec';
import { TEAM_RESOURCE_KINDS, type GroupKind } from '../standards';
import { chartLabels } from './chart-labels';

/** Properties of an {@link EnvironmentGitOpsChart}. */
export interface EnvironmentGitOpsChartProps {
  readonly organization: Organization;
  readonly environment: Environment;
  /** The cloud whose cluster this chart is applied to. */
  readonly cloud: Cloud;
  /** Kinds each team's synthesized manifests hold, by team: the team's project admits them on top of the standard list. */
  readonly teamKinds?: Readonly<Record<string, readonly GroupKind[]>>;
  /** @default ADDON_CATALOG */
  readonly catalog?: readonly Addon[];
}

/** The Argo CD API group and version of Applications, AppProjects and ApplicationSets. */
const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
/** Namespace Argo CD runs in, where its projects and applications live. */
export const ARGO_CD_NAMESPACE = 'argocd';
/** The cluster Argo CD runs in: every cluster runs its own Argo CD. */
const IN_CLUSTER = 'https://kubernetes.default.svc';
/** The Argo CD project of the platform's own objects (namespaces, add-ons, policies, these GitOps objects). */
export { PLATFORM_PROJECT };

/** Name of the environment's ApplicationSet in its cluster. */
export const APPLICATION_SET_NAME = 'environment';

/** Folder, below the cluster's folder, of the per-team manifests Argo CD deploys under each team's project. */
export const TEAM_MANIFESTS_DIR = 'teams';

/**
 * How one cluster of one environment deploys itself through Argo CD (`gitops.k8s.yaml`):
 *
 * - the `platform` AppProject (the GitOps repository and the catalog's Helm repositories, any namespace, cluster
 *   resources allowed) for the namespaces, add-ons and policies;
 * - an AppProject per team, restricted to the team's namespace, the GitOps repository and the namespaced kinds a
 *   service is made of (no cluster-scoped kind at all);
 * - the environment's ApplicationSet, one Application per piece of the cluster's synthesized manifests: `baseline`,
 *   `addons`, `gitops` (this file: the ApplicationSet manages itself) and `team-<team>`; it is named
 *   {@link APPLICATION_SET_NAME} in every environment.
 *
 * Every project carries the environment's sync window, and every Application its tier's sync policy: in dev and
 * staging Argo CD syncs each commit with prune and self-heal; in prod nothing syncs by itself, and a manual sync is
 * possible only inside the window. Deleting the ApplicationSet leaves the workloads running.
 */
export class EnvironmentGitOpsChart extends Chart {
  /** The AppProjects: the platform's, then one per team in spec order. */
  public readonly projects: readonly ApiObject[];
  /** The environment's ApplicationSet. */
  public readonly applicationSet: ApiObject;

  constructor(scope: Construct, id: string, props: EnvironmentGitOpsChartProps) {
    const { organization: org, environment: env, cloud } = props;
    super(scope, id, { labels: chartLabels(env, cloud) });
    const delivery = org.delivery;
    if (!delivery) {
      throw new Error(`EnvironmentGitOpsChart: organization ${JSON.stringify(org.name)} has no delivery.gitopsRepoUrl (expected the Git repository Argo CD deploys from, like https://github.com/acme/platform-gitops.git)`);
    }
    const knobs = env.profile.delivery;
    // The platform project may pull only the charts this cloud's cluster installs.
    const catalog = addonsFor(props.cloud, props.catalog ?? ADDON_CATALOG);
    const syncWindows = [{
      kind: 'allow',
      schedule: knobs.syncWindowSchedule,
      duration: `${knobs.syncWindowDurationHours}h`,
      timeZone: 'UTC',
      applications: ['*'],
      // A manual sync too must wait for the window: outside it, nothing reaches the cluster.
      manualSync: false,
    }];
    const project = (name: string, spec: Record<string, unknown>) => new ApiObject(this, `project-${name}`, {
      apiVersion: ARGO_API_VERSION,
      kind: 'AppProject',
      metadata: { name, namespace: ARGO_CD_NAMESPACE, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: { ...spec, syncWindows, orphanedResources: { warn: true } },
    });

    const helmRepos = [...new Set(catalog.map((a) => argoCdSourceRepo(a.helm)))].sort();
    this.projects = [
      project(PLATFORM_PROJECT, {
        description: `The platform of ${env.name} on ${cloud}: namespaces, add-ons, policies and GitOps objects.`,
        sourceRepos: [delivery.gitopsRepoUrl, ...helmRepos],
        destinations: [{ server: IN_CLUSTER, namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      }),
      ...org.teams.map((team) => project(team.name, {
        description: `Services of team ${team.name} in ${env.name} on ${cloud}: its namespace only, namespaced kinds only.`,
        sourceRepos: [delivery.gitopsRepoUrl],
        destinations: [{ server: IN_CLUSTER, namespace: team.name }],
        // Nothing cluster-scoped: a team cannot create namespaces, CRDs, cluster roles or webhooks.
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: kindsOf(team.name, props.teamKinds),
      })),
    ];

    const clusterPath = `${delivery.gitopsPath}/${env.name}/${cloud}`;
    const element = (name: string, projectName: string, namespace: string, file: string, dir = clusterPath) =>
      ({ name, project: projectName, namespace, path: dir, file });
    const elements = [
      element('baseline', PLATFORM_PROJECT, ARGO_CD_NAMESPACE, 'baseline.k8s.yaml'),
      element('addons', PLATFORM_PROJECT, ARGO_CD_NAMESPACE, 'addons.k8s.yaml'),
      element('gitops', PLATFORM_PROJECT, ARGO_CD_NAMESPACE, 'gitops.k8s.yaml'),
      ...org.teams
        .filter((team) => org.services.some((s) => s.team === team.name))
        .map((team) => element(`team-${team.name}`, team.name, team.name, `${team.name}.k8s.yaml`, `${clusterPath}/${TEAM_MANIFESTS_DIR}`)),
    ];

    this.applicationSet = new ApiObject(this, 'application-set', {
      apiVersion: ARGO_API_VERSION,
      kind: 'ApplicationSet',
      // One name in every environment: each cluster runs its own Argo CD, and the name stays what parity compares.
      metadata: { name: APPLICATION_SET_NAME, namespace: ARGO_CD_NAMESPACE },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements } }],
        // Deleting the ApplicationSet (or a generator element) never deletes what runs.
        syncPolicy: { preserveResourcesOnDeletion: true },
        template: {
          metadata: { name: '{{.name}}', labels: { ...chartLabels(env, cloud), ...env.tags } },
          spec: {
            project: '{{.project}}',
            source: { repoURL: delivery.gitopsRepoUrl, targetRevision: delivery.gitopsRevision, path: '{{.path}}', directory: { include: '{{.file}}' } },
            destination: { server: IN_CLUSTER, namespace: '{{.namespace}}' },
            syncPolicy: {
              // Written out in every tier, `enabled` says whether it applies: prod waits for a manual sync.
              automated: { enabled: knobs.autoSync, prune: true, selfHeal: true },
              // Prune after everything else is healthy: a Deployment replaced by a Rollout goes only once the
              // Rollout serves.
              syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
              retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
            },
          },
        },
      },
    });
  }
}

function kindsOf(team: string, teamKinds: EnvironmentGitOpsChartProps['teamKinds']): GroupKind[] {
  const all = [...TEAM_RESOURCE_KINDS, ...(teamKinds?.[team] ?? [])];
  const unique = new Map(all.map((k) => [`${k.group}/${k.kind}`, { group: k.group, kind: k.kind }]));
  return [...unique.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, k]) => k);
}
