import type { Case } from './measure';

/** A budget from issue #7, checked on medians. */
export interface Budget {
  readonly id: string;
  readonly description: string;
  readonly limit: number;
  readonly unit: 'ms' | 'MB' | 'x';
  /** Whether the regression guard multiplies the limit (absolute budgets) or not (ratios). */
  readonly scales: boolean;
  /** The measured value, from the cases; undefined when a case it needs was not run. */
  value(cases: ReadonlyMap<string, Case>): number | undefined;
  /**
   * The same budget on CPU time (user + system) instead of wall time, for time budgets. On a loaded machine wall
   * time includes waiting for a core and CPU time does not, so this is the second opinion shown next to it.
   */
  cpuValue?(cases: ReadonlyMap<string, Case>): number | undefined;
}

/** A budget's outcome. */
export interface BudgetResult {
  readonly id: string;
  readonly description: string;
  readonly limit: number;
  readonly unit: string;
  readonly value?: number;
  readonly status: 'PASS' | 'MISS' | 'not measured';
  readonly cpuValue?: number;
  readonly cpuStatus?: 'PASS' | 'MISS';
}

const wall = (name: string) => (cases: ReadonlyMap<string, Case>) => cases.get(name)?.median.wallMs;
const cpu = (name: string) => (cases: ReadonlyMap<string, Case>) => cases.get(name)?.median.cpuMs;
const rss = (name: string) => (cases: ReadonlyMap<string, Case>) => cases.get(name)?.median.maxRssMB;
/** A part of a case (`check-100` times synthesize, read, nag, policy and parity separately). */
const phase = (name: string, part: string) => (cases: ReadonlyMap<string, Case>) => cases.get(name)?.median.phases[part];
const ratio = (a: string, b: string, of: 'wallMs' | 'cpuMs' = 'wallMs') => (cases: ReadonlyMap<string, Case>) => {
  const x = cases.get(a)?.median[of];
  const y = cases.get(b)?.median[of];
  return x === undefined || y === undefined ? undefined : Math.round((x / y) * 100) / 100;
};

/** The budgets on a 2-core machine (issue #7, part 3). */
export const BUDGETS: readonly Budget[] = [
  { id: 'synth-100-wall', description: '100 services, whole-process synth, wall', value: wall('synth-100'), cpuValue: cpu('synth-100'), limit: 2500, unit: 'ms', scales: true },
  { id: 'synth-100-rss', description: '100 services, whole-process synth, peak RSS', value: rss('synth-100'), limit: 500, unit: 'MB', scales: true },
  { id: 'synth-1000-wall', description: '1,000 services, whole-process synth, wall', value: wall('synth-1000'), cpuValue: cpu('synth-1000'), limit: 8000, unit: 'ms', scales: true },
  { id: 'synth-1000-rss', description: '1,000 services, whole-process synth, peak RSS', value: rss('synth-1000'), limit: 1536, unit: 'MB', scales: true },
  { id: 'growth', description: '1,000-service wall / 100-service wall', value: ratio('synth-1000', 'synth-100'), cpuValue: ratio('synth-1000', 'synth-100', 'cpuMs'), limit: 4, unit: 'x', scales: false },
  { id: 'aws-vs-reference', description: 'AWS-only synth wall / plain aws-cdk-lib reference wall (100 services)', value: ratio('aws-100', 'reference-100'), cpuValue: ratio('aws-100', 'reference-100', 'cpuMs'), limit: 0.5, unit: 'x', scales: false },
  { id: 'check-100-wall', description: 'check (synth + policy + parity), 100 services, wall', value: wall('check-100'), cpuValue: cpu('check-100'), limit: 10000, unit: 'ms', scales: true },
  // The parts of check that the test suite used to time with wall-clock assertions (flaky under load): here they
  // are medians of fresh processes, judged by the benchmark and not by a test run on a busy machine.
  { id: 'check-100-parity', description: 'check, parity part (normalize and compare), 100 services, wall', value: phase('check-100', 'parity'), limit: 1500, unit: 'ms', scales: true },
  { id: 'check-100-synth', description: 'check, synth with cdk-nag and CloudFormation validation inside, 100 services, wall', value: phase('check-100', 'synthesize'), limit: 6000, unit: 'ms', scales: true },
];

/**
 * The module-load floor (`load` case: node starts, loads the spec and the three engines' platform entry points,
 * synthesizes nothing) on the idle 2-core machine the time budgets were set on (bench/results.json, load average
 * below 3). The CI guard measures the same floor in its own run and scales its time limits by how much slower
 * that machine is right now, so a slower or busier machine does not fail the guard and a real regression does.
 */
export const REFERENCE_LOAD_FLOOR_MS = 316;

/**
 * How much slower this run's machine is than the reference, from the `load` floor measured in the same run; 1 when
 * the floor was not measured, never below 1 (a faster machine keeps the budgets as written).
 */
export function machineSlowdown(cases: ReadonlyMap<string, Case>): number {
  const floor = cases.get('load')?.median.wallMs;
  return floor === undefined ? 1 : Math.max(1, Math.round((floor / REFERENCE_LOAD_FLOOR_MS) * 100) / 100);
}

/**
 * Evaluates every budget. `factor` multiplies the absolute limits: 1 for the benchmark, 3 for the CI guard,
 * whose machines are noisy and which is there to catch order-of-magnitude regressions. `slowdown` (see
 * `machineSlowdown`) multiplies the wall-time limits only: memory does not grow with a busy CPU.
 */
export function evaluateBudgets(cases: ReadonlyMap<string, Case>, factor = 1, budgets: readonly Budget[] = BUDGETS, slowdown = 1): BudgetResult[] {
  return budgets.map((b) => {
    const limit = b.scales ? b.limit * factor * (b.unit === 'ms' ? slowdown : 1) : b.limit;
    const value = b.value(cases);
    const cpuValue = b.cpuValue?.(cases);
    return {
      id: b.id,
      description: b.description,
      limit,
      unit: b.unit,
      value,
      status: value === undefined ? 'not measured' : value <= limit ? 'PASS' : 'MISS',
      ...(cpuValue === undefined ? {} : { cpuValue, cpuStatus: cpuValue <= limit ? 'PASS' : 'MISS' }),
    };
  });
}
