import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { acme } from './org';
import { Cloud, defineOrganization, synthesize } from '../../lib';

/**
 * `npm run synth [-- --env prod --cloud aws --outdir out --validate --terraform-outputs tf-outputs/]`
 *
 * Synthesizes the example organization into `cdk.out/`, `cdktf.out/` and `cdk8s.out/`. aws-cdk-lib's
 * CloudFormation validation engine is off here by default because it triples synth time; the test suite runs it
 * once over every template (test/lib/platform/cloudformation-validation.test.ts). `--validate` or
 * `CDK_VALIDATION=true` turns it on.
 */
function main(): number {
  const { values } = parseArgs({
    strict: true,
    options: {
      'env': { type: 'string', multiple: true },
      'cloud': { type: 'string', multiple: true },
      'outdir': { type: 'string', default: '.' },
      'validate': { type: 'boolean', default: process.env.CDK_VALIDATION === 'true' },
      'terraform-outputs': { type: 'string' },
    },
  });
  const clouds = values.cloud as Cloud[] | undefined;
  const badCloud = clouds?.find((c) => !['aws', 'azure', 'gcp'].includes(c));
  if (badCloud) {
    console.error(`synth: --cloud "${badCloud}" is not a cloud (expected aws, azure or gcp)`);
    return 2;
  }
  const out = synthesize(defineOrganization(acme), {
    outdir: values.outdir,
    environments: values.env,
    clouds,
    cloudFormationValidation: values.validate,
    terraformOutputs: values['terraform-outputs'] ? readTerraformOutputs(values['terraform-outputs']) : undefined,
  });
  for (const [output, dir] of Object.entries(out)) console.log(`${output.padEnd(14)} ${dir}`);
  // The validation engine reports through process.exitCode.
  return process.exitCode === 1 ? 1 : 0;
}

/**
 * Reads `<dir>/<stack>.json` files written by `terraform output -json > <dir>/<stack>.json` after apply, so the
 * manifests can carry values Terraform only learns at apply (the Azure workload identities' client ids).
 */
function readTerraformOutputs(dir: string): Record<string, Record<string, string>> {
  if (!fs.existsSync(dir)) throw new Error(`synth: --terraform-outputs "${dir}" does not exist (expected a folder of <stack>.json files from terraform output -json)`);
  const outputs: Record<string, Record<string, string>> = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, { value: unknown }>;
    outputs[file.replace(/\.json$/, '')] = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v.value)]));
  }
  return outputs;
}

try {
  process.exitCode = main();
} catch (e) {
  // Bad arguments and bad specs are for people: the message, not a stack trace.
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
