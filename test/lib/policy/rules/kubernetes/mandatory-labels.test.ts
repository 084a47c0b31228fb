import { check, compliant, LABELS, service } from './fixtures';

describe('K8S-MANDATORY-LABELS', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-MANDATORY-LABELS', compliant())).toEqual([]);
  });

  test('mandatory labels on every object, cluster-scoped ones named without a namespace', () => {
    // GIVEN a namespace with no labels and a service missing one
    const bare = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } };
    const { owner: _owner, ...withoutOwner } = LABELS;
    const svc = { ...service('ClusterIP'), metadata: { name: 'api', namespace: 'payments', labels: withoutOwner } };
    // WHEN checked  THEN each is named and its labels quoted
    expect(check('K8S-MANDATORY-LABELS', [bare, svc])).toEqual([
      { resource: 'Namespace/payments', message: 'labels unset lack owner, cost-center, environment, data-classification (expected every mandatory label: owner, cost-center, environment, data-classification)' },
      { resource: 'Service/payments/api', message: `labels ${JSON.stringify(withoutOwner)} lack owner (expected every mandatory label: owner, cost-center, environment, data-classification)` },
    ]);
  });
});
