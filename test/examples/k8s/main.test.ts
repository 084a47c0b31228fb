import { controlsWith, runExample } from '../../support/examples';

jest.setTimeout(5 * 60_000);

describe('examples/k8s', () => {
  // WHEN the example runs as a user's copy of it would
  const run = runExample('k8s', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop-dev/');
  const objects = run.outputs.find((o) => o.name === 'shop')!.document as any[];
  const byId = new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, o]));

  test('writes one manifest with the namespace, two workloads and their policies', () => {
    expect(run.outputs.map((o) => `${o.kind} ${o.name}`)).toEqual(['kubernetes shop']);
    // (ServiceAccounts are ServiceWorkload's own business, tested with it: not pinned here)
    expect([...byId.keys()].filter((id) => !id.startsWith('ServiceAccount/')).sort()).toEqual([
      'Deployment/catalog', 'Deployment/storefront', 'HorizontalPodAutoscaler/catalog', 'HorizontalPodAutoscaler/storefront',
      'LimitRange/container-defaults', 'Namespace/shop', 'NetworkPolicy/allow-dns-egress', 'NetworkPolicy/catalog-allow-ingress',
      'NetworkPolicy/default-deny-all', 'NetworkPolicy/storefront-allow-calls', 'PodDisruptionBudget/catalog', 'PodDisruptionBudget/storefront',
      'ResourceQuota/team-quota', 'Service/catalog', 'Service/storefront',
    ]);
    for (const o of objects) expect({ id: `${o.kind}/${o.metadata.name}`, owner: o.metadata.labels?.owner }).toEqual({ id: `${o.kind}/${o.metadata.name}`, owner: 'shop-team' });
  });

  test('catalog admits storefront on its port, and nothing else', () => {
    const ingress = byId.get('NetworkPolicy/catalog-allow-ingress');
    expect(ingress.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });

  test('passes every Kubernetes control of the baseline', () => {
    expect(controlsWith(run, 'fail')).toEqual([]);
    expect(controlsWith(run, 'pass')).toEqual([
      'cluster-policies-enforced', 'disruption-budget', 'health-probes', 'images-signed', 'images-trusted', 'mandatory-tags', 'network-default-deny',
      'no-cluster-admin-bindings', 'no-public-exposure', 'pod-priority', 'pod-security-restricted', 'resources-bounded', 'service-account-token-off', 'volumes-cmk',
    ]);
  });
});
