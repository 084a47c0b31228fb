import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import type { Cloud, Environment, Organization } from '../spec';
import { EnvironmentBaselineChart } from './kubernetes-chart';

/** One cluster's manifests to build. */
export interface KubernetesTarget {
  readonly env: Environment;
  readonly cloud: Cloud;
}

/** Writes `<env>/<cloud>/baseline.k8s.yaml` under `outdir` for each target and returns `outdir`. */
export function synthesizeKubernetes(org: Organization, targets: readonly KubernetesTarget[], outdir: string): string {
  for (const { env, cloud } of targets) {
    const app = new App({ outdir: path.join(outdir, env.name, cloud), yamlOutputType: YamlOutputType.FILE_PER_CHART });
    new EnvironmentBaselineChart(app, 'baseline', { organization: org, environment: env, cloud });
    app.synth();
  }
  return outdir;
}
