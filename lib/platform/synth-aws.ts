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

/** Options of {@link synthesizeAws}. */
export interface SynthesizeAwsOptions {
  /** aws-cdk-lib's built-in CloudFormation validation. Ignored with `nag`, which runs the engine itself. */
  readonly validation: boolean;
  /**
   * Runs cdk-nag and the CloudFormation validation engine during the synth and records their findings per stack
   * in the assembly.
   * @default false
   */
  readonly nag?: boolean;
  /**
   * Changes the app after it is built and before it is synthesized: for tests of variants (a suppression withdrawn,
   * a resource added) that must be checked exactly like the real app.
   * @default - none
   */
  readonly beforeSynth?: (app: App) => void;
  /** @default - no progress reported */
  readonly onProgress?: (event: SynthesisProgress) => void;
}

/** Writes the cloud assembly to `outdir` and returns it. */
export function synthesizeAws(org: Organization, environments: readonly Environment[], outdir: string, options: SynthesizeAwsOptions): string {
  const { onProgress } = options;
  // cdk-nag and its rules load only when asked for (a second of module loading).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validation = options.nag ? require('./private/aws-validation') as typeof import('./private/aws-validation') : undefined;
  // The validation engine's thread builds the engine while the app is built.
  const engine = validation ? new validation.ThreadedCloudFormationValidation() : undefined;
  try {
    const app = new App({
      outdir,
      analyticsReporting: false,
      builtinCloudFormationValidation: options.validation && !validation,
      context: {
        // Without it aws-cdk-lib reports the validation engine's errors as warnings, so a broken template would pass.
        ...validation ? { ...validation.AWS_VALIDATION_CONTEXT } : { '@aws-cdk/core:validateAgainstDefaultRules': true },
        // No stack trace per construct and per metadata entry in the assembly (as the cdk CLI's default): capturing
        // them was about a tenth of the AWS synth, and they wrote this machine's absolute paths into the output.
        // CDK_DEBUG=true brings them back.
        'aws:cdk:disable-stack-trace': true,
        'aws:cdk:disable-creation-stack-traces': true,
      },
    });
    for (const environment of environments) {
      const start = performance.now();
      const before = stackCount(app);
      buildAwsApp(org, [environment], app);
      onProgress?.({ output: 'cloudFormation', cloud: 'aws', environment: environment.name, count: stackCount(app) - before, durationMs: performance.now() - start });
    }
    options.beforeSynth?.(app);
    if (validation) validation.addAwsValidators(app, engine);
    const start = performance.now();
    app.synth();
    validation?.recordAwsValidation(app, outdir);
    onProgress?.({ output: 'cloudFormation', cloud: 'aws', count: stackCount(app), durationMs: performance.now() - start });
  } finally {
    // Ends the engine's thread if the synth stopped before validating (a construct that failed validation).
    engine?.dispose();
  }
  return outdir;
}

function stackCount(app: App): number {
  return app.node.children.filter((c) => Stack.isStack(c)).length;
}
