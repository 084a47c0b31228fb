import { spawnSync } from 'child_process';
import * as path from 'path';

/** The `baseline` bin of this checkout (it runs the sources compiled, bin/compiled.js). */
export const BIN = path.join(__dirname, '..', '..', 'bin', 'baseline');

/** What a run of the bin printed and returned. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `baseline <args>` in a child process, as a user would, with colours off unless `env` says otherwise. */
export function baseline(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? path.join(__dirname, '..', '..'),
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CHECKPOINT_DISABLE: '1', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The JSON document of a `--json` run; fails with the run's output when stdout is not one JSON document. */
export function jsonOf(run: CliRun): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`expected one JSON document on stdout (exit ${run.status}):\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  }
}
