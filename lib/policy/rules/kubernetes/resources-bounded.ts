import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * The rule `K8S-RESOURCES-BOUNDED`: Every container and init container declares CPU, memory and ephemeral-storage
 * requests and limits (kube-score's container-resources and container-ephemeral-storage-request-and-limit checks).
 */
export function resourcesBoundedRule(): KubernetesRule {
  const fields = ['requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage'];
  return {
    ...meta('K8S-RESOURCES-BOUNDED', 'resources-bounded',
      'Every container and init container declares CPU, memory and ephemeral-storage requests and limits.',
      'Set resources.requests and resources.limits for cpu, memory and ephemeral-storage on every container.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec, false)) {
        const resources = c.container.resources ?? {};
        const missing = fields.filter((f) => {
          const [group, name] = f.split('.');
          const value = resources[group]?.[name];
          return value === undefined || value === null || value === '';
        });
        if (missing.length > 0) report(`${c.label} resources ${show(c.container.resources)} lack ${missing.join(', ')} (expected CPU, memory and ephemeral-storage requests and limits)`);
      }
    }),
    kyverno: () => {
      const container = { resources: { requests: { 'cpu': '?*', 'memory': '?*', 'ephemeral-storage': '?*' }, limits: { 'cpu': '?*', 'memory': '?*', 'ephemeral-storage': '?*' } } };
      return [{
        name: 'resources-bounded',
        match: podMatch(),
        validate: {
          message: 'Containers must set CPU, memory and ephemeral-storage requests and limits.',
          pattern: { spec: { '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}
