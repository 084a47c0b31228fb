import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { acme } from '../../../examples/acme/org';
import { EnvironmentGitOpsChart } from '../../../lib/platform/gitops-chart';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { defineOrganization, DEFAULT_TIER_PROFILES } from '../../../lib/spec';
import { TEAM_RESOURCE_KINDS } from '../../../lib/standards';
import { crdSchemaProblems } from '../../support/crd-schema';

const org = defineOrganization(acme);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-'));
synthesizeKubernetes(org, org.environments.flatMap((env) => (['aws', 'azure', 'gcp'] as const).map((cloud) => ({ env, cloud }))), outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** Every object of every manifest file of one cluster, team files included, with the file it came from. */
function clusterObjects(env: string, cloud: string): { file: string; object: any }[] {
  const dir = path.join(outdir, env, cloud);
  const files = [
    ...fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')),
    ...fs.readdirSync(path.join(dir, 'teams')).map((f) => path.join('teams', f)),
  ];
  return files.flatMap((file) => (yaml.loadAll(fs.readFileSync(path.join(dir, file), 'utf8')) as any[]).map((object) => ({ file, object })));
}

const CLUSTERS = org.environments.flatMap((env) => ['aws', 'azure', 'gcp'].map((cloud) => [env.name, env.tier, cloud] as const));

/** Whether an Application spec syncs by itself: `automated` present and not disabled. */
function autoSyncs(spec: any): boolean {
  const automated = spec?.syncPolicy?.automated;
  return automated !== undefined && automated !== null && automated.enabled !== false;
}

describe('GitOps with Argo CD', () => {
  test.each(CLUSTERS)('%s (%s) on %s: every Application and ApplicationSet template syncs by itself exactly when the tier says', (env, tier, cloud) => {
    const objects = clusterObjects(env, cloud).map((o) => o.object);
    const applications = objects.filter((o) => o.kind === 'Application').map((o) => o.spec);
    const templates = objects.filter((o) => o.kind === 'ApplicationSet').map((o) => o.spec.template.spec);
    expect(applications.length).toBeGreaterThan(0);
    expect(templates).toHaveLength(1);
    for (const spec of [...applications, ...templates]) {
      expect(autoSyncs(spec)).toBe(DEFAULT_TIER_PROFILES[tier].delivery.autoSync);
    }
  });

  test('no prod Application auto-syncs, on any cloud; dev syncs every commit with prune and self-heal', () => {
    const prod = CLUSTERS.filter(([, tier]) => tier === 'prod');
    expect(prod.length).toBeGreaterThan(0);
    for (const [env, , cloud] of prod) {
      const specs = clusterObjects(env, cloud).flatMap(({ object }) => object.kind === 'Application' ? [object.spec] : object.kind === 'ApplicationSet' ? [object.spec.template.spec] : []);
      expect(specs.filter(autoSyncs)).toEqual([]);
    }
    for (const [env, , cloud] of CLUSTERS.filter(([, tier]) => tier === 'dev')) {
      const set = clusterObjects(env, cloud).find(({ object }) => object.kind === 'ApplicationSet')!.object;
      expect(set.spec.template.spec.syncPolicy.automated).toEqual({ enabled: true, prune: true, selfHeal: true });
    }
  });

  test('prod syncs only inside its window (manual syncs too); dev and staging windows are always open', () => {
    for (const [env, tier, cloud] of CLUSTERS) {
      const projects = clusterObjects(env, cloud).filter(({ object }) => object.kind === 'AppProject').map(({ object }) => object);
      expect(projects.map((p) => p.metadata.name)).toEqual(['platform', ...org.teams.map((t) => t.name)]);
      const knobs = DEFAULT_TIER_PROFILES[tier].delivery;
      for (const p of projects) {
        expect(p.spec.syncWindows).toEqual([{ kind: 'allow', schedule: knobs.syncWindowSchedule, duration: `${knobs.syncWindowDurationHours}h`, timeZone: 'UTC', applications: ['*'], manualSync: false }]);
      }
    }
    expect(DEFAULT_TIER_PROFILES.prod.delivery).toEqual({ autoSync: false, syncWindowSchedule: '0 9 * * 1-4', syncWindowDurationHours: 6 });
  });

  test('a team\'s project deploys only into its namespace, only from the GitOps repository, and nothing cluster-scoped', () => {
    const projects = clusterObjects('prod', 'aws').filter(({ object }) => object.kind === 'AppProject').map(({ object }) => object);
    for (const team of org.teams) {
      const project = projects.find((p) => p.metadata.name === team.name)!;
      expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: team.name }]);
      expect(project.spec.sourceRepos).toEqual([org.delivery!.gitopsRepoUrl]);
      expect(project.spec.clusterResourceWhitelist).toEqual([]);
      expect(project.spec.namespaceResourceWhitelist).toEqual(expect.arrayContaining(TEAM_RESOURCE_KINDS.map((k) => ({ ...k }))));
      for (const forbidden of ['Role', 'RoleBinding', 'Secret', 'ResourceQuota', 'LimitRange']) {
        expect(project.spec.namespaceResourceWhitelist.map((k: any) => k.kind)).not.toContain(forbidden);
      }
    }
  });

  test.each(CLUSTERS)('%s (%s) on %s: each team file is exactly its part of services.k8s.yaml, and its project admits every object', (env, _tier, cloud) => {
    const all = clusterObjects(env, cloud);
    const services = all.filter(({ file }) => file === 'services.k8s.yaml').map(({ object }) => object);
    const teamObjects = all.filter(({ file }) => file.startsWith('teams/'));
    expect(teamObjects.map(({ object }) => object)).toEqual(expect.arrayContaining(services));
    expect(teamObjects).toHaveLength(services.length);
    const projects = new Map(all.filter(({ object }) => object.kind === 'AppProject').map(({ object }) => [object.metadata.name, object]));
    for (const { file, object } of teamObjects) {
      const team = path.basename(file, '.k8s.yaml');
      expect(object.metadata.namespace).toBe(team);
      const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
      expect(projects.get(team).spec.namespaceResourceWhitelist).toContainEqual({ group, kind: object.kind });
    }
  });

  test('the ApplicationSet deploys every file of the cluster, each under its project, and manages itself', () => {
    const set = clusterObjects('staging', 'gcp').find(({ object }) => object.kind === 'ApplicationSet')!.object;
    const elements = set.spec.generators[0].list.elements;
    expect(elements.map((e: any) => [e.name, e.project, e.path, e.file])).toEqual([
      ['baseline', 'platform', 'cdk8s.out/staging/gcp', 'baseline.k8s.yaml'],
      ['addons', 'platform', 'cdk8s.out/staging/gcp', 'addons.k8s.yaml'],
      ['gitops', 'platform', 'cdk8s.out/staging/gcp', 'gitops.k8s.yaml'],
      ...org.teams.map((t) => [`team-${t.name}`, t.name, 'cdk8s.out/staging/gcp/teams', `${t.name}.k8s.yaml`]),
    ]);
    for (const e of elements) {
      expect(fs.existsSync(path.join(outdir, e.path.replace(/^cdk8s\.out\//, ''), e.file))).toBe(true);
    }
    expect(set.spec.template.spec.source).toEqual({ repoURL: org.delivery!.gitopsRepoUrl, targetRevision: 'main', path: '{{.path}}', directory: { include: '{{.file}}' } });
    expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    expect(set.spec.template.spec.syncPolicy.syncOptions).toContain('PruneLast=true');
  });

  test('the add-on Applications belong to the platform project, and Argo CD itself is one of them', () => {
    const apps = clusterObjects('dev', 'aws').filter(({ object }) => object.kind === 'Application').map(({ object }) => object);
    expect(apps.map((a) => [a.metadata.name, a.spec.project])).toEqual([['kyverno', 'platform'], ['kube-prometheus-stack', 'platform'], ['argo-rollouts', 'platform'], ['argo-cd', 'platform'], ['metrics-server', 'platform'], ['cluster-autoscaler', 'platform'], ['cert-manager', 'platform'], ['envoy-gateway', 'platform'], ['opentelemetry-collector', 'platform']]);
    expect(apps.find((a) => a.metadata.name === 'argo-cd').spec.destination.namespace).toBe('argocd');
  });

  test('every GitOps object validates against its CRD schema (@kubernetes-models/argo-cd)', () => {
    const objects = ['dev', 'prod'].flatMap((env) => clusterObjects(env, 'azure'))
      .filter(({ file }) => file === 'gitops.k8s.yaml' || file === 'addons.k8s.yaml')
      .map(({ object }) => object)
      .filter((o) => o.apiVersion.startsWith('argoproj.io/'));
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['AppProject', 'ApplicationSet', 'Application']));
    expect(crdSchemaProblems(objects)).toEqual([]);
  });

  test('without a GitOps repository in the spec, the chart says what is missing', () => {
    const bare = defineOrganization({ ...acme, delivery: undefined });
    expect(() => new EnvironmentGitOpsChart(Testing.app(), 'gitops', { organization: bare, environment: bare.environments[0], cloud: 'aws' }))
      .toThrow('EnvironmentGitOpsChart: organization "acme" has no delivery.gitopsRepoUrl (expected the Git repository Argo CD deploys from, like https://github.com/acme/platform-gitops.git)');
  });
});
