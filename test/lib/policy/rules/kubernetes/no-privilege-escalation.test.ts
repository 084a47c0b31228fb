import { check, compliant, container, cronJob, deployment, LABELS, podSpec } from './fixtures';

describe('K8S-PSS-NO-PRIVILEGE-ESCALATION', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PSS-NO-PRIVILEGE-ESCALATION', compliant())).toEqual([]);
  });

  test('privilege escalation and privileged', () => {
    const securityContext = { ...container().securityContext, allowPrivilegeEscalation: undefined, privileged: true };
    const spec = podSpec({ containers: [container({ securityContext })] });
    expect(check('K8S-PSS-NO-PRIVILEGE-ESCALATION', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" securityContext.allowPrivilegeEscalation is unset (expected false)' },
      { resource: 'Deployment/payments/api', message: 'container "api" securityContext.privileged is true (expected false or unset)' },
    ]);
  });

  test('pod specs are found in Pods, StatefulSets, DaemonSets, Jobs and CronJobs', () => {
    // GIVEN one privileged-escalating container in each kind
    const bad = podSpec({ containers: [container({ securityContext: { ...container().securityContext, allowPrivilegeEscalation: true } })] });
    const template = { metadata: { labels: LABELS }, spec: bad };
    const objects = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'payments', labels: LABELS }, spec: bad },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'payments' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'payments' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'payments' }, spec: { template } },
      cronJob(bad),
    ];
    // WHEN checked  THEN each owning object is named once
    expect(check('K8S-PSS-NO-PRIVILEGE-ESCALATION', objects).map((v) => v.resource)).toEqual([
      'Pod/payments/p', 'StatefulSet/payments/s', 'DaemonSet/payments/d', 'Job/payments/j', 'CronJob/payments/report',
    ]);
  });
});
