import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { exceptions } from './exceptions';
import { acme } from './org';
import { Cloud, defineOrganization, synthesize } from '../../lib';
import { readArtifacts, synthesizeArtifacts } from '../../lib/artifacts';
import { checkParity, formatParityReport } from '../../lib/parity';
import { registryPrefix } from '../../lib/platform/image-reference';
import { awsNagFindings, controlsMatrix, evaluate, PACKS, renderControlsMatrix, renderJsonReport, renderTable, RulePack, summaryLine } from '../../lib/policy';
import { kubernetesPack } from '../../lib/policy/packs/kubernetes';

/**
 * `npm run check [-- --env prod --cloud azure --outdir out --report policy-report.json --today 2026-01-31]`
 *
 * Synthesizes the example organization (into a temporary folder, or into `--outdir` to keep the output), runs every
 * policy pack over it, prints the findings and the controls matrix, writes the JSON report, then checks environment
 * parity on the same output. Exits 1 when an error is not covered by an exception, the exceptions ledger has a
 * problem, or environments drift; 0 otherwise.
 */
function main(): number {
  const { values } = parseArgs({
    strict: true,
    options: {
      env: { type: 'string', multiple: true },
      cloud: { type: 'string', multiple: true },
      outdir: { type: 'string' },
      report: { type: 'string', default: 'policy-report.json' },
      today: { type: 'string' },
    },
  });
  const clouds = values.cloud as Cloud[] | undefined;
  const badCloud = clouds?.find((c) => !['aws', 'azure', 'gcp'].includes(c));
  if (badCloud) {
    console.error(`check: --cloud "${badCloud}" is not a cloud (expected aws, azure or gcp)`);
    return 2;
  }
  const today = values.today === undefined ? new Date() : new Date(`${values.today}T00:00:00Z`);
  // Round-tripping rejects both non-dates and rolled-over days such as 2026-02-30.
  if (values.today !== undefined && (Number.isNaN(today.getTime()) || today.toISOString().slice(0, 10) !== values.today)) {
    console.error(`check: --today "${values.today}" is not a date (expected YYYY-MM-DD)`);
    return 2;
  }

  const org = defineOrganization(acme);
  const options = { environments: values.env, clouds };
  const artifacts = values.outdir === undefined ? synthesizeArtifacts(org, options) : synthesizeInto(values.outdir);

  function synthesizeInto(outdir: string) {
    synthesize(org, { ...options, cloudFormationValidation: false, outdir });
    return readArtifacts(org, outdir);
  }

  // The Kubernetes pack needs the organization: each cluster may run images from its own environment's registry only.
  const kubernetes = kubernetesPack({
    trustedRegistries: ({ environment, cloud }) => [registryPrefix(org, org.environments.find((e) => e.name === environment)!, cloud)],
  });
  const packs: RulePack[] = [...PACKS, kubernetes];
  // cdk-nag and the CloudFormation validation engine check the AWS construct tree, so the AWS app is built once more.
  const nag = (clouds ?? ['aws']).includes('aws') ? awsNagFindings(org, { environments: values.env }) : undefined;
  const result = evaluate(artifacts, packs, { exceptions, today, extraFindings: nag?.findings, extraCoverage: nag?.coverage });
  const matrix = controlsMatrix(result, artifacts);
  console.log(renderTable(result));
  console.log('');
  console.log(renderControlsMatrix(matrix));
  console.log('');
  fs.mkdirSync(path.dirname(path.resolve(values.report)), { recursive: true });
  fs.writeFileSync(values.report, renderJsonReport(result, matrix));
  if (nag) console.log(`cdk-nag and CloudFormation validation: ${nag.stacks.length} AWS stacks in ${(nag.durationMs / 1000).toFixed(1)} s`);
  console.log(`${summaryLine(result)} (${artifacts.length} artifacts; report: ${values.report})`);

  // Environment parity on the same artifacts: a change that weakens one environment only is drift.
  const environments = values.env ?? org.environments.map((e) => e.name);
  let parityOk = true;
  if (environments.length > 1) {
    const parity = checkParity(org, artifacts, { environments });
    parityOk = parity.ok;
    console.log('');
    console.log(formatParityReport(parity, { maxDrifts: 20 }));
  }
  return result.passed && parityOk ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  // Bad arguments and bad specs are for people: the message, not a stack trace.
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
