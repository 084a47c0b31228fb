import * as fs from 'fs';
import * as path from 'path';
import type { Cloud } from '../spec';
import type { ArtifactKind } from './artifact';
import { parseManifestYaml } from './yaml';

/**
 * One synthesized stack or manifest of any app (a team's own CDK, cdktf or cdk8s app), read back before anything
 * says which environment it belongs to.
 */
export interface AppOutput {
  readonly kind: ArtifactKind;
  /**
   * The cloud a stack deploys to: `aws` for CloudFormation, the Terraform stack's provider for Terraform JSON.
   * Undefined for Kubernetes manifests, which go to whatever cluster they are applied to.
   */
  readonly cloud?: Cloud;
  /**
   * The name parity maps to an environment: the CloudFormation stack name (`payments-prod`, or `Prod-payments` in a
   * stage), the cdktf stack (`payments-prod-gcp`), the manifest file without `.k8s.yaml` (`payments-prod`, or
   * `prod/payments` in a subfolder).
   */
  readonly name: string;
  /** The file, as the folder given plus its path inside it (`cdk.out/payments-prod.template.json`). */
  readonly file: string;
  /** The parsed template, `cdk.tf.json` document, or list of Kubernetes objects. */
  readonly document: any;
}

/** Folder names the engines write by default, looked for inside a project folder. */
const OUTPUT_FOLDERS = ['cdk.out', 'cdktf.out', 'cdk8s.out', 'dist'];

/**
 * Reads an app's synthesized output: a cloud assembly (`cdk.out`, with its nested stage assemblies), a cdktf output
 * folder (`cdktf.out`, one `stacks/<name>/cdk.tf.json` per stack), a folder of Kubernetes manifests (cdk8s's
 * `dist/`, every `*.yaml` below it), or a project folder holding any of those under their default names
 * (`cdk.out`, `cdktf.out`, `cdk8s.out`, `dist`). Offline: it only reads files.
 *
 * @throws when the folder does not exist or holds none of them
 */
export function readAppOutput(dir: string): AppOutput[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`readAppOutput: "${dir}" is not a folder (expected a cdk.out, cdktf.out or manifests folder, or a project folder holding them)`);
  }
  const label = path.basename(path.resolve(dir));
  const own = readOne(dir, label, false);
  if (own !== undefined) return own;
  const nested = OUTPUT_FOLDERS.filter((f) => fs.existsSync(path.join(dir, f)))
    .flatMap((f) => readOne(path.join(dir, f), path.join(label, f), true) ?? []);
  if (nested.length > 0) return nested;
  const manifests = readManifests(dir, dir, label);
  if (manifests.length > 0) return manifests;
  throw new Error(`readAppOutput: "${dir}" holds no synthesized output (expected a cloud assembly with manifest.json, a cdktf.out with stacks/*/cdk.tf.json, *.yaml manifests, or one of ${OUTPUT_FOLDERS.join(', ')} inside it)`);
}

/** An assembly or a cdktf output; with `manifests`, also a folder of manifests. */
function readOne(dir: string, label: string, manifests: boolean): AppOutput[] | undefined {
  if (fs.existsSync(path.join(dir, 'manifest.json')) && isCloudAssembly(readJson(path.join(dir, 'manifest.json')))) return readAssembly(dir, label);
  if (fs.existsSync(path.join(dir, 'stacks'))) {
    const stacks = readTerraform(dir, label);
    if (stacks.length > 0) return stacks;
  }
  if (!manifests) return undefined;
  const found = readManifests(dir, dir, label);
  return found.length > 0 ? found : undefined;
}

function isCloudAssembly(manifest: any): boolean {
  return typeof manifest?.version === 'string' && typeof manifest?.artifacts === 'object';
}

/** The stacks of a cloud assembly, and of the nested assemblies its stages write (`assembly-Prod/`). */
function readAssembly(dir: string, label: string): AppOutput[] {
  const out: AppOutput[] = [];
  for (const [id, entry] of Object.entries<any>(readJson(path.join(dir, 'manifest.json')).artifacts ?? {})) {
    if (entry.type === 'aws:cloudformation:stack') {
      const file = path.join(label, entry.properties.templateFile);
      out.push({ kind: 'cloudformation', cloud: 'aws', name: entry.properties.stackName ?? entry.displayName ?? id, file, document: readJson(path.join(dir, entry.properties.templateFile)) });
    } else if (entry.type === 'cdk:cloud-assembly' && typeof entry.properties?.directoryName === 'string') {
      out.push(...readAssembly(path.join(dir, entry.properties.directoryName), path.join(label, entry.properties.directoryName)));
    }
  }
  return out;
}

function readTerraform(dir: string, label: string): AppOutput[] {
  const out: AppOutput[] = [];
  for (const name of fs.readdirSync(path.join(dir, 'stacks')).sort()) {
    const relative = path.join('stacks', name, 'cdk.tf.json');
    if (!fs.existsSync(path.join(dir, relative))) continue;
    const document = readJson(path.join(dir, relative));
    out.push({ kind: 'terraform', cloud: terraformCloud(document, name), name, file: path.join(label, relative), document });
  }
  return out;
}

/** The cloud of a Terraform stack, from the provider it configures. */
function terraformCloud(document: any, stack: string): Cloud {
  const providers = Object.keys(document?.provider ?? {});
  const clouds = new Set<Cloud>(providers.flatMap((p): Cloud[] => (p === 'azurerm' ? ['azure'] : p === 'google' || p === 'google-beta' ? ['gcp'] : p === 'aws' ? ['aws'] : [])));
  if (clouds.size !== 1) {
    throw new Error(`readAppOutput: Terraform stack "${stack}" configures ${clouds.size === 0 ? 'no cloud provider' : `several clouds (${[...clouds].join(', ')})`} (expected exactly one of azurerm, google, aws)`);
  }
  return [...clouds][0];
}

function readManifests(root: string, dir: string, label: string): AppOutput[] {
  const out: AppOutput[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...readManifests(root, full, label));
    } else if (/\.ya?ml$/.test(entry.name)) {
      const relative = path.relative(root, full);
      const objects = parseManifestYaml(fs.readFileSync(full, 'utf8'));
      if (!objects.every((o: any) => typeof o?.kind === 'string' && typeof o?.apiVersion === 'string')) continue;
      out.push({ kind: 'kubernetes', name: relative.replace(/(\.k8s)?\.ya?ml$/, '').split(path.sep).join('/'), file: path.join(label, relative), document: objects });
    }
  }
  return out;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
