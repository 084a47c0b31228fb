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
