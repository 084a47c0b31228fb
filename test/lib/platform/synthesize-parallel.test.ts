import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acme } from '../../../examples/acme/org';
import { synthesize, synthesizeInParallel } from '../../../lib/platform';
import { defineOrganization } from '../../../lib/spec';
import { baseline } from '../../support/cli';

// The engines on threads of their own (synthesizeInParallel). Worker threads need compiled JavaScript, so the threaded
// path is exercised through the `baseline` bin (which runs the library compiled); under jest (TypeScript sources) the
// function runs the engines one after the other, as synthesize does.
jest.setTimeout(300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-parallel-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir`, relative, with its content; the assembly's metadata carries stack traces, so not those. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith('.metadata.json')) files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/**
 * `synthesizeInParallel(acme, options)` in a child process running the library compiled (bin/compiled.js), so its
 * worker threads can load it; progress events go to stdout as JSON lines, the error message to stderr.
 */
function compiledSynth(options: Record<string, unknown>): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const path = require('path');
    const compiled = require(${JSON.stringify(path.join(__dirname, '..', '..', '..', 'bin', 'compiled.js'))});
    compiled.useCompiled();
    const load = (file) => require(compiled.twinOf(path.join(compiled.ROOT, file)));
    const { defineOrganization } = load('lib/spec/index.ts');
    const { synthesizeInParallel } = load('lib/platform/synthesize-parallel.ts');
    const { acme } = load('examples/acme/org.ts');
    const options = { ...${JSON.stringify(options)}, onProgress: (e) => console.log(JSON.stringify(e)) };
    synthesizeInParallel(defineOrganization(acme), options).then(() => undefined, (e) => {
      console.error(e.message);
      process.exitCode = 4;
    });`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('synthesizeInParallel', () => {
  test('on threads, writes exactly what the engines write one after the other', () => {
    // WHEN
    const threaded = baseline(['synth', '--threads', '3', '--outdir', path.join(tmp, 'threaded')]);
    const serial = baseline(['synth', '--threads', '1', '--outdir', path.join(tmp, 'serial')]);
    // THEN
    expect(threaded.status).toBe(0);
    expect(serial.status).toBe(0);
    const a = tree(path.join(tmp, 'threaded'));
    const b = tree(path.join(tmp, 'serial'));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(Object.keys(a).length).toBeGreaterThan(50);
    for (const file of Object.keys(b)) expect({ file, content: a[file] }).toEqual({ file, content: b[file] });
    // Progress from the worker threads reaches the one output: every engine, every environment.
    for (const line of [/aws +prod +CloudFormation +5 stacks/, /azure +staging +Terraform +1 stack/, /gcp +dev +Kubernetes +5 manifests/]) {
      expect(threaded.stderr).toMatch(line);
    }
  });

  test('an engine that fails on a worker thread fails the command with its message, as on one thread', () => {
    // GIVEN the Kubernetes output folder taken by a file, so the cdk8s engine (on a worker thread) cannot write
    const outdir = path.join(tmp, 'blocked');
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, 'cdk8s.out'), 'not a folder');
    // WHEN
    const threaded = baseline(['synth', '--threads', '3', '--outdir', outdir]);
    const serial = baseline(['synth', '--threads', '1', '--outdir', outdir]);
    // THEN
    expect(threaded.status).toBe(4);
    expect(serial.status).toBe(4);
    const message = (run: { stderr: string }) => run.stderr.split('\n').find((l) => l.startsWith('baseline: '));
    expect(message(threaded)).toContain(path.join(outdir, 'cdk8s.out'));
    expect(message(threaded)).toBe(message(serial));
  });

  test('with the Kubernetes clusters shared out over the threads, writes exactly what one thread writes', () => {
    // WHEN acme's 9 clusters are shared by 3 threads (acme is below the size that shares them by default)
    const shared = compiledSynth({ outdir: path.join(tmp, 'shared'), threads: 3, shareClusters: true });
    const serial = baseline(['synth', '--threads', '1', '--outdir', path.join(tmp, 'shared-serial')]);
    // THEN
    expect(shared).toMatchObject({ status: 0, stderr: '' });
    expect(serial.status).toBe(0);
    const a = tree(path.join(tmp, 'shared'));
    const b = tree(path.join(tmp, 'shared-serial'));
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    for (const file of Object.keys(b)) expect({ file, content: a[file] }).toEqual({ file, content: b[file] });
    // Every cluster reported its progress once, from whichever thread built it.
    const clusters = shared.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.output === 'kubernetes').map((e) => `${e.environment}/${e.cloud}`);
    expect(clusters.sort()).toEqual(['dev', 'prod', 'staging'].flatMap((env) => ['aws', 'azure', 'gcp'].map((cloud) => `${env}/${cloud}`)));
  });

  test('with shared clusters, reports the cluster a one-thread synth stops at, whichever thread met which', () => {
    // GIVEN two clusters that cannot be written (their folders taken by files): staging/azure, then prod/gcp
    const block = (outdir: string) => {
      for (const cluster of ['staging/azure', 'prod/gcp']) {
        fs.mkdirSync(path.join(outdir, 'cdk8s.out', path.dirname(cluster)), { recursive: true });
        fs.writeFileSync(path.join(outdir, 'cdk8s.out', cluster), 'not a folder');
      }
      return outdir;
    };
    // WHEN
    const shared = compiledSynth({ outdir: block(path.join(tmp, 'blocked-shared')), threads: 3, shareClusters: true });
    const serial = compiledSynth({ outdir: block(path.join(tmp, 'blocked-serial')), threads: 1 });
    // THEN both fail on staging/azure, with the same message but for the folder
    expect(shared.status).toBe(4);
    expect(serial.status).toBe(4);
    expect(shared.stderr).toContain(path.join(tmp, 'blocked-shared', 'cdk8s.out', 'staging', 'azure'));
    expect(shared.stderr.replace(/blocked-shared/g, 'X')).toBe(serial.stderr.replace(/blocked-serial/g, 'X'));
  });

  test('--threads takes a whole number of at least 1', () => {
    const run = baseline(['synth', '--threads', '0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--threads "0" is not a thread count (expected a whole number of at least 1)');
  });

  test('from TypeScript sources, runs the engines one after the other with the same result', async () => {
    // GIVEN
    const org = defineOrganization(acme);
    // WHEN
    const threaded = await synthesizeInParallel(org, { outdir: path.join(tmp, 'sources-a'), environments: ['dev'], cloudFormationValidation: false });
    const serial = synthesize(org, { outdir: path.join(tmp, 'sources-b'), environments: ['dev'], cloudFormationValidation: false });
    // THEN
    expect(Object.keys(threaded)).toEqual(Object.keys(serial));
    expect(tree(path.join(tmp, 'sources-a'))).toEqual(tree(path.join(tmp, 'sources-b')));
  });
});
