import { App } from 'cdktf';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';
import { EnvironmentAzureStack } from './azure-stack';
import { EnvironmentGcpStack } from './gcp-stack';
import type { SynthesisProgress } from './synthesize';

/** One Terraform stack to build. */
export interface TerraformTarget {
  readonly env: Environment;
  readonly cloud: 'azure' | 'gcp';
}

/** Builds the Terraform stacks `<org>-<env>-azure` and `<org>-<env>-gcp` into a cdktf app. */
export function buildTerraformApp(org: Organization, targets: readonly TerraformTarget[], app: App): void {
  for (const { env, cloud } of targets) {
    const id = naming.terraformStack(org.name, env.name, cloud);
    if (cloud === 'azure') new EnvironmentAzureStack(app, id, { organization: org, environment: env });
    else new EnvironmentGcpStack(app, id, { organization: org, environment: env });
  }
}

/** Writes `stacks/<stack>/cdk.tf.json` under `outdir` and returns it. */
export function synthesizeTerraform(
  org: Organization,
  targets: readonly TerraformTarget[],
  outdir: string,
  onProgress?: (event: SynthesisProgress) => void,
): string {
  const app = new App({ outdir, skipValidation: false, hclOutput: false });
  for (const target of targets) {
    const start = performance.now();
    buildTerraformApp(org, [target], app);
    onProgress?.({ output: 'terraform', cloud: target.cloud, environment: target.env.name, count: 1, durationMs: performance.now() - start });
  }
  const start = performance.now();
  app.synth();
  for (const cloud of [...new Set(targets.map((t) => t.cloud))]) {
    onProgress?.({ output: 'terraform', cloud, count: targets.filter((t) => t.cloud === cloud).length, durationMs: performance.now() - start });
  }
  return outdir;
}
