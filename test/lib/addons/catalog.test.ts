import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EksContainerInsights } from '../../../constructs/aws';
import { parseQuantity } from '../../../core/quantity';
import {
  ADDON_CATALOG, addonCatalogProblems, addonImagePatterns, assertCatalog, EXACT_VERSION, KYVERNO_ADDON, policyExcludedNamespaces, type Addon,
} from '../../../lib/addons';
import { eksTestStack, importedEksCluster } from '../../support/eks';

describe('add-on catalog', () => {
  test('the catalog is valid and every add-on is pinned to an exact version', () => {
    // GIVEN the catalog  WHEN checked  THEN it has no problem and no version range
    expect(addonCatalogProblems(ADDON_CATALOG)).toEqual([]);
    for (const addon of ADDON_CATALOG) {
      expect(addon.helm.version).toMatch(EXACT_VERSION);
      expect(addon.helm.version).not.toMatch(/[*^~<>=x ]|latest/);
    }
  });

  test('Kyverno is pinned, installed first and highly available', () => {
    expect(ADDON_CATALOG[0]).toBe(KYVERNO_ADDON);
    expect(KYVERNO_ADDON.helm).toEqual({ repoUrl: 'https://kyverno.github.io/kyverno/', chart: 'kyverno', version: '3.7.2' });
    expect(KYVERNO_ADDON.appVersion).toBe('v1.17.2');
    expect(KYVERNO_ADDON.namespace).toBe('kyverno');
    expect(Math.min(...ADDON_CATALOG.map((a) => a.syncWave))).toBe(KYVERNO_ADDON.syncWave);
    const values = KYVERNO_ADDON.values;
    expect(values.features.forceFailurePolicyIgnore.enabled).toBe(false);
    expect(values.admissionController.replicas).toBe(3);
    expect(values.admissionController.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 2 });
    for (const controller of [values.backgroundController, values.cleanupController, values.reportsController]) {
      expect(controller.replicas).toBeGreaterThan(1);
      expect(controller.podDisruptionBudget.enabled).toBe(true);
      expect(controller.podDisruptionBudget.minAvailable).toBeLessThan(controller.replicas);
    }
  });

  test('every Kyverno container has CPU, memory and ephemeral-storage requests and limits', () => {
    const v = KYVERNO_ADDON.values;
    for (const resources of [v.admissionController.container.resources, v.admissionController.initContainer.resources,
      v.backgroundController.resources, v.cleanupController.resources, v.reportsController.resources]) {
      expect(Object.keys(resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
      expect(Object.keys(resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    }
  });

  test('every resources block an add-on sets bounds ephemeral storage too (kube-score\'s ephemeral-storage check)', () => {
    // GIVEN every `resources: { requests, limits }` block in every add-on's values
    const blocks: Array<[string, any]> = [];
    const walk = (value: unknown, path: string): void => {
      if (value === null || typeof value !== 'object') return;
      for (const [key, child] of Object.entries(value)) {
        if (key === 'resources' && child !== null && typeof child === 'object' && 'limits' in child) blocks.push([path + '.' + key, child]);
        else walk(child, `${path}.${key}`);
      }
    };
    for (const addon of ADDON_CATALOG) walk(addon.values, addon.name);
    // WHEN read  THEN each names CPU, memory and ephemeral storage, the request within the limit
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    for (const [path, resources] of blocks) {
      expect([path, Object.keys(resources.requests).sort()]).toEqual([path, ['cpu', 'ephemeral-storage', 'memory']]);
      expect([path, Object.keys(resources.limits).sort()]).toEqual([path, ['cpu', 'ephemeral-storage', 'memory']]);
      expect([path, parseQuantity(resources.requests['ephemeral-storage'])!.value <= parseQuantity(resources.limits['ephemeral-storage'])!.value]).toEqual([path, true]);
    }
  });

  test('policies exclude the system, platform and add-on namespaces', () => {
    // Without a cloud, every add-on's namespaces
    expect(policyExcludedNamespaces()).toEqual([
      'argo-rollouts', 'argocd', 'cert-manager', 'cluster-autoscaler', 'envoy-gateway-system', 'kube-node-lease', 'kube-public', 'kube-system', 'kyverno', 'metrics-server', 'monitoring', 'opentelemetry',
    ]);
    // With a cloud, only the add-ons that cloud's clusters run, and its managed components' namespaces: the cloud
    // owns what runs there
    expect(policyExcludedNamespaces(undefined, 'gcp')).toEqual([
      'argo-rollouts', 'argocd', 'cert-manager', 'envoy-gateway-system', 'gke-gmp-system', 'gke-managed-system', 'gmp-public', 'gmp-system', 'kube-node-lease', 'kube-public', 'kube-system', 'kyverno', 'monitoring', 'opentelemetry',
    ]);
    expect(policyExcludedNamespaces(undefined, 'azure')).toContain('gatekeeper-system');
    expect(policyExcludedNamespaces(undefined, 'aws')).toEqual([...policyExcludedNamespaces(), 'amazon-cloudwatch'].sort());
  });

  test('on EKS the policies leave out the namespace Container Insights runs its agents in', () => {
    // GIVEN the Container Insights add-on as the AWS environment stack builds it
    const stack = eksTestStack(new App(), 'Obs');
    const cluster = importedEksCluster(stack);
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:111111111111:devops');
    new EksContainerInsights(stack, 'ContainerInsights', {
      cluster, addonVersion: 'v4.4.0-eksbuild.1', saturationTopics: [topic], nodeFailureEscalation: [{ afterMinutes: 2, topics: [topic] }],
    });
    // WHEN the namespace its agents' identity is bound to is read back
    const associations = Object.values(Template.fromStack(stack).findResources('AWS::EKS::PodIdentityAssociation'));
    const namespaces = associations.map((a) => a.Properties.Namespace as string);
    // THEN the organization's Kubernetes policies (which would refuse its host-reading DaemonSets) exclude it on AWS only
    expect(namespaces).toEqual(['amazon-cloudwatch']);
    expect(policyExcludedNamespaces(undefined, 'aws')).toEqual(expect.arrayContaining(namespaces));
    expect(policyExcludedNamespaces(undefined, 'gcp')).not.toContain('amazon-cloudwatch');
  });

  test('a broken catalog reports every problem at once', () => {
    // GIVEN a duplicate entry with a range, an http repository, a bad namespace and a fractional wave
    const bad: Addon = {
      ...KYVERNO_ADDON,
      namespace: 'Kyverno',
      helm: { repoUrl: 'http://kyverno.github.io/kyverno/', chart: ' ', version: '^3.7.0' },
      syncWave: 1.5,
      policyExcludedNamespaces: ['kyverno_system'],
      imagePatterns: ['*/kyverno'],
    };
    // WHEN asserted  THEN one Error lists every problem, one per line
    expect(() => assertCatalog([KYVERNO_ADDON, bad])).toThrow([
      'Add-on catalog: addon "kyverno": name is declared twice (expected one entry per add-on)',
      'Add-on catalog: addon "kyverno": namespace "Kyverno" is not a DNS label (expected like kyverno)',
      'Add-on catalog: addon "kyverno": helm.repoUrl "http://kyverno.github.io/kyverno/" is not an https or oci URL (expected like https://kyverno.github.io/kyverno/ or oci://docker.io/envoyproxy)',
      'Add-on catalog: addon "kyverno": helm.chart is empty (expected the chart name, like kyverno)',
      'Add-on catalog: addon "kyverno": helm.version "^3.7.0" is not an exact version (expected like 3.7.2, never a range or latest)',
      'Add-on catalog: addon "kyverno": syncWave 1.5 is not an integer (expected like -10)',
      'Add-on catalog: addon "kyverno": imagePatterns entry "*/kyverno" is not an image name pattern (expected registry/path with at most a trailing *, like quay.io/prometheus/*)',
      'Add-on catalog: addon "kyverno": policyExcludedNamespaces entry "kyverno_system" is not a DNS label (expected like kyverno)',
    ].join('\n'));
    expect(() => policyExcludedNamespaces([bad])).toThrow(/^Add-on catalog: addon "kyverno": namespace "Kyverno"/);
  });

  test('GKE admits the add-ons\' vendor images by the patterns of the catalog, and an add-on must name them', () => {
    expect(addonImagePatterns()).toEqual([...new Set(ADDON_CATALOG.flatMap((a) => a.imagePatterns))].sort());
    expect(addonImagePatterns()).toEqual(expect.arrayContaining(['quay.io/argoproj/argo-rollouts*', 'quay.io/prometheus/*', 'reg.kyverno.io/kyverno/*']));
    expect(() => assertCatalog([{ ...KYVERNO_ADDON, imagePatterns: [] }])).toThrow(
      'Add-on catalog: addon "kyverno": imagePatterns is empty (expected the repositories its chart pulls from, like quay.io/prometheus/*)',
    );
  });

  test.each(['3.7', 'v3.7', '3.7.x', '*', 'latest', '>=3.7.0', '~3.7.2', 'vv3.7.2'])('version %s is not exact', (version) => {
    expect(version).not.toMatch(EXACT_VERSION);
  });

  test.each(['3.7.2', 'v1.19.1', '1.0.0-rc.1'])('version %s is exact', (version) => {
    expect(version).toMatch(EXACT_VERSION);
  });
});
