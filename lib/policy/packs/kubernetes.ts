import { policyExcludedNamespaces } from '../../addons/catalog';
import { volumesCustomerKey, volumesCustomerKeyExceptions } from '../rules/encryption/volumes';
import {
  capabilitiesRule, disruptionBudgetRule, gatewayPublicReasonedRule, healthProbesRule, hostNamespacesRule, imagesPinnedRule, imagesTrustedRule,
  imagesSignedRule, internalLoadBalancerRule, KubernetesRule, kyvernoEnforce, mandatoryLabelsRule, namespaceDefaultDenyRule, noClusterAdminBinding,
  noNodePortRule, noPrivilegeEscalationRule, priorityClassRule, publicExposuresRule, readOnlyRootFilesystemRule, resourcesBoundedRule,
  runAsNonRootRule, seccompRule, serviceAccountTokenRule, TrustedRegistriesResolver, volumeTypesRule,
} from '../rules/kubernetes';
import { assertRegistryPrefixes } from '../rules/kubernetes/private/registries';
import type { RulePack } from '../types';

/** Options of {@link kubernetesPack}. */
export interface KubernetesPackOptions {
  /**
   * Registry prefixes images must start with, ending in `/`: e.g. `111111111111.dkr.ecr.eu-west-1.amazonaws.com/`,
   * `acmeprod.azurecr.io/`, `europe-west1-docker.pkg.dev/acme-prod/`. Either one list for every cluster, or a
   * function of the environment and cloud (it receives the artifact being checked).
   */
  readonly trustedRegistries: readonly string[] | TrustedRegistriesResolver;
  /**
   * Namespaces that need no default-deny NetworkPolicy.
   * @default - the system namespaces and the namespaces of the add-on catalog
   */
  readonly excludedNamespaces?: readonly string[];
}

/** The pack returned by {@link kubernetesPack}: its rules are {@link KubernetesRule}s. */
export interface KubernetesRulePack extends RulePack {
  readonly rules: readonly KubernetesRule[];
}

/**
 * The Kubernetes rule pack: Pod Security Standards `restricted`, bounded resources, probes, pinned images from the
 * organization's registries, disruption budgets, no API token by default, no public exposure, default-deny
 * networking and the mandatory labels, over every manifest.
 *
 * Pod specs are found generically (a Pod's `spec`, or the `template` of any controller, however deep, such as a
 * CronJob's `spec.jobTemplate.spec.template`), so workload kinds added later are covered without a change here.
 * Violations name objects `<Kind>/<namespace>/<name>`, or `<Kind>/<name>` when the object has no namespace.
 *
 * Throws when a trusted registry prefix is malformed (it must end with `/`, or `acme.azurecr.io` would also trust
 * `acme.azurecr.io.evil.example/`).
 */
export function kubernetesPack(options: KubernetesPackOptions): KubernetesRulePack {
  if (Array.isArray(options.trustedRegistries)) {
    assertRegistryPrefixes(options.trustedRegistries);
  }
  const registriesFor: TrustedRegistriesResolver = typeof options.trustedRegistries === 'function'
    ? (cluster) => {
      const resolved = (options.trustedRegistries as TrustedRegistriesResolver)(cluster);
      assertRegistryPrefixes(resolved);
      return resolved;
    }
    : () => options.trustedRegistries as readonly string[];
  const excluded = options.excludedNamespaces ?? policyExcludedNamespaces();

  return {
    name: 'kubernetes',
    description: 'Kubernetes manifests: Pod Security Standards restricted, resources, priority, probes, images, disruption budgets, service account tokens, exposure, network isolation, labels and customer-key volumes.',
    rules: [
      runAsNonRootRule(),
      noPrivilegeEscalationRule(),
      hostNamespacesRule(),
      capabilitiesRule(),
      seccompRule(),
      readOnlyRootFilesystemRule(),
      volumeTypesRule(),
      resourcesBoundedRule(),
      priorityClassRule(),
      healthProbesRule(),
      imagesPinnedRule(),
      imagesTrustedRule(registriesFor),
      imagesSignedRule(registriesFor),
      disruptionBudgetRule(),
      serviceAccountTokenRule(),
      noNodePortRule(),
      internalLoadBalancerRule(),
      gatewayPublicReasonedRule(),
      publicExposuresRule(),
      namespaceDefaultDenyRule(excluded),
      mandatoryLabelsRule(),
      { ...kyvernoEnforce, kind: 'kubernetes' },
      { ...noClusterAdminBinding, kind: 'kubernetes' },
    ],
    // A claim and the class it names are in different files (add-ons' Helm values, the class with the add-ons, a
    // team's StatefulSet): these rules read each cluster's manifests together.
    crossArtifactRules: [volumesCustomerKey, volumesCustomerKeyExceptions],
  };
}
