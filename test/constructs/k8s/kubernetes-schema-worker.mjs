// Validates Kubernetes manifests against the OpenAPI schemas bundled in
// kubernetes-models. Runs as its own Node process because kubernetes-models v5
// is ESM-only (its package exports have only an "import" condition), which
// Jest's CommonJS runtime cannot load.
//
// stdin: a JSON array of manifests. stdout: a JSON array of problems, one
// string per invalid or unknown object; empty when all are valid.
import { readFileSync } from 'node:fs';

const manifests = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const manifest of manifests) {
  const where = `${manifest.apiVersion} ${manifest.kind} ${JSON.stringify(manifest.metadata?.name)}`;
  // Core objects live under kubernetes-models/v1, grouped ones under
  // kubernetes-models/<group>/<version>.
  let models;
  try {
    models = await import(`kubernetes-models/${manifest.apiVersion}`);
  } catch {
    problems.push(`${where}: no kubernetes-models module for apiVersion`);
    continue;
  }
  const Model = models[manifest.kind];
  if (typeof Model !== 'function') {
    problems.push(`${where}: no kubernetes-models class for kind`);
    continue;
  }
  try {
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
