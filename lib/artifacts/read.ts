import * as fs from 'fs';
import * as path from 'path';
import type { Cloud, Organization } from '../spec';
import type { Artifact, ArtifactKind, StackValidation } from './artifact';
import { readSynthManifest } from './synth-manifest';
import { parseManifestYaml } from './yaml';

/**
 * Reads every artifact under a synth output folder (`cdk.out/`, `cdktf.out/`, `cdk8s.out/`), in a stable order.
 *
 * Stacks are attributed to environments by the synthesizer's manifest of what it wrote (`baseline.manifest.json`),
 * so `dev` and `dev-azure` never mix. Stacks it does not list (output of another tool) are attributed by name
 * (`<org>-<env>` or `<org>-<env>-...`; the longest environment name that matches wins). A stack that belongs to
 * no environment of the organization is an error: it would otherwise escape every policy.
 */
export function readArtifacts(org: Organization, outdir: string): Artifact[] {
  const artifacts: Artifact[] = [];
  const manifest = readSynthManifest(outdir);
  const recorded = new Map((manifest?.organization === org.name ? manifest.stacks : [])
    .filter((s) => org.environments.some((e) => e.name === s.environment))
    .map((s) => [`${s.kind} ${s.name}`, s.environment]));
  const byName = environmentMatcher(org);
  const environmentOf = (kind: ArtifactKind, stack: string) => recorded.get(`${kind} ${stack}`) ?? byName(stack);

  const cdkOut = path.join(outdir, 'cdk.out');
  if (fs.existsSync(path.join(cdkOut, 'manifest.json'))) {
    const assembly = readJson(path.join(cdkOut, 'manifest.json'));
    for (const [name, entry] of Object.entries<any>(assembly.artifacts ?? {})) {
      if (entry.type !== 'aws:cloudformation:stack') continue;
      const file = path.join('cdk.out', entry.properties.templateFile);
      const validation = readRecordedValidation(outdir, file);
      const document = readJson(path.join(outdir, file));
      artifacts.push({ kind: 'cloudformation', cloud: 'aws', environment: environmentOf('cloudformation', name), name, file, document, ...(validation ? { validation } : {}) });
    }
  }

  const stacks = path.join(outdir, 'cdktf.out', 'stacks');
  if (fs.existsSync(stacks)) {
    for (const name of fs.readdirSync(stacks).sort()) {
      const file = path.join('cdktf.out', 'stacks', name, 'cdk.tf.json');
      if (!fs.existsSync(path.join(outdir, file))) continue;
      const cloud = name.endsWith('-gcp') ? 'gcp' : name.endsWith('-azure') ? 'azure' : undefined;
      if (!cloud) throw new Error(`readArtifacts: Terraform stack "${name}" names no cloud (expected a name ending in -azure or -gcp)`);
      artifacts.push({ kind: 'terraform', cloud, environment: environmentOf('terraform', name), name, file, document: readJson(path.join(outdir, file)) });
    }
  }

  // cdk8s.out/<env>/<cloud>/<chart>.k8s.yaml
  const manifests = path.join(outdir, 'cdk8s.out');
  if (fs.existsSync(manifests)) {
    for (const environment of fs.readdirSync(manifests).sort()) {
      for (const cloud of fs.readdirSync(path.join(manifests, environment)).sort() as Cloud[]) {
        for (const chart of fs.readdirSync(path.join(manifests, environment, cloud)).filter((f) => f.endsWith('.yaml')).sort()) {
          const file = path.join('cdk8s.out', environment, cloud, chart);
          const document = parseManifestYaml(fs.readFileSync(path.join(outdir, file), 'utf8'));
          artifacts.push({ kind: 'kubernetes', cloud, environment, name: `${environment}/${cloud}/${chart.replace(/\.k8s\.yaml$/, '')}`, file, document });
        }
      }
    }
  }
  return artifacts;
}

function environmentMatcher(org: Organization): (stack: string) => string {
  const byLength = [...org.environments].sort((a, b) => b.name.length - a.name.length);
  return (stack) => {
    const env = byLength.find((e) => stack === `${org.name}-${e.name}` || stack.startsWith(`${org.name}-${e.name}-`));
    if (!env) {
      throw new Error(`readArtifacts: stack "${stack}" belongs to no environment of "${org.name}" (expected ${org.name}-<environment>[-...])`);
    }
    return env.name;
  };
}

/**
 * Where the synth records the findings of the validators that ran on a stack: next to its template,
 * `cdk.out/acme-dev.template.json` → `cdk.out/acme-dev.validation.json`.
 */
export function validationFileOf(templateFile: string): string {
  return templateFile.replace(/\.template\.json$/, '') + '.validation.json';
}

/**
 * The validation recorded next to a template during the synth, if any validator ran (`synthesize(org, { nag: true })`).
 * @param outdir the synth output folder
 * @param templateFile the template, relative to it (`cdk.out/acme-dev.template.json`)
 */
export function readRecordedValidation(outdir: string, templateFile: string): StackValidation | undefined {
  const file = path.join(outdir, validationFileOf(templateFile));
  return fs.existsSync(file) ? readJson(file) as StackValidation : undefined;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
