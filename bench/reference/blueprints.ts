import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The folder of the EKS Blueprints reference app (`app.js`) and its own `package.json`, under the repository. */
export const BLUEPRINTS_FOLDER = path.join('bench', 'reference', 'blueprints');

/** `app.ts` compiled by {@link ensureBlueprints}, relative to the repository. */
export const BLUEPRINTS_COMPILED_APP = path.join(BLUEPRINTS_FOLDER, 'dist', 'app.js');

/** The app command of the reference's cdk.json, which the cdk CLI runs through a shell in that folder. */
export function blueprintsAppCommand(root: string): string {
  return JSON.parse(fs.readFileSync(path.join(root, BLUEPRINTS_FOLDER, 'cdk.json'), 'utf8')).app;
}

/** The pinned EKS Blueprints package the pairing measures. */
export const BLUEPRINTS_PACKAGE = '@aws-quickstart/eks-blueprints';

/** Runs `npm ci` in a folder; returns an error text, or undefined when it worked. Replaceable in tests. */
export type Installer = (dir: string) => string | undefined;

const npmCi: Installer = (dir) => {
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return result.error.message;
  return result.status === 0 ? undefined : (result.stderr || result.stdout || `exit ${result.status}`).trim();
};

/** Where the reference is installed, its version, and whether this call installed it. */
export interface BlueprintsInstall {
  readonly dir: string;
  readonly version: string;
  readonly installed: boolean;
  /** The app command of its cdk.json, as the cdk CLI runs it (in `dir`, through a shell). */
  readonly app: string;
  /** `app.ts` compiled to CommonJS (`dist/app.js`): the same app without the type-check and the loader. */
  readonly compiled: string;
}

/**
 * Makes sure the EKS Blueprints reference is installed in its own folder, at the version its `package.json` pins,
 * and returns that version. It is a dependency of the benchmark's pairing only, never of the library (it pins its
 * own aws-cdk-lib), so it is installed on demand from its lock file (`npm ci`, the npm registry, once per checkout)
 * rather than by `npm install` at the root.
 *
 * Throws with what failed and how to skip the pairing (`--no-blueprints`) when it cannot be installed.
 */
export function ensureBlueprints(root: string, install: Installer = npmCi): BlueprintsInstall {
  const dir = path.join(root, BLUEPRINTS_FOLDER);
  const wanted = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {})[BLUEPRINTS_PACKAGE];
  if (typeof wanted !== 'string') throw new Error(`bench: ${path.join(BLUEPRINTS_FOLDER, 'package.json')} does not pin ${BLUEPRINTS_PACKAGE}`);
  const app = blueprintsAppCommand(root);
  const installed = installedVersion(dir) !== wanted;
  if (installed) {
    const error = install(dir);
    const version = installedVersion(dir);
    if (error !== undefined || version !== wanted) {
      throw new Error(`bench: could not install the EKS Blueprints reference (${BLUEPRINTS_PACKAGE} ${wanted}) with \`npm ci\` in ${BLUEPRINTS_FOLDER}`
        + `${version === undefined ? '' : ` (found ${version})`}: ${error ?? 'the installed version differs'}. `
        + 'It needs the npm registry once; `npm run bench -- --no-blueprints` measures everything else.');
    }
  }
  return { dir, version: wanted, installed, app, compiled: compileApp(root) };
}

/** Transpiles `app.ts` to `dist/app.js` (CommonJS, like `tsc` with the project's target), next to its node_modules. */
function compileApp(root: string): string {
  const { outputText } = ts.transpileModule(fs.readFileSync(path.join(root, BLUEPRINTS_FOLDER, 'app.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: 'app.ts',
  });
  const compiled = path.join(root, BLUEPRINTS_COMPILED_APP);
  fs.mkdirSync(path.dirname(compiled), { recursive: true });
  fs.writeFileSync(compiled, outputText);
  return compiled;
}

function installedVersion(dir: string): string | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', ...BLUEPRINTS_PACKAGE.split('/'), 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
