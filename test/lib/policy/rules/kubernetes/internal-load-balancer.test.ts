import { check, compliant, service } from './fixtures';

describe('K8S-SERVICE-INTERNAL-LOAD-BALANCER', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-SERVICE-INTERNAL-LOAD-BALANCER', compliant())).toEqual([]);
  });

  test.each([
    ['aws', 'service.beta.kubernetes.io/aws-load-balancer-scheme', '"internal"'],
    ['azure', 'service.beta.kubernetes.io/azure-load-balancer-internal', '"true"'],
    ['gcp', 'networking.gke.io/load-balancer-type', '"Internal"'],
  ] as const)('a LoadBalancer without the %s internal annotation', (cloud, key, value) => {
    expect(check('K8S-SERVICE-INTERNAL-LOAD-BALANCER', [service('LoadBalancer')], cloud)).toEqual([
      { resource: 'Service/payments/api', message: `is a LoadBalancer with annotation ${key} unset (expected ${value} on ${cloud})` },
    ]);
  });

  test('another cloud\'s annotation does not make a load balancer internal', () => {
    const awsAnnotated = service('LoadBalancer', { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' });
    expect(check('K8S-SERVICE-INTERNAL-LOAD-BALANCER', [awsAnnotated], 'gcp')).toHaveLength(1);
  });
});
