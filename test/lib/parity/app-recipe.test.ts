/**
 * The README's "Parity for your own app" recipe, run as a team runs it: the payments app (built from the README's
 * team-stack snippets) synthesized into a project folder, the README's `parity.config.ts` and `test/parity.test.ts`
 * written next to it, and jest started there with `--ci`, importing `cdk-enterprise-baseline` (mapped to this
 * checkout's sources). The published-tarball path of the same imports is held by test/consumer/tarball.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PAYMENTS_ENVIRONMENTS, synthPaymentsApp } from './fixtures/payments-app';

const ROOT = path.join(__dirname, '..', '..', '..');

jest.setTimeout(5 * 60_000);

/** The recipe's files: a `<!-- app-parity-recipe: <file> -->` line right before a ```ts fence. */
function recipe(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const files = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- app-parity-recipe: ([\w/.-]+) -->\n```ts\n([\s\S]*?)\n```/g)) files.set(`${m[1]}.ts`, `${m[2]}\n`);
  return files;
}

/** jest in the project folder, as `npx jest --ci test/parity.test.ts` there would run. */
function jestCi(dir: string) {
  const config = {
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': require.resolve('@swc/jest') },
    moduleNameMapper: {
      '^cdk-enterprise-baseline/parity/jest$': path.join(ROOT, 'lib', 'parity', 'jest.ts'),
      '^cdk-enterprise-baseline/parity$': path.join(ROOT, 'lib', 'parity', 'index.ts'),
    },
  };
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'jest'), ['--ci', '--config', JSON.stringify(config), 'test/parity.test.ts'], {
    cwd: dir, encoding: 'utf-8', env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024,
  });
}

describe('the README recipe for parity of a team app', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-parity-recipe-'));
    for (const [file, text] of recipe()) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the README holds the config and the test', () => {
    expect([...recipe().keys()].sort()).toEqual(['parity.config.ts', 'test/parity.test.ts']);
  });

  test('passes under jest --ci on the first run, writing no snapshot', () => {
    // GIVEN the app synthesized as the engines write it
    synthPaymentsApp(dir);

    // WHEN
    const run = jestCi(dir);

    // THEN
    expect({ status: run.status, output: run.stderr }).toEqual({ status: 0, output: expect.stringContaining('1 passed') });
    expect(fs.existsSync(path.join(dir, 'test', '__snapshots__'))).toBe(false);
  });

  test('fails on a change made in prod only, naming it', () => {
    // GIVEN prod's network gets an interface endpoint dev does not have
    for (const out of ['cdk.out', 'cdktf.out', 'dist']) fs.rmSync(path.join(dir, out), { recursive: true, force: true });
    synthPaymentsApp(dir, PAYMENTS_ENVIRONMENTS.map((e) => (e.name === 'prod' ? { ...e, drift: 'interface-endpoint' as const } : e)));

    // WHEN
    const run = jestCi(dir);

    // THEN
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/dev\/prod aws payments-dev ↔ payments-prod: NetworkSqsEndpoint[0-9A-F]{8} \(AWS::EC2::VPCEndpoint\) only in prod/);
    expect(run.stderr).toContain('2 drifts (differences no declared value or knob explains):');
    expect(run.stderr).toContain('why: one NAT gateway per zone in prod survives a zone outage');
  });
});
