import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUDGETS, evaluateBudgets } from '../../bench/budgets';
import type { Case } from '../../bench/measure';
import { interleavedGroups } from '../../bench/measure';
import { BLUEPRINTS_COMPILED_APP, BLUEPRINTS_FOLDER, BLUEPRINTS_PACKAGE, ensureBlueprints } from '../../bench/reference/blueprints';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the EKS Blueprints pairing (issue #18)', () => {
  let root: string;
  beforeEach(() => {
    // GIVEN a checkout whose reference folder pins the package, as the repository's does
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-blueprints-'));
    fs.mkdirSync(path.join(root, BLUEPRINTS_FOLDER), { recursive: true });
    for (const file of ['package.json', 'cdk.json', 'app.ts']) fs.copyFileSync(path.join(ROOT, BLUEPRINTS_FOLDER, file), path.join(root, BLUEPRINTS_FOLDER, file));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const pinned = () => JSON.parse(fs.readFileSync(path.join(ROOT, BLUEPRINTS_FOLDER, 'package.json'), 'utf8')).dependencies[BLUEPRINTS_PACKAGE] as string;
  const fakeInstall = (version: string) => (dir: string) => {
    const pkg = path.join(dir, 'node_modules', ...BLUEPRINTS_PACKAGE.split('/'));
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: BLUEPRINTS_PACKAGE, version }));
    return undefined;
  };

  test('the reference is a project as `cdk init app --language typescript` lays it out, run as its cdk.json says', () => {
    // The template of the aws-cdk CLI this repository pins.
    const template = path.join(ROOT, 'node_modules', 'aws-cdk', 'lib', 'init-templates', 'app', 'typescript');
    const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, BLUEPRINTS_FOLDER, 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe(JSON.parse(fs.readFileSync(path.join(template, 'cdk.template.json'), 'utf8')).app.replace('bin/%name%.ts', 'app.ts'));
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, BLUEPRINTS_FOLDER, 'tsconfig.json'), 'utf8'));
    const templateTsconfig = JSON.parse(fs.readFileSync(path.join(template, 'tsconfig.json'), 'utf8'));
    // Only jest's types are left out (the project has no tests) and the compiled copy's folder excluded.
    expect(tsconfig.compilerOptions).toEqual({ ...templateTsconfig.compilerOptions, types: ['node'] });
    const devDependencies = JSON.parse(fs.readFileSync(path.join(template, 'package.json'), 'utf8')).devDependencies;
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, BLUEPRINTS_FOLDER, 'package.json'), 'utf8')).devDependencies;
    for (const name of ['typescript', 'tsx', '@types/node']) expect(own[name]).toBe(devDependencies[name]);
  });

  test('the reference pins EKS Blueprints 1.19 with a lock file, outside the library\'s dependencies', () => {
    expect(pinned()).toBe('1.19.0');
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, BLUEPRINTS_FOLDER, 'package-lock.json'), 'utf8'));
    expect(lock.packages[`node_modules/${BLUEPRINTS_PACKAGE}`].version).toBe('1.19.0');
    const library = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const deps of ['dependencies', 'devDependencies', 'peerDependencies']) expect(library[deps] ?? {}).not.toHaveProperty(BLUEPRINTS_PACKAGE);
  });

  test('installs the pinned version on demand, once', () => {
    const install = jest.fn(fakeInstall(pinned()));
    // WHEN twice
    const first = ensureBlueprints(root, install);
    const second = ensureBlueprints(root, install);
    // THEN
    expect(first).toEqual({
      dir: path.join(root, BLUEPRINTS_FOLDER),
      version: '1.19.0',
      installed: true,
      app: 'npx tsc && npx tsx app.ts',
      compiled: path.join(root, BLUEPRINTS_COMPILED_APP),
    });
    // The compiled copy is CommonJS that requires Blueprints from the project's own node_modules.
    expect(fs.readFileSync(first.compiled, 'utf8')).toContain('require("@aws-quickstart/eks-blueprints")');
    expect(second.installed).toBe(false);
    expect(install).toHaveBeenCalledTimes(1);
    expect(install).toHaveBeenCalledWith(path.join(root, BLUEPRINTS_FOLDER));
  });

  test('reinstalls when another version is installed, and says how to skip when installing fails', () => {
    fakeInstall('1.18.2')(path.join(root, BLUEPRINTS_FOLDER));
    expect(() => ensureBlueprints(root, () => 'npm error network request to https://registry.npmjs.org failed')).toThrow(
      `bench: could not install the EKS Blueprints reference (${BLUEPRINTS_PACKAGE} 1.19.0) with \`npm ci\` in ${BLUEPRINTS_FOLDER} (found 1.18.2): `
      + 'npm error network request to https://registry.npmjs.org failed. It needs the npm registry once; `npm run bench -- --no-blueprints` measures everything else.',
    );
    expect(ensureBlueprints(root, fakeInstall('1.19.0')).installed).toBe(true);
  });

  test('the cdk.json app and the Blueprints app are measured interleaved, like our AWS synth and the aws-cdk-lib reference', () => {
    const names = ['npm-run-synth', 'cdk-app', 'blueprints-app', 'blueprints-app-js', 'cdktf-app', 'aws-100', 'reference-100', 'reference-10'];
    expect(interleavedGroups(names.map((name) => ({ name }))).map((g) => g.map((c) => c.name))).toEqual([
      ['npm-run-synth'], ['cdk-app', 'blueprints-app', 'blueprints-app-js'], ['cdktf-app'], ['aws-100', 'reference-100'], ['reference-10'],
    ]);
  });

  test('the budget is issue #18\'s: the cdk.json app at most half of Blueprints\' wall time, as run and compiled', () => {
    const measured = (name: string, wallMs: number, cpuMs: number): [string, Case] =>
      [name, { name, median: { wallMs, cpuMs, maxRssMB: 150, startupMs: NaN, minWallMs: wallMs, maxWallMs: wallMs, phases: {} } } as unknown as Case];
    const result = (cases: Map<string, Case>) => evaluateBudgets(cases, BUDGETS).find((b) => b.id === 'cdk-app-vs-blueprints')!;
    expect(result(new Map([measured('cdk-app', 500, 600), measured('blueprints-app', 1100, 1300)]))).toMatchObject({ limit: 0.5, value: 0.45, status: 'PASS', cpuValue: 0.46, cpuStatus: 'PASS' });
    expect(result(new Map([measured('cdk-app', 1000, 1300), measured('blueprints-app', 1100, 1300)]))).toMatchObject({ value: 0.91, status: 'MISS' });
    expect(result(new Map([measured('cdk-app', 1000, 1300)])).status).toBe('not measured');
    const compiled = evaluateBudgets(new Map([measured('cdk-app', 1000, 1300), measured('blueprints-app-js', 1100, 1300)]), BUDGETS).find((b) => b.id === 'cdk-app-vs-blueprints-js')!;
    expect(compiled).toMatchObject({ limit: 0.5, value: 0.91, status: 'MISS', cpuValue: 1 });
  });
});
