import * as fs from 'fs';
import * as path from 'path';
import { Artifact, readRecordedValidation } from '../artifacts';
import { parseManifestYaml } from '../artifacts/yaml';
import { naming } from '../naming';
import { CLOUDS, Cloud, Environment, Organization } from '../spec';
import { usageError } from './exit-codes';

/** The environments and clouds a command works on. */
export interface Selection {
  readonly environments: readonly Environment[];
  readonly clouds: readonly Cloud[];
  /** `--env` was given (otherwise every environment). */
  readonly narrowed: boolean;
}

/** Checks `--env` against the organization (`--cloud` is checked by the parser). */
export function select(org: Organization, envs: readonly string[] | undefined, clouds: readonly Cloud[] | undefined): Selection {
  const known = org.environments.map((e) => e.name);
  const unknown = (envs ?? []).filter((e) => !known.includes(e));
  if (unknown.length > 0) {
    throw usageError(`${unknown.map((e) => `--env "${e}"`).join(', ')}: not ${unknown.length === 1 ? 'an environment' : 'environments'} of ${org.name} (expected ${known.join(', ')})`);
  }
  return {
    environments: envs ? org.environments.filter((e) => envs.includes(e.name)) : org.environments,
    clouds: clouds ? CLOUDS.filter((c) => clouds.includes(c)) : CLOUDS,
    narrowed: envs !== undefined,
  };
}

/** Environment and cloud pairs of the selection where the environment is placed on the cloud. */
export function placements(selection: Selection): Array<{ env: Environment; cloud: Cloud }> {
  return selection.environments.flatMap((env) => selection.clouds.filter((c) => env[c] !== undefined).map((cloud) => ({ env, cloud })));
}

/**
 * Reads the artifacts of the selection from a synth folder: the AWS stacks the assembly's manifest lists, the
 * Terraform stack and the manifests of each selected environment and cloud. Output that a previous synth of other
 * environments (or another organization) left in the folder is ignored, never misattributed.
 */
export function readSelected(org: Organization, selection: Selection, outdir: string): Artifact[] {
  const artifacts: Artifact[] = [];
  const byName = new Map<string, string>();
  for (const env of selection.environments) {
    byName.set(naming.awsStack(org.name, env.name), env.name);
    for (const team of org.teams) byName.set(naming.awsTeamStack(org.name, env.name, team.name), env.name);
    byName.set(naming.awsDrStack(org.name, env.name), env.name);
  }
  const manifest = path.join(outdir, 'cdk.out', 'manifest.json');
  if (selection.clouds.includes('aws') && fs.existsSync(manifest)) {
    for (const [name, entry] of Object.entries<any>(readJson(manifest).artifacts ?? {})) {
      const environment = byName.get(name);
      if (entry.type !== 'aws:cloudformation:stack' || environment === undefined) continue;
      const file = path.join('cdk.out', entry.properties.templateFile);
      const validation = readRecordedValidation(outdir, file);
      artifacts.push({ kind: 'cloudformation', cloud: 'aws', environment, name, file, document: readJson(path.join(outdir, file)), ...(validation ? { validation } : {}) });
    }
  }
  for (const { env, cloud } of placements(selection)) {
    if (cloud === 'aws') continue;
    const name = naming.terraformStack(org.name, env.name, cloud);
    const file = path.join('cdktf.out', 'stacks', name, 'cdk.tf.json');
    if (fs.existsSync(path.join(outdir, file))) artifacts.push({ kind: 'terraform', cloud, environment: env.name, name, file, document: readJson(path.join(outdir, file)) });
  }
  for (const { env, cloud } of placements(selection)) {
    const dir = path.join(outdir, 'cdk8s.out', env.name, cloud);
    if (!fs.existsSync(dir)) continue;
    for (const chart of fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
      const file = path.join('cdk8s.out', env.name, cloud, chart);
      const document = parseManifestYaml(fs.readFileSync(path.join(outdir, file), 'utf8'));
      artifacts.push({ kind: 'kubernetes', cloud, environment: env.name, name: `${env.name}/${cloud}/${chart.replace(/\.k8s\.yaml$/, '')}`, file, document });
    }
  }
  return artifacts;
}

/** Resources of an artifact: CloudFormation resources, Terraform resources (not data sources), Kubernetes objects. */
export function resourceCount(artifact: Artifact): number {
  switch (artifact.kind) {
    case 'cloudformation': return Object.keys(artifact.document.Resources ?? {}).length;
    case 'terraform': return Object.values<Record<string, unknown>>(artifact.document.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    case 'kubernetes': return (artifact.document as unknown[]).length;
  }
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
