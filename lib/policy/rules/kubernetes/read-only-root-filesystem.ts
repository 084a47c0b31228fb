import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/** The rule `K8S-PSS-READ-ONLY-ROOT-FS`: Every container and init container has a read-only root filesystem. */
export function readOnlyRootFilesystemRule(): KubernetesRule {
  return {
    ...meta('K8S-PSS-READ-ONLY-ROOT-FS', 'pod-security-restricted',
      'Every container and init container has a read-only root filesystem.',
      'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write (e.g. /tmp).'),
    check: forEachPod((pod, report) => {
      // Ephemeral (debug) containers are left out: they are attached by an operator for a session, not deployed.
      for (const c of allContainers(pod.spec, false)) {
        const value = c.container.securityContext?.readOnlyRootFilesystem;
        if (value !== true) report(`${c.label} securityContext.readOnlyRootFilesystem is ${show(value)} (expected true)`);
      }
    }),
    kyverno: () => {
      const container = { securityContext: { readOnlyRootFilesystem: true } };
      return [{
        name: 'read-only-root-filesystem',
        match: podMatch(),
        validate: {
          message: 'Containers must set securityContext.readOnlyRootFilesystem to true.',
          pattern: { spec: { '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}
