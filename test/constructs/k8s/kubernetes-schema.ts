import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Validates manifests offline against the Kubernetes OpenAPI schemas in
 * kubernetes-models and returns one problem per invalid or unknown object.
 *
 * The check runs in a child Node process: see kubernetes-schema-worker.mjs for why.
 */
export function kubernetesSchemaProblems(manifests: readonly unknown[]): string[] {
  const result = spawnSync(process.execPath, [path.join(__dirname, 'kubernetes-schema-worker.mjs')], {
    input: JSON.stringify(manifests),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`kubernetes-schema-worker.mjs exited with ${result.status}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as string[];
}
