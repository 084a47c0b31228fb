import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, asArray, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * The rule `K8S-PSS-HOST-NAMESPACES`: Pods share no host namespace and bind no host port (Pod Security Standards
 * baseline, included in restricted).
 */
export function hostNamespacesRule(): KubernetesRule {
  return {
    ...meta('K8S-PSS-HOST-NAMESPACES', 'pod-security-restricted',
      'Pods share no host namespace and bind no host port (Pod Security Standards baseline, included in restricted).',
      'Remove hostNetwork, hostPID, hostIPC and every hostPort; expose the pod through a Service instead.'),
    check: forEachPod((pod, report) => {
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (pod.spec[field] === true) report(`pod ${field} is true (expected false or unset)`);
      }
      for (const c of allContainers(pod.spec)) {
        for (const port of asArray(c.container.ports)) {
          if (port?.hostPort !== undefined && port.hostPort !== 0) report(`${c.label} ports hostPort is ${show(port.hostPort)} (expected unset or 0)`);
        }
      }
    }),
    kyverno: () => {
      const container = { '=(ports)': [{ '=(hostPort)': 0 }] };
      return [{
        name: 'host-namespaces',
        match: podMatch(),
        validate: {
          message: 'Pods must not use hostNetwork, hostPID, hostIPC or host ports.',
          pattern: {
            spec: {
              '=(hostNetwork)': false,
              '=(hostPID)': false,
              '=(hostIPC)': false,
              '=(ephemeralContainers)': [container],
              '=(initContainers)': [container],
              'containers': [container],
            },
          },
        },
      }];
    },
  };
}
