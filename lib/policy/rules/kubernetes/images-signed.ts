import type { KubernetesRule, TrustedRegistriesResolver } from './kubernetes-rule';
import { asArray, meta, nameOf, objectsOf, show } from './private/helpers';

/**
 * The rule `K8S-IMAGES-SIGNED`: where a manifest installs Kyverno, it also carries a `verifyImages` policy that
 * refuses, at admission, every image of the cluster's registries without the organization's signature.
 *
 * Read from the manifest that installs Kyverno (the add-ons manifest), because that is where the policy ships:
 * if the policy were dropped or switched to Audit, every cluster would silently run unsigned images.
 */
export function imagesSignedRule(registriesFor: TrustedRegistriesResolver): KubernetesRule {
  return {
    ...meta('K8S-IMAGES-SIGNED', 'images-signed',
      'Every cluster verifies image signatures at admission: a Kyverno verifyImages rule in Enforce mode, required, with at least one attestor, covering every registry of the cluster.',
      'Set imageSigning in the organization spec (keyless identity, cosign public key or both); the platform then ships the k8s-images-signed ClusterPolicy with Kyverno.'),
    // Not a Kyverno rule itself: it checks that the verification policy is present and strict.
    check: (artifact) => {
      const objects = objectsOf(artifact);
      const kyverno = objects.find((o) => o.kind === 'Application' && o.spec?.source?.chart === 'kyverno');
      if (!kyverno) return [];
      const registries = registriesFor(artifact);
      const verifications = objects
        .filter((o) => o.kind === 'ClusterPolicy' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kyverno.io/'))
        .flatMap((policy) => asArray(policy.spec?.rules).flatMap((rule: any) => asArray(rule?.verifyImages)
          .map((verification: any) => ({ policy, rule, verification }))));
      if (verifications.length === 0) {
        return [{
          resource: nameOf(kyverno),
          message: `installs Kyverno, but no ClusterPolicy verifies image signatures (expected a verifyImages rule over ${registries.map((r) => `${r}*`).join(', ')}; set imageSigning in the spec)`,
        }];
      }
      const violations = verifications.flatMap(({ policy, rule, verification }) => {
        const where = `rule ${show(rule.name)} verifyImages`;
        const problems = [
          String(verification.failureAction ?? '').toLowerCase() !== 'enforce'
            ? `${where} failureAction ${show(verification.failureAction)} only reports (expected "Enforce")` : undefined,
          verification.required === false ? `${where} required false admits images no rule verified (expected true)` : undefined,
          asArray(verification.attestors).every((a: any) => asArray(a?.entries).length === 0)
            ? `${where} attestors ${show(verification.attestors)} name no signer (expected at least one keyless or key entry)` : undefined,
        ];
        return problems.filter((p): p is string => p !== undefined).map((message) => ({ resource: nameOf(policy), message }));
      });
      const enforced = verifications.filter(({ verification }) => String(verification.failureAction ?? '').toLowerCase() === 'enforce');
      const uncovered = registries.filter((prefix) => !enforced.some(({ verification }) =>
        asArray(verification.imageReferences).some((pattern: unknown) => typeof pattern === 'string' && covers(pattern, prefix))));
      if (uncovered.length > 0) {
        violations.push({
          resource: nameOf(kyverno),
          message: `no enforced verifyImages rule covers the registries ${uncovered.join(', ')} (expected imageReferences like ${uncovered.map((r) => `${r}*`).join(', ')})`,
        });
      }
      return violations;
    },
  };
}

/** Whether an imageReferences pattern matches every image under the registry prefix (`<prefix>*`, or broader). */
function covers(pattern: string, prefix: string): boolean {
  if (!pattern.endsWith('*')) return false;
  const head = pattern.slice(0, -1);
  return !head.includes('*') && !head.includes('?') && prefix.startsWith(head);
}
