import { App } from 'aws-cdk-lib';
import { acme } from './org';
import { defineOrganization } from '../../lib';
import { buildAwsApp } from '../../lib/platform/aws/index';

// `npx cdk synth` / `npx cdk deploy acme-dev` (cdk.json): the AWS stacks of the example organization.
const org = defineOrganization(acme);
const app = new App({ analyticsReporting: false });
buildAwsApp(org, org.environments.filter((e) => e.aws), app);
app.synth();
