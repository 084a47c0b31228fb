import * as fs from 'fs';
import * as path from 'path';
import type { Cloud } from '../spec';
import type { ArtifactKind } from './artifact';

/** The file, in a synth output folder, in which the synthesizer records what it wrote for which environment. */
export const SYNTH_MANIFEST_FILE = 'baseline.manifest.json';

/** One stack the synthesizer wrote. */
export interface SynthManifestEntry {
  readonly kind: Exclude<ArtifactKind, 'kubernetes'>;
  readonly cloud: Cloud;
  readonly environment: string;
  /** The stack name, as the engine's output folder names it (`acme-prod-team-payments`, `acme-prod-azure`). */
  readonly name: string;
}

/**
 * What the synthesizer wrote, by environment. Reading artifacts back assigns each stack to the environment this
 * says, never by the shape of its name: `dev` and `dev-azure`, or `dev` and `dev-team`, are different
 * environments whatever their stacks are called. (Manifests need no entry: they are written to `<env>/<cloud>/`.)
 */
export interface SynthManifest {
  readonly version: 1;
  readonly organization: string;
  readonly stacks: readonly SynthManifestEntry[];
}

/** Reads the manifest of an output folder; `undefined` when there is none (output of another tool). */
export function readSynthManifest(outdir: string): SynthManifest | undefined {
  const file = path.join(outdir, SYNTH_MANIFEST_FILE);
  if (!fs.existsSync(file)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (manifest?.version !== 1 || !Array.isArray(manifest.stacks)) {
    throw new Error(`readSynthManifest: ${file} is not a synth manifest of version 1 (expected {"version": 1, "organization", "stacks": [...]}; synthesize again)`);
  }
  return manifest;
}

/**
 * Records stacks in the manifest of an output folder. Stacks already recorded by another run into the same folder
 * (a sharded synth: `--env prod`, then `--env dev`) are kept unless this run wrote them again.
 */
export function recordSynthManifest(outdir: string, organization: string, stacks: readonly SynthManifestEntry[]): void {
  const previous = readSynthManifest(outdir);
  const kept = previous?.organization === organization
    ? previous.stacks.filter((s) => !stacks.some((n) => n.kind === s.kind && n.name === s.name))
    : [];
  const all = [...kept, ...stacks].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const manifest: SynthManifest = { version: 1, organization, stacks: all };
  fs.writeFileSync(path.join(outdir, SYNTH_MANIFEST_FILE), `${JSON.stringify(manifest, undefined, 2)}\n`);
}
