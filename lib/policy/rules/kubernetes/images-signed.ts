import type { KubernetesRule, TrustedRegistriesResolver } from './kubernetes-rule';
import { asArray, meta, nameOf, objectsOf, show } from './private/helpers';
import type { Artifact } from '../../../artifacts';

/**
 * What the admission controller of Kyverno needs on each cluster to read signatures as itself, in its chart values.
 * EKS binds the pod identity by namespace and name in CloudFormation, outside the manifest: nothing to see here.
 * On AKS the client id is known after `terraform apply`; until then the service account names the Terraform output
 * it waits for (`baseline.io/azure-client-id-output`), which is the platform's visible, expected state.
 */
const REGISTRY_IDENTITY: Partial<Record<Artifact['cloud'], { readonly annotations: readonly string[]; readonly podLabel?: readonly [string, string]; readonly expected: string }>> = {
  azure: {
    annotations: ['azure.workload.identity/client-id', 'baseline.io/azure-client-id-output'],
    podLabel: ['azure.workload.identity/use', 'true'],
    expected: 'admissionController.rbac.serviceAccount.annotations azure.workload.identity/client-id and admissionController.podLabels azure.workload.identity/use: "true", the identity with AcrPull on the registry',
  },
  gcp: {
    annotations: ['iam.gke.io/gcp-service-account'],
    expected: 'admissionController.rbac.serviceAccount.annotations iam.gke.io/gcp-service-account, a Google service account that reads the repositories',
  },
};

/**
 * The rule `K8S-IMAGES-SIGNED`: where a manifest installs Kyverno, it also carries a `verifyImages` policy that
 * refuses, at admission, every image of the cluster's registries without the organization's signature.
 *
 * Read from the manifest that installs Kyverno (the add-ons manifest), because that is where the policy ships:
 * if the policy were dropped or switched to Audit, every cluster would silently run unsigned images. On AKS and GKE it
 * also checks that the admission controller has a registry identity of its own: without one it finds no credentials
 * for the private registry, and the fail-closed policy refuses every pod.
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
      const identity = REGISTRY_IDENTITY[artifact.cloud];
      const admission = kyverno.spec?.source?.helm?.valuesObject?.admissionController;
      const annotations = admission?.rbac?.serviceAccount?.annotations ?? {};
      const labelled = identity?.podLabel === undefined || admission?.podLabels?.[identity.podLabel[0]] === identity.podLabel[1];
      if (identity && (!identity.annotations.some((key) => typeof annotations[key] === 'string' && annotations[key] !== '') || !labelled)) {
        violations.push({
          resource: nameOf(kyverno),
          message: `the admission controller verifies signatures without a registry identity of its own on ${artifact.cloud} `
            + `(service account annotations ${show(annotations)}, pod labels ${show(admission?.podLabels ?? {})}; expected ${identity.expected})`,
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
