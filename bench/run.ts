import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { BUDGETS, BudgetResult, evaluateBudgets, GUARD_BUDGETS, REFERENCE_LOAD_FLOOR_MS } from './budgets';
import { compileForBench } from './compile';
import { BENCH_SIZES } from './generate-organization';
import { Case, CaseSpec, GNU_TIME, interleavedGroups as groups, measureCases } from './measure';
import { BLUEPRINTS_COMPILED_APP, BLUEPRINTS_FOLDER, blueprintsAppCommand, ensureBlueprints } from './reference/blueprints';

/**
 * `npm run bench [-- --sizes 10,100 --runs 5 --quick --levers --guard]`
 *
 * Synthesizes generated organizations in fresh processes and reports wall time, CPU time and peak RSS (medians after
 * a warm-up), the runtime and module-load floors, the commands users run (`npm run synth`, `npm run check`, the
 * cdk.json app) as whole process trees, the plain aws-cdk-lib reference, `check`, and the budgets of issues #7 and
 * #18. See bench/README.md.
 */

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'out');
const JS = path.join(OUT, 'js');

interface Options {
  readonly sizes: number[];
  readonly runs: number;
  /** Runs of a size of 1,000 services or more (no warm-up). */
  readonly largeRuns: number;
  readonly referenceSizes: number[];
  readonly check: boolean;
  readonly tsx: boolean;
  readonly levers: boolean;
  readonly guard: boolean;
  /** Measure the commands users type (needs GNU time). */
  readonly commands: boolean;
  /** Pair the cdk.json app with the EKS Blueprints reference (a command case: needs `commands`). */
  readonly blueprints: boolean;
  /** Only these cases (`--cases cdk-app,blueprints-app`), from the plan the other options make. */
  readonly only?: readonly string[];
  readonly output: string;
}

function options(): Options {
  const { values } = parseArgs({
    strict: true,
    options: {
      'sizes': { type: 'string' },
      'runs': { type: 'string' },
      'reference-sizes': { type: 'string' },
      'quick': { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
      'no-reference': { type: 'boolean', default: false },
      'no-commands': { type: 'boolean', default: false },
      'no-blueprints': { type: 'boolean', default: false },
      'levers': { type: 'boolean', default: false },
      'large-runs': { type: 'string', default: '1' },
      'guard': { type: 'boolean', default: false },
      'cases': { type: 'string' },
      'output': { type: 'string' },
    },
  });
  const list = (flag: string, text: string | undefined, fallback: readonly number[]) => {
    if (text === undefined) return [...fallback];
    const sizes = text.split(',').map((s) => Number(s.trim()));
    const bad = sizes.find((n) => !Number.isInteger(n) || n < 0 || n > 9999);
    if (bad !== undefined) throw new Error(`bench: ${flag} "${text}" is not a list of service counts (expected like 10,100)`);
    return sizes;
  };
  const quick = values.quick || values.guard;
  const runs = values.runs === undefined ? (quick ? 3 : 5) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`bench: --runs "${values.runs}" is not a run count (expected a whole number of at least 1)`);
  const sizes = list('--sizes', values.sizes, values.guard ? [100] : quick ? [10, 100] : BENCH_SIZES);
  return {
    sizes,
    runs,
    largeRuns: Number(values['large-runs']),
    referenceSizes: values['no-reference'] || values.guard ? [] : list('--reference-sizes', values['reference-sizes'], sizes.includes(100) ? [100] : sizes.slice(0, 1)),
    check: !values['no-check'] && !values.guard,
    tsx: !quick,
    levers: values.levers,
    guard: values.guard,
    commands: !quick && !values['no-commands'] && GNU_TIME !== undefined,
    blueprints: !values['no-blueprints'],
    only: values.cases?.split(',').map((name) => name.trim()),
    output: values.output ?? (values.guard ? path.join(OUT, 'guard.json') : path.join(ROOT, 'bench', 'results.json')),
  };
}

/** The cases to measure, `--cases` applied: an unknown name is an error that lists the planned ones. */
function plan(o: Options): CaseSpec[] {
  const all = fullPlan(o);
  if (o.only === undefined) return all;
  const unknown = o.only.filter((name) => !all.some((c) => c.name === name));
  if (unknown.length > 0) throw new Error(`bench: --cases ${unknown.map((n) => `"${n}"`).join(', ')} not in this run's plan (expected some of ${all.map((c) => c.name).join(', ')})`);
  return all.filter((c) => o.only!.includes(c.name));
}

/** The cases to measure, in order: floors first, so a broken environment shows up before the long runs. */
function fullPlan(o: Options): CaseSpec[] {
  const js = path.join(JS, 'bench', 'synth-process.js');
  const ts = path.join(ROOT, 'bench', 'synth-process.ts');
  const outdir = (name: string) => path.join(OUT, 'runs', name);
  const cases: CaseSpec[] = [];
  const add = (name: string, description: string, args: string[], extra: Partial<CaseSpec> = {}) => {
    const dir = ['synth', 'reference'].includes(args[0]) ? outdir(name) : undefined;
    cases.push({ name, description, nodeArgs: [], script: js, args: dir ? [...args, '--outdir', dir] : args, outdir: dir, ...extra });
  };

  const command = (name: string, description: string, argv: string[], env: Record<string, string> = {}, cwd?: string) => {
    const dir = outdir(name);
    cases.push({ name, description, nodeArgs: [], script: '', args: [], command: argv.map((a) => a.replace('{outdir}', dir)), env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('{outdir}', dir)])), outdir: dir, cwd });
  };

  // The guard needs the runtime floor too: its limits are multiples of the floors (budgets.ts, GUARD_BUDGETS).
  add('floor-node', 'node starts and exits (compiled JS runtime floor)', ['noop']);
  if (!o.guard && o.tsx) add('floor-tsx', 'node --import tsx starts and exits (tsx runtime floor)', ['noop'], { nodeArgs: ['--import', 'tsx'], script: ts });
  add('load', 'loads lib/spec and the three engines\' platform entry points, no synth (module-load floor)', ['load']);
  if (!o.guard && o.tsx) add('load-tsx', 'the module-load floor under tsx', ['load'], { nodeArgs: ['--import', 'tsx'], script: ts });
  for (const size of o.sizes) {
    // 1,000 and 5,000 services take minutes a run on a busy machine: measured --large-runs times, no warm-up.
    add(`synth-${size}`, `${size} services: 3 environments x AWS, Azure, GCP plus manifests`, ['synth', '--size', String(size)], size >= 1000 ? { runs: o.largeRuns } : {});
  }
  // Whether the engines' threads pay on this machine: the same synth on one thread (threads-100 budget).
  for (const size of o.sizes.filter((n) => !o.guard && (n === 100 || n === 1000))) {
    add(`synth-${size}-serial`, `${size} services, the engines one after the other on one thread (--threads 1)`, ['synth', '--size', String(size), '--threads', '1'], size >= 1000 ? { runs: o.largeRuns } : {});
    // Whether sharing the Kubernetes clusters out over the threads pays (shared-clusters budgets): one thread per engine.
    add(`synth-${size}-engines`, `${size} services, one thread per engine, the Kubernetes clusters not shared out (--shareClusters off)`, ['synth', '--size', String(size), '--shareClusters', 'off'], size >= 1000 ? { runs: o.largeRuns } : {});
  }
  if (o.commands) {
    // What users type, in a checkout, as whole process trees (npm, sh and node): the README's commands on the example.
    command('npm-run-synth', '`npm run synth` on examples/acme (13 services, 3 environments x 3 clouds), as the README runs it', ['npm', 'run', 'synth', '--silent', '--', '--outdir', '{outdir}']);
    command('baseline-synth-serial', '`node bin/baseline synth --threads 1` on examples/acme: the engines on one thread', [process.execPath, 'bin/baseline', 'synth', '--threads', '1', '--outdir', '{outdir}']);
    command('npm-run-check', '`npm run check` on examples/acme: synth with cdk-nag and the validation engine, every policy pack, parity', ['npm', 'run', 'check', '--silent', '--', '--outdir', '{outdir}']);
    command('cdk-app', 'the cdk.json app as `cdk synth` runs it (AWS only; CloudFormation validation off unless CDK_VALIDATION=true, as in npm run synth)', [process.execPath, 'bin/compiled.js', 'examples/acme/cdk-app.ts'], { CDK_OUTDIR: '{outdir}/cdk.out' });
    if (o.blueprints) {
      // Issue #18's pairing, measured interleaved with cdk-app (groups): EKS Blueprints for the same 3 environments,
      // its cdk.json app as the cdk CLI runs it (through a shell, in its project folder), and the same app compiled.
      const app = blueprintsAppCommand(ROOT);
      command('blueprints-app', `EKS Blueprints 1.19 (its aws-cdk-lib 2.261): the example's 3 AWS environments with core add-ons, its cdk.json app as \`cdk init\` writes it (${app})`, ['sh', '-c', app], { CDK_OUTDIR: '{outdir}/cdk.out' }, path.join(ROOT, BLUEPRINTS_FOLDER));
      command('blueprints-app-js', 'the same EKS Blueprints app compiled to JavaScript beforehand (no type-check, no loader)', [process.execPath, BLUEPRINTS_COMPILED_APP], { CDK_OUTDIR: '{outdir}/cdk.out' });
    }
    command('cdktf-app', 'the cdktf.json app as `cdktf synth` runs it (Azure and GCP)', [process.execPath, 'bin/compiled.js', 'examples/acme/cdktf-app.ts'], { CDKTF_OUTDIR: '{outdir}' });
  }
  if (o.tsx && o.sizes.includes(100)) {
    add('synth-100-tsx', '100 services under tsx, as `npm run synth` runs', ['synth', '--size', '100'], { nodeArgs: ['--import', 'tsx'], script: ts });
  }
  for (const size of o.referenceSizes) {
    add(`aws-${size}`, `${size} services, AWS only (CloudFormation plus the EKS manifests)`, ['synth', '--size', String(size), '--cloud', 'aws']);
    add(`reference-${size}`, `${size} services, plain aws-cdk-lib: Vpc, aws-eks L2 Cluster + kubectl layer, node groups, ECR`, ['reference', '--size', String(size)]);
  }
  if (o.check) add('check-100', 'check: synth into memory, read back, policy, parity (100 services)', ['check', '--size', '100']);
  if (!o.guard) {
    // The example an enterprise would write: 120 services, 12 teams, 4 environments (one a DR environment), with
    // 120 generated workflows and the clouds' CI trust; synth and check as users run them.
    add('synth-enterprise', 'examples/enterprise: 120 services, 12 teams, 4 environments x AWS, Azure, GCP, pipelines included', ['synth', '--example', 'enterprise']);
    if (o.check) add('check-enterprise', 'check of examples/enterprise: synth into memory, read back, policy, parity', ['check', '--example', 'enterprise']);
  }
  if (o.levers && o.commands) {
    command('cdk-app-validate', 'the cdk.json app with aws-cdk-lib\'s CloudFormation validation engine on (CDK_VALIDATION=true)', [process.execPath, 'bin/compiled.js', 'examples/acme/cdk-app.ts'], { CDK_OUTDIR: '{outdir}/cdk.out', CDK_VALIDATION: 'true' });
  }
  if (o.levers) {
    add('synth-100-validate', '100 services with aws-cdk-lib CloudFormation validation on every stack', ['synth', '--size', '100', '--validate']);
    for (const cloud of ['aws', 'azure', 'gcp']) {
      add(`synth-100-${cloud}`, `100 services, one shard: --cloud ${cloud}`, ['synth', '--size', '100', '--cloud', cloud]);
    }
    if (o.referenceSizes.length > 0) {
      add('reference-100-validate', 'the reference as written, with aws-cdk-lib\'s default CloudFormation validation on', ['reference', '--size', '100', '--validate']);
    }
  }
  return cases;
}

function main(): number {
  const o = options();
  const started = new Date();
  const loadBefore = os.loadavg();
  const t = performance.now();
  const files = compileForBench(ROOT, JS);
  const compileMs = Math.round(performance.now() - t);
  if (!o.commands && !o.guard) console.log(`bench: not measuring the commands users type (${GNU_TIME ? '--quick or --no-commands' : 'no GNU time: apt-get install time'})`);
  console.log(`bench: transpiled ${files} files to ${path.relative(ROOT, JS)} in ${compileMs} ms; ${o.runs} runs per case after 1 warm-up; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

  if (plan(o).some((c) => c.name.startsWith('blueprints-app'))) {
    const blueprints = ensureBlueprints(ROOT);
    if (blueprints.installed) console.log(`bench: installed EKS Blueprints ${blueprints.version} in ${BLUEPRINTS_FOLDER} (npm ci)`);
  }

  const scratch = path.join(OUT, 'scratch');
  fs.mkdirSync(scratch, { recursive: true });
  const cases = new Map<string, Case>();
  for (const group of groups(plan(o))) {
    process.stdout.write(`  ${group.map((s) => s.name).join(' + ').padEnd(24)}`);
    const measured = measureCases(group, o.runs, scratch, ROOT);
    for (const c of measured) cases.set(c.name, c);
    console.log(measured.map((c) => `${fmt(c.median.wallMs)} wall  ${fmt(c.median.cpuMs)} cpu  ${c.median.maxRssMB.toFixed(0).padStart(5)} MB`).join(' | '));
  }
  for (const spec of plan(o)) if (spec.outdir) fs.rmSync(spec.outdir, { recursive: true, force: true });

  // The guard judges the 100-service synth as multiples of the floors measured in this run (GUARD_BUDGETS).
  const budgets = evaluateBudgets(cases, o.guard ? GUARD_BUDGETS : BUDGETS);
  const loadAfter = os.loadavg();
  console.log();
  console.log(table([...cases.values()]));
  console.log();
  if (o.guard) console.log(`guard: module-load floor ${fmt(cases.get('load')?.median.wallMs ?? 0).trim()} in this run (${REFERENCE_LOAD_FLOOR_MS} ms on the idle reference machine); time is judged as multiples of it`);
  console.log(budgetTable(budgets, o.guard));
  for (const c of cases.values()) for (const note of c.notes) console.log(`note: ${c.name}: ${note}`);
  const loaded = Math.max(loadBefore[0], loadAfter[0]) > 1.5;
  if (loaded) console.log(`warning: load average ${loadBefore[0].toFixed(2)} -> ${loadAfter[0].toFixed(2)} on ${os.cpus().length} cores: other work was running, numbers are noisy`);

  const results = {
    date: started.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
      loadAverageAfter: loadAfter.map((l) => Math.round(l * 100) / 100),
    },
    method: {
      runsPerCase: o.runs,
      warmUpRuns: 1,
      statistic: 'median',
      runtime: 'compiled JavaScript (TypeScript transpiled by bench/compile.ts) in a fresh node process per run, unless the case name ends in -tsx; the commands users type (cases with a command and no start-up) as they run in a checkout, measured as whole process trees by GNU time',
      wall: 'parent: spawn to exit (process.hrtime)',
      cpuAndMemory: 'child: process.resourceUsage() at the end (userCPUTime + systemCPUTime; maxRSS)',
      cloudFormationValidation: false,
      transpileMs: compileMs,
    },
    cases: Object.fromEntries([...cases].map(([name, c]) => [name, {
      description: c.description,
      command: c.command.join(' '),
      median: c.median,
      runs: c.runs.map((r) => ({ wallMs: r.wallMs, cpuMs: r.cpuMs, maxRssMB: r.maxRssMB, startupMs: r.child.startupMs })),
      outputBytes: c.outputBytes,
      notes: c.notes,
    }])),
    budgets: { guard: o.guard, results: budgets },
  };
  fs.mkdirSync(path.dirname(o.output), { recursive: true });
  fs.writeFileSync(o.output, JSON.stringify(results, null, 2) + '\n');
  console.log(`bench: wrote ${path.relative(ROOT, o.output)}`);

  // The benchmark reports misses; only the guard fails on them.
  return o.guard && budgets.some((b) => b.status === 'MISS') ? 1 : 0;
}


function table(cases: Case[]): string {
  const rows = [['case', 'wall (median)', 'min-max', 'cpu', 'peak RSS', 'start-up', 'output'], ...cases.map((c) => [
    c.name,
    fmt(c.median.wallMs),
    `${fmt(c.median.minWallMs)}-${fmt(c.median.maxWallMs)}`.replace(/ /g, ''),
    fmt(c.median.cpuMs),
    `${c.median.maxRssMB.toFixed(0)} MB`,
    Number.isNaN(c.median.startupMs) ? '-' : fmt(c.median.startupMs),
    Object.entries(c.outputBytes).map(([dir, bytes]) => `${dir} ${mb(bytes)}`).join(', '),
  ])];
  return columns(rows);
}

function budgetTable(budgets: BudgetResult[], guard: boolean): string {
  const show = (v: number | undefined, unit: string) => v === undefined ? '-' : unit === 'x' ? `${v.toFixed(2)}x` : unit === 'ms' ? fmt(v).trim() : `${v.toFixed(0)} MB`;
  const rows = [[guard ? 'budget (regression guard)' : 'budget', 'limit', guard ? 'measured' : 'wall', '', 'on CPU time', ''], ...budgets.map((b) => [
    b.description,
    show(b.limit, b.unit),
    show(b.value, b.unit),
    b.status,
    b.cpuValue === undefined ? '' : show(b.cpuValue, b.unit),
    b.cpuStatus ?? '',
  ])];
  return columns(rows);
}

function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`.padStart(8);
}

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
}
