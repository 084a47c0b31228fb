import { check, compliant, container, deployment, podSpec } from './fixtures';

describe('K8S-PSS-READ-ONLY-ROOT-FS', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-READ-ONLY-ROOT-FS', compliant())).toEqual([]);
  });

  test('writable root filesystem', () => {
    const spec = podSpec({ containers: [container({ securityContext: { ...container().securityContext, readOnlyRootFilesystem: false } })] });
    expect(check('K8S-PSS-READ-ONLY-ROOT-FS', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" securityContext.readOnlyRootFilesystem is false (expected true)' },
    ]);
  });
});
