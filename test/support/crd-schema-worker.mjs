// Validates manifests offline against the schemas bundled in kubernetes-models
// (core objects) and the @kubernetes-models CRD packages (Kyverno, Argo CD,
// Argo Rollouts, Prometheus Operator, Gateway API, cert-manager).
// Runs as its own Node process because these packages are ESM-only (and the
// CRD packages declare Node >= 22 while the project runs Node 20), which Jest's
// CommonJS runtime cannot load.
//
// stdin: a JSON array of manifests. stdout: a JSON array of problems, one
// string per invalid or unknown object; empty when all are valid.
import { readFileSync } from 'node:fs';

// API groups served by CRD packages rather than kubernetes-models; argoproj.io
// is shared by Argo CD (Application, AppProject, ApplicationSet) and Argo
// Rollouts (Rollout, AnalysisTemplate): the first package with the kind wins.
const CRD_PACKAGES = {
  'kyverno.io': ['@kubernetes-models/kyverno'],
  'argoproj.io': ['@kubernetes-models/argo-cd', '@kubernetes-models/argo-rollouts'],
  'monitoring.coreos.com': ['@kubernetes-models/prometheus-operator'],
  'gateway.networking.k8s.io': ['@kubernetes-models/gateway-api'],
  'cert-manager.io': ['@kubernetes-models/cert-manager'],
};

const manifests = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];
for (const manifest of manifests) {
  const where = `${manifest.apiVersion} ${manifest.kind} ${JSON.stringify(manifest.metadata?.name)}`;
  const group = String(manifest.apiVersion).includes('/') ? String(manifest.apiVersion).split('/')[0] : '';
  const roots = CRD_PACKAGES[group] ?? ['kubernetes-models'];
  let Model;
  for (const root of roots) {
    try {
      const models = await import(`${root}/${manifest.apiVersion}`);
      if (typeof models[manifest.kind] === 'function') {
        Model = models[manifest.kind];
        break;
      }
    } catch {
      // not this package's apiVersion: try the next one
    }
  }
  if (Model === undefined) {
    problems.push(`${where}: no ${roots.join(' or ')} class for kind`);
    continue;
  }
  try {
    new Model(manifest).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
