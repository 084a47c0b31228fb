import { parseArgs } from 'util';
import { acme } from './org';
import { Artifact, readArtifacts, synthesizeArtifacts } from '../../lib/artifacts';
import { checkParity, formatParityReport } from '../../lib/parity';
import { defineOrganization } from '../../lib/spec';

/**
 * `npm run parity [-- --env dev --env prod --from <synth folder> --max-drifts 100]`
 *
 * Synthesizes the example organization in a temporary folder (or reads an existing synth with `--from`), compares
 * every pair of environments and prints the parity matrix and every drift. Exits 1 on drift.
 */
function main(): number {
  const { values } = parseArgs({
    strict: true,
    options: {
      'env': { type: 'string', multiple: true },
      'from': { type: 'string' },
      'max-drifts': { type: 'string', default: '50' },
    },
  });
  const org = defineOrganization(acme);
  const known = org.environments.map((e) => e.name);
  const badEnv = values.env?.find((e) => !known.includes(e));
  if (badEnv) {
    console.error(`parity: --env "${badEnv}" is not an environment of ${org.name} (expected ${known.join(', ')})`);
    return 2;
  }
  const maxDrifts = Number(values['max-drifts']);
  if (!Number.isInteger(maxDrifts) || maxDrifts < 0) {
    console.error(`parity: --max-drifts "${values['max-drifts']}" is not a whole number (expected e.g. 50)`);
    return 2;
  }

  const t0 = performance.now();
  const artifacts: Artifact[] = values.from ? readArtifacts(org, values.from) : synthesizeArtifacts(org);
  const t1 = performance.now();
  const result = checkParity(org, artifacts, { environments: values.env });
  const t2 = performance.now();

  console.log(formatParityReport(result, { maxDrifts }));
  console.log('');
  console.log(`${values.from ? 'read' : 'synth'} ${Math.round(t1 - t0)} ms, normalize + compare ${Math.round(t2 - t1)} ms (${artifacts.length} artifacts)`);
  return result.ok ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  // Bad arguments and bad specs are for people: the message, not a stack trace.
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
