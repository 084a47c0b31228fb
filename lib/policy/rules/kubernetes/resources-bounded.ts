import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * The rule `K8S-RESOURCES-BOUNDED`: Every container and init container declares CPU and memory requests and limits.
 */
export function resourcesBoundedRule(): KubernetesRule {
  const fields = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];
  return {
    ...meta('K8S-RESOURCES-BOUNDED', 'resources-bounded',
      'Every container and init container declares CPU and memory requests and limits.',
      'Set resources.requests.cpu, resources.requests.memory, resources.limits.cpu and resources.limits.memory on every container.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec, false)) {
        const resources = c.container.resources ?? {};
        const missing = fields.filter((f) => {
          const [group, name] = f.split('.');
          const value = resources[group]?.[name];
          return value === undefined || value === null || value === '';
        });
        if (missing.length > 0) report(`${c.label} resources ${show(c.container.resources)} lack ${missing.join(', ')} (expected CPU and memory requests and limits)`);
      }
    }),
    kyverno: () => {
      const container = { resources: { requests: { cpu: '?*', memory: '?*' }, limits: { cpu: '?*', memory: '?*' } } };
      return [{
        name: 'resources-bounded',
        match: podMatch(),
        validate: {
          message: 'Containers must set CPU and memory requests and limits.',
          pattern: { spec: { '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}
