import type { Case } from './measure';

/** A budget from issues #7 and #18, checked on medians. */
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

/** The budgets on an idle 2-core machine (issue #18; the 100-service and reference budgets from issue #7). */
export const BUDGETS: readonly Budget[] = [
  { id: 'npm-synth-wall', description: '`npm run synth`, the example, as the README runs it, wall', value: wall('npm-run-synth'), cpuValue: cpu('npm-run-synth'), limit: 1500, unit: 'ms', scales: true },
  { id: 'npm-synth-rss', description: '`npm run synth`, the example, peak RSS (largest process)', value: rss('npm-run-synth'), limit: 300, unit: 'MB', scales: true },
  { id: 'synth-100-wall', description: '100 services, whole-process synth, wall', value: wall('synth-100'), cpuValue: cpu('synth-100'), limit: 2500, unit: 'ms', scales: true },
  { id: 'synth-100-rss', description: '100 services, whole-process synth, peak RSS', value: rss('synth-100'), limit: 500, unit: 'MB', scales: true },
  { id: 'synth-1000-wall', description: '1,000 services, all outputs, wall', value: wall('synth-1000'), cpuValue: cpu('synth-1000'), limit: 4000, unit: 'ms', scales: true },
  { id: 'synth-1000-rss', description: '1,000 services, all outputs, peak RSS', value: rss('synth-1000'), limit: 1024, unit: 'MB', scales: true },
  { id: 'synth-5000-wall', description: '5,000 services, all outputs, wall', value: wall('synth-5000'), cpuValue: cpu('synth-5000'), limit: 20000, unit: 'ms', scales: true },
  { id: 'synth-5000-rss', description: '5,000 services, all outputs, peak RSS', value: rss('synth-5000'), limit: 2560, unit: 'MB', scales: true },
  { id: 'growth-5000', description: '5,000-service wall / 1,000-service wall', value: ratio('synth-5000', 'synth-1000'), cpuValue: ratio('synth-5000', 'synth-1000', 'cpuMs'), limit: 5.5, unit: 'x', scales: false },
  { id: 'shared-clusters-100', description: '100 services with the Kubernetes clusters shared out over the threads / one thread per engine, wall (kept only where < 1)', value: ratio('synth-100', 'synth-100-engines'), limit: 1, unit: 'x', scales: false },
  { id: 'shared-clusters-1000', description: '1,000 services with the Kubernetes clusters shared out / one thread per engine, wall (kept only where < 1)', value: ratio('synth-1000', 'synth-1000-engines'), limit: 1, unit: 'x', scales: false },
  { id: 'threads-100', description: '100 services on threads / on one thread, wall (threads kept only where < 1)', value: ratio('synth-100', 'synth-100-serial'), cpuValue: ratio('synth-100', 'synth-100-serial', 'cpuMs'), limit: 1, unit: 'x', scales: false },
  // Issue #18's pairing: the cdk.json app of the example as `cdk synth` runs it against EKS Blueprints for the same
  // three AWS environments with core add-ons (bench/reference/blueprints), interleaved.
  { id: 'cdk-app-vs-blueprints', description: '`cdk synth`\'s app for the example / EKS Blueprints\' cdk.json app (tsc && tsx), 3 environments with core add-ons, wall', value: ratio('cdk-app', 'blueprints-app'), cpuValue: ratio('cdk-app', 'blueprints-app', 'cpuMs'), limit: 0.5, unit: 'x', scales: false },
  // The same pairing with Blueprints compiled beforehand: what is left once neither side type-checks or loads TypeScript.
  { id: 'cdk-app-vs-blueprints-js', description: '`cdk synth`\'s app for the example / the same Blueprints app compiled to JavaScript, wall', value: ratio('cdk-app', 'blueprints-app-js'), cpuValue: ratio('cdk-app', 'blueprints-app-js', 'cpuMs'), limit: 0.5, unit: 'x', scales: false },
  { id: 'aws-vs-reference', description: 'AWS-only synth wall / plain aws-cdk-lib reference wall (100 services)', value: ratio('aws-100', 'reference-100'), cpuValue: ratio('aws-100', 'reference-100', 'cpuMs'), limit: 0.5, unit: 'x', scales: false },
  { id: 'check-100-wall', description: 'check (synth + cdk-nag + policy + parity), 100 services, wall', value: wall('check-100'), cpuValue: cpu('check-100'), limit: 3000, unit: 'ms', scales: true },
  // The parts of check that the test suite used to time with wall-clock assertions (flaky under load): here they
  // are medians of fresh processes, judged by the benchmark and not by a test run on a busy machine.
  { id: 'check-100-parity', description: 'check, parity part (normalize and compare), 100 services, wall', value: phase('check-100', 'parity'), limit: 1500, unit: 'ms', scales: true },
];

/**
 * The module-load floor (`load` case: node starts, loads the spec and the three engines' platform entry points,
 * synthesizes nothing) on the idle 2-core machine the time budgets were set on (bench/results.json of 2026-11-26,
 * load average below 3): wall and CPU time. The CI guard states its time limits as multiples of this floor and
 * measures the floor again in its own run.
 */
export const REFERENCE_LOAD_FLOOR_MS = 316;
export const REFERENCE_LOAD_FLOOR_CPU_MS = 350;

/**
 * The CI guard (`.ci/bench-guard`): the 100-service synth as a multiple of the module-load floor measured in the
 * same run, so a slower or busier machine, which slows the floor as much as the synth, does not fail it, and a real
 * regression does (a root provider import adds 2 s, the validation engine on by default 2.2 s; a floor-relative
 * budget also catches a regression in the module loading itself through the CPU ratio). The limits are three times
 * the 2.5 s budget over the reference floors; memory does not grow with a busy CPU and stays absolute (3 x 500 MB).
 */
export const GUARD_BUDGETS: readonly Budget[] = [
  { id: 'guard-synth-100-wall', description: '100-service synth wall / module-load floor wall, same run', value: ratio('synth-100', 'load'), limit: round2((3 * 2500) / REFERENCE_LOAD_FLOOR_MS), unit: 'x', scales: false },
  { id: 'guard-synth-100-cpu', description: '100-service synth CPU / module-load floor CPU, same run', value: ratio('synth-100', 'load', 'cpuMs'), limit: round2((3 * 2500) / REFERENCE_LOAD_FLOOR_CPU_MS), unit: 'x', scales: false },
  { id: 'guard-synth-100-rss', description: '100-service synth peak RSS', value: rss('synth-100'), limit: 3 * 500, unit: 'MB', scales: false },
];

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Evaluates every budget. `factor` multiplies the absolute limits (`scales`): 1 for the benchmark; ratios stand
 * as written.
 */
export function evaluateBudgets(cases: ReadonlyMap<string, Case>, budgets: readonly Budget[] = BUDGETS, factor = 1): BudgetResult[] {
  return budgets.map((b) => {
    const limit = b.scales ? b.limit * factor : b.limit;
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
