import { Testing } from 'cdk8s';
import { ServiceRoute, type ServiceRouteProps } from '../../../constructs/k8s/service-route';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';

function props(overrides: Partial<ServiceRouteProps> = {}): ServiceRouteProps {
  return {
    service: 'payments-api',
    namespace: 'payments',
    port: 8080,
    hostname: 'payments-api.prod.acme.internal',
    gateway: { name: 'internal', namespace: 'envoy-gateway-system' },
    labels: PLATFORM_LABELS,
    ...overrides,
  };
}

function synth(p: ServiceRouteProps = props()): any {
  const chart = Testing.chart();
  const route = new ServiceRoute(chart, 'Route', p);
  const manifests = Testing.synth(chart);
  expect(manifests).toHaveLength(1);
  expect(route.apiObject.node.id).toBe('Resource');
  return manifests[0];
}

describe('ServiceRoute', () => {
  test('named after the service in its namespace, attached to the Gateway\'s HTTPS listener', () => {
    const route = synth();
    expect(route.metadata).toEqual({ name: 'payments-api', namespace: 'payments', labels: PLATFORM_LABELS });
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal', namespace: 'envoy-gateway-system', sectionName: 'https' }]);
  });

  test('every request for its host name goes to its Service on its port', () => {
    const route = synth();
    expect(route.spec.hostnames).toEqual(['payments-api.prod.acme.internal']);
    expect(route.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'payments-api', port: 8080 }],
    }]);
  });

  test('annotations, such as the reason for a public exposure, are kept', () => {
    const annotations = { 'baseline.io/public-exposure-reason': 'Card networks post settlement callbacks.' };
    expect(synth(props({ annotations })).metadata.annotations).toEqual(annotations);
  });

  test('every problem of the props is reported at once', () => {
    expect(chartProblemsOf('Route', (chart) => new ServiceRoute(chart, 'Route', props({
      service: '9api', namespace: 'Pay', port: 70000, hostname: '*.acme.internal', gateway: { name: 'Internal', namespace: 'gw_ns' },
    })))).toBe([
      'ServiceRoute "9api": service "9api" is not a service name (expected an RFC 1035 label like payments-api)',
      'ServiceRoute "9api": namespace "Pay" is not a namespace name (expected a DNS label like payments)',
      'ServiceRoute "9api": port 70000 is not a port number (expected an integer from 1 to 65535, like 8080)',
      'ServiceRoute "9api": hostname "*.acme.internal" is not a host name (expected an exact name, like payments-api.dev.acme.internal)',
      'ServiceRoute "9api": gateway.name "Internal" is not a DNS label (expected like internal)',
      'ServiceRoute "9api": gateway.namespace "gw_ns" is not a DNS label (expected like envoy-gateway-system)',
    ].join('\n'));
  });

  test('the HTTPRoute validates against the Gateway API CRD schema', () => {
    expect(crdSchemaProblems([synth(), synth(props({ annotations: { 'baseline.io/public-exposure-reason': 'Partners call it over the internet.' } }))])).toEqual([]);
  });
});
