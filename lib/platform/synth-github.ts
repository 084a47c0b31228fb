import * as path from 'path';
import { App } from 'cdktf';
import { validateApp } from '../../core/validation';
import type { Organization } from '../spec';
import { GitHubSettingsStack, gitHubStackName } from './github-stack';

/** Writes the `<org>-github` stack to `<outdir>/stacks/<org>-github/cdk.tf.json` and returns the stack's folder. */
export function synthesizeGitHub(org: Organization, outdir: string): string {
  // Validated once, by validateApp, as in synthesizeTerraform.
  const app = new App({ outdir, skipValidation: true, hclOutput: false });
  new GitHubSettingsStack(app, gitHubStackName(org), { organization: org });
  validateApp(app);
  app.synth();
  return path.join(outdir, 'stacks', gitHubStackName(org));
}
