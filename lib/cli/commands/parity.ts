import * as path from 'path';
import { Command } from 'commander';
import { AppParityConfigError, checkAppParity, controlGaps, describeAppDrift, describeControlGap, formatAppParityReport, formatParityReport, describeDrift } from '../../parity';
import type { AppParityConfig } from '../../parity';
import { loadParityConfig, readAppSources } from '../app-parity';
import { CliError, ExitCode, usageError } from '../exit-codes';
import { runParity, runPolicy } from '../gates';
import { Io, Output, plural, seconds } from '../output';
import { renderSummary, summarizeClouds, synthesizeSelection } from '../pipeline';
import { readSelected } from '../selection';
import { CommonOptions, contextOf, parseCount, withSelection } from './common';

interface ParityOptions extends CommonOptions {
  readonly from?: string;
  readonly maxDrifts: string;
  readonly app?: string[];
  readonly config?: string;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `baseline parity`: environments differ only by their tier knobs; every environment and cloud meets the same controls. */
export function parityCommand(io: Io, done: (code: number) => void): Command {
  return withSelection(new Command('parity'))
    .summary('environment parity: environments differ only where placements, tags and tier knobs say so')
    .description('Compares every pair of environments (CloudFormation, Terraform JSON, manifests) and prints the parity matrix and\n'
      + 'every drift, then cross-cloud parity: every environment on every cloud satisfies the same controls.\n'
      + 'Exit 1 on drift or on a control that fails or goes unevaluated somewhere.\n\n'
      + 'With --app, the same for a team\'s own CDK, cdktf or cdk8s app instead of the organization: --config names\n'
      + 'which stacks form each environment, the environments\' own values (accounts, regions, CIDRs: they may differ\n'
      + 'anywhere) and the knobs that may differ only where they say, with their reasons (an AppParityConfig, see\n'
      + 'the README, "Parity for your own app"). Exit 1 on drift, 3 when the configuration or the app is unusable.\n\n'
      + 'Examples:\n'
      + '  baseline parity --from out --env dev --env prod\n'
      + '  baseline parity --app cdk.out --app dist --config parity.config.ts\n'
      + '  baseline parity --app app.ts --json   (parity.config.ts found here)')
    .option('--from <dir>', 'read an existing synth folder instead of synthesizing')
    .option('--max-drifts <n>', 'print at most this many drifts', '50')
    .option('--app <dir|module>', 'a team app instead of the organization: a synth folder (cdk.out, cdktf.out, cdk8s dist/, or the project folder holding them) or an app module to synthesize (app.ts, main.js); repeat for more', collect)
    .option('--config <file>', 'with --app: the module exporting the AppParityConfig (file.ts#name picks an export); default: parity.config.ts or parity.config.js in the working folder')
    .action(async (options: ParityOptions) => {
      if (options.app !== undefined) {
        appParity(options, io, done);
        return;
      }
      if (options.config !== undefined) throw usageError('--config is the parity configuration of a team app: it needs --app (the app\'s synth folder or module)');
      const { out, loaded, selection } = contextOf(options, io);
      const maxDrifts = parseCount('--max-drifts', options.maxDrifts);
      const org = loaded.organization;
      const start = performance.now();
      const artifacts = options.from === undefined
        ? (await synthesizeSelection(loaded, selection, out, { threads: options.threads })).artifacts
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

/** `baseline parity --app`: environment parity of a team's own app, by its parity configuration. */
function appParity(options: ParityOptions, io: Io, done: (code: number) => void): void {
  const mixed = (['org', 'from', 'cloud'] as const).filter((o) => options[o] !== undefined);
  if (mixed.length > 0) throw usageError(`${mixed.map((o) => `--${o}`).join(', ')} ${mixed.length === 1 ? 'selects' : 'select'} the organization's output: not with --app (the configuration names the app's environments; narrow them with --env)`);
  const out = new Output(io, options.json === true);
  const maxDrifts = parseCount('--max-drifts', options.maxDrifts);
  const start = performance.now();
  const loaded = loadParityConfig(options.config, io.cwd);
  let config = loaded.config;
  if (options.env !== undefined) {
    const known = config.environments.map((e) => e.name);
    const unknown = options.env.filter((e) => !known.includes(e));
    if (unknown.length > 0) throw usageError(`${unknown.map((e) => `--env "${e}"`).join(', ')}: not in ${path.relative(io.cwd, loaded.file) || loaded.file} (expected ${known.join(', ')})`);
    config = { ...config, environments: config.environments.filter((e) => options.env!.includes(e.name)) };
    if (config.environments.length < 2) throw usageError(`--env: parity compares two environments or more (selected: ${config.environments.map((e) => e.name).join(', ')})`);
  }
  const outputs = readAppSources(options.app!, io.cwd);
  out.progress(`  read ${plural(outputs.length, 'stack and manifest file')} from ${options.app!.join(', ')}`);
  const environments = new Set(config.environments.map((e) => e.name));
  let result;
  try {
    result = checkAppParity({
      ...config,
      // Stacks of environments left out with --env are not compared, rather than unknown.
      ignore: [...(config.ignore ?? []), ...loaded.config.environments.filter((e) => !environments.has(e.name)).flatMap((e) => otherStacks(e))],
    }, outputs);
  } catch (e) {
    if (e instanceof AppParityConfigError) throw new CliError(e.message, ExitCode.INVALID_ORGANIZATION);
    throw e;
  }
  const durationMs = performance.now() - start;
  out.result({
    command: 'parity',
    app: result.name,
    ok: result.ok,
    environments: result.environments,
    stacks: result.stacks,
    scopes: result.scopes,
    matrix: result.matrix,
    declared: result.declared,
    drifts: result.drifts.map((d) => ({ ...d, description: describeAppDrift(d) })),
    durationMs: Math.round(durationMs),
  });
  out.print(formatAppParityReport(result, { maxDrifts }));
  out.print();
  const closing = `parity of ${result.name} ${result.ok ? 'holds' : `FAILED: ${plural(result.drifts.length, 'drift')}`} in ${seconds(durationMs)} (${plural(outputs.length, 'file')})`;
  out.print(result.ok ? out.colors.green(closing) : out.colors.red(out.colors.bold(closing)));
  done(result.ok ? ExitCode.OK : ExitCode.FAILED);
}

/** The stack matchers of an environment left out with `--env`. */
function otherStacks(env: AppParityConfig['environments'][number]): Array<string | RegExp> {
  if (env.stacks === undefined) return [new RegExp(`(?<![A-Za-z0-9])${env.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'i')];
  return Array.isArray(env.stacks) ? [...env.stacks] : Object.values(env.stacks as Record<string, string | RegExp>);
}
