import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, asArray, CONTAINERS_LIST, forEachPod, meta, podMatch, show } from './private/helpers';

/** The rule `K8S-PSS-CAPABILITIES`: Every container drops ALL capabilities and adds none but NET_BIND_SERVICE. */
export function capabilitiesRule(): KubernetesRule {
  return {
    ...meta('K8S-PSS-CAPABILITIES', 'pod-security-restricted',
      'Every container drops ALL capabilities and adds none but NET_BIND_SERVICE.',
      'Set securityContext.capabilities.drop: [ALL] on every container; add back only NET_BIND_SERVICE, and only if the container binds a port below 1024.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec)) {
        const caps = c.container.securityContext?.capabilities ?? {};
        const drop = asArray(caps.drop);
        if (!drop.some((d) => typeof d === 'string' && d.toUpperCase() === 'ALL')) {
          report(`${c.label} securityContext.capabilities.drop is ${show(caps.drop)} (expected to include ALL)`);
        }
        const extra = asArray(caps.add).filter((a) => a !== 'NET_BIND_SERVICE');
        if (extra.length > 0) report(`${c.label} securityContext.capabilities.add is ${show(caps.add)} (expected none but NET_BIND_SERVICE)`);
      }
    }),
    kyverno: () => [{
      name: 'drop-all-capabilities',
      match: podMatch(),
      validate: {
        message: 'Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.',
        foreach: [{
          list: CONTAINERS_LIST,
          deny: {
            conditions: {
              any: [
                { key: 'ALL', operator: 'AnyNotIn', value: '{{ element.securityContext.capabilities.drop[].to_upper(@) || `[]` }}' },
                { key: '{{ element.securityContext.capabilities.add[] || `[]` }}', operator: 'AnyNotIn', value: ['NET_BIND_SERVICE', ''] },
              ],
            },
          },
        }],
      },
    }],
  };
}
