import { Testing } from 'cdk8s';
import { Protocol } from 'cdk8s-plus-28';
import { ServiceNetworkPolicies, ServiceNetworkPoliciesProps } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, objectIds, PLATFORM_LABELS } from '../../support/k8s';
import { NetworkPolicyEvaluator, type PodEndpoint } from '../../support/network-policy';

const checkout: PodEndpoint = { kind: 'pod', name: 'checkout', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'checkout' } };
const cart: PodEndpoint = { kind: 'pod', name: 'cart', namespace: 'storefront', labels: { 'app.kubernetes.io/name': 'cart' } };
const web: PodEndpoint = { kind: 'pod', name: 'storefront-web', namespace: 'storefront', labels: { 'app.kubernetes.io/name': 'storefront-web' } };

const namespaces = ['payments', 'storefront'].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
const denyAll = (namespace: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });

function synth(...all: ServiceNetworkPoliciesProps[]): any[] {
  const chart = Testing.chart();
  all.forEach((p, i) => new ServiceNetworkPolicies(chart, `Policies${i}`, p));
  return Testing.synth(chart);
}

describe('ServiceNetworkPolicies', () => {
  // GIVEN checkout (payments) calling cart (storefront), each with its own policies, on top of default-deny
  const manifests = synth(
    { service: { name: 'checkout', namespace: 'payments' }, port: 8080, callees: [{ name: 'cart', namespace: 'storefront', port: 8080 }], destinations: [{ cidr: '10.10.240.0/22', ports: [443] }], labels: PLATFORM_LABELS },
    { service: { name: 'cart', namespace: 'storefront' }, port: 8080, callers: [{ name: 'checkout', namespace: 'payments' }], labels: PLATFORM_LABELS },
  );
  const evaluator = new NetworkPolicyEvaluator([...namespaces, denyAll('payments'), denyAll('storefront'), ...manifests]);

  test('creates only the policies that allow something, named after the service', () => {
    expect(objectIds(manifests)).toEqual([
      ['networking.k8s.io/v1', 'NetworkPolicy', 'payments', 'checkout-allow-calls'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'payments', 'checkout-allow-cloud-apis'],
      ['networking.k8s.io/v1', 'NetworkPolicy', 'storefront', 'cart-allow-ingress'],
    ]);
    expect(manifests.every((m) => m.metadata.labels.owner === PLATFORM_LABELS.owner)).toBe(true);
    expect(crdSchemaProblems(manifests)).toEqual([]);
  });

  test('the declared call crosses namespaces, on the callee\'s port only', () => {
    expect(evaluator.allows(checkout, cart, 8080)).toBe(true);
    expect(evaluator.allows(checkout, cart, 8081)).toBe(false);
    expect(evaluator.allows(cart, checkout, 8080)).toBe(false);
  });

  test('a pod in the callee\'s namespace that declares no call is denied', () => {
    expect(evaluator.allows(web, cart, 8080)).toBe(false);
  });

  test('destinations open the given range and ports, nothing else outside the cluster', () => {
    expect(evaluator.allows(checkout, { kind: 'ip', ip: '10.10.241.7' }, 443)).toBe(true);
    expect(evaluator.allows(checkout, { kind: 'ip', ip: '10.10.241.7' }, 80)).toBe(false);
    expect(evaluator.allows(checkout, { kind: 'ip', ip: '52.95.0.1' }, 443)).toBe(false);
  });

  test('a destination can be reached over UDP (Protocol from cdk8s-plus-28), on its ports only', () => {
    const [policy] = synth({ service: { name: 'checkout', namespace: 'payments' }, port: 8080, destinations: [{ cidr: '10.10.0.2/32', ports: [53], protocol: Protocol.UDP }] });
    expect(policy.spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '10.10.0.2/32' } }], ports: [{ protocol: 'UDP', port: 53 }] }]);
  });

  test('rejects bad props, every problem at once', () => {
    expect(chartProblemsOf('Policies0', (chart) => new ServiceNetworkPolicies(chart, 'Policies0', {
      service: { name: 'Checkout', namespace: 'payments' },
      port: 0,
      callees: [{ name: 'cart', namespace: 'store_front', port: 70000 }],
      destinations: [{ cidr: '0.0.0.0/0', ports: [] }, { cidr: '10.0.0/8', ports: [443] }, { cidr: '10.10.240.1/22', ports: [53], protocol: 'ICMP' as any }],
    }))).toBe([
      'ServiceNetworkPolicies "Checkout": service.name "Checkout" is not a service name (expected an RFC 1035 label like payments-api)',
      'ServiceNetworkPolicies "Checkout": port 0 is not a port number (expected an integer from 1 to 65535, like 8080)',
      'ServiceNetworkPolicies "Checkout": callees[0].namespace "store_front" is not a namespace name (expected a DNS label like payments)',
      'ServiceNetworkPolicies "Checkout": callees[0].port 70000 is not a port number (expected an integer from 1 to 65535, like 8080)',
      'ServiceNetworkPolicies "Checkout": destinations[0].cidr "0.0.0.0/0" opens every address (expected the range of one destination, like 10.10.240.0/22)',
      'ServiceNetworkPolicies "Checkout": destinations[0].ports is empty (expected at least one port, like 443)',
      'ServiceNetworkPolicies "Checkout": destinations[1].cidr "10.0.0/8" is not an IPv4 CIDR (expected like 10.10.240.0/22)',
      'ServiceNetworkPolicies "Checkout": destinations[2].cidr "10.10.240.1/22" has host bits set (expected the network address 10.10.240.0/22)',
      'ServiceNetworkPolicies "Checkout": destinations[2].protocol "ICMP" is not of type Protocol (expected one of TCP, UDP, SCTP, from cdk8s-plus-28)',
    ].join('\n'));
  });
});
