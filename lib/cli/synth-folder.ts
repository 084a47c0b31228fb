import * as fs from 'fs';
import * as path from 'path';
import type { Artifact } from '../artifacts';
import { readSynthManifest } from '../artifacts/synth-manifest';
import { parseManifestYaml } from '../artifacts/yaml';
import type { Cloud, Organization } from '../spec';
import { CLOUDS } from '../spec';
import { Selection, readSelected } from './selection';

/**
 * Reads a synth folder for a diff. With the manifest `synthesize` records (`baseline.manifest.json`), exactly the
 * stacks it lists, of the selected clouds and environments, whatever organization wrote them: stacks of a team or
 * an environment the current organization no longer has are read too, so removing them shows as removal. Manifests
 * are read from every `cdk8s.out/<env>/<cloud>/` folder. Without a manifest, the stacks and manifests the current
 * organization would produce.
 */
export function readSynthFolder(org: Organization, selection: Selection, dir: string): Artifact[] {
  const manifest = readSynthManifest(dir);
  if (!manifest) return readSelected(org, selection, dir);
  const environments = selection.narrowed ? new Set(selection.environments.map((e) => e.name)) : undefined;
  const wanted = (environment: string, cloud: Cloud) =>
    selection.clouds.includes(cloud) && (environments === undefined || environments.has(environment));

  const artifacts: Artifact[] = [];
  const assembly = path.join(dir, 'cdk.out', 'manifest.json');
  const templates: Record<string, any> = fs.existsSync(assembly) ? readJson(assembly).artifacts ?? {} : {};
  for (const stack of manifest.stacks.filter((s) => wanted(s.environment, s.cloud))) {
    const file = stack.kind === 'cloudformation'
      ? templates[stack.name]?.properties?.templateFile && path.join('cdk.out', templates[stack.name].properties.templateFile)
      : path.join('cdktf.out', 'stacks', stack.name, 'cdk.tf.json');
    if (!file || !fs.existsSync(path.join(dir, file))) continue;
    artifacts.push({ ...stack, file, document: readJson(path.join(dir, file)) });
  }
  const charts = path.join(dir, 'cdk8s.out');
  for (const environment of fs.existsSync(charts) ? fs.readdirSync(charts).sort() : []) {
    for (const cloud of CLOUDS.filter((c) => wanted(environment, c) && fs.existsSync(path.join(charts, environment, c)))) {
      for (const chart of fs.readdirSync(path.join(charts, environment, cloud)).filter((f) => f.endsWith('.k8s.yaml')).sort()) {
        const file = path.join('cdk8s.out', environment, cloud, chart);
        const document = parseManifestYaml(fs.readFileSync(path.join(dir, file), 'utf8'));
        artifacts.push({ kind: 'kubernetes', cloud, environment, name: `${environment}/${cloud}/${chart.replace(/\.k8s\.yaml$/, '')}`, file, document });
      }
    }
  }
  return artifacts;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
