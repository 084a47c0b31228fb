import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Artifact } from '../artifacts';
import type { ParityResult } from '../parity';
import type { SynthesisProgress } from '../platform/synthesize';
import { synthesizeInParallel } from '../platform/synthesize-parallel';
import type { PolicyResult } from '../policy';
import type { Cloud } from '../spec';
import { CLOUDS } from '../spec';
import { Output, plural, seconds, table } from './output';
import { LoadedOrganization } from './project';
import { Selection, readSelected, resourceCount } from './selection';

/** Options of {@link synthesizeSelection}. */
export interface SynthOptions {
  /** Where to write; a temporary folder (removed afterwards) when undefined. */
  readonly outdir?: string;
  readonly validate?: boolean;
  /** Run cdk-nag and the CloudFormation validation engine inside the AWS synth, recording their findings. */
  readonly nag?: boolean;
  readonly terraformOutputs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Threads that synthesize at once (`synthesizeInParallel`). @default - the cores, at most one per engine unless a large organization shares its Kubernetes clusters out */
  readonly threads?: number;
}

/** What a synth produced. */
export interface Synthesized {
  readonly artifacts: Artifact[];
  /** Where each output went (only when written to a kept folder). */
  readonly outputs: { cloudFormation?: string; terraform?: string; kubernetes?: string };
  readonly durationMs: number;
}

const ENGINE: Record<SynthesisProgress['output'], string> = { cloudFormation: 'CloudFormation', terraform: 'Terraform', kubernetes: 'Kubernetes' };

/** Synthesizes the selection with a progress line per environment and cloud, then reads the artifacts back. */
export async function synthesizeSelection(
  loaded: LoadedOrganization, selection: Selection, out: Output, options: SynthOptions = {},
): Promise<Synthesized> {
  const org = loaded.organization;
  const outdir = options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-synth-'));
  const start = performance.now();
  try {
    const outputs = await synthesizeInParallel(org, {
      outdir,
      environments: selection.environments.map((e) => e.name),
      clouds: selection.clouds,
      cloudFormationValidation: options.validate ?? false,
      nag: options.nag ?? false,
      terraformOutputs: options.terraformOutputs,
      threads: options.threads,
      onProgress: (e) => out.progress(e.environment === undefined
        ? `  ${e.cloud.padEnd(5)}  ${'(all)'.padEnd(10)}  ${ENGINE[e.output].padEnd(14)}  wrote ${plural(e.count, e.output === 'kubernetes' ? 'file' : 'stack')} in ${seconds(e.durationMs)}`
        : `  ${e.cloud.padEnd(5)}  ${e.environment.padEnd(10)}  ${ENGINE[e.output].padEnd(14)}  ${plural(e.count, e.output === 'kubernetes' ? 'manifest' : 'stack')} in ${seconds(e.durationMs)}`),
    });
    const artifacts = readSelected(org, selection, outdir);
    return { artifacts, outputs: options.outdir === undefined ? {} : outputs, durationMs: performance.now() - start };
  } finally {
    if (options.outdir === undefined) fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** One row of the closing summary. */
export interface CloudSummary {
  readonly cloud: Cloud;
  readonly environments: readonly string[];
  readonly stacks: number;
  readonly resources: number;
  readonly manifests: number;
  readonly objects: number;
  readonly findings?: { readonly errors: number; readonly warnings: number; readonly excepted: number };
  /** Drift count on the cloud's stacks and manifests; undefined when parity did not run. */
  readonly drifts?: number;
}

/** Per cloud: stacks, resources, manifests, Kubernetes objects, findings and parity. */
export function summarizeClouds(artifacts: readonly Artifact[], policy?: PolicyResult, parity?: ParityResult): CloudSummary[] {
  return CLOUDS.filter((c) => artifacts.some((a) => a.cloud === c)).map((cloud) => {
    const of = artifacts.filter((a) => a.cloud === cloud);
    const stacks = of.filter((a) => a.kind !== 'kubernetes');
    const manifests = of.filter((a) => a.kind === 'kubernetes');
    const findings = policy?.findings.filter((f) => f.cloud === cloud);
    return {
      cloud,
      environments: [...new Set(of.map((a) => a.environment))],
      stacks: stacks.length,
      resources: stacks.reduce((n, a) => n + resourceCount(a), 0),
      manifests: manifests.length,
      objects: manifests.reduce((n, a) => n + resourceCount(a), 0),
      ...(findings ? {
        findings: {
          errors: findings.filter((f) => f.severity === 'error' && !f.exception).length,
          warnings: findings.filter((f) => f.severity === 'warning' && !f.exception).length,
          excepted: findings.filter((f) => f.exception).length,
        },
      } : {}),
      ...(parity ? { drifts: parity.drifts.filter((d) => d.scope === cloud || d.scope === `${cloud}/k8s`).length } : {}),
    };
  });
}

/** The closing summary table and the line under it. */
export function renderSummary(out: Output, rows: readonly CloudSummary[], closing: string, ok: boolean): string {
  const withFindings = rows.some((r) => r.findings);
  const withParity = rows.some((r) => r.drifts !== undefined);
  const header = ['CLOUD', 'ENVIRONMENTS', 'STACKS', 'RESOURCES', 'MANIFESTS', 'K8S OBJECTS', ...(withFindings ? ['FINDINGS'] : []), ...(withParity ? ['PARITY'] : [])];
  const c = out.colors;
  const body = rows.map((r) => [
    r.cloud,
    r.environments.join(', '),
    String(r.stacks),
    String(r.resources),
    String(r.manifests),
    String(r.objects),
    ...(withFindings ? [r.findings ? `${plural(r.findings.errors, 'error')}, ${plural(r.findings.warnings, 'warning')}, ${r.findings.excepted} excepted` : '-'] : []),
    ...(withParity ? [r.drifts === undefined ? '-' : r.drifts === 0 ? '✓' : plural(r.drifts, 'drift')] : []),
  ]);
  const findingsColumn = withFindings ? 6 : -1;
  const parityColumn = withParity ? header.length - 1 : -1;
  const rendered = table(header, body, (row, column, text) => {
    const r = rows[row];
    if (column === findingsColumn && r.findings) return r.findings.errors > 0 ? c.red(text) : c.green(text);
    if (column === parityColumn && r.drifts !== undefined) return r.drifts > 0 ? c.red(text) : c.green(text);
    return text;
  });
  return `${rendered}\n\n${ok ? c.green(closing) : c.red(c.bold(closing))}`;
}
