// Validates manifests offline against the schemas bundled in kubernetes-models
// (core objects) and the @kubernetes-models CRD packages (Kyverno, Argo CD).
// Runs as its own Node process because these packages are ESM-only (and the
// CRD packages declare Node >= 22 while the project runs Node 20), which Jest's
// CommonJS runtime cannot load.
//
// stdin: a JSON array of manifests. stdout: a JSON array of problems, one
// string per invalid or unknown object; empty when all are valid.
import { readFileSync } from 'node:fs';

// API groups served by a CRD package rather than kubernetes-models.
const CRD_PACKAGES = {
  'kyverno.io': '@kubernetes-models/kyverno',
  'argoproj.io': '@kubernetes-models/argo-cd',
};

const manifests = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const manifest of manifests) {
  const where = `${manifest.apiVersion} ${manifest.kind} ${JSON.stringify(manifest.metadata?.name)}`;
  const group = String(manifest.apiVersion).includes('/') ? String(manifest.apiVersion).split('/')[0] : '';
  const root = CRD_PACKAGES[group] ?? 'kubernetes-models';
  let models;
  try {
    models = await import(`${root}/${manifest.apiVersion}`);
  } catch {
    problems.push(`${where}: no ${root} module for apiVersion`);
    continue;
  }
  const Model = models[manifest.kind];
  if (typeof Model !== 'function') {
    problems.push(`${where}: no ${root} class for kind`);
    continue;
  }
  try {
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
