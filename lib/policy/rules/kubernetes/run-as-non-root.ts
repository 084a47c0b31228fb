import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * The rule `K8S-PSS-RUN-AS-NON-ROOT`: Every container runs as a non-root user (Pod Security Standards restricted:
 * runAsNonRoot true, runAsUser not 0).
 */
export function runAsNonRootRule(): KubernetesRule {
  return {
    ...meta('K8S-PSS-RUN-AS-NON-ROOT', 'pod-security-restricted',
      'Every container runs as a non-root user (Pod Security Standards restricted: runAsNonRoot true, runAsUser not 0).',
      'Set securityContext.runAsNonRoot: true on the pod (or on every container) and a non-zero runAsUser.'),
    check: forEachPod((pod, report) => {
      const podContext = pod.spec.securityContext ?? {};
      if (podContext.runAsUser === 0) report('pod securityContext.runAsUser is 0 (expected a non-zero user id)');
      for (const c of allContainers(pod.spec)) {
        const own = c.container.securityContext?.runAsNonRoot;
        const effective = own ?? podContext.runAsNonRoot;
        if (effective !== true) {
          report(`${c.label} runAsNonRoot is ${show(effective)} (expected true, on the container or the pod securityContext)`);
        }
        if (c.container.securityContext?.runAsUser === 0) report(`${c.label} securityContext.runAsUser is 0 (expected a non-zero user id)`);
      }
    }),
    kyverno: () => {
      const nonZeroUser = { '=(runAsUser)': '>0' };
      const containersWith = (securityContext: Record<string, unknown>) => ({
        '=(ephemeralContainers)': [securityContext], '=(initContainers)': [securityContext], 'containers': [securityContext],
      });
      return [{
        name: 'run-as-non-root',
        match: podMatch(),
        validate: {
          message: 'Containers must run as non-root: set securityContext.runAsNonRoot to true on the pod or on every container, and never runAsUser 0.',
          anyPattern: [
            { spec: { securityContext: { runAsNonRoot: true, ...nonZeroUser }, ...containersWith({ '=(securityContext)': { '=(runAsNonRoot)': true, ...nonZeroUser } }) } },
            { spec: { '=(securityContext)': nonZeroUser, ...containersWith({ securityContext: { runAsNonRoot: true, ...nonZeroUser } }) } },
          ],
        },
      }];
    },
  };
}
