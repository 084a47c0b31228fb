import { check, compliant, defaultDeny, namespace } from './fixtures';

describe('K8S-NAMESPACE-DEFAULT-DENY', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-NAMESPACE-DEFAULT-DENY', compliant())).toEqual([]);
  });

  test('a namespace without a default-deny policy', () => {
    expect(check('K8S-NAMESPACE-DEFAULT-DENY', [namespace()])).toEqual([
      { resource: 'Namespace/payments', message: 'has no default-deny NetworkPolicy (expected one in namespace "payments" with podSelector {} and policyTypes Ingress and Egress)' },
    ]);
  });

  test('ingress-only, selective or allowing policies are not default-deny', () => {
    const ingressOnly = defaultDeny('payments', { podSelector: {}, policyTypes: ['Ingress'] });
    const selective = defaultDeny('payments', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'] });
    const allowing = defaultDeny('payments', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] });
    expect(check('K8S-NAMESPACE-DEFAULT-DENY', [namespace(), ingressOnly, selective, allowing])).toHaveLength(1);
  });

  test('system and add-on namespaces are exempt', () => {
    expect(check('K8S-NAMESPACE-DEFAULT-DENY', ['kube-system', 'kube-public', 'kube-node-lease', 'kyverno', 'argocd'].map(namespace))).toEqual([]);
  });
});
