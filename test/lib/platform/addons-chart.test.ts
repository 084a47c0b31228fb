import { Testing } from 'cdk8s';
import { acme } from '../../../examples/acme/org';
import { ADDON_CATALOG, addonsFor, KYVERNO_ADDON, type Addon } from '../../../lib/addons';
import { EnvironmentAddonsChart, type EnvironmentAddonsChartProps } from '../../../lib/platform/addons-chart';
import { kubernetesPack } from '../../../lib/policy/packs/kubernetes';
import { defineOrganization, MANDATORY_TAG_KEYS } from '../../../lib/spec';
import { BASELINE_PRIORITY_CLASSES, PLATFORM_PRIORITY_CLASS } from '../../../lib/standards';
import { crdSchemaProblems } from '../../support/crd-schema';

const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;
const REGISTRY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/';

function props(overrides: Partial<EnvironmentAddonsChartProps> = {}): EnvironmentAddonsChartProps {
  return { organization: org, environment: prod, cloud: 'aws', trustedRegistries: [REGISTRY], ...overrides };
}

function synth(p: EnvironmentAddonsChartProps = props()): any[] {
  return Testing.synth(new EnvironmentAddonsChart(Testing.app(), 'addons', p));
}

describe('EnvironmentAddonsChart', () => {
  test('the priority classes, one Application per catalog add-on, then one ClusterPolicy per Kyverno-enforced rule', () => {
    // GIVEN the prod environment on AWS  WHEN synthesized
    const manifests = synth();
    // THEN object identities (a contract: renaming reinstalls) are pinned
    const kyvernoRules = kubernetesPack({ trustedRegistries: [REGISTRY] }).rules.filter((r) => r.kyverno);
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'PriorityClass/baseline-platform', 'PriorityClass/baseline-service-critical', 'PriorityClass/baseline-service-standard', 'PriorityClass/baseline-service-low',
      'StorageClass/baseline-encrypted',
      ...ADDON_CATALOG.map((a) => `Application/${a.name}`),
      // the ingress: Envoy Gateway's proxy settings and class, the private CA, the internal Gateway
      'EnvoyProxy/baseline-proxy', 'GatewayClass/baseline',
      'ClusterIssuer/baseline-private-ca-root', 'Certificate/baseline-private-ca', 'ClusterIssuer/baseline-private-ca',
      'Gateway/internal',
      // the OpenTelemetry Collector's configuration and its ingress policy
      'ConfigMap/otel-collector-config', 'NetworkPolicy/otel-collector-allow-ingress',
      ...kyvernoRules.map((r) => `ClusterPolicy/${r.id.toLowerCase()}`),
      'ClusterPolicy/k8s-images-signed',
    ]);
  });

  test('the image signature policy verifies the cluster\'s registries with the organization\'s signers', () => {
    // GIVEN the example, which signs keyless and with a key  WHEN synthesized for GKE
    const chart = new EnvironmentAddonsChart(Testing.app(), 'addons', props({ cloud: 'gcp', trustedRegistries: ['europe-west3-docker.pkg.dev/acme-prod-4821/'] }));
    const policy = Testing.synth(chart).find((m: any) => m.metadata.name === 'k8s-images-signed');
    // THEN its construct id is the rule id, and it verifies that registry with both signers, with Google's credentials
    expect(chart.imageVerificationPolicy?.node.id).toBe('K8S-IMAGES-SIGNED');
    const verification = policy.spec.rules[0].verifyImages[0];
    expect(verification.imageReferences).toEqual(['europe-west3-docker.pkg.dev/acme-prod-4821/*']);
    expect(verification.attestors[0].entries.map((e: any) => Object.keys(e)[0])).toEqual(['keyless', 'keys']);
    expect(verification.attestors[0].entries[1].keys.publicKeys).toBe(org.imageSigning!.publicKey);
    expect(verification.imageRegistryCredentials).toEqual({ providers: ['google'] });
    expect(policy.spec.rules[0].exclude.any[0].resources.namespaces).toContain('gmp-system');
  });

  test('without imageSigning there is no signature policy (and the policy check fails)', () => {
    const unsigned = defineOrganization({ ...acme, imageSigning: undefined });
    const chart = new EnvironmentAddonsChart(Testing.app(), 'addons', props({ organization: unsigned, environment: unsigned.environments.find((e) => e.name === 'prod')! }));
    expect(chart.imageVerificationPolicy).toBeUndefined();
    expect(Testing.synth(chart).map((m: any) => m.metadata.name)).not.toContain('k8s-images-signed');
  });

  test('the priority classes sync before every add-on, whose pods name the platform class', () => {
    // GIVEN the chart of every cloud  WHEN synthesized
    for (const cloud of ['aws', 'azure', 'gcp'] as const) {
      const chart = new EnvironmentAddonsChart(Testing.app(), 'addons', props({ cloud }));
      const manifests = Testing.synth(chart);
      const wave = (m: any) => Number(m.metadata.annotations['argocd.argoproj.io/sync-wave']);
      const classes = manifests.filter((m: any) => m.kind === 'PriorityClass');
      const applications = manifests.filter((m: any) => m.kind === 'Application');
      // THEN the classes are the standard's, by construct id, a wave before the first add-on
      expect(chart.priorityClasses.map((c) => c.node.id)).toEqual(BASELINE_PRIORITY_CLASSES.map((c) => c.name));
      expect(classes.map((c: any) => [c.metadata.name, c.value, c.globalDefault]))
        .toEqual(BASELINE_PRIORITY_CLASSES.map((c) => [c.name, c.value, false]));
      for (const c of classes) expect(wave(c)).toBeLessThan(Math.min(...applications.map(wave)));
      // AND every add-on's values name the platform class, or a system class above it
      for (const app of applications) {
        const named = JSON.stringify(app.spec.source.helm.valuesObject).match(/"priorityClassName":"[^"]*"/g) ?? [];
        expect([app.metadata.name, named.length > 0]).toEqual([app.metadata.name, true]);
        for (const n of named) expect([app.metadata.name, n]).toEqual([app.metadata.name, expect.stringMatching(new RegExp(`"(${PLATFORM_PRIORITY_CLASS.name}|system-cluster-critical)"$`))]);
      }
    }
  });

  test('construct ids are the add-on names and the rule ids', () => {
    const chart = new EnvironmentAddonsChart(Testing.app(), 'addons', props());
    expect(chart.applications.map((a) => a.node.id)).toEqual(['kyverno', 'kube-prometheus-stack', 'argo-rollouts', 'argo-cd', 'metrics-server', 'cluster-autoscaler', 'cert-manager', 'envoy-gateway', 'opentelemetry-collector']);
    expect(chart.telemetry?.node.id).toBe('Telemetry');
    expect(chart.policies.map((p) => p.node.id)).toContain('K8S-PSS-RUN-AS-NON-ROOT');
  });

  test('every object carries the mandatory labels of the environment', () => {
    for (const manifest of synth()) {
      for (const key of MANDATORY_TAG_KEYS) {
        expect([manifest.metadata.name, key, manifest.metadata.labels[key]]).toEqual([manifest.metadata.name, key, prod.tags[key]]);
      }
      expect(manifest.metadata.labels['baseline.cloud']).toBe('aws');
    }
  });

  test('the Kyverno Application installs the pinned chart with its values', () => {
    const app = synth().find((m) => m.kind === 'Application' && m.metadata.name === 'kyverno');
    expect(app.spec.source).toEqual({
      repoURL: KYVERNO_ADDON.helm.repoUrl,
      chart: 'kyverno',
      targetRevision: '3.7.2',
      helm: { releaseName: 'kyverno', valuesObject: KYVERNO_ADDON.values },
    });
    expect(app.spec.destination.namespace).toBe('kyverno');
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-10');
    expect(app.spec.syncPolicy.managedNamespaceMetadata.labels).toEqual(prod.tags);
  });

  test('policies sync one wave after Kyverno, skip the dry run before the CRD exists, and are enforced', () => {
    const policies = synth().filter((m) => m.kind === 'ClusterPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) {
      expect(p.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-9');
      expect(p.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
      expect(p.metadata.annotations['kyverno.io/kyverno-version']).toBe('1.17.2');
      expect(p.spec.rules.every((r: any) => (r.validate ?? r.verifyImages[0]).failureAction === 'Enforce')).toBe(true);
    }
  });

  test('the cloud decides the internal load balancer annotation', () => {
    const lb = synth(props({ cloud: 'gcp', trustedRegistries: ['europe-west1-docker.pkg.dev/acme-prod/'] }))
      .find((m) => m.metadata.name === 'k8s-service-internal-load-balancer');
    expect(lb.spec.rules[0].validate.pattern).toEqual({ metadata: { annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } } });
  });

  test('without Kyverno in the catalog there are no policies', () => {
    const other: Addon = { ...KYVERNO_ADDON, name: 'rollouts', namespace: 'argo-rollouts', policyExcludedNamespaces: ['argo-rollouts'] };
    expect(synth(props({ catalog: [other] })).map((m) => m.kind)).toEqual([...BASELINE_PRIORITY_CLASSES.map(() => 'PriorityClass'), 'StorageClass', 'Application']);
  });

  test('no trusted registry is an error', () => {
    expect(() => synth(props({ trustedRegistries: [] }))).toThrow(
      'EnvironmentAddonsChart: trustedRegistries for environment "prod" on aws is empty (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)',
    );
  });

  test('every object of every environment and cloud validates against the Argo CD, Kyverno, Gateway API and cert-manager schemas', () => {
    // GIVEN the chart of every environment on every cloud  WHEN validated in one child process  THEN no problem
    const all = org.environments.flatMap((environment) => (['aws', 'azure', 'gcp'] as const)
      .flatMap((cloud) => synth(props({ environment, cloud }))));
    // the priority classes, the storage class, 17 Kyverno policies, 6 ingress objects and, where the collector runs, its ConfigMap and
    // NetworkPolicy per cluster besides the Applications
    const collector = (cloud: 'aws' | 'azure' | 'gcp') => (addonsFor(cloud).some((a) => a.name === 'opentelemetry-collector') ? 2 : 0);
    const perCloud = (['aws', 'azure', 'gcp'] as const)
      .reduce((sum, cloud) => sum + BASELINE_PRIORITY_CLASSES.length + 1 + addonsFor(cloud).length + 17 + 6 + collector(cloud), 0);
    expect(all.length).toBe(org.environments.length * perCloud);
    // EnvoyProxy has no published typed model: its few fields are pinned in cluster-ingress.test.ts instead
    const typed = all.filter((m) => m.kind !== 'EnvoyProxy');
    expect(all.length - typed.length).toBe(org.environments.length * 3);
    expect(crdSchemaProblems(typed)).toEqual([]);
  });
});
