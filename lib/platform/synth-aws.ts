import { App } from 'aws-cdk-lib';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';
import { EnvironmentAwsStack } from './aws-stack';

/** Builds the AWS app: one stack per environment. */
export function buildAwsApp(org: Organization, environments: readonly Environment[], app: App): EnvironmentAwsStack[] {
  return environments.map((environment) => new EnvironmentAwsStack(app, naming.awsStack(org.name, environment.name), {
    organization: org,
    environment,
  }));
}

/** Writes the cloud assembly to `outdir` and returns it. */
export function synthesizeAws(org: Organization, environments: readonly Environment[], outdir: string, validation: boolean): string {
  const app = new App({ outdir, analyticsReporting: false, builtinCloudFormationValidation: validation });
  buildAwsApp(org, environments, app);
  app.synth();
  return outdir;
}
