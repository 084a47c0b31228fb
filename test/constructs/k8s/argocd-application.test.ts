import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication, type ArgoCdApplicationProps } from '../../../constructs/k8s/argocd-application';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf } from '../../support/k8s';

const LABELS = { 'owner': 'platform-team', 'cost-center': 'cc-1001', 'environment': 'prod', 'data-classification': 'internal' };

function props(overrides: Partial<ArgoCdApplicationProps> = {}): ArgoCdApplicationProps {
  return {
    name: 'kyverno',
    repoUrl: 'https://kyverno.github.io/kyverno/',
    chart: 'kyverno',
    chartVersion: '3.7.2',
    namespace: 'kyverno',
    values: { admissionController: { replicas: 3 } },
    syncWave: -10,
    labels: LABELS,
    namespaceLabels: LABELS,
    ...overrides,
  };
}

function synth(p: ArgoCdApplicationProps = props(), chart: Chart = Testing.chart()): any {
  new ArgoCdApplication(chart, 'Kyverno', p);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  return manifests[0];
}

/** The problems the synth reports for an Application built with `p` (building it never throws). */
function error(p: ArgoCdApplicationProps): string {
  return chartProblemsOf('Kyverno', (chart) => new ArgoCdApplication(chart, 'Kyverno', p));
}

describe('ArgoCdApplication', () => {
  test('the Application is the Resource child, named after the add-on in the argocd namespace', () => {
    // GIVEN a chart with an Application  WHEN synthesized
    const chart = Testing.chart();
    const app = new ArgoCdApplication(chart, 'Kyverno', props());
    const [manifest] = Testing.synth(chart);
    // THEN the id and object identity are pinned
    expect(app.node.findChild('Resource')).toBe(app.apiObject);
    expect([manifest.apiVersion, manifest.kind, manifest.metadata.namespace, manifest.metadata.name])
      .toEqual(['argoproj.io/v1alpha1', 'Application', 'argocd', 'kyverno']);
  });

  test('source is the pinned Helm chart with its values', () => {
    expect(synth().spec.source).toEqual({
      repoURL: 'https://kyverno.github.io/kyverno/',
      chart: 'kyverno',
      targetRevision: '3.7.2',
      helm: { releaseName: 'kyverno', valuesObject: { admissionController: { replicas: 3 } } },
    });
  });

  test('destination is the add-on namespace in the cluster Argo CD runs in', () => {
    expect(synth().spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'kyverno' });
    expect(synth().spec.project).toBe('default');
  });

  test('sync is automated with prune and self-heal, creates the namespace and applies server-side', () => {
    expect(synth().spec.syncPolicy).toEqual({
      automated: { enabled: true, prune: true, selfHeal: true },
      syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
      managedNamespaceMetadata: { labels: LABELS },
    });
  });

  test('autoSync false: the Application waits for a manual sync, keeping the same shape', () => {
    expect(synth(props({ autoSync: false })).spec.syncPolicy.automated).toEqual({ enabled: false, prune: true, selfHeal: true });
  });

  test('finalizer, sync wave and labels', () => {
    const { metadata } = synth();
    expect(metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
    expect(metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-10' });
    expect(metadata.labels).toEqual(LABELS);
  });

  test('defaults: wave 0, no values, no namespace metadata', () => {
    const manifest = synth(props({ syncWave: undefined, values: undefined, namespaceLabels: undefined }));
    expect(manifest.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(manifest.spec.source.helm.valuesObject).toEqual({});
    expect(manifest.spec.syncPolicy.managedNamespaceMetadata).toBeUndefined();
  });

  test('every problem of the props is reported at once', () => {
    // GIVEN a range version, an http repository, an empty chart, a bad namespace and a fractional wave
    expect(error(props({ name: 'Kyverno', repoUrl: 'http://kyverno.github.io', chart: '', chartVersion: '^3.7.2', namespace: 'kyverno system', syncWave: 0.5 }))).toBe([
      'ArgoCdApplication "Kyverno": name "Kyverno" is not a DNS subdomain (expected lowercase letters, digits, \'-\' or \'.\', like kyverno)',
      'ArgoCdApplication "Kyverno": repoUrl "http://kyverno.github.io" is not an https or oci URL (expected like https://kyverno.github.io/kyverno/ or oci://docker.io/envoyproxy)',
      'ArgoCdApplication "Kyverno": chart "" is empty (expected the chart name, like kyverno)',
      'ArgoCdApplication "Kyverno": chartVersion "^3.7.2" is not an exact version (expected like 3.7.2, never a range, * or latest)',
      'ArgoCdApplication "Kyverno": namespace "kyverno system" is not a DNS label (expected like kyverno)',
      'ArgoCdApplication "Kyverno": syncWave 0.5 is not an integer (expected like -10)',
    ].join('\n'));
  });

  test.each(['*', 'latest', '~3.7.2', '3.7', 'v3.7', 'vv3.7.2', '>=3.0.0'])('chartVersion %s is rejected', (chartVersion) => {
    expect(error(props({ chartVersion }))).toBe(
      `ArgoCdApplication "kyverno": chartVersion ${JSON.stringify(chartVersion)} is not an exact version (expected like 3.7.2, never a range, * or latest)`,
    );
  });

  test('a chart from an OCI registry is an OCI source: the chart\'s own path, "." inside it, the exact tag', () => {
    // GIVEN a chart published only to a registry, with a version that carries a "v"
    const manifest = synth(props({ repoUrl: 'oci://docker.io/envoyproxy', chart: 'gateway-helm', chartVersion: 'v1.6.0' }));
    // THEN Argo CD (3.1+) pulls docker.io/envoyproxy/gateway-helm:v1.6.0 and renders it with Helm
    expect(manifest.spec.source).toEqual({
      repoURL: 'oci://docker.io/envoyproxy/gateway-helm',
      path: '.',
      targetRevision: 'v1.6.0',
      helm: { releaseName: 'kyverno', valuesObject: expect.any(Object) },
    });
    expect(manifest.spec.source.chart).toBeUndefined();
  });

  test('the Application validates against the Argo CD CRD schema', () => {
    expect(crdSchemaProblems([
      synth(), synth(props({ values: undefined, namespaceLabels: undefined })),
      synth(props({ repoUrl: 'oci://docker.io/envoyproxy', chart: 'gateway-helm', chartVersion: 'v1.6.0' })),
    ])).toEqual([]);
  });
});
