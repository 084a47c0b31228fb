import { Command, Option } from 'commander';
import type { Cloud } from '../../spec';
import { CLOUDS } from '../../spec';
import { usageError } from '../exit-codes';
import { Io, Output } from '../output';
import { LoadedOrganization, loadOrganization } from '../project';
import { Selection, select } from '../selection';

/** The flags every command takes. */
export interface CommonOptions {
  readonly org?: string;
  readonly env?: string[];
  readonly cloud?: Cloud[];
  readonly json?: boolean;
  readonly threads?: number;
}

/** Everything a command needs once its flags are parsed. */
export interface Context {
  readonly io: Io;
  readonly out: Output;
  readonly loaded: LoadedOrganization;
  readonly selection: Selection;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds `--org`, `--env`, `--cloud` and `--json` to a command. */
export function withSelection(command: Command): Command {
  return command
    .option('--org <file>', 'the organization file: a TypeScript or JavaScript module exporting the spec (file.ts#name picks an export); default: "baseline.org" in package.json or baseline.config.json, then examples/acme/org.ts')
    .addOption(new Option('--env <name>', 'only this environment (repeat for more)').argParser(collect))
    .addOption(new Option('--cloud <cloud>', 'only this cloud (repeat for more)').choices(CLOUDS).argParser(cloudParser))
    .option('--json', 'print one JSON document on stdout instead of text (progress is not printed)')
    .option('--threads <n>', 'engines (AWS, Terraform, Kubernetes) synthesized at once, each on a thread of its own; 1 runs them one after the other (default: the cores, at most 3)', threadsParser);
}

function threadsParser(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw usageError(`--threads "${value}" is not a thread count (expected a whole number of at least 1)`);
  return n;
}

function cloudParser(value: string, previous: Cloud[] | undefined): Cloud[] {
  if (!(CLOUDS as readonly string[]).includes(value)) throw usageError(`--cloud "${value}" is not a cloud (expected ${CLOUDS.join(', ')})`);
  return [...(previous ?? []), value as Cloud];
}

/** Loads the organization and checks the selection against it. */
export function contextOf(options: CommonOptions, io: Io): Context {
  const out = new Output(io, options.json === true);
  const loaded = loadOrganization(options.org, io.cwd);
  const selection = select(loaded.organization, options.env, options.cloud);
  return { io, out, loaded, selection };
}

/** `--today YYYY-MM-DD`, checked (round-tripping rejects rolled-over days such as 2026-02-30). */
export function parseToday(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const today = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(today.getTime()) || today.toISOString().slice(0, 10) !== value) throw usageError(`--today "${value}" is not a date (expected YYYY-MM-DD)`);
  return today;
}

/** A whole number flag, e.g. `--max-drifts 50`. */
export function parseCount(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw usageError(`${flag} "${value}" is not a whole number (expected e.g. 50)`);
  return n;
}
