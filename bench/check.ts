/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Artifact } from '../lib/artifacts';
import type { OrganizationSpec } from '../lib/spec';

/** What {@link runCheck} measured. */
export interface CheckReport {
  /**
   * Milliseconds per part: `synthesize` (into a temporary folder, with cdk-nag and the CloudFormation validation
   * engine running inside the AWS synth), `read` (parse it back), `policy` (every pack, and reading the findings
   * cdk-nag recorded: `nag`), `parity`.
   */
  readonly phases: Readonly<Record<string, number>>;
  /** Which parts existed and ran. */
  readonly notes: readonly string[];
}

/**
 * What `npm run check` does, for a generated organization: synthesize into memory, then run the policy and parity
 * engines over the artifacts. The engines are being written alongside the benchmark, so a part that does not exist
 * yet is skipped and says so in the notes instead of failing the benchmark.
 */
export async function runCheck(spec: OrganizationSpec): Promise<CheckReport> {
  const phases: Record<string, number> = {};
  const notes: string[] = [];
  const { defineOrganization } = require('../lib/spec') as typeof import('../lib/spec');
  const { synthesizeInParallel } = require('../lib/platform/synthesize-parallel') as typeof import('../lib/platform/synthesize-parallel');
  const { readArtifacts } = require('../lib/artifacts') as typeof import('../lib/artifacts');

  // What `synthesizeArtifacts` does, in two timed steps: synthesize into a temporary folder, read it back.
  const org = defineOrganization(spec);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-check-'));
  let artifacts: Artifact[];
  try {
    let t = performance.now();
    // As `baseline check` runs it: AWS with cdk-nag on this thread, the other engines on worker threads.
    await synthesizeInParallel(org, { outdir, nag: true });
    phases.synthesize = ms(t);
    t = performance.now();
    artifacts = readArtifacts(org, outdir);
    phases.read = ms(t);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  notes.push(`read: ${artifacts.length} artifacts`);

  let t = performance.now();
  const policy = optional<typeof import('../lib/policy')>('../lib/policy');
  if (policy) {
    // Everything `npm run check` runs: the packs, the Kubernetes pack trusting each environment's registry, and
    // the findings cdk-nag and the CloudFormation validation engine recorded during the AWS synth.
    const { registryPrefix } = require('../lib/platform/image-reference') as typeof import('../lib/platform/image-reference');
    const kubernetes = policy.kubernetesPack({
      trustedRegistries: ({ environment, cloud }) => [registryPrefix(org, org.environments.find((e) => e.name === environment)!, cloud)],
    });
    const packs = [...policy.PACKS, kubernetes];
    const nagStart = performance.now();
    const nag = policy.awsNagFindings(artifacts);
    phases.nag = ms(nagStart);
    const result = policy.evaluate(artifacts, packs, { today: new Date(), extraFindings: nag.findings, extraCoverage: nag.coverage });
    const matrix = policy.controlsMatrix(result, artifacts);
    // Rendering is part of what `npm run check` does: the table, the matrix and the JSON report.
    policy.renderTable(result);
    policy.renderControlsMatrix(matrix);
    policy.renderJsonReport(result, matrix);
    phases.policy = ms(t);
    notes.push(`policy: ${packs.length} packs + cdk-nag recorded on ${nag.stacks.length} AWS stacks, ${result.findings.length} findings (${result.errors.length} errors)`);
  } else {
    notes.push('policy: not measured (lib/policy does not exist)');
  }

  t = performance.now();
  const parity = optional<typeof import('../lib/parity')>('../lib/parity');
  if (parity) {
    const result = parity.checkParity(org, artifacts);
    parity.formatParityReport(result, { maxDrifts: 50 });
    phases.parity = ms(t);
    notes.push(`parity: ${result.pairs.length} pairs, ${result.drifts.length} drifts`);
  } else {
    notes.push('parity: not measured (lib/parity does not exist)');
  }
  return { phases, notes };
}

function optional<T>(module: string): T | undefined {
  try {
    return require(module) as T;
  } catch (e: any) {
    if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(module.replace('../', ''))) return undefined;
    throw e;
  }
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}
