import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { diffArtifacts } from '../../diff';
import { organizationGraph, renderReport } from '../../report';
import { artifactsAgainst } from '../against';
import { ExitCode } from '../exit-codes';
import { runParity, runPolicy } from '../gates';
import { Io, displayPath, seconds } from '../output';
import { summarizeClouds, synthesizeSelection } from '../pipeline';
import { CommonOptions, contextOf, parseToday, withSelection } from './common';

interface ReportOptions extends CommonOptions {
  readonly out: string;
  readonly against?: string;
  readonly today?: string;
  readonly nag: boolean;
}

/** `baseline report`: one self-contained HTML page with the diagram, the matrices, the findings and the last diff. */
export function reportCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('report'))
    .summary('write one self-contained HTML page: diagram, controls and parity matrices, findings, last diff')
    .description('Synthesizes the organization, runs the policy packs and parity (and, with --against, the diff), and writes one HTML\n'
      + 'page that needs nothing else to open: the organization as a diagram (environments, clouds, clusters, registries,\n'
      + 'services by team and their declared calls), the controls matrix, the parity matrix, the policy findings with the\n'
      + 'exceptions ledger and its expiry dates, and the diff. The report is information: it exits 0 whatever it shows.')
    .option('--out <file>', 'where to write the page', 'baseline-report.html')
    .option('--against <ref|dir>', 'include the diff against this git ref or synth folder')
    .option('--today <YYYY-MM-DD>', 'judge exception expiry on this day (default: today)')
    .option('--no-nag', 'skip cdk-nag and the CloudFormation validation engine')
    .action(async (options: ReportOptions) => {
      const { out, loaded, selection } = contextOf(options, io);
      const today = parseToday(options.today);
      const start = performance.now();
      const before = options.against === undefined ? undefined : artifactsAgainst(options.against, loaded, selection, out, io.cwd);
      const { artifacts } = await synthesizeSelection(loaded, selection, out, { threads: options.threads });
      const policy = runPolicy(loaded, selection, artifacts, out, { today, nag: options.nag });
      const parity = runParity(loaded.organization, selection, artifacts);
      const diff = before === undefined ? undefined : { against: before.label, result: diffArtifacts(before.artifacts, artifacts) };
      const graph = organizationGraph(loaded.organization, artifacts);
      const file = path.resolve(io.cwd, options.out);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderReport({
        graph,
        today: today.toISOString().slice(0, 10),
        clouds: summarizeClouds(artifacts),
        policy: policy.result,
        controls: policy.matrix,
        exceptions: loaded.exceptions,
        parity,
        diff,
      }));
      const durationMs = performance.now() - start;
      out.result({ command: 'report', ok: true, organization: loaded.organization.name, file, durationMs: Math.round(durationMs) });
      out.print(`report of ${loaded.organization.name} written to ${displayPath(io.cwd, file)} in ${seconds(durationMs)}`);
      done(ExitCode.OK);
    });
}
