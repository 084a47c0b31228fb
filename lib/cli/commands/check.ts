import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { formatParityReport } from '../../parity';
import { jsonReport, renderControlsMatrix, renderJsonReport, renderTable, summaryLine } from '../../policy';
import { ExitCode } from '../exit-codes';
import { runParity, runPolicy } from '../gates';
import { Io, displayPath, seconds } from '../output';
import { renderSummary, summarizeClouds, synthesizeSelection } from '../pipeline';
import { CommonOptions, contextOf, parseToday, withSelection } from './common';

interface CheckOptions extends CommonOptions {
  readonly outdir?: string;
  readonly report: string;
  readonly today?: string;
  readonly nag: boolean;
}

/** `baseline check`: the policy gate (every pack, cdk-nag, the exceptions ledger) and environment parity. */
export function checkCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('check'))
    .summary('policy gate: every policy pack, cdk-nag, the exceptions ledger, and environment parity')
    .description('Synthesizes the organization (in a temporary folder, or into --outdir to keep it), runs every policy pack over what was\n'
      + 'synthesized (CloudFormation, cdk-nag and the CloudFormation validation engine, Terraform for Azure and GCP, Kubernetes),\n'
      + 'applies the exceptions ledger, prints the findings and the controls matrix, writes the JSON report, and checks parity.\n'
      + 'Exit 1 on an error no exception covers, a ledger problem, or drift.')
    .option('--outdir <dir>', 'keep the synthesized output in this folder')
    .option('--report <file>', 'where to write the JSON policy report', 'policy-report.json')
    .option('--today <YYYY-MM-DD>', 'judge exception expiry on this day (default: today)')
    .option('--no-nag', 'skip cdk-nag and the CloudFormation validation engine (they run inside the AWS synth)')
    .action(async (options: CheckOptions) => {
      const { out, loaded, selection } = contextOf(options, io);
      const today = parseToday(options.today);
      const org = loaded.organization;
      out.progress(`check ${org.name}: ${selection.environments.map((e) => e.name).join(', ')} on ${selection.clouds.join(', ')}`);
      const outdir = options.outdir === undefined ? undefined : path.resolve(io.cwd, options.outdir);
      // cdk-nag and the CloudFormation validation engine run inside the AWS synth: the app is built once.
      const synthesized = await synthesizeSelection(loaded, selection, out, { outdir, nag: options.nag, threads: options.threads });
      const policy = runPolicy(loaded, selection, synthesized.artifacts, out, { today, nag: options.nag });
      const parity = runParity(org, selection, synthesized.artifacts);
      const reportFile = path.resolve(io.cwd, options.report);
      fs.mkdirSync(path.dirname(reportFile), { recursive: true });
      fs.writeFileSync(reportFile, renderJsonReport(policy.result, policy.matrix));
      const ok = policy.result.passed && (parity?.ok ?? true);
      const rows = summarizeClouds(synthesized.artifacts, policy.result, parity);
      const durationMs = synthesized.durationMs + policy.durationMs;

      out.result({
        command: 'check',
        ok,
        organization: org.name,
        environments: selection.environments.map((e) => e.name),
        clouds: selection.clouds,
        policy: jsonReport(policy.result, policy.matrix),
        parity: parity ? { ok: parity.ok, matrix: parity.matrix, drifts: parity.drifts.length } : undefined,
        report: reportFile,
        summary: rows,
        durationMs: Math.round(durationMs),
      });
      out.print(renderTable(policy.result));
      out.print();
      out.print(renderControlsMatrix(policy.matrix));
      out.print();
      out.print(summaryLine(policy.result));
      if (parity) {
        out.print();
        out.print(formatParityReport(parity, { maxDrifts: 20 }));
      }
      out.print();
      out.print(renderSummary(out, rows, `check ${ok ? 'passed' : 'FAILED'} in ${seconds(durationMs)} (report: ${displayPath(io.cwd, reportFile)})`, ok));
      done(ok ? ExitCode.OK : ExitCode.FAILED);
    });
}
