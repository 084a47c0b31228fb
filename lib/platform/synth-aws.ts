import { App, Stack } from 'aws-cdk-lib';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';
import { EnvironmentDrStack } from './aws-dr-stack';
import { EnvironmentAwsStack } from './aws-stack';
import { EnvironmentTeamStack } from './aws-team-stack';
import type { SynthesisProgress } from './synthesize';

/**
 * Builds the AWS app. Per environment: the environment stack `<org>-<env>` (network, cluster, registry settings),
 * one stack per team `<org>-<env>-team-<team>` (repositories, workload identities) that depends on it, and with a
 * DR region the stack `<org>-<env>-dr` there.
 */
export function buildAwsApp(org: Organization, environments: readonly Environment[], app: App): EnvironmentAwsStack[] {
  return environments.map((environment) => {
    const stack = new EnvironmentAwsStack(app, naming.awsStack(org.name, environment.name), { organization: org, environment });
    for (const team of org.teams) {
      new EnvironmentTeamStack(app, naming.awsTeamStack(org.name, environment.name, team.name), {
        organization: org,
        environment,
        team,
        cluster: stack.cluster,
      });
    }
    if (environment.aws?.drRegion) {
      new EnvironmentDrStack(app, naming.awsDrStack(org.name, environment.name), { organization: org, environment });
    }
    return stack;
  });
}

/** Writes the cloud assembly to `outdir` and returns it. */
export function synthesizeAws(
  org: Organization,
  environments: readonly Environment[],
  outdir: string,
  validation: boolean,
  onProgress?: (event: SynthesisProgress) => void,
): string {
  const app = new App({
    outdir,
    analyticsReporting: false,
    builtinCloudFormationValidation: validation,
    // Without it aws-cdk-lib reports the validation engine's errors as warnings, so a broken template would pass.
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  for (const environment of environments) {
    const start = performance.now();
    const before = stackCount(app);
    buildAwsApp(org, [environment], app);
    onProgress?.({ output: 'cloudFormation', cloud: 'aws', environment: environment.name, count: stackCount(app) - before, durationMs: performance.now() - start });
  }
  const start = performance.now();
  app.synth();
  onProgress?.({ output: 'cloudFormation', cloud: 'aws', count: stackCount(app), durationMs: performance.now() - start });
  return outdir;
}

function stackCount(app: App): number {
  return app.node.children.filter((c) => Stack.isStack(c)).length;
}
