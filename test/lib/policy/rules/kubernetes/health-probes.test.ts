import { check, compliant, container, cronJob, deployment, podSpec } from './fixtures';

describe('K8S-HEALTH-PROBES', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-HEALTH-PROBES', compliant())).toEqual([]);
  });

  test('probes: required on long-running pods only', () => {
    // GIVEN a Deployment without a readiness probe and a CronJob without probes
    const noReadiness = podSpec({ containers: [container({ readinessProbe: undefined })] });
    const job = cronJob(podSpec({ restartPolicy: 'Never', containers: [container({ livenessProbe: undefined, readinessProbe: undefined })] }));
    // WHEN checked  THEN only the Deployment is reported
    expect(check('K8S-HEALTH-PROBES', [deployment(noReadiness), job])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" has no readinessProbe (expected both on a long-running container)' },
    ]);
  });
});
