import { check, compliant, container, deployment, podSpec } from './fixtures';

describe('K8S-RESOURCES-BOUNDED', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-RESOURCES-BOUNDED', compliant())).toEqual([]);
  });

  test('resources: a missing limit on an init container', () => {
    // GIVEN an init container with requests only
    const spec = podSpec({ initContainers: [container({ name: 'migrate', resources: { requests: { cpu: '100m', memory: '128Mi' } } })] });
    // WHEN checked  THEN the init container is named with what it lacks and its resources quoted
    expect(check('K8S-RESOURCES-BOUNDED', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'initContainer "migrate" resources {"requests":{"cpu":"100m","memory":"128Mi"}} lack limits.cpu, limits.memory (expected CPU and memory requests and limits)' },
    ]);
  });
});
