import type { KubernetesRule } from './kubernetes-rule';
import type { Violation } from '../../types';
import { CONTROL_PLANE_SERVICE_ACCOUNT, kindsMatch, meta, nameOf, objectsOf, podMatch, podTemplateOf, show } from './private/helpers';

/** The annotation that allows a pod or service account to mount its Kubernetes API token; its value says why. */
export const NEEDS_SERVICE_ACCOUNT_TOKEN_ANNOTATION = 'baseline.io/needs-service-account-token';

/**
 * The rule `K8S-SERVICE-ACCOUNT-TOKEN`: Pods and service accounts do not mount a Kubernetes API token, unless
 * annotated with why they need one.
 */
export function serviceAccountTokenRule(): KubernetesRule {
  const annotation = NEEDS_SERVICE_ACCOUNT_TOKEN_ANNOTATION;
  return {
    ...meta('K8S-SERVICE-ACCOUNT-TOKEN', 'service-account-token-off',
      'Pods and service accounts do not mount a Kubernetes API token, unless annotated with why they need one.',
      `Set automountServiceAccountToken: false on the pod template and the ServiceAccount, or annotate them with ${annotation}: "<reason>".`),
    check: (artifact) => {
      const violations: Violation[] = [];
      for (const object of objectsOf(artifact)) {
        if (object.kind === 'ServiceAccount') {
          if (object.automountServiceAccountToken !== false && !hasReason(object.metadata)) {
            violations.push({ resource: nameOf(object), message: `automountServiceAccountToken is ${show(object.automountServiceAccountToken)} (expected false, or the annotation ${annotation} with a reason)` });
          }
          continue;
        }
        const pod = podTemplateOf(object);
        // The annotation must be on the pods themselves (their template), where the admission controller sees it.
        if (pod && pod.spec.automountServiceAccountToken !== false && !hasReason(pod.metadata)) {
          violations.push({ resource: nameOf(object), message: `pod automountServiceAccountToken is ${show(pod.spec.automountServiceAccountToken)} (expected false, or the pod annotation ${annotation} with a reason)` });
        }
      }
      return violations;
    },
    kyverno: () => {
      const reasoned = { metadata: { annotations: { [annotation]: '?*' } } };
      return [
        {
          name: 'pod-token-automount-off',
          match: podMatch(),
          validate: {
            message: `Pods must set automountServiceAccountToken to false, or carry the annotation ${annotation} with the reason they need the token.`,
            anyPattern: [{ spec: { automountServiceAccountToken: false } }, reasoned],
          },
        },
        {
          name: 'service-account-token-automount-off',
          match: kindsMatch(['ServiceAccount']),
          exclude: [CONTROL_PLANE_SERVICE_ACCOUNT],
          validate: {
            message: `ServiceAccounts must set automountServiceAccountToken to false, or carry the annotation ${annotation} with the reason.`,
            anyPattern: [{ automountServiceAccountToken: false }, reasoned],
          },
        },
      ];
    },
  };
}

function hasReason(metadata: any): boolean {
  const reason = metadata?.annotations?.[NEEDS_SERVICE_ACCOUNT_TOKEN_ANNOTATION];
  return typeof reason === 'string' && reason.trim() !== '';
}
