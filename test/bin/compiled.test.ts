import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// bin/compiled.js: a checkout runs the library as compiled JavaScript (transpiled once into node_modules/.cache,
// again only where a source changed), the way users run dist/; only an organization file of the user's own is
// transpiled on load. The paths users run go through it: `baseline` (npm run synth|check|parity) and the cdk.json
// and cdktf.json apps.
const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiled = require(path.join(ROOT, 'bin', 'compiled.js')) as {
  compileSources(root: string, cache: string): number;
  twinOf(source: string, root: string, cache: string): string;
};

jest.setTimeout(300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-compiled-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A node process that writes the files it loaded to a JSON file at exit. */
function traced(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT) {
  const tracer = path.join(tmp, 'tracer.js');
  const loaded = path.join(tmp, `loaded-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(tracer, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));\n`);
  const run = spawnSync(process.execPath, ['--require', tracer, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const modules: string[] = fs.existsSync(loaded) ? JSON.parse(fs.readFileSync(loaded, 'utf8')) : [];
  const packages = new Set(modules.map((m) => /node_modules\/((?:@[^/]+\/)?[^/.][^/]*)\//.exec(m)?.[1]).filter((p): p is string => p !== undefined));
  return { ...run, modules, packages };
}

/** Files of the repository's sources (not the compiled cache) that a process loaded. */
const sourcesLoaded = (modules: readonly string[]) =>
  modules.filter((m) => ['core', 'lib', 'constructs', 'examples'].some((folder) => m.startsWith(path.join(ROOT, folder) + path.sep)));

describe('compileSources', () => {
  // GIVEN a small project of TypeScript sources
  let root: string;
  let cache: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(tmp, 'project-'));
    cache = path.join(root, 'cache');
    fs.mkdirSync(path.join(root, 'lib', 'private'), { recursive: true });
    fs.writeFileSync(path.join(root, 'lib', 'index.ts'), "import { twice } from './private/twice';\nexport const answer: number = twice(21);\n");
    fs.writeFileSync(path.join(root, 'lib', 'private', 'twice.ts'), 'export function twice(n: number): number { return 2 * n; }\n');
    fs.writeFileSync(path.join(root, 'lib', 'types.d.ts'), 'export type Unused = string;\n');
  });

  test('transpiles every source once, to JavaScript that runs, and declarations not at all', () => {
    // WHEN
    const first = compiled.compileSources(root, cache);
    const second = compiled.compileSources(root, cache);
    // THEN
    expect(first).toBe(2);
    expect(second).toBe(0);
    const index = compiled.twinOf(path.join(root, 'lib', 'index.ts'), root, cache);
    expect(index).toBe(path.join(cache, 'lib', 'index.js'));
    const run = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(index)}).answer)`], { encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('42');
    expect(fs.existsSync(path.join(cache, 'lib', 'types.js'))).toBe(false);
  });

  test('transpiles again only a source changed since, and drops the JavaScript of a deleted source', () => {
    // GIVEN
    compiled.compileSources(root, cache);
    const later = new Date(Date.now() + 5_000);
    fs.writeFileSync(path.join(root, 'lib', 'private', 'twice.ts'), 'export function twice(n: number): number { return n + n + 1; }\n');
    fs.utimesSync(path.join(root, 'lib', 'private', 'twice.ts'), later, later);
    fs.rmSync(path.join(root, 'lib', 'index.ts'));
    // WHEN
    const recompiled = compiled.compileSources(root, cache);
    // THEN
    expect(recompiled).toBe(1);
    expect(fs.readFileSync(path.join(cache, 'lib', 'private', 'twice.js'), 'utf8')).toContain('n + n + 1');
    expect(fs.existsSync(path.join(cache, 'lib', 'index.js'))).toBe(false);
    expect(fs.existsSync(path.join(cache, 'lib', 'index.js.map'))).toBe(false);
  });
});

// `--threads 1`: every engine on the main thread, where the tracer sees what it loads (a worker thread has a module
// cache of its own).
describe('what users run loads compiled JavaScript and only the engines of the selected outputs', () => {
  test('baseline synth --cloud gcp: the library compiled, no tsx, no aws-cdk-lib and no azurerm provider, no policy packs', () => {
    // WHEN
    const run = traced([path.join(ROOT, 'bin', 'baseline'), 'synth', '--threads', '1', '--cloud', 'gcp', '--env', 'dev', '--outdir', path.join(tmp, 'gcp')]);
    // THEN
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'gcp', 'cdktf.out', 'stacks', 'acme-dev-gcp', 'cdk.tf.json'))).toBe(true);
    expect(sourcesLoaded(run.modules)).toEqual([]);
    expect(run.modules.some((m) => m.endsWith(path.join('.cache', 'cdk-enterprise-baseline', 'js', 'lib', 'platform', 'synthesize.js')))).toBe(true);
    expect([...run.packages]).toEqual(expect.arrayContaining(['cdktf', '@cdktf/provider-google', 'cdk8s']));
    for (const absent of ['aws-cdk-lib', '@cdktf/provider-azurerm', 'cdk-nag', 'tsx', 'esbuild', 'typescript', '@aws-cdk/cloudformation-diff']) {
      expect(run.packages).not.toContain(absent);
    }
    expect(run.modules.filter((m) => m.includes(`${path.sep}lib${path.sep}policy${path.sep}packs${path.sep}`) && !m.endsWith('kubernetes.js'))).toEqual([]);
    expect(run.modules.filter((m) => m.includes(`${path.sep}lib${path.sep}parity${path.sep}`))).toEqual([]);
  });

  test('baseline synth --cloud aws loads no Terraform engine', () => {
    const run = traced([path.join(ROOT, 'bin', 'baseline'), 'synth', '--threads', '1', '--cloud', 'aws', '--env', 'dev', '--outdir', path.join(tmp, 'aws')]);
    expect(run.status).toBe(0);
    expect(run.packages).toContain('aws-cdk-lib');
    for (const absent of ['cdktf', '@cdktf/provider-google', '@cdktf/provider-azurerm', 'tsx']) expect(run.packages).not.toContain(absent);
    expect(sourcesLoaded(run.modules)).toEqual([]);
  });

  test('the cdk.json app runs compiled and writes the AWS assembly where the cdk CLI asks', () => {
    // GIVEN the app command of cdk.json
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).app as string;
    expect(app).toBe('node bin/compiled.js examples/acme/cdk-app.ts');
    // WHEN run the way the cdk CLI runs it (CDK_OUTDIR)
    const outdir = path.join(tmp, 'cdk.out');
    const run = traced(app.split(' ').slice(1), { CDK_OUTDIR: outdir });
    // THEN
    expect(run.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).artifacts).toHaveProperty('acme-dev');
    expect(sourcesLoaded(run.modules)).toEqual([]);
    for (const absent of ['cdktf', 'cdk8s', 'tsx']) expect(run.packages).not.toContain(absent);
    // The CloudFormation validation engine runs where it is asked for (npm run check, CDK_VALIDATION=true), not in
    // every `cdk synth`: aws-cdk-lib writes its report only when it ran.
    expect(fs.existsSync(path.join(outdir, 'validation-report.json'))).toBe(false);
  });

  test('CDK_VALIDATION=true turns aws-cdk-lib\'s CloudFormation validation on in the cdk.json app', () => {
    const outdir = path.join(tmp, 'cdk.out-validated');
    const run = traced(['bin/compiled.js', 'examples/acme/cdk-app.ts'], { CDK_OUTDIR: outdir, CDK_VALIDATION: 'true' });
    expect(run.status).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([expect.objectContaining({ pluginName: 'CloudFormation Validate', conclusion: 'success' })]);
  });

  test('the cdktf.json app runs compiled and writes the Terraform stacks', () => {
    const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdktf.json'), 'utf8')).app as string;
    expect(app).toBe('node bin/compiled.js examples/acme/cdktf-app.ts');
    const outdir = path.join(tmp, 'cdktf.out');
    const run = traced(app.split(' ').slice(1), { CDKTF_OUTDIR: outdir });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'acme-prod-gcp', 'cdk.tf.json'))).toBe(true);
    expect(sourcesLoaded(run.modules)).toEqual([]);
    for (const absent of ['aws-cdk-lib', 'cdk8s', 'tsx']) expect(run.packages).not.toContain(absent);
  });

  test('an organization file of the user\'s own goes through tsx, and its imports of the library load the compiled copy', () => {
    // GIVEN an organization file outside the repository's sources that imports the library by relative path
    const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'bin', 'user-org-'));
    try {
      const lib = path.relative(dir, path.join(ROOT, 'lib')).split(path.sep).join('/');
      fs.writeFileSync(path.join(dir, 'org.ts'), [
        `import { acme } from '${lib}/../examples/acme/org';`,
        `import { defineOrganization, type OrganizationSpec } from '${lib}';`,
        "const spec: OrganizationSpec = { ...acme, name: 'initech' };",
        'defineOrganization(spec);',
        'export default spec;',
        '',
      ].join('\n'));
      // WHEN
      const run = traced([path.join(ROOT, 'bin', 'baseline'), 'synth', '--threads', '1', '--org', path.join(dir, 'org.ts'), '--cloud', 'gcp', '--env', 'dev', '--outdir', path.join(tmp, 'user')]);
      // THEN
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.status).toBe(0);
      expect(fs.existsSync(path.join(tmp, 'user', 'cdktf.out', 'stacks', 'initech-dev-gcp', 'cdk.tf.json'))).toBe(true);
      expect(run.packages).toContain('tsx');
      expect(sourcesLoaded(run.modules)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
