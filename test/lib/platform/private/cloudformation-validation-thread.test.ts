import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CloudFormationValidatePlugin, IPolicyValidationContext } from 'aws-cdk-lib';
import { ThreadedCloudFormationValidation } from '../../../../lib/platform/private/cloudformation-validation-thread';

/*
 * `ThreadedCloudFormationValidation` runs aws-cdk-lib's CloudFormation validation plugin on a worker thread. It is an
 * optimization only: the report must be the plugin's own, on every path (the worker thread when the library runs
 * compiled, this thread from TypeScript sources), and a failure must read as the plugin's failure.
 */
const ROOT = path.join(__dirname, '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compiled = require(path.join(ROOT, 'bin', 'compiled.js')) as { CACHE: string; compileSources(): number; twinOf(source: string): string };

jest.setTimeout(300_000);

let tmp: string;
let context: Omit<IPolicyValidationContext, 'appConstruct'>;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validation-thread-'));
  // GIVEN two templates the engine has findings on (a property of the wrong type, an unknown property)
  const templates = [
    { Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 5, Colour: 'blue' } } } },
    { Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 'soon' } } } },
  ].map((template, i) => {
    const templatePath = path.join(tmp, `stack-${i}.template.json`);
    fs.writeFileSync(templatePath, JSON.stringify(template, undefined, 1));
    return { stackConstructPath: `stack-${i}`, templatePath, accountId: '111111111111', region: 'eu-west-1' };
  });
  context = { templatePaths: templates.map((t) => t.templatePath), stackTemplates: templates };
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The report of aws-cdk-lib's plugin, run as aws-cdk-lib runs it. */
const pluginReport = (c: Omit<IPolicyValidationContext, 'appConstruct'>) => new CloudFormationValidatePlugin().validate(c as IPolicyValidationContext);

/** Runs the compiled class in a fresh process and returns what it reported, and whether this thread loaded the engine. */
function compiledRun(c: Omit<IPolicyValidationContext, 'appConstruct'>) {
  compiled.compileSources();
  const module = compiled.twinOf(path.join(ROOT, 'lib', 'platform', 'private', 'cloudformation-validation-thread.ts'));
  const script = `
    const { ThreadedCloudFormationValidation } = require(${JSON.stringify(module)});
    const v = new ThreadedCloudFormationValidation();
    v.start(${JSON.stringify(c)});
    let out;
    try { out = { name: v.name, report: v.validate(${JSON.stringify(c)}), version: v.version }; } catch (e) { out = { error: e.message }; }
    out.engineOnMainThread = Object.keys(require.cache).some((m) => m.includes('cloudformation-validate/bindings_wasm'));
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

test('compiled, the engine runs on its own thread and reports exactly what the plugin reports', () => {
  // WHEN
  const threaded = compiledRun(context);
  const expected = pluginReport(context);

  // THEN
  expect(expected.violations.length).toBeGreaterThan(1);
  expect(threaded.report).toEqual(JSON.parse(JSON.stringify(expected)));
  expect(threaded.name).toBe(CloudFormationValidatePlugin.PLUGIN_NAME);
  expect(threaded.version).toBe(new CloudFormationValidatePlugin().version);
  expect(threaded.engineOnMainThread).toBe(false);
});

test('compiled, a template that cannot be read fails with the plugin\'s own error', () => {
  // GIVEN
  const missing = path.join(tmp, 'missing.template.json');
  const broken = { templatePaths: [missing], stackTemplates: [{ stackConstructPath: 'missing', templatePath: missing, accountId: '111111111111', region: 'eu-west-1' }] };
  let expected: string | undefined;
  try {
    pluginReport(broken);
  } catch (e: any) {
    expected = e.message;
  }

  // THEN
  expect(expected).toMatch(/ENOENT/);
  expect(compiledRun(broken)).toEqual({ error: expected, engineOnMainThread: false });
});

test('from TypeScript sources (no compiled worker script) the plugin runs on this thread', () => {
  // WHEN
  const validation = new ThreadedCloudFormationValidation();
  const report = validation.validate(context as IPolicyValidationContext);

  // THEN
  expect(report).toEqual(pluginReport(context));
  expect(validation.version).toBe(new CloudFormationValidatePlugin().version);
  expect(validation.ruleIds).toEqual(new CloudFormationValidatePlugin().ruleIds);
});
