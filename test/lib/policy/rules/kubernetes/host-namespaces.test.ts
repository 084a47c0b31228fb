import { check, compliant, container, deployment, podSpec } from './fixtures';

describe('K8S-PSS-HOST-NAMESPACES', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-HOST-NAMESPACES', compliant())).toEqual([]);
  });

  test('host namespaces and host ports', () => {
    const spec = podSpec({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 8080, hostPort: 8080 }] })] });
    expect(check('K8S-PSS-HOST-NAMESPACES', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'pod hostNetwork is true (expected false or unset)' },
      { resource: 'Deployment/payments/api', message: 'container "api" ports hostPort is 8080 (expected unset or 0)' },
    ]);
  });
});
