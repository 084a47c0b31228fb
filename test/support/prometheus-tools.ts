import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';

/** The result of one run of promtool or amtool. */
export interface ToolRun {
  readonly status: number;
  /** stdout and stderr together, for messages. */
  readonly output: string;
  readonly stdout: string;
}

const INSTALL_HINT: Record<string, string> = {
  promtool: 'apt-get install -y --no-install-recommends prometheus',
  amtool: 'apt-get install -y --no-install-recommends prometheus-alertmanager',
};

/**
 * Runs promtool or amtool (Debian's `prometheus` and `prometheus-alertmanager`; `.ci/run` installs them). A missing
 * tool fails the test with the command that installs it: these tests never skip.
 */
export function runTool(tool: 'promtool' | 'amtool', args: readonly string[], cwd?: string): ToolRun {
  const run = spawnSync(tool, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${tool} is not installed (expected on PATH; install it with: ${INSTALL_HINT[tool]})`);
  }
  if (run.error) throw run.error;
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}`, stdout: run.stdout };
}

/** Writes each file (objects as YAML) into a fresh temporary folder and returns the folder. */
export function writeFiles(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : yaml.dump(content, { lineWidth: -1, noRefs: true }));
  }
  return dir;
}
