import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { ProcessResult } from './synth-process';

/** One whole-process run, as the parent saw it and as the child reported it. */
export interface Run {
  /** Wall time from spawn to exit, seen by the parent. */
  readonly wallMs: number;
  /** User plus system CPU time of the child. */
  readonly cpuMs: number;
  readonly maxRssMB: number;
  readonly child: ProcessResult;
}

/** Medians over the measured runs. */
export interface Summary {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMB: number;
  /** Median time from process start to the child's first line: runtime start-up, part of `wallMs`. */
  readonly startupMs: number;
  readonly minWallMs: number;
  readonly maxWallMs: number;
  readonly phases: Readonly<Record<string, number>>;
}

/** A measured case: one command, its warm-up and its runs. */
export interface Case {
  readonly name: string;
  readonly description: string;
  readonly command: readonly string[];
  /** Bytes written per output folder (`cdk.out`, ...) by the last run. */
  readonly outputBytes: Readonly<Record<string, number>>;
  readonly runs: readonly Run[];
  readonly median: Summary;
  readonly notes: readonly string[];
}

/** How to start one measurement. */
export interface CaseSpec {
  readonly name: string;
  readonly description: string;
  /** Node arguments before the script, e.g. `['--import', 'tsx']`. */
  readonly nodeArgs: readonly string[];
  readonly script: string;
  readonly args: readonly string[];
  /** Emptied before every run, so every run writes its outputs from scratch. */
  readonly outdir?: string;
  /**
   * A command as users type it (`npm run synth`), measured from outside as a whole process tree by GNU time
   * (`/usr/bin/time`: wall, user + system CPU of every process, the largest process's peak RSS) instead of
   * `script`, which reports on itself.
   */
  readonly command?: readonly string[];
  /** Extra environment of the command. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the command runs; the repository root by default. */
  readonly cwd?: string;
  /**
   * Runs of this case, without a warm-up, instead of the benchmark's `runs` after one: for a case that takes minutes
   * (5,000 services), where the file system cache a warm-up fills is not what the time is made of.
   */
  readonly runs?: number;
}

/**
 * The cases compared as a ratio with a case before them (`aws-N` / `reference-N`, `cdk-app` / `blueprints-app` and
 * `blueprints-app-js`): each is measured interleaved with its partner.
 */
export function partnerOf(name: string): string | undefined {
  if (name === 'blueprints-app' || name === 'blueprints-app-js') return 'cdk-app';
  if (/^reference-\d+$/.test(name)) return name.replace('reference-', 'aws-');
  return undefined;
}

/**
 * The cases in measurement groups, in order: a case whose partner (`partnerOf`) is the first case of the group before
 * it joins that group, so the two are measured interleaved (`measureCases`) and a change of load hits both alike.
 */
export function interleavedGroups<T extends { readonly name: string }>(specs: readonly T[]): T[][] {
  const result: T[][] = [];
  for (const spec of specs) {
    const previous = result[result.length - 1];
    const partner = partnerOf(spec.name);
    if (partner !== undefined && previous?.[0].name === partner) previous.push(spec);
    else result.push([spec]);
  }
  return result;
}

/** GNU time, which measures a whole process tree; undefined where it is not installed (Debian package `time`). */
export const GNU_TIME = ['/usr/bin/time'].find((file) => fs.existsSync(file));

/**
 * Runs `spec` once to warm the file system cache (and tsx's transpile cache), then `runs` times, each in a fresh
 * `node` process, one after the other: the machine has 2 cores and parallel runs would measure each other.
 */
export function measureCase(spec: CaseSpec, runs: number, scratch: string, cwd: string): Case {
  return measureCases([spec], runs, scratch, cwd)[0];
}

/**
 * Measures several cases interleaved (a warm-up of each, then run 1 of each, run 2 of each, ...), for cases that
 * are compared as a ratio: a change of machine load during the measurement then affects both sides alike.
 */
export function measureCases(specs: readonly CaseSpec[], runs: number, scratch: string, cwd: string): Case[] {
  const runners = specs.map((spec) => runner(spec, scratch, cwd));
  runners.forEach((r, j) => specs[j].runs === undefined && r.once());
  const measured: Run[][] = specs.map(() => []);
  const most = Math.max(...specs.map((spec) => spec.runs ?? runs));
  for (let i = 0; i < most; i++) runners.forEach((r, j) => i < (specs[j].runs ?? runs) && measured[j].push(r.once()));
  return specs.map((spec, j) => summarize(spec, runners[j].command, measured[j], cwd));
}

function runner(spec: CaseSpec, scratch: string, cwd: string) {
  const resultFile = path.join(scratch, `${spec.name}.result.json`);
  if (spec.command && !GNU_TIME) throw new Error(`bench: ${spec.name} needs GNU time (/usr/bin/time, Debian package time) to measure a whole command`);
  const command = spec.command
    ? [GNU_TIME!, '-f', '%e %U %S %M', '-o', resultFile, ...spec.command]
    : [process.execPath, ...spec.nodeArgs, spec.script, ...spec.args, '--result', resultFile];
  const once = (): Run => {
    if (spec.outdir) fs.rmSync(spec.outdir, { recursive: true, force: true });
    fs.rmSync(resultFile, { force: true });
    const start = process.hrtime.bigint();
    const child = spawnSync(command[0], command.slice(1), {
      cwd: spec.cwd ?? cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...spec.env },
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0 || !fs.existsSync(resultFile)) {
      throw new Error(`bench: ${spec.name} failed (exit ${child.status ?? child.signal}):\n${command.join(' ')}\n${child.stderr || child.stdout}`);
    }
    if (spec.command) {
      // GNU time's last line: elapsed seconds, user and system CPU seconds of the tree, peak RSS in KB.
      const [, user, system, rssKb] = fs.readFileSync(resultFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      const result: ProcessResult = {
        mode: 'command', startupMs: NaN, endMs: round(wallMs), userMs: round(user * 1000), systemMs: round(system * 1000), maxRssMB: round(rssKb / 1024), phases: {}, notes: [],
      };
      return { wallMs: round(wallMs), cpuMs: round(result.userMs + result.systemMs), maxRssMB: result.maxRssMB, child: result };
    }
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as ProcessResult;
    return { wallMs: round(wallMs), cpuMs: round(result.userMs + result.systemMs), maxRssMB: result.maxRssMB, child: result };
  };

  return { command: spec.command ?? command, once };
}

function summarize(spec: CaseSpec, command: readonly string[], measured: readonly Run[], cwd: string): Case {
  const phaseNames = [...new Set(measured.flatMap((r) => Object.keys(r.child.phases)))];
  return {
    name: spec.name,
    description: spec.description,
    command: command.map((a) => path.isAbsolute(a) && a.startsWith(cwd) ? path.relative(cwd, a) : a).map((a) => a === process.execPath ? 'node' : a),
    outputBytes: spec.outdir ? outputSizes(spec.outdir) : {},
    runs: measured,
    median: {
      wallMs: median(measured.map((r) => r.wallMs)),
      cpuMs: median(measured.map((r) => r.cpuMs)),
      maxRssMB: median(measured.map((r) => r.maxRssMB)),
      startupMs: median(measured.map((r) => r.child.startupMs)),
      minWallMs: Math.min(...measured.map((r) => r.wallMs)),
      maxWallMs: Math.max(...measured.map((r) => r.wallMs)),
      phases: Object.fromEntries(phaseNames.map((p) => [p, median(measured.map((r) => r.child.phases[p] ?? 0))])),
    },
    notes: measured[measured.length - 1]?.child.notes ?? [],
  };
}

/** Bytes under each top-level folder of `dir`. */
export function outputSizes(dir: string): Record<string, number> {
  if (!fs.existsSync(dir)) return {};
  const sizes: Record<string, number> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) sizes[entry.name] = bytesUnder(path.join(dir, entry.name));
  }
  return sizes;
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

/** The median; for an even count, the mean of the middle two. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
