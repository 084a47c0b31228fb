import type { Artifact } from '../artifacts';
import { ParityResult, checkParity } from '../parity';
import { registryPrefix } from '../platform/image-reference';
import { ControlsMatrix, PACKS, PolicyResult, RulePack, awsNagFindings, controlsMatrix, evaluate, kubernetesPack, summarize } from '../policy';
import type { Organization } from '../spec';
import { Output, plural } from './output';
import { LoadedOrganization } from './project';
import { Selection } from './selection';

// The gates `check`, `parity` and `report` run over synthesized artifacts. Apart from the synth pipeline, so that
// `baseline synth` loads neither the policy packs nor the parity engine.

/** The outcome of every policy pack (and, with AWS, cdk-nag and the CloudFormation validation engine). */
export interface PolicyRun {
  readonly result: PolicyResult;
  readonly matrix: ControlsMatrix;
  readonly durationMs: number;
}

/**
 * Runs every policy pack over the artifacts; with `nag`, adds the findings cdk-nag and the CloudFormation validation
 * engine recorded during the AWS synth (`synthesizeSelection` with `nag`), without building the app again.
 */
export function runPolicy(
  loaded: LoadedOrganization,
  selection: Selection,
  artifacts: readonly Artifact[],
  out: Output,
  options: { today: Date; nag: boolean },
): PolicyRun {
  const org = loaded.organization;
  const start = performance.now();
  const kubernetes = kubernetesPack({
    trustedRegistries: ({ environment, cloud }) => [registryPrefix(org, org.environments.find((e) => e.name === environment)!, cloud)],
  });
  const packs: RulePack[] = [...PACKS, kubernetes];
  let nag: ReturnType<typeof awsNagFindings> | undefined;
  if (options.nag && artifacts.some((a) => a.kind === 'cloudformation')) {
    nag = awsNagFindings(artifacts);
    out.progress(`  aws    ${'(all)'.padEnd(10)}  cdk-nag         AwsSolutions, NIST 800-53 R5 and the CloudFormation validation engine, recorded on ${plural(nag.stacks.length, 'stack')} during the synth`);
  }
  const result = evaluate(artifacts, packs, {
    exceptions: loaded.exceptions, today: options.today, extraFindings: nag?.findings, extraCoverage: nag?.coverage,
  });
  for (const env of selection.environments) {
    for (const cloud of selection.clouds.filter((c) => env[c] !== undefined)) {
      const here = result.findings.filter((f) => f.environment === env.name && f.cloud === cloud);
      const errors = here.filter((f) => f.severity === 'error' && !f.exception).length;
      out.progress(`  ${cloud.padEnd(5)}  ${env.name.padEnd(10)}  policy          ${errors === 0 ? 'no errors' : plural(errors, 'error')}, ${plural(here.length, 'finding')}`);
    }
  }
  return { result, matrix: controlsMatrix(result, artifacts), durationMs: performance.now() - start };
}

/** Environment parity of the selected environments, or undefined with fewer than two. */
export function runParity(org: Organization, selection: Selection, artifacts: readonly Artifact[]): ParityResult | undefined {
  if (selection.environments.length < 2) return undefined;
  return checkParity(org, artifacts, { environments: selection.environments.map((e) => e.name) });
}

/** The JSON form of the policy result's counts. */
export function policyCounts(result: PolicyResult) {
  return summarize(result);
}
