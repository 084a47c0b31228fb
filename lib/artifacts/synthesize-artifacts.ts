import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { synthesize, SynthesizeOptions } from '../platform/synthesize';
import type { Organization } from '../spec';
import type { Artifact } from './artifact';
import { readArtifacts } from './read';

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
