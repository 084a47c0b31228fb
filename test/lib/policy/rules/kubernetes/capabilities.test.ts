import { check, compliant, container, deployment, podSpec } from './fixtures';

describe('K8S-PSS-CAPABILITIES', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-CAPABILITIES', compliant())).toEqual([]);
  });

  test('capabilities not dropped, or added beyond NET_BIND_SERVICE', () => {
    const spec = podSpec({
      containers: [
        container({ securityContext: { ...container().securityContext, capabilities: { drop: ['NET_RAW'] } } }),
        container({ name: 'proxy', securityContext: { ...container().securityContext, capabilities: { drop: ['all'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } } }),
      ],
    });
    expect(check('K8S-PSS-CAPABILITIES', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" securityContext.capabilities.drop is ["NET_RAW"] (expected to include ALL)' },
      { resource: 'Deployment/payments/api', message: 'container "proxy" securityContext.capabilities.add is ["NET_BIND_SERVICE","SYS_ADMIN"] (expected none but NET_BIND_SERVICE)' },
    ]);
  });

  test('NET_BIND_SERVICE alone may be added', () => {
    const spec = podSpec({ containers: [container({ securityContext: { ...container().securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })] });
    expect(check('K8S-PSS-CAPABILITIES', [deployment(spec)])).toEqual([]);
  });
});
