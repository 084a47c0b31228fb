import { App } from 'cdktf';
import { acme } from './org';
import { defineOrganization } from '../../lib';
import { buildTerraformApp } from '../../lib/platform/terraform/index';

// `npx cdktf synth` / `npx cdktf deploy acme-dev-azure` (cdktf.json): the Terraform stacks of the example organization.
const org = defineOrganization(acme);
const app = new App();
buildTerraformApp(org, org.environments.flatMap((env) => [
  ...(env.azure ? [{ env, cloud: 'azure' as const }] : []),
  ...(env.gcp ? [{ env, cloud: 'gcp' as const }] : []),
]), app);
app.synth();
