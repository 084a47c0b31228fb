import { Testing } from 'cdk8s';
import { ClusterGateway, type ClusterGatewayProps } from '../../../constructs/k8s/cluster-gateway';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';

function props(overrides: Partial<ClusterGatewayProps> = {}): ClusterGatewayProps {
  return {
    name: 'internal',
    namespace: 'envoy-gateway-system',
    gatewayClassName: 'baseline',
    hostname: '*.prod.acme.internal',
    clusterIssuer: 'baseline-private-ca',
    routeNamespaces: ['storefront', 'payments'],
    infrastructureAnnotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
    labels: PLATFORM_LABELS,
    ...overrides,
  };
}

function synth(p: ClusterGatewayProps = props()): any {
  const chart = Testing.chart();
  const gateway = new ClusterGateway(chart, 'Gateway', p);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  expect(gateway.apiObject.node.id).toBe('Resource');
  return manifests[0];
}

describe('ClusterGateway', () => {
  test('one HTTPS listener on 443 for the wildcard host, TLS terminated with the certificate cert-manager issues', () => {
    const gateway = synth();
    expect(gateway.metadata).toMatchObject({ name: 'internal', namespace: 'envoy-gateway-system', labels: PLATFORM_LABELS });
    expect(gateway.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('baseline-private-ca');
    expect(gateway.spec.gatewayClassName).toBe('baseline');
    expect(gateway.spec.listeners).toHaveLength(1);
    expect(gateway.spec.listeners[0]).toMatchObject({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      hostname: '*.prod.acme.internal',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'internal-tls' }] },
    });
  });

  test('routes attach only from the named namespaces, and only HTTPRoutes', () => {
    expect(synth().spec.listeners[0].allowedRoutes).toEqual({
      kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
      namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments', 'storefront'] }] } },
    });
    // No namespace: only the Gateway's own, which holds no routes
    expect(synth(props({ routeNamespaces: [] })).spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'Same' });
  });

  test('the load balancer annotations go to the Gateway\'s infrastructure, for the Service the controller creates', () => {
    expect(synth().spec.infrastructure).toEqual({ annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } });
    expect(synth(props({ infrastructureAnnotations: undefined })).spec.infrastructure).toBeUndefined();
  });

  test('every problem of the props is reported at once', () => {
    const tooMany = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`example.com/a${i}`, 'x']));
    expect(chartProblemsOf('Gateway', (chart) => new ClusterGateway(chart, 'Gateway', props({
      name: 'Internal',
      namespace: 'envoy_gateway',
      gatewayClassName: 'Base Line',
      hostname: '*.*.acme.internal',
      clusterIssuer: 'CA',
      routeNamespaces: ['payments', 'Pay'],
      infrastructureAnnotations: tooMany,
    })))).toBe([
      'ClusterGateway "Internal": name "Internal" is not a DNS label (expected like internal)',
      'ClusterGateway "Internal": namespace "envoy_gateway" is not a DNS label (expected like envoy-gateway-system)',
      'ClusterGateway "Internal": gatewayClassName "Base Line" is not a DNS subdomain (expected like baseline)',
      'ClusterGateway "Internal": hostname "*.*.acme.internal" is not a host name (expected a name or one wildcard label, like *.dev.acme.internal)',
      'ClusterGateway "Internal": clusterIssuer "CA" is not a DNS subdomain (expected a ClusterIssuer name, like letsencrypt)',
      'ClusterGateway "Internal": routeNamespaces[1] "Pay" is not a DNS label (expected a namespace, like payments)',
      'ClusterGateway "Internal": infrastructureAnnotations has 9 entries (expected at most 8, the Gateway API limit)',
    ].join('\n'));
  });

  test('the Gateway validates against the Gateway API CRD schema', () => {
    expect(crdSchemaProblems([synth(), synth(props({ routeNamespaces: [], infrastructureAnnotations: undefined, hostname: 'api.acme.example' }))])).toEqual([]);
  });
});
