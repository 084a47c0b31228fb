import { INTERNAL_LOAD_BALANCER_ANNOTATIONS } from './internal-load-balancer';
import type { KubernetesRule } from './kubernetes-rule';
import { meta, nameOf, objectsOf, show } from './private/helpers';
import { MIN_PUBLIC_EXPOSURE_REASON_LENGTH, PUBLIC_EXPOSURE_REASON_ANNOTATION } from '../../../spec/exposure';

/**
 * Whether a Gateway API `Gateway` is internet-facing on `cloud`: its infrastructure annotations (which the controller
 * copies onto the Service in front of its proxies) lack the cloud's internal load balancer annotation.
 */
export function isPublicGateway(object: any, cloud: keyof typeof INTERNAL_LOAD_BALANCER_ANNOTATIONS): boolean {
  const { key, value } = INTERNAL_LOAD_BALANCER_ANNOTATIONS[cloud];
  return object?.kind === 'Gateway' && String(object.apiVersion).startsWith('gateway.networking.k8s.io/')
    && object.spec?.infrastructure?.annotations?.[key] !== value;
}

/** The reason annotation of an object, when it is a reason a reviewer can judge. */
export function publicExposureReason(object: any): string | undefined {
  const reason = object?.metadata?.annotations?.[PUBLIC_EXPOSURE_REASON_ANNOTATION];
  return typeof reason === 'string' && reason.trim().length >= MIN_PUBLIC_EXPOSURE_REASON_LENGTH ? reason : undefined;
}

/** The rule `K8S-GATEWAY-PUBLIC-REASONED`: an internet-facing Gateway says why, on itself. */
export function gatewayPublicReasonedRule(): KubernetesRule {
  return {
    ...meta('K8S-GATEWAY-PUBLIC-REASONED', 'no-public-exposure',
      `Every Gateway is internal (its infrastructure carries the cloud's internal load balancer annotation), or says why it faces the internet in the ${PUBLIC_EXPOSURE_REASON_ANNOTATION} annotation.`,
      'Expose services publicly through the spec (services[].exposure: { level: \'public\', reason }), which writes the reason; or add the cloud\'s internal annotation to spec.infrastructure.annotations.'),
    check: (artifact) => objectsOf(artifact)
      .filter((o) => isPublicGateway(o, artifact.cloud) && publicExposureReason(o) === undefined)
      .map((o) => ({
        resource: nameOf(o),
        message: `faces the internet (no ${INTERNAL_LOAD_BALANCER_ANNOTATIONS[artifact.cloud].key} in spec.infrastructure.annotations) with ${PUBLIC_EXPOSURE_REASON_ANNOTATION} ${show(o.metadata?.annotations?.[PUBLIC_EXPOSURE_REASON_ANNOTATION])} (expected the reason, at least ${MIN_PUBLIC_EXPOSURE_REASON_LENGTH} characters)`,
      })),
  };
}
