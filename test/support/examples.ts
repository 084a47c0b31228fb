import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppOutput, Artifact, readAppOutput } from '../../lib/artifacts';
import { PACKS, controlsMatrix, evaluate, kubernetesPack } from '../../lib/policy';

const ROOT = path.join(__dirname, '..', '..');

/** What an example wrote, read back, and the policy packs' verdict on it, control by control. */
export interface ExampleRun {
  readonly outputs: readonly AppOutput[];
  /** Control id → `pass`, `fail` or `n/a` on the example's cloud. */
  readonly controls: Readonly<Record<string, string>>;
  /** The packs' errors, one line each. */
  readonly errors: readonly string[];
}

/**
 * Runs `examples/<family>/main.ts` as a user runs a copy of it (`npx tsx main.ts`, offline, in a folder of its own),
 * with each engine's output folder pointed at a temporary folder, then reads the output and runs every policy pack.
 * @param trustedRegistry the registry the example's images come from, for the Kubernetes pack
 */
export function runExample(family: string, trustedRegistry = ''): ExampleRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `example-${family}-`));
  try {
    const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(ROOT, 'examples', family, 'main.ts')], {
      cwd: dir,
      encoding: 'utf-8',
      env: { ...process.env, CDK_OUTDIR: path.join(dir, 'cdk.out'), CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), CDK8S_OUTDIR: path.join(dir, 'dist'), CHECKPOINT_DISABLE: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    // A clean synth prints nothing: a warning of the CloudFormation validation engine would show here.
    if (run.status !== 0 || run.stderr !== '' || run.stdout !== '') {
      throw new Error(`examples/${family}/main.ts exited ${run.status}:\n${run.stdout}\n${run.stderr}`);
    }
    const outputs = readAppOutput(dir);
    const cloud = outputs.find((o) => o.cloud)?.cloud ?? 'aws';
    const artifacts: Artifact[] = outputs.map((o) => ({ kind: o.kind, cloud: o.cloud ?? cloud, environment: 'dev', name: o.name, file: o.file, document: o.document }));
    const packs = [...PACKS, kubernetesPack({ trustedRegistries: () => [trustedRegistry] })];
    const result = evaluate(artifacts, packs, { exceptions: [], today: new Date() });
    const matrix = controlsMatrix(result, artifacts);
    const controls = Object.fromEntries(matrix.rows.map((row) => [row.control.id, row.cells[0].status]));
    const errors = result.findings.filter((f) => f.severity === 'error' && !f.exception).map((f) => `${f.ruleId}: ${f.resource}: ${f.message}`);
    return { outputs, controls, errors };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The controls with a status (`pass`, `fail`), sorted. */
export function controlsWith(run: ExampleRun, status: string): string[] {
  return Object.entries(run.controls).filter(([, s]) => s === status).map(([c]) => c).sort();
}

/**
 * Controls a team's app does not own: the environment's budget, its alerting on the organization's standards, the
 * audit trail and the cloud's own guardrails (AWS Config rules, Azure Policy, GCP organization policies) come with
 * the platform's environment stack, once per account, subscription or project, not with a team's stack.
 */
export const PLATFORM_OWNED_CONTROLS = ['alert-standards-present', 'audit-trail-on', 'budget-alert-set', 'cloud-guardrails-enforced'];

/** Every resource of a type in a CloudFormation template or Terraform document. */
export function resourcesOfType(document: any, type: string): any[] {
  if (document.Resources) return Object.values<any>(document.Resources).filter((r) => r.Type === type).map((r) => r.Properties ?? {});
  return Object.values<any>(document.resource?.[type] ?? {});
}
