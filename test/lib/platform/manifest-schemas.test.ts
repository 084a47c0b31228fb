import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, withReleases, type Cloud } from '../../../lib';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { crdSchemaProblems } from '../../support/crd-schema';

// Every object of every chart of every cluster, as Argo CD would apply it, against the Kubernetes OpenAPI schemas and
// the CRD schemas of the add-ons it belongs to (issue #14: "every manifest validates against its CRD schema").
// A release with a commit time is included, so the Rollouts carry the lead-time annotation too.
const org = defineOrganization(withReleases(acme, { 'payments-api': { version: 'v1.4.2', committedAt: '2026-12-01T08:30:00Z' } }));
const CLOUDS: readonly Cloud[] = ['aws', 'azure', 'gcp'];
const targets = org.environments.flatMap((env) => CLOUDS.map((cloud) => ({ env, cloud })));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-schemas-'));
synthesizeKubernetes(org, targets, outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function manifestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? manifestFiles(file) : e.name.endsWith('.k8s.yaml') ? [file] : [];
  });
}
const objects = manifestFiles(outdir).flatMap((file) => parseAllDocuments(fs.readFileSync(file, 'utf-8')).map((d) => d.toJSON()).filter((o) => o !== null));

/** Kinds no typed model exists for on npm, each with where its fields are checked instead. */
const UNTYPED: Record<string, string> = {
  'gateway.envoyproxy.io/v1alpha1 EnvoyProxy': 'test/lib/platform/cluster-ingress.test.ts pins its fields',
  'cilium.io/v2 CiliumNetworkPolicy': 'test/constructs/k8s/fqdn-egress-policy.test.ts pins its fields',
};

describe('the Kubernetes manifests of every cluster of the organization', () => {
  test('every object validates against its schema: Kubernetes OpenAPI or the CRD of its add-on', () => {
    const typed = objects.filter((o) => UNTYPED[`${o.apiVersion} ${o.kind}`] === undefined);
    expect(crdSchemaProblems(typed)).toEqual([]);
  });

  test('the check covers the delivery objects and leaves out only the kinds listed as untyped', () => {
    const kinds = new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`));
    for (const kind of ['argoproj.io/v1alpha1 Rollout', 'argoproj.io/v1alpha1 AnalysisTemplate', 'argoproj.io/v1alpha1 Application',
      'argoproj.io/v1alpha1 AppProject', 'argoproj.io/v1alpha1 ApplicationSet', 'monitoring.coreos.com/v1 PrometheusRule']) {
      expect(kinds).toContain(kind);
    }
    // Each exception is still made (the list does not outlive its reason), and they are a small part of the whole.
    for (const kind of Object.keys(UNTYPED)) expect(kinds).toContain(kind);
    const untyped = objects.filter((o) => UNTYPED[`${o.apiVersion} ${o.kind}`] !== undefined);
    expect(untyped.length).toBeLessThan(objects.length / 50);
  });
});
