import type { KubernetesRule } from './kubernetes-rule';
import { MANDATORY_TAG_KEYS } from '../../../spec';
import type { Violation } from '../../types';
import { CONTROL_PLANE_SERVICE_ACCOUNT, kindsMatch, meta, nameOf, objectsOf, show } from './private/helpers';

/**
 * Kinds the mandatory-labels Kyverno rule admits only with the labels: the kinds the baseline and teams author.
 * ConfigMap is left out because the control plane creates `kube-root-ca.crt` in every namespace, unlabelled.
 */
export const LABELLED_KINDS: readonly string[] = [
  'Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'ServiceAccount', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ResourceQuota', 'LimitRange', 'Ingress',
];

/** The rule `K8S-MANDATORY-LABELS`: Every object carries the mandatory labels (`MANDATORY_TAG_KEYS`). */
export function mandatoryLabelsRule(): KubernetesRule {
  return {
    ...meta('K8S-MANDATORY-LABELS', 'mandatory-tags',
      `Every object carries the mandatory labels (${MANDATORY_TAG_KEYS.join(', ')}).`,
      'Add the labels to the object, e.g. through the chart\'s labels; the platform gives every chart the environment\'s tags.'),
    check: (artifact) => {
      const violations: Violation[] = [];
      for (const object of objectsOf(artifact)) {
        const labels = object.metadata?.labels ?? {};
        const missing = MANDATORY_TAG_KEYS.filter((k) => typeof labels[k] !== 'string' || labels[k] === '');
        if (missing.length > 0) violations.push({ resource: nameOf(object), message: `labels ${show(object.metadata?.labels)} lack ${missing.join(', ')} (expected every mandatory label: ${MANDATORY_TAG_KEYS.join(', ')})` });
      }
      return violations;
    },
    kyverno: () => [{
      name: 'mandatory-labels',
      match: kindsMatch(LABELLED_KINDS),
      exclude: [CONTROL_PLANE_SERVICE_ACCOUNT],
      validate: {
        message: `Objects must carry the labels ${MANDATORY_TAG_KEYS.join(', ')}.`,
        pattern: { metadata: { labels: Object.fromEntries(MANDATORY_TAG_KEYS.map((k) => [k, '?*'])) } },
      },
    }],
  };
}
