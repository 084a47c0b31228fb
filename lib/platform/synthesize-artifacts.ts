import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Artifact, readArtifacts } from '../artifacts';
import type { Organization } from '../spec';
import { synthesize, SynthesizeOptions } from './synthesize';

/** Options of {@link synthesizeArtifacts}: those of `synthesize` except the output folder. */
export interface SynthesizeArtifactsOptions extends Omit<SynthesizeOptions, 'outdir'> {
  /**
   * Folder in which the temporary output folder is created.
   * @default - the system's temporary folder
   */
  readonly tempRoot?: string;
}

/**
 * Synthesizes an organization into a temporary folder, reads every artifact and removes the folder.
 *
 * This is what tests and checks use ("in memory" from the caller's point of view): nothing is left behind and the
 * working copy's `cdk.out/` is never touched.
 */
export function synthesizeArtifacts(org: Organization, options: SynthesizeArtifactsOptions = {}): Artifact[] {
  const { tempRoot, ...synthOptions } = options;
  const outdir = fs.mkdtempSync(path.join(tempRoot ?? os.tmpdir(), 'baseline-synth-'));
  try {
    synthesize(org, { cloudFormationValidation: false, ...synthOptions, outdir });
    return readArtifacts(org, outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const synthesized = new WeakMap<Organization, Artifact[]>();

/**
 * The organization's artifacts, synthesized once per (immutable) organization object into a temporary folder, with
 * the default options. Tests that check parity and snapshot the baseline shape of three clouds pay for one synth.
 */
export function artifactsOf(org: Organization): Artifact[] {
  let artifacts = synthesized.get(org);
  if (!artifacts) {
    artifacts = synthesizeArtifacts(org);
    synthesized.set(org, artifacts);
  }
  return artifacts;
}
