import { CONTROLS } from '../../../../lib/policy/controls';
import { kubernetesPack } from '../../../../lib/policy/packs/kubernetes';
import { artifact, check, compliant, pack, service } from '../rules/kubernetes/fixtures';

// Each rule's own cases live beside its source: test/lib/policy/rules/kubernetes/<rule>.test.ts.
describe('kubernetesPack', () => {
  test('rule ids, controls and Kyverno coverage are pinned', () => {
    // GIVEN the pack  WHEN listing its rules  THEN ids (a contract for exceptions) and Kyverno coverage are as pinned
    expect(pack.name).toBe('kubernetes');
    expect(pack.rules.map((r) => [r.id, r.controls.join(','), r.kyverno !== undefined])).toEqual([
      ['K8S-PSS-RUN-AS-NON-ROOT', 'pod-security-restricted', true],
      ['K8S-PSS-NO-PRIVILEGE-ESCALATION', 'pod-security-restricted', true],
      ['K8S-PSS-HOST-NAMESPACES', 'pod-security-restricted', true],
      ['K8S-PSS-CAPABILITIES', 'pod-security-restricted', true],
      ['K8S-PSS-SECCOMP', 'pod-security-restricted', true],
      ['K8S-PSS-READ-ONLY-ROOT-FS', 'pod-security-restricted', true],
      ['K8S-PSS-VOLUME-TYPES', 'pod-security-restricted', true],
      ['K8S-RESOURCES-BOUNDED', 'resources-bounded', true],
      ['K8S-PRIORITY-CLASS', 'pod-priority', true],
      ['K8S-HEALTH-PROBES', 'health-probes', true],
      ['K8S-IMAGES-PINNED', 'images-trusted', true],
      ['K8S-IMAGES-TRUSTED-REGISTRY', 'images-trusted', true],
      ['K8S-IMAGES-SIGNED', 'images-signed', false],
      ['K8S-DISRUPTION-BUDGET', 'disruption-budget', false],
      ['K8S-SERVICE-ACCOUNT-TOKEN', 'service-account-token-off', true],
      ['K8S-SERVICE-NO-NODEPORT', 'no-public-exposure', true],
      ['K8S-SERVICE-INTERNAL-LOAD-BALANCER', 'no-public-exposure', true],
      ['K8S-GATEWAY-PUBLIC-REASONED', 'no-public-exposure', false],
      ['K8S-PUBLIC-EXPOSURES', 'no-public-exposure', false],
      ['K8S-NAMESPACE-DEFAULT-DENY', 'network-default-deny', false],
      ['K8S-MANDATORY-LABELS', 'mandatory-tags', true],
      ['K8S-KYVERNO-ENFORCE', 'cluster-policies-enforced', false],
      ['K8S-NO-CLUSTER-ADMIN-BINDING', 'no-cluster-admin-bindings', false],
    ]);
    const controlIds = CONTROLS.map((c) => c.id);
    for (const r of pack.rules) {
      expect(r.kind).toBe('kubernetes');
      // Every rule fails the check, but the one that lists reasoned public exposures for the report
      expect(r.severity).toBe(r.id === 'K8S-PUBLIC-EXPOSURES' ? 'warning' : 'error');
      expect(r.controls.every((c) => controlIds.includes(c))).toBe(true);
      expect(r.description).not.toBe('');
      expect(r.remediation).not.toBe('');
    }
  });

  test.each(pack.rules.map((r) => r.id))('%s passes on compliant objects', (id) => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check(id, compliant())).toEqual([]);
  });

  test.each(['aws', 'azure', 'gcp'] as const)('every rule passes on compliant objects on %s', (cloud) => {
    // GIVEN the compliant objects with the cloud's own internal load balancer annotation
    const annotations: Record<string, string> = {
      aws: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
      azure: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
      gcp: { 'networking.gke.io/load-balancer-type': 'Internal' },
    }[cloud];
    const objects = compliant().map((o) => (o.kind === 'Service' && o.spec.type === 'LoadBalancer' ? service('LoadBalancer', annotations) : o));
    // WHEN every rule checks them  THEN nothing is found
    expect(pack.rules.flatMap((r) => r.check(artifact(objects, cloud)))).toEqual([]);
  });


  test('a malformed registry prefix is rejected with every problem at once', () => {
    expect(() => kubernetesPack({ trustedRegistries: ['acme.azurecr.io', 'https://europe-west1-docker.pkg.dev/acme/'] })).toThrow(
      'kubernetesPack: trusted registry "acme.azurecr.io" is not a registry host prefix ending in \'/\' (expected like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ or europe-west1-docker.pkg.dev/acme-prod/)\n'
      + 'kubernetesPack: trusted registry "https://europe-west1-docker.pkg.dev/acme/" is not a registry host prefix ending in \'/\' (expected like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ or europe-west1-docker.pkg.dev/acme-prod/)',
    );
  });
});
