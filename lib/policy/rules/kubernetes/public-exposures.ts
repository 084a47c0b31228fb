import { isPublicGateway, publicExposureReason } from './gateway-public-reasoned';
import type { KubernetesRule } from './kubernetes-rule';
import { meta, nameOf, objectsOf } from './private/helpers';
import { PUBLIC_EXPOSURE_REASON_ANNOTATION } from '../../../spec/exposure';

/**
 * The rule `K8S-PUBLIC-EXPOSURES`: every internet-facing Gateway, with its reasons, as a warning. Public exposure is
 * a weakened control taken on purpose; the report lists each one with its reason (one line per service), so review
 * sees them without the check failing.
 */
export function publicExposuresRule(): KubernetesRule {
  return {
    ...meta('K8S-PUBLIC-EXPOSURES', 'no-public-exposure',
      `Internet-facing Gateways and why (their ${PUBLIC_EXPOSURE_REASON_ANNOTATION} annotation), listed so the report shows every public exposure.`,
      'Nothing to fix while the reason holds; set the service\'s exposure back to internal when it no longer must be public.'),
    severity: 'warning',
    check: (artifact) => objectsOf(artifact)
      .filter((o) => isPublicGateway(o, artifact.cloud))
      .flatMap((o) => (publicExposureReason(o) ?? '').split('\n').filter((line) => line.trim() !== '')
        .map((line) => ({ resource: nameOf(o), message: `public: ${line}` }))),
  };
}
