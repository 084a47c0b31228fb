import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Validates manifests offline against the OpenAPI schemas of kubernetes-models and the CRD schemas of
 * `@kubernetes-models/kyverno`, `@kubernetes-models/argo-cd` and `@kubernetes-models/argo-rollouts`; returns one problem per invalid or unknown object.
 *
 * One child process per call (see crd-schema-worker.mjs for why): validate everything a test file needs at once.
 */
export function crdSchemaProblems(manifests: readonly unknown[]): string[] {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'crd-schema-worker.mjs')], {
    input: JSON.stringify(manifests),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`crd-schema-worker.mjs exited with ${result.status}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as string[];
}
