import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * The rule `K8S-PSS-NO-PRIVILEGE-ESCALATION`: No container can gain privileges: allowPrivilegeEscalation is false
 * and no container is privileged.
 */
export function noPrivilegeEscalationRule(): KubernetesRule {
  return {
    ...meta('K8S-PSS-NO-PRIVILEGE-ESCALATION', 'pod-security-restricted',
      'No container can gain privileges: allowPrivilegeEscalation is false and no container is privileged.',
      'Set securityContext.allowPrivilegeEscalation: false on every container and remove privileged: true.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec)) {
        const sc = c.container.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false) report(`${c.label} securityContext.allowPrivilegeEscalation is ${show(sc.allowPrivilegeEscalation)} (expected false)`);
        if (sc.privileged === true) report(`${c.label} securityContext.privileged is true (expected false or unset)`);
      }
    }),
    kyverno: () => {
      const container = { securityContext: { 'allowPrivilegeEscalation': false, '=(privileged)': false } };
      return [{
        name: 'no-privilege-escalation',
        match: podMatch(),
        validate: {
          message: 'Containers must set securityContext.allowPrivilegeEscalation to false and must not be privileged.',
          pattern: { spec: { '=(ephemeralContainers)': [container], '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}
