import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/** The rule `K8S-PSS-SECCOMP`: Every container runs with the RuntimeDefault (or a Localhost) seccomp profile. */
export function seccompRule(): KubernetesRule {
  const allowed = ['RuntimeDefault', 'Localhost'];
  return {
    ...meta('K8S-PSS-SECCOMP', 'pod-security-restricted',
      'Every container runs with the RuntimeDefault (or a Localhost) seccomp profile.',
      'Set securityContext.seccompProfile.type: RuntimeDefault on the pod, and never Unconfined on a container.'),
    check: forEachPod((pod, report) => {
      const podType = pod.spec.securityContext?.seccompProfile?.type;
      if (podType !== undefined && !allowed.includes(podType)) report(`pod securityContext.seccompProfile.type is ${show(podType)} (expected RuntimeDefault or Localhost)`);
      for (const c of allContainers(pod.spec)) {
        const own = c.container.securityContext?.seccompProfile?.type;
        if (own !== undefined && !allowed.includes(own)) {
          report(`${c.label} securityContext.seccompProfile.type is ${show(own)} (expected RuntimeDefault or Localhost)`);
        } else if (own === undefined && podType === undefined) {
          report(`${c.label} seccompProfile.type is unset and the pod sets none (expected RuntimeDefault or Localhost)`);
        }
      }
    }),
    kyverno: () => {
      const type = allowed.join(' | ');
      const containersWith = (container: Record<string, unknown>) => ({
        '=(ephemeralContainers)': [container], '=(initContainers)': [container], 'containers': [container],
      });
      return [{
        name: 'seccomp-runtime-default',
        match: podMatch(),
        validate: {
          message: 'Pods must set securityContext.seccompProfile.type to RuntimeDefault or Localhost, on the pod or on every container, and never Unconfined.',
          anyPattern: [
            { spec: { securityContext: { seccompProfile: { type } }, ...containersWith({ '=(securityContext)': { '=(seccompProfile)': { '=(type)': type } } }) } },
            { spec: { '=(securityContext)': { '=(seccompProfile)': { '=(type)': type } }, ...containersWith({ securityContext: { seccompProfile: { type } } }) } },
          ],
        },
      }];
    },
  };
}
