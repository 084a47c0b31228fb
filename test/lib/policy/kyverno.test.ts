import { policyExcludedNamespaces } from '../../../lib/addons';
import { kyvernoClusterPolicies, type KyvernoClusterPolicy } from '../../../lib/policy/kyverno';
import { kubernetesPack } from '../../../lib/policy/packs/kubernetes';
import type { Rule } from '../../../lib/policy/types';
import type { Cloud } from '../../../lib/spec';
import { crdSchemaProblems } from '../../support/crd-schema';

const REGISTRIES = ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/', 'europe-west1-docker.pkg.dev/acme-prod/'];
const pack = kubernetesPack({ trustedRegistries: REGISTRIES });
const EXCLUDED = policyExcludedNamespaces();

function policies(cloud: Cloud = 'aws'): KyvernoClusterPolicy[] {
  return kyvernoClusterPolicies(pack.rules, { environment: 'prod', cloud, excludedNamespaces: EXCLUDED, kyvernoVersion: '1.17.2' });
}

function policy(name: string, cloud: Cloud = 'aws'): any {
  const found = policies(cloud).find((p) => p.metadata.name === name);
  if (!found) throw new Error(`no policy ${name}`);
  return found;
}

describe('kyvernoClusterPolicies', () => {
  test('one ClusterPolicy per rule that declares Kyverno rules, named after the rule id', () => {
    // GIVEN the Kubernetes pack  WHEN generating  THEN every rule with a kyverno field has its policy, and no other
    const expected = pack.rules.filter((r) => r.kyverno).map((r) => r.id.toLowerCase());
    expect(policies().map((p) => p.metadata.name)).toEqual(expected);
    expect(expected).toHaveLength(16);
    expect(expected).not.toContain('k8s-disruption-budget');
    expect(expected).not.toContain('k8s-namespace-default-deny');
  });

  test('rules of other kinds are ignored', () => {
    const terraformRule: Rule = { ...pack.rules[0], id: 'TF-X', kind: 'terraform' };
    expect(kyvernoClusterPolicies([terraformRule], { environment: 'prod', cloud: 'aws', excludedNamespaces: [] })).toEqual([]);
  });

  test.each(['aws', 'azure', 'gcp'] as const)('every rule is enforced, scanned in background and fails closed on %s', (cloud) => {
    for (const p of policies(cloud)) {
      expect(p.apiVersion).toBe('kyverno.io/v1');
      expect(p.kind).toBe('ClusterPolicy');
      expect(p.spec.background).toBe(true);
      expect(p.spec.webhookConfiguration).toEqual({ failurePolicy: 'Fail', timeoutSeconds: 10 });
      // Kyverno 1.13+ takes the action per rule; the deprecated policy-level field is not used.
      expect(p.spec).not.toHaveProperty('validationFailureAction');
      for (const r of p.spec.rules as any[]) {
        expect(r.validate.failureAction).toBe('Enforce');
        expect(r.validate.message).not.toBe('');
        expect(r.exclude.any[0]).toEqual({ resources: { namespaces: ['argo-rollouts', 'argocd', 'cert-manager', 'cluster-autoscaler', 'envoy-gateway-system', 'kube-node-lease', 'kube-public', 'kube-system', 'kyverno', 'metrics-server', 'monitoring', 'opentelemetry'] } });
        expect(r.preconditions.all[0]).toEqual({ key: "{{ request.operation || 'BACKGROUND' }}", operator: 'NotEquals', value: 'DELETE' });
      }
    }
  });

  test('annotations carry the rule id, description, controls, remediation and severity', () => {
    const p = policy('k8s-pss-seccomp');
    const rule = pack.rules.find((r) => r.id === 'K8S-PSS-SECCOMP')!;
    expect(p.metadata.annotations).toEqual({
      'policies.kyverno.io/title': 'K8S-PSS-SECCOMP',
      'policies.kyverno.io/category': 'pod-security-restricted',
      'policies.kyverno.io/severity': 'high',
      'policies.kyverno.io/subject': 'Pod',
      'policies.kyverno.io/description': `${rule.description} Remediation: ${rule.remediation}`,
      'baseline.io/rule-id': 'K8S-PSS-SECCOMP',
      'baseline.io/controls': 'pod-security-restricted',
      'kyverno.io/kyverno-version': '1.17.2',
    });
  });

  test('pod rules match Pods, so Kyverno generates them for every pod controller', () => {
    expect(policy('k8s-pss-run-as-non-root').spec.rules[0].match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
  });

  test('the trusted registries become the image pattern', () => {
    const rule = policy('k8s-images-trusted-registry').spec.rules[0];
    const pattern = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/* | europe-west1-docker.pkg.dev/acme-prod/*';
    expect(rule.validate.pattern.spec.containers).toEqual([{ image: pattern }]);
    expect(rule.validate.pattern.spec['=(initContainers)']).toEqual([{ image: pattern }]);
  });

  test.each([
    ['aws', 'service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
    ['azure', 'service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
    ['gcp', 'networking.gke.io/load-balancer-type', 'Internal'],
  ] as const)('the internal load balancer annotation on %s', (cloud, key, value) => {
    const rule = policy('k8s-service-internal-load-balancer', cloud).spec.rules[0];
    expect(rule.validate.pattern).toEqual({ metadata: { annotations: { [key]: value } } });
    expect(rule.preconditions.all[1]).toEqual({ key: "{{ request.object.spec.type || 'ClusterIP' }}", operator: 'Equals', value: 'LoadBalancer' });
  });

  test('the control plane\'s default ServiceAccount is not blocked', () => {
    const tokens = policy('k8s-service-account-token').spec.rules[1];
    expect(tokens.exclude.any[1]).toEqual({ resources: { kinds: ['ServiceAccount'], names: ['default'] } });
  });

  test('a cluster with no trusted registry cannot get policies', () => {
    const none = kubernetesPack({ trustedRegistries: () => [] });
    expect(() => kyvernoClusterPolicies(none.rules, { environment: 'dev', cloud: 'gcp', excludedNamespaces: [] })).toThrow(
      'K8S-IMAGES-TRUSTED-REGISTRY: no trusted registry for environment "dev" on gcp (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)',
    );
  });

  test('every policy on every cloud validates against the Kyverno CRD schema', () => {
    // GIVEN the policies of all three clouds, and one that breaks the schema to prove the validator rejects
    const all = (['aws', 'azure', 'gcp'] as const).flatMap((cloud) => policies(cloud));
    const broken = { ...all[0], metadata: { ...all[0].metadata, name: 'broken' }, spec: { ...all[0].spec, rules: [{ name: 'x', validate: { failureAction: 'Block' } }] } };
    // WHEN validated offline in one child process
    const problems = crdSchemaProblems([...all, broken]);
    // THEN only the broken one has problems
    expect(problems).toEqual([
      'kyverno.io/v1 ClusterPolicy "broken": data/spec/rules/0 must have required property match, data/spec/rules/0/validate/failureAction must be equal to one of the allowed values',
    ]);
  });
});
