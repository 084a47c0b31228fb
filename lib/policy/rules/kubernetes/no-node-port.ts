import type { KubernetesRule } from './kubernetes-rule';
import { kindsMatch, meta, nameOf, objectsOf } from './private/helpers';

/** The rule `K8S-SERVICE-NO-NODEPORT`: No Service is of type NodePort, which opens a port on every node. */
export function noNodePortRule(): KubernetesRule {
  return {
    ...meta('K8S-SERVICE-NO-NODEPORT', 'no-public-exposure',
      'No Service is of type NodePort, which opens a port on every node.',
      'Use a ClusterIP Service, or an internal LoadBalancer for traffic from outside the cluster.'),
    check: (artifact) => objectsOf(artifact)
      .filter((o) => o.kind === 'Service' && o.spec?.type === 'NodePort')
      .map((o) => ({ resource: nameOf(o), message: 'spec.type is "NodePort" (expected ClusterIP, or an internal LoadBalancer)' })),
    kyverno: () => [{
      name: 'no-nodeport',
      match: kindsMatch(['Service']),
      validate: {
        message: 'Services of type NodePort are not allowed: use ClusterIP or an internal LoadBalancer.',
        pattern: { spec: { '=(type)': '!NodePort' } },
      },
    }],
  };
}
