import { check, compliant, container, deployment, podSpec } from './fixtures';

describe('K8S-PSS-SECCOMP', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-SECCOMP', compliant())).toEqual([]);
  });

  test('seccomp unset everywhere, or Unconfined on a container', () => {
    const unset = podSpec({ securityContext: { runAsNonRoot: true } });
    expect(check('K8S-PSS-SECCOMP', [deployment(unset)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" seccompProfile.type is unset and the pod sets none (expected RuntimeDefault or Localhost)' },
    ]);
    const unconfined = podSpec({ containers: [container({ securityContext: { ...container().securityContext, seccompProfile: { type: 'Unconfined' } } })] });
    expect(check('K8S-PSS-SECCOMP', [deployment(unconfined)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" securityContext.seccompProfile.type is "Unconfined" (expected RuntimeDefault or Localhost)' },
    ]);
  });

  test('Localhost seccomp on every container is enough without a pod profile', () => {
    const spec = podSpec({
      securityContext: { runAsNonRoot: true },
      containers: [container({ securityContext: { ...container().securityContext, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } })],
    });
    expect(check('K8S-PSS-SECCOMP', [deployment(spec)])).toEqual([]);
  });
});
