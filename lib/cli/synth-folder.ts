import * as fs from 'fs';
import * as path from 'path';
import type { Artifact } from '../artifacts';
import { parseManifestYaml } from '../artifacts/yaml';
import type { Organization } from '../spec';
import { Selection, readSelected } from './selection';

/** The file `baseline synth` leaves next to its output: which artifact belongs to which environment and cloud. */
export const SYNTH_MANIFEST = 'baseline.manifest.json';

/** One entry of {@link SYNTH_MANIFEST}. */
export interface ManifestEntry {
  readonly name: string;
  readonly kind: Artifact['kind'];
  readonly cloud: Artifact['cloud'];
  readonly environment: string;
  readonly file: string;
}

/** Writes the manifest of a synth, so a later `baseline diff --against <folder>` reads exactly these artifacts. */
export function writeSynthManifest(outdir: string, organization: string, artifacts: readonly Artifact[]): void {
  const entries: ManifestEntry[] = artifacts.map((a) => ({ name: a.name, kind: a.kind, cloud: a.cloud, environment: a.environment, file: a.file }));
  fs.writeFileSync(path.join(outdir, SYNTH_MANIFEST), `${JSON.stringify({ organization, artifacts: entries }, null, 2)}\n`);
}

/**
 * Reads a synth folder. With the manifest `baseline synth` writes, exactly its artifacts (of the selected
 * environments and clouds: stacks of a team or environment that no longer exists are still read, so removing them
 * shows as removal). Without one, the stacks and manifests the organization would produce.
 */
export function readSynthFolder(org: Organization, selection: Selection, dir: string): Artifact[] {
  const manifest = path.join(dir, SYNTH_MANIFEST);
  if (!fs.existsSync(manifest)) return readSelected(org, selection, dir);
  const entries = (JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts ?? []) as ManifestEntry[];
  const environments = selection.narrowed ? new Set(selection.environments.map((e) => e.name)) : undefined;
  return entries
    .filter((e) => selection.clouds.includes(e.cloud) && (environments === undefined || environments.has(e.environment)))
    .filter((e) => fs.existsSync(path.join(dir, e.file)))
    .map((e) => {
      const text = fs.readFileSync(path.join(dir, e.file), 'utf8');
      return { ...e, document: e.kind === 'kubernetes' ? parseManifestYaml(text) : JSON.parse(text) };
    });
}
