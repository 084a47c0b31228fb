import type { KubernetesRule } from './kubernetes-rule';
import { kindsMatch, meta, nameOf, objectsOf, show } from './private/helpers';
import type { Cloud } from '../../../spec';

/** Annotations that make a LoadBalancer Service internal, per cloud. */
export const INTERNAL_LOAD_BALANCER_ANNOTATIONS: Readonly<Record<Cloud, { readonly key: string; readonly value: string }>> = {
  aws: { key: 'service.beta.kubernetes.io/aws-load-balancer-scheme', value: 'internal' },
  azure: { key: 'service.beta.kubernetes.io/azure-load-balancer-internal', value: 'true' },
  gcp: { key: 'networking.gke.io/load-balancer-type', value: 'Internal' },
};

/** The rule `K8S-SERVICE-INTERNAL-LOAD-BALANCER`: Every LoadBalancer Service carries its cloud\ */
export function internalLoadBalancerRule(): KubernetesRule {
  return {
    ...meta('K8S-SERVICE-INTERNAL-LOAD-BALANCER', 'no-public-exposure',
      'Every LoadBalancer Service carries its cloud\'s internal annotation, so no load balancer is public by accident.',
      'Annotate the Service: aws service.beta.kubernetes.io/aws-load-balancer-scheme: internal; azure service.beta.kubernetes.io/azure-load-balancer-internal: "true"; gcp networking.gke.io/load-balancer-type: Internal.'),
    check: (artifact) => {
      const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[artifact.cloud];
      return objectsOf(artifact)
        .filter((o) => o.kind === 'Service' && o.spec?.type === 'LoadBalancer' && o.metadata?.annotations?.[key] !== value)
        .map((o) => ({
          resource: nameOf(o),
          message: `is a LoadBalancer with annotation ${key} ${show(o.metadata?.annotations?.[key])} (expected ${JSON.stringify(value)} on ${artifact.cloud})`,
        }));
    },
    kyverno: (cluster) => {
      const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[cluster.cloud];
      return [{
        name: 'internal-load-balancer',
        match: kindsMatch(['Service']),
        preconditions: { all: [{ key: "{{ request.object.spec.type || 'ClusterIP' }}", operator: 'Equals', value: 'LoadBalancer' }] },
        validate: {
          message: `LoadBalancer Services must be internal: annotate them ${key}: "${value}".`,
          pattern: { metadata: { annotations: { [key]: value } } },
        },
      }];
    },
  };
}
