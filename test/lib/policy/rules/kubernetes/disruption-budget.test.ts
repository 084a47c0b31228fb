import { check, compliant, deployment, LABELS, pdb, POD_LABELS, podSpec } from './fixtures';

describe('K8S-DISRUPTION-BUDGET', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-DISRUPTION-BUDGET', compliant())).toEqual([]);
  });

  test('a multi-replica Deployment without a budget', () => {
    expect(check('K8S-DISRUPTION-BUDGET', [deployment()])).toEqual([
      { resource: 'Deployment/payments/api', message: `runs 2 replicas with pod labels ${JSON.stringify(POD_LABELS)} and no PodDisruptionBudget in its namespace selects them (expected a PodDisruptionBudget whose selector matches the pod labels)` },
    ]);
  });

  test('a budget in another namespace or with a non-matching selector does not count', () => {
    const elsewhere = pdb(undefined, 'other');
    const wrong = pdb({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] });
    expect(check('K8S-DISRUPTION-BUDGET', [deployment(), elsewhere, wrong])).toHaveLength(1);
  });

  test('matchExpressions that select the pods count', () => {
    const expressions = pdb({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['api'] }, { key: 'canary', operator: 'DoesNotExist' }] });
    expect(check('K8S-DISRUPTION-BUDGET', [deployment(), expressions])).toEqual([]);
  });

  test('an autoscaled Deployment counts its minimum replicas; a single replica needs no budget', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: 'payments', labels: LABELS },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 3, maxReplicas: 9 },
    };
    expect(check('K8S-DISRUPTION-BUDGET', [deployment(podSpec(), { replicas: undefined }), hpa])[0].message).toMatch(/^runs 3 replicas/);
    expect(check('K8S-DISRUPTION-BUDGET', [deployment(podSpec(), { replicas: 1 })])).toEqual([]);
  });
});
