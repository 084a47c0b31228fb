import { check, compliant, service } from './fixtures';

describe('K8S-SERVICE-NO-NODEPORT', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-SERVICE-NO-NODEPORT', compliant())).toEqual([]);
  });

  test('NodePort', () => {
    expect(check('K8S-SERVICE-NO-NODEPORT', [service('NodePort')])).toEqual([
      { resource: 'Service/payments/api', message: 'spec.type is "NodePort" (expected ClusterIP, or an internal LoadBalancer)' },
    ]);
  });
});
