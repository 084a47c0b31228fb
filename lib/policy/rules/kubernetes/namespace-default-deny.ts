import type { KubernetesRule } from './kubernetes-rule';
import { asArray, meta, nameOf, objectsOf, show } from './private/helpers';

/**
 * The rule `K8S-NAMESPACE-DEFAULT-DENY`: Every namespace has a default-deny NetworkPolicy: an empty podSelector and
 * both Ingress and Egress policy types.
 */
export function namespaceDefaultDenyRule(excluded: readonly string[]): KubernetesRule {
  return {
    ...meta('K8S-NAMESPACE-DEFAULT-DENY', 'network-default-deny',
      'Every namespace has a default-deny NetworkPolicy: an empty podSelector and both Ingress and Egress policy types.',
      'Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress] to the namespace, then allow the flows it needs.'),
    // Not in Kyverno: the namespace and its policy are separate objects; Kyverno could only generate the policy.
    check: (artifact) => {
      const objects = objectsOf(artifact);
      const denied = new Set(objects.filter(isDefaultDeny).map((p) => p.metadata?.namespace ?? 'default'));
      return objects
        .filter((o) => o.kind === 'Namespace' && !excluded.includes(o.metadata?.name) && !denied.has(o.metadata?.name))
        .map((o) => ({
          resource: nameOf(o),
          message: `has no default-deny NetworkPolicy (expected one in namespace ${show(o.metadata?.name)} with podSelector {} and policyTypes Ingress and Egress)`,
        }));
    },
  };
}

function isDefaultDeny(object: any): boolean {
  if (object.kind !== 'NetworkPolicy') return false;
  const spec = object.spec ?? {};
  const selector = spec.podSelector ?? {};
  const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
  const types = asArray(spec.policyTypes);
  // Rules would allow traffic; a default-deny policy has none.
  return selectsAll && types.includes('Ingress') && types.includes('Egress') && asArray(spec.ingress).length === 0 && asArray(spec.egress).length === 0;
}
