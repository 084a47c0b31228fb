import * as path from 'path';
import { Command } from 'commander';
import { controlGaps, describeControlGap, formatParityReport, describeDrift } from '../../parity';
import { ExitCode } from '../exit-codes';
import { Io, plural, seconds } from '../output';
import { renderSummary, runParity, runPolicy, summarizeClouds, synthesizeSelection } from '../pipeline';
import { readSelected } from '../selection';
import { CommonOptions, contextOf, parseCount, withSelection } from './common';

interface ParityOptions extends CommonOptions {
  readonly from?: string;
  readonly maxDrifts: string;
}

/** `baseline parity`: environments differ only by their tier knobs; every environment and cloud meets the same controls. */
export function parityCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('parity'))
    .summary('environment parity: environments differ only where placements, tags and tier knobs say so')
    .description('Compares every pair of environments (CloudFormation, Terraform JSON, manifests) and prints the parity matrix and\n'
      + 'every drift, then cross-cloud parity: every environment on every cloud satisfies the same controls.\n'
      + 'Exit 1 on drift or on a control that fails or goes unevaluated somewhere.')
    .option('--from <dir>', 'read an existing synth folder instead of synthesizing')
    .option('--max-drifts <n>', 'print at most this many drifts', '50')
    .action((options: ParityOptions) => {
      const { out, loaded, selection } = contextOf(options, io);
      const maxDrifts = parseCount('--max-drifts', options.maxDrifts);
      const org = loaded.organization;
      const start = performance.now();
      const artifacts = options.from === undefined
        ? synthesizeSelection(loaded, selection, out).artifacts
        : readSelected(org, selection, path.resolve(io.cwd, options.from));
      const parity = runParity(org, selection, artifacts);
      const policy = runPolicy(loaded, selection, artifacts, out, { today: new Date(), nag: false });
      const gaps = controlGaps(policy.matrix);
      const failing = gaps.filter((g) => g.status !== 'excepted');
      const excepted = gaps.filter((g) => g.status === 'excepted');
      const ok = (parity?.ok ?? true) && failing.length === 0;
      const durationMs = performance.now() - start;
      const rows = summarizeClouds(artifacts, undefined, parity);

      out.result({
        command: 'parity',
        ok,
        organization: org.name,
        environments: selection.environments.map((e) => e.name),
        scopes: parity?.scopes ?? [],
        matrix: parity?.matrix ?? {},
        drifts: (parity?.drifts ?? []).map((d) => ({ ...d, description: describeDrift(d) })),
        controlGaps: gaps,
        summary: rows,
        durationMs: Math.round(durationMs),
      });
      if (parity) out.print(formatParityReport(parity, { maxDrifts }));
      else out.print(`Environment parity needs two environments or more (selected: ${selection.environments.map((e) => e.name).join(', ')}).`);
      out.print();
      out.print(failing.length === 0
        ? 'Cross-cloud parity: every environment on every cloud satisfies the same controls.'
        : `Cross-cloud parity: ${plural(failing.length, 'control gap')}:`);
      for (const g of failing) out.print(`  ${describeControlGap(g)}`);
      if (excepted.length > 0) out.print(`Passing only by exception (see the ledger):\n${excepted.map((g) => `  ${describeControlGap(g)}`).join('\n')}`);
      out.print();
      out.print(renderSummary(out, rows, `parity ${ok ? 'holds' : 'FAILED'} in ${seconds(durationMs)} (${artifacts.length} artifacts)`, ok));
      done(ok ? ExitCode.OK : ExitCode.FAILED);
    });
}
