import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VALIDATION_HEADING } from '../../core/validation';
import { AppOutput, readAppOutput } from '../artifacts';
import { AppParityConfig, AppParityConfigError, appParityConfigProblems } from '../parity';
import { CliError, ExitCode, usageError } from './exit-codes';
import { loadModule } from './project';

/** Files `baseline parity --app` looks for when `--config` is not given, in the working folder. */
export const DEFAULT_PARITY_CONFIGS = ['parity.config.ts', 'parity.config.js'];

/**
 * Loads a team's parity configuration: `--config file.ts[#export]`, else `parity.config.ts` (or `.js`) in the working
 * folder. The module exports an `AppParityConfig` as its default export, as `parity`, or as its only config-shaped
 * export.
 */
export function loadParityConfig(option: string | undefined, cwd: string): { config: AppParityConfig; file: string } {
  let reference: string;
  if (option !== undefined) {
    reference = path.resolve(cwd, option);
  } else {
    const found = DEFAULT_PARITY_CONFIGS.map((f) => path.join(cwd, f)).find((f) => fs.existsSync(f));
    if (!found) throw usageError(`--app needs the parity configuration: pass --config path/to/parity.config.ts, or put ${DEFAULT_PARITY_CONFIGS.join(' or ')} in ${cwd}`);
    reference = found;
  }
  const hash = reference.lastIndexOf('#');
  const [file, name] = hash > 0 ? [reference.slice(0, hash), reference.slice(hash + 1)] : [reference, undefined];
  const module = loadModule(file, 'parity configuration');
  const shaped = (v: unknown): v is AppParityConfig => typeof v === 'object' && v !== null && Array.isArray((v as AppParityConfig).environments);
  const exported = Object.keys(module).filter((k) => k !== '__esModule');
  let config: unknown;
  if (name !== undefined) {
    if (!(name in module)) throw new CliError(`${file} has no export "${name}" (it exports ${exported.join(', ') || 'nothing'})`, ExitCode.INVALID_ORGANIZATION);
    config = module[name];
  } else {
    const candidates = exported.filter((k) => shaped(module[k]));
    const single = candidates.length === 1 ? module[candidates[0]] : undefined;
    config = shaped(module.default) ? module.default : shaped(module.parity) ? module.parity : single;
    if (config === undefined) {
      throw new CliError(candidates.length > 1
        ? `${file} exports several parity configurations (${candidates.join(', ')}): pick one with --config ${path.basename(file)}#<name>`
        : `${file} exports no parity configuration (expected a default export, or an export "parity", that is an AppParityConfig with environments; it exports ${exported.join(', ') || 'nothing'})`, ExitCode.INVALID_ORGANIZATION);
    }
  }
  const problems = appParityConfigProblems(config as AppParityConfig);
  if (problems.length > 0) throw new CliError(`${path.relative(cwd, file) || file}: ${new AppParityConfigError(problems).message}`, ExitCode.INVALID_ORGANIZATION);
  return { config: config as AppParityConfig, file };
}

const MODULE = /\.(c|m)?(t|j)sx?$/;

/**
 * The outputs of each `--app`: a folder is read as it is (`cdk.out`, `cdktf.out`, `dist`, or a project folder holding
 * them); a module (`app.ts`, `main.js`) is run first, in a child process, with each engine's output folder pointed
 * at a temporary folder (`CDK_OUTDIR`, `CDKTF_OUTDIR`, `CDK8S_OUTDIR`), as `cdk synth` runs an app.
 */
export function readAppSources(apps: readonly string[], cwd: string): AppOutput[] {
  const outputs: AppOutput[] = [];
  for (const app of apps) {
    const target = path.resolve(cwd, app);
    if (!fs.existsSync(target)) throw usageError(`--app "${app}" does not exist (expected a synth folder such as cdk.out, or an app module such as app.ts)`);
    if (fs.statSync(target).isDirectory()) {
      outputs.push(...readFolder(target, app));
    } else if (MODULE.test(target)) {
      outputs.push(...runApp(target, app, cwd));
    } else {
      throw usageError(`--app "${app}" is neither a folder nor a module (expected a synth folder such as cdk.out, or an app module ending in .ts or .js)`);
    }
  }
  return outputs;
}

function readFolder(dir: string, shown: string): AppOutput[] {
  try {
    return readAppOutput(dir);
  } catch (e) {
    throw usageError(`--app "${shown}": ${e instanceof Error ? e.message.replace(/^readAppOutput: /, '') : String(e)}`);
  }
}

function runApp(file: string, shown: string, cwd: string): AppOutput[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-app-'));
  try {
    const env = {
      ...process.env,
      CDK_OUTDIR: path.join(outdir, 'cdk.out'),
      CDKTF_OUTDIR: path.join(outdir, 'cdktf.out'),
      CDK8S_OUTDIR: path.join(outdir, 'dist'),
      CHECKPOINT_DISABLE: '1',
    };
    const loader = /\.(c|m)?tsx?$/.test(file) ? ['--require', require.resolve('tsx/cjs')] : [];
    const run = spawnSync(process.execPath, [...loader, file], { cwd, env, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      const output = failureOutput(`${run.stderr ?? ''}${run.error ? String(run.error) : ''}`);
      throw new CliError(`--app "${shown}" failed to synthesize (exit ${run.status}):\n${output}`, ExitCode.INVALID_ORGANIZATION);
    }
    return readFolder(outdir, shown).map((o) => ({ ...o, file: o.file.replace(path.basename(outdir), path.basename(file)) }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What a failed app printed that the user needs: when its constructs failed validation, the heading and every
 * `  [path] problem` line after it (node prints the stack below them, which would push problems out of a tail);
 * otherwise the last 15 lines.
 */
export function failureOutput(stderr: string): string {
  const lines = stderr.trim().split('\n');
  // The last one: node first prints the source line that throws, which holds the heading too.
  const heading = lines.map((l) => l.includes(VALIDATION_HEADING)).lastIndexOf(true);
  if (heading === -1) return lines.slice(-15).join('\n');
  const problems = [];
  for (const line of lines.slice(heading + 1)) {
    if (!/^\s+\[/.test(line)) break;
    problems.push(line);
  }
  return [VALIDATION_HEADING, ...problems].join('\n');
}
