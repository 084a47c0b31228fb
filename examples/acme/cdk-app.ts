import { App } from 'aws-cdk-lib';
import { acme } from './org';
import { buildAwsApp } from '../../lib/platform/aws/index';
import { defineOrganization } from '../../lib/spec';

// `npx cdk synth` / `npx cdk deploy acme-dev` (cdk.json): the AWS stacks of the example organization.
//
// It imports the spec and the AWS entry point only, not the root barrel (which loads every engine's platform code,
// half a second of module loading). aws-cdk-lib's CloudFormation validation engine is off unless
// CDK_VALIDATION=true, as in `npm run synth`: it costs about 4.5 s of CPU and 300 MB a run (bench/README.md, case
// cdk-app-validate), and `npm run check` runs it once, with cdk-nag, over the same app. No stack trace is captured
// per construct (CDK_DEBUG=true brings them back), as in `npm run synth`.
const org = defineOrganization(acme);
const app = new App({
  analyticsReporting: false,
  builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true',
  context: { 'aws:cdk:disable-stack-trace': true, 'aws:cdk:disable-creation-stack-traces': true },
});
buildAwsApp(org, org.environments.filter((e) => e.aws), app);
app.synth();
