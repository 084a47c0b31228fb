import type { KubernetesRule } from './kubernetes-rule';
import { asArray, forEachPod, meta, podMatch, show } from './private/helpers';

/** Volume types the Pod Security Standards `restricted` profile allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
];

/**
 * The rule `K8S-PSS-VOLUME-TYPES`: Pods use only the volume types Pod Security Standards restricted allows
 * (`RESTRICTED_VOLUME_TYPES`).
 */
export function volumeTypesRule(): KubernetesRule {
  return {
    ...meta('K8S-PSS-VOLUME-TYPES', 'pod-security-restricted',
      `Pods use only the volume types Pod Security Standards restricted allows (${RESTRICTED_VOLUME_TYPES.join(', ')}).`,
      'Replace hostPath and other node or network volumes with a PersistentVolumeClaim, a CSI volume or an emptyDir.'),
    check: forEachPod((pod, report) => {
      for (const volume of asArray(pod.spec.volumes)) {
        const types = Object.keys(volume ?? {}).filter((k) => k !== 'name');
        const bad = types.filter((t) => !RESTRICTED_VOLUME_TYPES.includes(t));
        if (bad.length > 0) report(`volume ${show(volume?.name)} is of type ${bad.map((t) => JSON.stringify(t)).join(', ')} (expected one of ${RESTRICTED_VOLUME_TYPES.join(', ')})`);
      }
    }),
    kyverno: () => [{
      name: 'restricted-volume-types',
      match: podMatch(),
      validate: {
        message: `Pods may use only these volume types: ${RESTRICTED_VOLUME_TYPES.join(', ')}.`,
        deny: {
          conditions: {
            all: [{
              key: '{{ request.object.spec.volumes[].keys(@)[] || `[]` }}',
              operator: 'AnyNotIn',
              value: [...RESTRICTED_VOLUME_TYPES, 'name'],
            }],
          },
        },
      },
    }],
  };
}
