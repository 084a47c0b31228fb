import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ConstructValidationError, constructProblems } from '../../core/validation';
import { toManifestDocument, writeManifestFile } from '../artifacts/yaml';
import { naming } from '../naming';
import type { Cloud, Environment, Organization } from '../spec';
import { EnvironmentAddonsChart } from './addons-chart';
import { EnvironmentGitOpsChart, TEAM_MANIFESTS_DIR } from './gitops-chart';
import { registryPrefix } from './image-reference';
import { EnvironmentBaselineChart } from './kubernetes-chart';
import { EnvironmentMonitoringChart } from './monitoring-chart';
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
  for (const { env, cloud } of targets) {
    const start = performance.now();
    const dir = path.join(outdir, env.name, cloud);
    // Each chart in an app of its own: the charts are independent, and cdk8s resolves dependencies and validates
    // the whole app once per chart it renders, so a shared app would walk the services chart three times.
    const app = () => new App({ outdir: dir });
    const charts: Chart[] = [new EnvironmentBaselineChart(app(), 'baseline', { organization: org, environment: env, cloud })];
    // Add-ons (Kyverno, ...) as Argo CD Applications, and the policies enforcing the Kubernetes rules in-cluster;
    // only the environment's own registry on this cloud is trusted.
    const clientIds = azureClientIds[naming.terraformStack(org.name, env.name, 'azure')];
    charts.push(new EnvironmentAddonsChart(app(), 'addons', {
      organization: org, environment: env, cloud, trustedRegistries: [registryPrefix(org, env, cloud)], azureClientIds: clientIds,
    }));
    // Prometheus rules from the alert standards and SLOs, and a ServiceMonitor per service.
    charts.push(new EnvironmentMonitoringChart(app(), 'monitoring', { organization: org, environment: env, cloud }));
    if (org.services.length > 0) {
      charts.push(new EnvironmentServicesChart(app(), 'services', {
        organization: org,
        environment: env,
        cloud,
        azureClientIds: clientIds,
      }));
    }
    // What `app.synth()` does for a chart (dependencies resolved, the app validated, one file per chart), with a
    // faster YAML writer: see `lib/artifacts/yaml.ts`.
    // Each chart's toJson validates its own app only: report every broken construct of the cluster at once.
    const problems = charts.flatMap((chart) => constructProblems(chart));
    if (problems.length > 0) throw new ConstructValidationError(problems);
    fs.mkdirSync(dir, { recursive: true });
    const manifests = new Map(charts.map((chart) => [chart.node.id, chart.toJson()]));
    // Every object serialized once, also where it goes to two files (services.k8s.yaml and its team's file).
    const documents = new Map([...manifests].map(([id, objects]) => [id, objects.map(toManifestDocument)]));
    if (org.delivery) {
      // GitOps: each team's objects in a file of their own, which Argo CD deploys under the team's project (its
      // namespace only); services.k8s.yaml stays the whole for review, policy and parity.
      const byTeam = new Map<string, { objects: any[]; documents: string[] }>();
      const services = manifests.get('services') ?? [];
      const serviceDocuments = documents.get('services') ?? [];
      services.forEach((object, i) => {
        const team = object.metadata?.namespace;
        if (typeof team !== 'string') return;
        const files = byTeam.get(team) ?? byTeam.set(team, { objects: [], documents: [] }).get(team)!;
        files.objects.push(object);
        files.documents.push(serviceDocuments[i]);
      });
      const teamDir = path.join(dir, TEAM_MANIFESTS_DIR);
      fs.mkdirSync(teamDir, { recursive: true });
      for (const [team, files] of byTeam) writeManifestFile(path.join(teamDir, `${team}.k8s.yaml`), files.documents);
      const teamKinds = Object.fromEntries([...byTeam].map(([team, files]) => [team, files.objects.map((o) => ({
        group: String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : '',
        kind: String(o.kind),
      }))]));
      const gitops = new EnvironmentGitOpsChart(app(), 'gitops', { organization: org, environment: env, cloud, teamKinds });
      charts.push(gitops);
      documents.set('gitops', gitops.toJson().map(toManifestDocument));
    }
    for (const chart of charts) writeManifestFile(path.join(dir, `${chart.node.id}.k8s.yaml`), documents.get(chart.node.id)!);
    onProgress?.({ output: 'kubernetes', cloud, environment: env.name, count: charts.length, durationMs: performance.now() - start });
  }
  return outdir;
}
