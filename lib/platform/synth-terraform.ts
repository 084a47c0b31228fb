import { App } from 'cdktf';
import { validateApp } from '../../core/validation';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';
import { loadEngine } from './private/engine';
import type { SynthesisProgress } from './synthesize';

/** One Terraform stack to build. */
export interface TerraformTarget {
  readonly env: Environment;
  readonly cloud: 'azure' | 'gcp';
}

/**
 * Builds the Terraform stacks `<org>-<env>-azure` and `<org>-<env>-gcp` into a cdktf app. Each cloud's provider
 * loads only when a stack of that cloud is built, so a GCP-only organization needs no azurerm provider installed.
 */
export function buildTerraformApp(org: Organization, targets: readonly TerraformTarget[], app: App): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  for (const { env, cloud } of targets) {
    const id = naming.terraformStack(org.name, env.name, cloud);
    if (cloud === 'azure') {
      const { EnvironmentAzureStack } = loadEngine('the Azure stack', ['@cdktf/provider-azurerm'], () => require('./azure-stack') as typeof import('./azure-stack'));
      new EnvironmentAzureStack(app, id, { organization: org, environment: env });
    } else {
      const { EnvironmentGcpStack } = loadEngine('the Google Cloud stack', ['@cdktf/provider-google'], () => require('./gcp-stack') as typeof import('./gcp-stack'));
      new EnvironmentGcpStack(app, id, { organization: org, environment: env });
    }
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Writes `stacks/<stack>/cdk.tf.json` under `outdir` and returns it. */
export function synthesizeTerraform(
  org: Organization,
  targets: readonly TerraformTarget[],
  outdir: string,
  onProgress?: (event: SynthesisProgress) => void,
): string {
  // validateApp below runs every construct's validations over the whole app, so cdktf's own pass at synth is off:
  // it would run them all a second time, and add one of its own to each stack with a moved block, running
  // `terraform version` in a shell: 0.1-0.4 s per synth, and a synth that fails where no terraform is on the PATH
  // (Terraform's version belongs to the run that applies the stack, not to the synth that writes it).
  const app = new App({ outdir, skipValidation: true, hclOutput: false });
  for (const target of targets) {
    const start = performance.now();
    buildTerraformApp(org, [target], app);
    onProgress?.({ output: 'terraform', cloud: target.cloud, environment: target.env.name, count: 1, durationMs: performance.now() - start });
  }
  const start = performance.now();
  // cdktf validates stack by stack and stops at the first broken one: report every broken construct at once.
  validateApp(app);
  app.synth();
  for (const cloud of [...new Set(targets.map((t) => t.cloud))]) {
    onProgress?.({ output: 'terraform', cloud, count: targets.filter((t) => t.cloud === cloud).length, durationMs: performance.now() - start });
  }
  return outdir;
}
