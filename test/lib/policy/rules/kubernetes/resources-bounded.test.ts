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
      { resource: 'Deployment/payments/api', message: 'initContainer "migrate" resources {"requests":{"cpu":"100m","memory":"128Mi"}} lack requests.ephemeral-storage, limits.cpu, limits.memory, limits.ephemeral-storage (expected CPU, memory and ephemeral-storage requests and limits)' },
    ]);
  });

  test('resources: ephemeral storage unbounded, as kube-score reports it', () => {
    // GIVEN a container with CPU and memory only
    const spec = podSpec({ containers: [container({ resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } })] });
    // WHEN checked  THEN the missing ephemeral-storage request and limit are named
    expect(check('K8S-RESOURCES-BOUNDED', [deployment(spec)]).map((v) => v.message)).toEqual([
      'container "api" resources {"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"256Mi"}} lack requests.ephemeral-storage, limits.ephemeral-storage (expected CPU, memory and ephemeral-storage requests and limits)',
    ]);
  });
});
