import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { ExitCode, usageError } from '../exit-codes';
import { Io, displayPath, plural, seconds } from '../output';
import { renderSummary, summarizeClouds, synthesizeSelection } from '../pipeline';
import { findConfig } from '../project';
import { resourceCount } from '../selection';
import { CommonOptions, contextOf, withSelection } from './common';

interface SynthOptions extends CommonOptions {
  readonly outdir?: string;
  readonly validate?: boolean;
  readonly terraformOutputs?: string;
}

/** `baseline synth`: CloudFormation, Terraform JSON and Kubernetes manifests into one folder. */
export function synthCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('synth'))
    .summary('synthesize CloudFormation, Terraform JSON and Kubernetes manifests')
    .description('Synthesizes the organization into <outdir>/cdk.out, <outdir>/cdktf.out and <outdir>/cdk8s.out, offline.\n'
      + 'aws-cdk-lib\'s CloudFormation validation engine is off unless --validate (or CDK_VALIDATION=true): it doubles synth time, and `baseline check` runs it.')
    .option('--outdir <dir>', 'folder that receives cdk.out/, cdktf.out/ and cdk8s.out/ (default: "baseline.outdir" of the config, else .)')
    .option('--validate', 'run aws-cdk-lib\'s CloudFormation validation engine on the AWS templates (exit 1 on its errors)')
    .option('--terraform-outputs <dir>', 'folder of <stack>.json files from `terraform output -json`: Azure service accounts get their workload identity client ids')
    .action(async (options: SynthOptions) => {
      const { out, loaded, selection } = contextOf(options, io);
      const config = findConfig(io.cwd);
      const outdir = path.resolve(options.outdir !== undefined ? io.cwd : config.root, options.outdir ?? config.config.outdir ?? '.');
      const validate = options.validate ?? io.env.CDK_VALIDATION === 'true';
      const terraformOutputs = options.terraformOutputs === undefined
        ? undefined
        : readTerraformOutputs(path.resolve(io.cwd, options.terraformOutputs));
      out.progress(`synth ${loaded.organization.name} (${displayPath(io.cwd, loaded.file)}) into ${displayPath(io.cwd, outdir)}`);
      const exitBefore = process.exitCode;
      const synthesized = await synthesizeSelection(loaded, selection, out, { outdir, validate, terraformOutputs, threads: options.threads });
      // The validation engine reports its errors through process.exitCode.
      const validationFailed = validate && process.exitCode === 1 && exitBefore !== 1;
      const rows = summarizeClouds(synthesized.artifacts);
      out.result({
        command: 'synth',
        ok: !validationFailed,
        organization: loaded.organization.name,
        organizationFile: loaded.file,
        environments: selection.environments.map((e) => e.name),
        clouds: selection.clouds,
        outdir,
        outputs: synthesized.outputs,
        stacks: synthesized.artifacts.map((a) => ({
          name: a.name, kind: a.kind, cloud: a.cloud, environment: a.environment, file: a.file, resources: resourceCount(a),
        })),
        summary: rows,
        durationMs: Math.round(synthesized.durationMs),
      });
      out.print(renderSummary(out, rows, `synthesized ${plural(selection.environments.length, 'environment')} in ${seconds(synthesized.durationMs)}: ${Object.values(synthesized.outputs).map((d) => displayPath(io.cwd, d!)).join(', ')}${validationFailed ? ' (CloudFormation validation FAILED)' : ''}`, !validationFailed));
      done(validationFailed ? ExitCode.FAILED : ExitCode.OK);
    });
}

/**
 * Reads `<dir>/<stack>.json` files written by `terraform output -json > <dir>/<stack>.json` after apply, so the
 * manifests can carry values Terraform only learns at apply (the Azure workload identities' client ids).
 */
export function readTerraformOutputs(dir: string): Record<string, Record<string, string>> {
  if (!fs.existsSync(dir)) throw usageError(`--terraform-outputs "${dir}" does not exist (expected a folder of <stack>.json files from terraform output -json)`);
  const outputs: Record<string, Record<string, string>> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    let parsed: Record<string, { value: unknown }>;
    try {
      parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    } catch (e) {
      throw usageError(`--terraform-outputs: ${path.join(dir, file)} is not JSON (expected the output of terraform output -json): ${e instanceof Error ? e.message : String(e)}`);
    }
    outputs[file.replace(/\.json$/, '')] = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v.value)]));
  }
  return outputs;
}
