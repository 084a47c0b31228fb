import { check, compliant, container, deployment, podSpec } from './fixtures';

describe('K8S-PSS-RUN-AS-NON-ROOT', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-RUN-AS-NON-ROOT', compliant())).toEqual([]);
  });

  test('runAsNonRoot unset on pod and container, and user 0', () => {
    // GIVEN a pod that sets no runAsNonRoot and a container running as user 0
    const spec = podSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [container({ securityContext: { ...container().securityContext, runAsUser: 0 } })] });
    // WHEN checked  THEN both are reported, quoting the values
    expect(check('K8S-PSS-RUN-AS-NON-ROOT', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" runAsNonRoot is unset (expected true, on the container or the pod securityContext)' },
      { resource: 'Deployment/payments/api', message: 'container "api" securityContext.runAsUser is 0 (expected a non-zero user id)' },
    ]);
  });

  test('a container overriding runAsNonRoot to false fails even when the pod sets true', () => {
    const spec = podSpec({ initContainers: [container({ name: 'migrate', securityContext: { ...container().securityContext, runAsNonRoot: false } })] });
    expect(check('K8S-PSS-RUN-AS-NON-ROOT', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'initContainer "migrate" runAsNonRoot is false (expected true, on the container or the pod securityContext)' },
    ]);
  });
});
