import { check, compliant, deployment, podSpec } from './fixtures';

describe('K8S-PSS-VOLUME-TYPES', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-VOLUME-TYPES', compliant())).toEqual([]);
  });

  test('hostPath volume', () => {
    const spec = podSpec({ volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] });
    expect(check('K8S-PSS-VOLUME-TYPES', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'volume "docker" is of type "hostPath" (expected one of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)' },
    ]);
  });
});
