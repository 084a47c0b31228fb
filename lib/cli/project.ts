import * as fs from 'fs';
import * as path from 'path';
import type { PolicyException } from '../policy/types';
import { Organization, OrganizationSpec, SpecValidationError, defineOrganization } from '../spec';
import { CliError, ExitCode } from './exit-codes';

/**
 * The project's settings for the `baseline` command, from `baseline.config.json` or the `baseline` key of
 * `package.json` (the first found, from the working folder up to the package root). Paths are relative to the
 * file that names them.
 */
export interface ProjectConfig {
  /** The organization file: a TypeScript or JavaScript module exporting the spec (`org.ts#exportName` picks one). */
  readonly org?: string;
  /** A module exporting the policy exceptions ledger (`exceptions` or default export). @default - the org module's `exceptions` export, else none */
  readonly exceptions?: string;
  /** Where `baseline synth` writes. @default '.' */
  readonly outdir?: string;
}

/** A config and where it came from. */
export interface LocatedConfig {
  readonly config: ProjectConfig;
  /** The folder paths in the config are relative to. */
  readonly root: string;
  /** The file it was read from, or undefined when there is none. */
  readonly source?: string;
}

const KEYS = ['org', 'exceptions', 'outdir'];

/** Finds the project's config: `baseline.config.json`, else the `baseline` key of the nearest `package.json`. */
export function findConfig(cwd: string): LocatedConfig {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const own = path.join(dir, 'baseline.config.json');
    if (fs.existsSync(own)) return { config: checkConfig(readJson(own), own), root: dir, source: own };
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const json = readJson(pkg);
      if (json.baseline !== undefined) return { config: checkConfig(json.baseline, `${pkg} "baseline"`), root: dir, source: pkg };
      return { config: {}, root: dir };
    }
    if (path.dirname(dir) === dir) return { config: {}, root: path.resolve(cwd) };
  }
}

function checkConfig(value: unknown, where: string): ProjectConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`${where}: expected an object like { "org": "org.ts" }, got ${JSON.stringify(value)}`, ExitCode.USAGE);
  }
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (!KEYS.includes(key)) problems.push(`"${key}" is not a setting (expected ${KEYS.join(', ')})`);
    else if (typeof v !== 'string' || v === '') problems.push(`"${key}" must be a path, got ${JSON.stringify(v)}`);
  }
  if (problems.length > 0) throw new CliError(`${where}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, ExitCode.USAGE);
  return value as ProjectConfig;
}

/** The organization a command works on. */
export interface LoadedOrganization {
  /** The resolved organization. */
  readonly organization: Organization;
  /** The spec as the file exports it. */
  readonly spec: OrganizationSpec;
  /** The organization file, absolute. */
  readonly file: string;
  /** How the file was chosen: `--org`, the config file, or the bundled example. */
  readonly source: string;
  /** The export named with `file.ts#name`, if one was. */
  readonly exportName?: string;
  /** The policy exceptions ledger. */
  readonly exceptions: readonly PolicyException[];
}

/** The example organization of this repository, used when nothing else names one. */
const EXAMPLE = path.join('examples', 'acme', 'org.ts');

/**
 * Loads the organization: `--org`, else the project's config, else the bundled example (in a checkout of this
 * repository). Only the organization file and the modules it imports are transpiled; the library runs as it is.
 */
export function loadOrganization(orgOption: string | undefined, cwd: string): LoadedOrganization {
  const located = findConfig(cwd);
  let reference: string;
  let source: string;
  if (orgOption !== undefined) {
    reference = path.resolve(cwd, orgOption);
    source = '--org';
  } else if (located.config.org !== undefined) {
    reference = path.resolve(located.root, located.config.org);
    source = path.relative(cwd, located.source!) || located.source!;
  } else if (fs.existsSync(path.join(located.root, EXAMPLE))) {
    reference = path.join(located.root, EXAMPLE);
    source = 'the bundled example';
  } else {
    throw new CliError('no organization file: pass --org path/to/org.ts, or set "baseline": { "org": "path/to/org.ts" } in package.json (or in baseline.config.json)', ExitCode.INVALID_ORGANIZATION);
  }

  const [file, exportName] = splitReference(reference);
  const module = loadModule(file, 'organization');
  const spec = pickSpec(module, file, exportName);

  let exceptions: readonly PolicyException[] = [];
  if (located.config.exceptions !== undefined && orgOption === undefined) {
    const ledgerFile = path.resolve(located.root, located.config.exceptions);
    const ledger = loadModule(ledgerFile, 'exceptions');
    exceptions = pickExceptions(ledger.exceptions ?? ledger.default, ledgerFile);
  } else if (module.exceptions !== undefined) {
    exceptions = pickExceptions(module.exceptions, file);
  }

  let organization: Organization;
  try {
    organization = defineOrganization(spec);
  } catch (e) {
    if (e instanceof SpecValidationError) throw new CliError(`${path.relative(cwd, file) || file}: ${e.message}`, ExitCode.INVALID_ORGANIZATION);
    throw e;
  }
  return { organization, spec, file, source, exceptions, ...(exportName === undefined ? {} : { exportName }) };
}

function splitReference(reference: string): [string, string | undefined] {
  const hash = reference.lastIndexOf('#');
  return hash > 0 ? [reference.slice(0, hash), reference.slice(hash + 1)] : [reference, undefined];
}

/**
 * Loads a module of the user's. A TypeScript file goes through tsx's CommonJS loader unless something (ts-node, jest)
 * already handles `.ts`, or it is a source of this repository that `bin/baseline` runs compiled (in a checkout,
 * `bin/compiled.js` resolves the sources to their compiled twins).
 */
export function loadModule(file: string, what: string): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    throw new CliError(`the ${what} file "${file}" does not exist (expected a TypeScript or JavaScript module)`, ExitCode.INVALID_ORGANIZATION);
  }
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (/\.[cm]?tsx?$/.test(file) && require.extensions?.['.ts'] === undefined && /\.[cm]?tsx?$/.test(require.resolve(file))) {
      const tsx = require('tsx/cjs/api') as { require: (id: string, from: string) => Record<string, unknown> };
      return tsx.require(file, __filename);
    }
    return require(file);
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CliError(`could not load the ${what} file ${file}:\n${message.split('\n').slice(0, 12).join('\n')}`, ExitCode.INVALID_ORGANIZATION);
  }
}

function isSpecLike(value: unknown): value is OrganizationSpec {
  return typeof value === 'object' && value !== null && typeof (value as any).name === 'string' && Array.isArray((value as any).environments);
}

function pickSpec(module: Record<string, unknown>, file: string, exportName: string | undefined): OrganizationSpec {
  const exported = Object.keys(module).filter((k) => k !== '__esModule');
  if (exportName !== undefined) {
    if (!(exportName in module)) throw new CliError(`${file} has no export "${exportName}" (it exports ${exported.join(', ') || 'nothing'})`, ExitCode.INVALID_ORGANIZATION);
    if (!isSpecLike(module[exportName])) throw new CliError(`${file}#${exportName} is not an organization spec (expected an object with a name and environments)`, ExitCode.INVALID_ORGANIZATION);
    return module[exportName] as OrganizationSpec;
  }
  if (isSpecLike(module.default)) return module.default;
  if (isSpecLike(module.organization)) return module.organization;
  const candidates = exported.filter((k) => isSpecLike(module[k]));
  if (candidates.length === 1) return module[candidates[0]] as OrganizationSpec;
  if (candidates.length === 0) {
    throw new CliError(`${file} exports no organization spec (expected a default export, or an export, that is an object with a name and environments; it exports ${exported.join(', ') || 'nothing'})`, ExitCode.INVALID_ORGANIZATION);
  }
  throw new CliError(`${file} exports several organization specs (${candidates.join(', ')}): pick one with --org ${path.basename(file)}#<name>`, ExitCode.INVALID_ORGANIZATION);
}

function pickExceptions(value: unknown, file: string): readonly PolicyException[] {
  if (!Array.isArray(value)) throw new CliError(`${file}: the exceptions ledger must be an array (export const exceptions: PolicyException[] = [...])`, ExitCode.INVALID_ORGANIZATION);
  return value;
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, ExitCode.USAGE);
  }
}
