/**
 * What the README says about first runs of the organization's parity test (`test/parity.test.ts` with its shape
 * snapshots), checked with jest itself: under `--ci` a missing snapshot fails the run and is not written; `-u` writes
 * it; `--ci` then passes against it. The README's own `org.ts` and `test/parity.test.ts` are the project, with
 * `cdk-enterprise-baseline` mapped to this checkout's sources (the tarball path is test/consumer/tarball.test.ts).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');

jest.setTimeout(10 * 60_000);

function snippets(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const files = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- consumer-test: ([\w/.-]+) -->\n```ts\n([\s\S]*?)\n```/g)) {
    if (m[1] === 'org' || m[1] === 'test/parity.test') files.set(`${m[1]}.ts`, `${m[2]}\n`);
  }
  return files;
}

function runJest(dir: string, args: readonly string[]) {
  const config = {
    rootDir: dir,
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': require.resolve('@swc/jest') },
    moduleNameMapper: {
      '^cdk-enterprise-baseline$': path.join(ROOT, 'lib', 'index.ts'),
      '^cdk-enterprise-baseline/parity/jest$': path.join(ROOT, 'lib', 'parity', 'jest.ts'),
      '^cdk-enterprise-baseline/parity$': path.join(ROOT, 'lib', 'parity', 'index.ts'),
    },
  };
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'jest'), [...args, '--config', JSON.stringify(config), 'test/parity.test.ts'], {
    cwd: dir, encoding: 'utf-8', env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024,
  });
}

describe('the README parity test on its first run', () => {
  let dir: string;
  const snapshot = () => path.join(dir, 'test', '__snapshots__', 'parity.test.ts.snap');

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-recipe-'));
    for (const [file, text] of snippets()) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('jest --ci fails on the missing shape snapshots and writes none; the parity test itself passes', () => {
    expect([...snippets().keys()].sort()).toEqual(['org.ts', 'test/parity.test.ts']);

    const run = runJest(dir, ['--ci']);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('New snapshot was not written. The update flag must be explicitly passed to write a new snapshot.');
    expect(run.stderr).toContain('✓ environments differ only where the organization says they may');
    expect(fs.existsSync(snapshot())).toBe(false);
  });

  test('jest -u writes them; jest --ci then passes against them', () => {
    const update = runJest(dir, ['--ci', '-u']);
    expect({ status: update.status, written: /3 (snapshots )?written/.test(update.stderr) }).toEqual({ status: 0, written: true });
    expect(fs.readFileSync(snapshot(), 'utf-8')).toContain('<<aws.region>>');

    const ci = runJest(dir, ['--ci']);
    expect({ status: ci.status, passed: ci.stderr.includes('3 passed, 3 total') && ci.stderr.includes('Tests:       4 passed, 4 total') }).toEqual({ status: 0, passed: true });
  });
});
