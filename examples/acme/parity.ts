import { parseArgs } from 'util';
import { exceptions } from './exceptions';
import { acme } from './org';
import { Artifact, readArtifacts, synthesizeArtifacts } from '../../lib/artifacts';
import { checkParity, controlGaps, describeControlGap, formatParityReport } from '../../lib/parity';
import { registryPrefix } from '../../lib/platform/image-reference';
import { controlsMatrix, evaluate, PACKS } from '../../lib/policy';
import { kubernetesPack } from '../../lib/policy/packs/kubernetes';
import { defineOrganization } from '../../lib/spec';

/**
 * `npm run parity [-- --env dev --env prod --from <synth folder> --max-drifts 100]`
 *
 * Synthesizes the example organization in a temporary folder (or reads an existing synth with `--from`), compares
 * every pair of environments and prints the parity matrix and every drift. Then cross-cloud parity: the policy
 * packs' controls matrix, where every environment on every cloud must satisfy the same controls. Exits 1 on drift
 * or on a control that fails or goes unevaluated somewhere (a pass resting on a ledger exception is only listed).
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

  // The Kubernetes pack needs the organization: each cluster may run images from its own environment's registry only.
  const kubernetes = kubernetesPack({
    trustedRegistries: ({ environment, cloud }) => [registryPrefix(org, org.environments.find((e) => e.name === environment)!, cloud)],
  });
  const checked = values.env ? artifacts.filter((a) => values.env!.includes(a.environment)) : artifacts;
  const policy = evaluate(checked, [...PACKS, kubernetes], { exceptions, today: new Date() });
  const gaps = controlGaps(controlsMatrix(policy, checked));
  const t3 = performance.now();

  console.log(formatParityReport(result, { maxDrifts }));
  console.log('');
  const failing = gaps.filter((g) => g.status !== 'excepted');
  console.log(failing.length === 0
    ? 'Cross-cloud parity: every environment on every cloud satisfies the same controls.'
    : `Cross-cloud parity: ${failing.length} control gap${failing.length === 1 ? '' : 's'}:`);
  for (const g of failing) console.log(`  ${describeControlGap(g)}`);
  const excepted = gaps.filter((g) => g.status === 'excepted');
  if (excepted.length > 0) console.log(`Passing only by exception (see the ledger):\n${excepted.map((g) => `  ${describeControlGap(g)}`).join('\n')}`);
  console.log('');
  console.log(`${values.from ? 'read' : 'synth'} ${Math.round(t1 - t0)} ms, normalize + compare ${Math.round(t2 - t1)} ms, controls ${Math.round(t3 - t2)} ms (${artifacts.length} artifacts)`);
  return result.ok && failing.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  // Bad arguments and bad specs are for people: the message, not a stack trace.
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
