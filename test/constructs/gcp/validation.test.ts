import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { AzureLogAnalyticsWorkspace } from '../../../constructs/azure';
import { GcpNetwork, validateApp } from '../../../constructs/gcp';
import { synthProblems } from '../../support/validation';

/** An app with two stacks, each holding one construct with a bad prop, as a team would write it. */
function brokenApp(): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-validation-')) });
  const gcp = new TerraformStack(app, 'team-gcp');
  new GoogleProvider(gcp, 'google', { project: 'acme-dev-1234', region: 'europe-west1' });
  new GcpNetwork(gcp, 'Network', { namePrefix: 'acme-dev', project: 'acme-dev-1234', region: 'europe-west1', nodesCidr: '10.20.0.0/33', podsCidr: '10.24.0.0/14', servicesCidr: '10.20.16.0/20' });
  const azure = new TerraformStack(app, 'team-azure');
  new AzurermProvider(azure, 'azurerm', { features: [{}] });
  new AzureLogAnalyticsWorkspace(azure, 'Logs', { namePrefix: 'acme-dev', location: 'westeurope', resourceGroupName: 'rg-acme-dev', retentionDays: 7 });
  return app;
}

const GCP_PROBLEM = '[team-gcp/Network] GcpNetwork: nodesCidr "10.20.0.0/33" is not an IPv4 CIDR (expected like 10.20.0.0/20)';
const AZURE_PROBLEM = '[team-azure/Logs] AzureLogAnalyticsWorkspace: retentionDays 7 is out of range (expected a whole number from 30 to 730)';

describe('construct problems of a cdktf app', () => {
  test('validateApp reports the broken constructs of every stack at once, each under its path', () => {
    // GIVEN two stacks, each with a broken construct (building them did not throw)
    const app = brokenApp();
    // WHEN / THEN
    expect(synthProblems(() => validateApp(app))).toEqual([GCP_PROBLEM, AZURE_PROBLEM]);
  });

  test('cdktf\'s own app.synth() validates stack by stack: it stops at the first broken stack', () => {
    // GIVEN the same app WHEN cdktf synthesizes it THEN only the first stack's problems are listed, which is why
    // validateApp exists (and why the platform calls it before every Terraform synth)
    expect(synthProblems(() => brokenApp().synth())).toEqual([GCP_PROBLEM]);
  });
});
