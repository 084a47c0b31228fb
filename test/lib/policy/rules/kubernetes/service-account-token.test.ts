import { check, compliant, deployment, LABELS, podSpec, serviceAccount } from './fixtures';

describe('K8S-SERVICE-ACCOUNT-TOKEN', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-SERVICE-ACCOUNT-TOKEN', compliant())).toEqual([]);
  });

  test('automount left on a pod and a ServiceAccount', () => {
    const spec = podSpec({ automountServiceAccountToken: undefined });
    expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [deployment(spec), serviceAccount({ automountServiceAccountToken: true })])).toEqual([
      { resource: 'Deployment/payments/api', message: 'pod automountServiceAccountToken is unset (expected false, or the pod annotation baseline.io/needs-service-account-token with a reason)' },
      { resource: 'ServiceAccount/payments/api', message: 'automountServiceAccountToken is true (expected false, or the annotation baseline.io/needs-service-account-token with a reason)' },
    ]);
  });

  test('the annotation with a reason allows the token; an empty reason does not', () => {
    const spec = podSpec({ automountServiceAccountToken: true });
    const reason = { 'baseline.io/needs-service-account-token': 'reads ConfigMaps through the Kubernetes API' };
    expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [deployment(spec, { podAnnotations: reason })])).toEqual([]);
    expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [serviceAccount({ metadata: { name: 'api', namespace: 'payments', labels: LABELS, annotations: reason } })])).toEqual([]);
    expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [deployment(spec, { podAnnotations: { 'baseline.io/needs-service-account-token': ' ' } })])).toHaveLength(1);
  });
});
