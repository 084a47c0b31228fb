import { Testing } from 'cdk8s';
import { FqdnEgressPolicy } from '../../../constructs/k8s';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';
import { KUBE_DNS, NetworkPolicyEvaluator, type PodEndpoint } from '../../support/network-policy';

const api: PodEndpoint = { kind: 'pod', name: 'payments-api', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'payments-api' } };
const other: PodEndpoint = { kind: 'pod', name: 'ledger', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'ledger' } };

function synth(hostnames = ['login.microsoftonline.com'], ports?: number[]): any[] {
  const chart = Testing.chart();
  new FqdnEgressPolicy(chart, 'Entra', { service: { name: 'payments-api', namespace: 'payments' }, hostnames, ports, labels: PLATFORM_LABELS });
  return Testing.synth(chart);
}

describe('FqdnEgressPolicy', () => {
  const [policy] = synth();
  const evaluator = new NetworkPolicyEvaluator([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } }, policy]);

  test('is a CiliumNetworkPolicy named after the service, selecting its pods, with the mandatory labels', () => {
    expect(policy).toMatchObject({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'payments-api-allow-fqdn', namespace: 'payments', labels: PLATFORM_LABELS },
      spec: { endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } } },
    });
  });

  test('opens the names on their ports only, with the DNS visibility Cilium needs to learn their addresses', () => {
    expect(evaluator.allows(api, { kind: 'fqdn', name: 'login.microsoftonline.com' }, 443)).toBe(true);
    expect(evaluator.allows(api, { kind: 'fqdn', name: 'login.microsoftonline.com' }, 80)).toBe(false);
    expect(evaluator.allows(api, { kind: 'fqdn', name: 'graph.microsoft.com' }, 443)).toBe(false);
    expect(evaluator.allows(api, { kind: 'ip', ip: '20.190.160.1' }, 443)).toBe(false);
    expect(evaluator.allows(api, KUBE_DNS, 53, 'UDP')).toBe(true);
    expect(evaluator.allows(api, KUBE_DNS, 53, 'TCP')).toBe(true);
  });

  test('leaves other pods alone', () => {
    expect(evaluator.allows(other, { kind: 'ip', ip: '20.190.160.1' }, 443)).toBe(true);
  });

  test('rejects bad props, every problem at once', () => {
    expect(chartProblemsOf('Entra', (chart) => new FqdnEgressPolicy(chart, 'Entra', { service: { name: 'payments-api', namespace: 'payments' }, hostnames: ['*.microsoftonline.com', 'Login'], ports: [0], labels: PLATFORM_LABELS }))).toBe([
      'FqdnEgressPolicy "payments-api": hostnames[0] "*.microsoftonline.com" is not a fully qualified host name (expected lowercase, no wildcard, like login.microsoftonline.com)',
      'FqdnEgressPolicy "payments-api": hostnames[1] "Login" is not a fully qualified host name (expected lowercase, no wildcard, like login.microsoftonline.com)',
      'FqdnEgressPolicy "payments-api": ports[0] 0 is not a port number (expected an integer from 1 to 65535, like 443)',
    ].join('\n'));
  });
});
