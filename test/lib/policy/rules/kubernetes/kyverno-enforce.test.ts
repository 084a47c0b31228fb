import { acme } from '../../../../../examples/acme/org';
import type { Artifact } from '../../../../../lib/artifacts';
import { checkParity } from '../../../../../lib/parity';
import { artifactsOf } from '../../../../../lib/platform';
import { kyvernoEnforce } from '../../../../../lib/policy/rules/kubernetes/kyverno-enforce';
import { defineOrganization } from '../../../../../lib/spec';

const org = defineOrganization(acme);
const policiesOf = (artifacts: readonly Artifact[]) => artifacts.filter((a) => a.kind === 'kubernetes' && (a.document as any[]).some((o) => o?.kind === 'ClusterPolicy'));

describe('K8S-KYVERNO-ENFORCE', () => {
  test('passes on the platform\'s generated policies, which carry ClusterPolicies', () => {
    const withPolicies = policiesOf(artifactsOf(org));
    expect(withPolicies.length).toBeGreaterThan(0);
    expect(withPolicies.flatMap((a) => kyvernoEnforce.check(a))).toEqual([]);
  });

  test('fails when a policy is switched to Audit in every environment, which parity cannot see', () => {
    // GIVEN every environment's first ClusterPolicy switched to Audit alike
    const artifacts = structuredClone(artifactsOf(org)) as Artifact[];
    let policy = '';
    for (const a of policiesOf(artifacts)) {
      const p = (a.document as any[]).find((o) => o.kind === 'ClusterPolicy');
      p.spec.rules[0].validate.failureAction = 'Audit';
      policy = `ClusterPolicy/${p.metadata.name} rule "${p.spec.rules[0].name}"`;
    }
    // THEN parity sees no difference (all agree) AND the rule flags every cluster
    expect(checkParity(org, artifacts).drifts).toEqual([]);
    const violations = policiesOf(artifacts).flatMap((a) => kyvernoEnforce.check(a));
    expect(violations).toHaveLength(policiesOf(artifacts).length);
    expect(`${violations[0].resource} ${violations[0].message}`).toBe(`${policy.replace(/ rule .*/, '')} ${policy.replace(/^.* rule /, 'rule ')} has failureAction "Audit" (expected "Enforce": Audit only reports)`);
  });

  test('an unset action is Kyverno\'s default, Audit', () => {
    const artifact: Artifact = {
      kind: 'kubernetes',
      cloud: 'aws',
      environment: 'dev',
      name: 'dev/aws/x',
      file: 'x',
      document: [{ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { rules: [{ name: 'r', validate: { message: 'm', pattern: {} } }] } }],
    };
    expect(kyvernoEnforce.check(artifact)).toEqual([{ resource: 'ClusterPolicy/p', message: 'rule "r" has failureAction "Audit (the default)" (expected "Enforce": Audit only reports)' }]);
  });
});
