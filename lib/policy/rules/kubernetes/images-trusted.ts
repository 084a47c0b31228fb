import type { KubernetesRule, TrustedRegistriesResolver } from './kubernetes-rule';
import { allContainers, forEachPod, meta, podMatch, show } from './private/helpers';

/** The rule `K8S-IMAGES-TRUSTED-REGISTRY`: Every image comes from one of the organization\ */
export function imagesTrustedRule(registriesFor: TrustedRegistriesResolver): KubernetesRule {
  return {
    ...meta('K8S-IMAGES-TRUSTED-REGISTRY', 'images-trusted',
      'Every image comes from one of the organization\'s registries for the cluster.',
      'Push the image to the organization\'s registry (ECR, ACR or Artifact Registry) and reference it there.'),
    check: (artifact) => {
      const trusted = registriesFor(artifact);
      return forEachPod((pod, report) => {
        for (const c of allContainers(pod.spec)) {
          const image = c.container.image;
          if (typeof image !== 'string' || !trusted.some((prefix) => image.startsWith(prefix))) {
            report(`${c.label} image ${show(image)} is not from a trusted registry (expected a prefix among ${trusted.length > 0 ? trusted.join(', ') : 'none: no registry is trusted for this cluster'})`);
          }
        }
      })(artifact);
    },
    kyverno: (cluster) => {
      const trusted = registriesFor(cluster);
      if (trusted.length === 0) {
        throw new Error(`K8S-IMAGES-TRUSTED-REGISTRY: no trusted registry for environment ${JSON.stringify(cluster.environment)} on ${cluster.cloud} (expected at least one registry prefix, like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/)`);
      }
      const container = { image: trusted.map((prefix) => `${prefix}*`).join(' | ') };
      return [{
        name: 'images-trusted-registry',
        match: podMatch(),
        validate: {
          message: `Images must come from the organization's registries: ${trusted.join(', ')}.`,
          pattern: { spec: { '=(ephemeralContainers)': [container], '=(initContainers)': [container], 'containers': [container] } },
        },
      }];
    },
  };
}
