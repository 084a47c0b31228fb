import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ConstructProblem, ConstructValidationError, constructProblems } from '../../core/validation';
import { toManifestDocument, writeManifestFile } from '../artifacts/yaml';
import { naming } from '../naming';
import type { Cloud, Environment, Organization } from '../spec';
import { EnvironmentAddonsChart } from './addons-chart';
import { EnvironmentGitOpsChart, TEAM_MANIFESTS_DIR } from './gitops-chart';
import { registryPrefix } from './image-reference';
import { EnvironmentBaselineChart } from './kubernetes-chart';
import { EnvironmentMonitoringChart } from './monitoring-chart';
import { GarbageCollector } from './private/collect-garbage';
import { EnvironmentServicesChart } from './services-chart';
import type { SynthesisProgress } from './synthesize';

/** One cluster's manifests to build. */
export interface KubernetesTarget {
  readonly env: Environment;
  readonly cloud: Cloud;
}

/**
 * Writes `<env>/<cloud>/baseline.k8s.yaml` (namespaces), `addons.k8s.yaml` (Argo CD Applications and Kyverno
 * policies) and `services.k8s.yaml` (workloads) under `outdir` for each
 * target and returns `outdir`. `azureClientIds` holds the Terraform outputs of each environment's Azure stack, by
 * stack name, when the pipeline has them.
 */
export function synthesizeKubernetes(
  org: Organization,
  targets: readonly KubernetesTarget[],
  outdir: string,
  azureClientIds: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
  onProgress?: (event: SynthesisProgress) => void,
): string {
  const garbage = new GarbageCollector();
  for (const { env, cloud } of targets) {
    // What the previous cluster left behind is garbage now: collect it before this one piles more on top.
    garbage.maybeCollect();
    const start = performance.now();
    const dir = path.join(outdir, env.name, cloud);
    const clientIds = azureClientIds[naming.terraformStack(org.name, env.name, 'azure')];
    // Each chart in an app of its own: the charts are independent, and cdk8s resolves dependencies and validates
    // the whole app once per chart it renders, so a shared app would walk the services chart three times.
    const app = () => new App({ outdir: dir });
    const builders: Array<[string, () => Chart]> = [
      ['baseline', () => new EnvironmentBaselineChart(app(), 'baseline', { organization: org, environment: env, cloud })],
      // Add-ons (Kyverno, ...) as Argo CD Applications, and the policies enforcing the Kubernetes rules in-cluster;
      // only the environment's own registry on this cloud is trusted.
      ['addons', () => new EnvironmentAddonsChart(app(), 'addons', {
        organization: org, environment: env, cloud, trustedRegistries: [registryPrefix(org, env, cloud)], azureClientIds: clientIds,
      })],
      // Prometheus rules from the alert standards and SLOs, and a ServiceMonitor per service.
      ['monitoring', () => new EnvironmentMonitoringChart(app(), 'monitoring', { organization: org, environment: env, cloud })],
    ];
    if (org.services.length > 0) {
      builders.push(['services', () => new EnvironmentServicesChart(app(), 'services', { organization: org, environment: env, cloud, azureClientIds: clientIds })]);
    }
    // What `app.synth()` does for a chart (dependencies resolved, the app validated, one file per chart), with a
    // faster YAML writer (`lib/artifacts/yaml.ts`), one chart at a time: a chart's construct tree and its JSON are
    // dropped as soon as its documents exist, so at 5,000 services the heap holds one services chart in one form
    // at a time, not every chart of the cluster in three. Every chart is still built and validated before anything
    // of the cluster is written, so every broken construct of the cluster is reported at once.
    const problems: ConstructProblem[] = [];
    const documents = new Map<string, string[]>();
    /** Per document of the services chart: its team (namespace) and API group and kind, for the GitOps split. */
    const serviceObjects: Array<{ readonly team?: string; readonly group: string; readonly kind: string }> = [];
    for (const [id, build] of builders) {
      const objects = render(build(), problems);
      if (objects === undefined) continue;
      if (id === 'services') {
        for (const o of objects) {
          const team = o.metadata?.namespace;
          serviceObjects.push({
            team: typeof team === 'string' ? team : undefined,
            group: String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '',
            kind: String(o.kind),
          });
        }
      }
      documents.set(id, dumpEach(objects));
    }
    if (problems.length > 0) throw new ConstructValidationError(problems);
    fs.mkdirSync(dir, { recursive: true });
    if (org.delivery) {
      // GitOps: each team's objects in a file of their own, which Argo CD deploys under the team's project (its
      // namespace only); services.k8s.yaml stays the whole for review, policy and parity. Every object is
      // serialized once, also where it goes to two files.
      const byTeam = new Map<string, { kinds: Array<{ group: string; kind: string }>; documents: string[] }>();
      const serviceDocuments = documents.get('services') ?? [];
      serviceObjects.forEach(({ team, group, kind }, i) => {
        if (team === undefined) return;
        const files = byTeam.get(team) ?? byTeam.set(team, { kinds: [], documents: [] }).get(team)!;
        files.kinds.push({ group, kind });
        files.documents.push(serviceDocuments[i]);
      });
      const teamDir = path.join(dir, TEAM_MANIFESTS_DIR);
      fs.mkdirSync(teamDir, { recursive: true });
      for (const [team, files] of byTeam) writeManifestFile(path.join(teamDir, `${team}.k8s.yaml`), files.documents);
      const teamKinds = Object.fromEntries([...byTeam].map(([team, files]) => [team, files.kinds]));
      const gitops = render(new EnvironmentGitOpsChart(app(), 'gitops', { organization: org, environment: env, cloud, teamKinds }), problems);
      if (gitops === undefined) throw new ConstructValidationError(problems);
      documents.set('gitops', dumpEach(gitops));
    }
    for (const [id, docs] of documents) writeManifestFile(path.join(dir, `${id}.k8s.yaml`), docs);
    onProgress?.({ output: 'kubernetes', cloud, environment: env.name, count: documents.size, durationMs: performance.now() - start });
  }
  return outdir;
}

/**
 * Validates a chart and, when nothing of the cluster is broken so far, renders its objects (cdk8s `toJson`, which
 * resolves and validates the chart's app). The chart is not kept: once rendered, its construct tree can go.
 */
function render(chart: Chart, problems: ConstructProblem[]): any[] | undefined {
  problems.push(...constructProblems(chart));
  return problems.length > 0 ? undefined : chart.toJson();
}

/** Each object as its YAML document, dropping each object from the array as it is dumped. */
function dumpEach(objects: any[]): string[] {
  const result = new Array<string>(objects.length);
  for (let i = 0; i < objects.length; i++) {
    result[i] = toManifestDocument(objects[i]);
    objects[i] = undefined;
  }
  return result;
}
