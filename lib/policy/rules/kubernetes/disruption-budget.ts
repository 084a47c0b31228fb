import type { KubernetesRule } from './kubernetes-rule';
import type { Violation } from '../../types';
import { asArray, meta, nameOf, objectsOf, podTemplateOf, show } from './private/helpers';

/**
 * The rule `K8S-DISRUPTION-BUDGET`: Every workload that runs more than one replica (or is autoscaled from more than
 * one) has a PodDisruptionBudget in its namespace selecting its pods.
 */
export function disruptionBudgetRule(): KubernetesRule {
  return {
    ...meta('K8S-DISRUPTION-BUDGET', 'disruption-budget',
      'Every workload that runs more than one replica (or is autoscaled from more than one) has a PodDisruptionBudget in its namespace selecting its pods.',
      'Add a PodDisruptionBudget (maxUnavailable: 1) whose selector matches the pod template labels.'),
    // Not in Kyverno: the workload and its budget are separate objects, admitted in either order.
    check: (artifact) => {
      const objects = objectsOf(artifact);
      const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget');
      const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
      const violations: Violation[] = [];
      for (const object of objects) {
        const pod = podTemplateOf(object);
        if (!pod || object.kind === 'Pod') continue;
        // An autoscaled workload leaves replicas unset; its floor is the autoscaler's minReplicas.
        const replicas = Math.max(object.spec?.replicas ?? 1, targetedBy(autoscalers, object)?.spec?.minReplicas ?? 1);
        if (replicas <= 1) continue;
        const labels = pod.metadata?.labels ?? {};
        const covered = budgets.some((b) => (b.metadata?.namespace ?? 'default') === (object.metadata?.namespace ?? 'default') && selects(b.spec?.selector, labels));
        if (!covered) {
          violations.push({
            resource: nameOf(object),
            message: `runs ${replicas} replicas with pod labels ${show(labels)} and no PodDisruptionBudget in its namespace selects them (expected a PodDisruptionBudget whose selector matches the pod labels)`,
          });
        }
      }
      return violations;
    },
  };
}

function targetedBy(autoscalers: any[], object: any): any | undefined {
  return autoscalers.find((h) => h.spec?.scaleTargetRef?.kind === object.kind
    && h.spec?.scaleTargetRef?.name === object.metadata?.name
    && (h.metadata?.namespace ?? 'default') === (object.metadata?.namespace ?? 'default'));
}

/** Whether a label selector (matchLabels and matchExpressions) selects pods with these labels. An empty selector selects all. */
function selects(selector: any, labels: Record<string, string>): boolean {
  if (selector === null || typeof selector !== 'object') return false;
  const matchLabels = Object.entries<string>(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const matchExpressions = asArray(selector.matchExpressions).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e?.key);
    const values = asArray(e?.values);
    switch (e?.operator) {
      case 'In': return has && values.includes(labels[e.key]);
      case 'NotIn': return !has || !values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  return matchLabels && matchExpressions;
}
