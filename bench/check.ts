/* eslint-disable @typescript-eslint/no-require-imports */
import type { OrganizationSpec } from '../lib/spec';

/** What {@link runCheck} measured. */
export interface CheckReport {
  /** Milliseconds per part: `synthesize` (synth into a temporary folder and read back), `policy`, `parity`. */
  readonly phases: Readonly<Record<string, number>>;
  /** Which parts existed and ran. */
  readonly notes: readonly string[];
}

/**
 * What `npm run check` does, for a generated organization: synthesize into memory, then run the policy and parity
 * engines over the artifacts. The engines are being written alongside the benchmark, so a part that does not exist
 * yet is skipped and says so in the notes instead of failing the benchmark.
 */
export function runCheck(spec: OrganizationSpec): CheckReport {
  const phases: Record<string, number> = {};
  const notes: string[] = [];
  const { defineOrganization } = require('../lib/spec') as typeof import('../lib/spec');
  const { synthesizeArtifacts } = require('../lib/artifacts') as typeof import('../lib/artifacts');

  let t = performance.now();
  const org = defineOrganization(spec);
  const artifacts = synthesizeArtifacts(org);
  phases.synthesize = ms(t);
  notes.push(`synthesize: ${artifacts.length} artifacts`);

  t = performance.now();
  const policy = optional('../lib/policy');
  if (policy && typeof policy.evaluatePolicies === 'function') {
    const report = policy.evaluatePolicies(artifacts, { organization: org });
    phases.policy = ms(t);
    notes.push(`policy: ${describe(report)}`);
  } else {
    notes.push('policy: not measured (lib/policy has no evaluatePolicies yet)');
  }

  t = performance.now();
  const parity = optional('../lib/parity');
  if (parity && typeof parity.checkParity === 'function') {
    const report = parity.checkParity(artifacts, { organization: org });
    phases.parity = ms(t);
    notes.push(`parity: ${describe(report)}`);
  } else {
    notes.push('parity: not measured (lib/parity does not exist yet)');
  }
  return { phases, notes };
}

function optional(module: string): any {
  try {
    return require(module);
  } catch (e: any) {
    if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(module.replace('../', ''))) return undefined;
    throw e;
  }
}

function describe(report: any): string {
  if (Array.isArray(report)) return `${report.length} results`;
  if (report && Array.isArray(report.findings)) return `${report.findings.length} findings`;
  return 'ran';
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}
