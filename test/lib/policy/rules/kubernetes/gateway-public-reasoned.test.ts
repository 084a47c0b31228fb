import { check, compliant } from './fixtures';
import { loadBalancerAnnotations } from '../../../../../lib/platform/cluster-ingress';
import type { Cloud } from '../../../../../lib/spec';

const REASON = 'Card networks post settlement callbacks from the internet.';

function gateway(infrastructure: Record<string, string>, annotations: Record<string, string> = {}): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'edge', namespace: 'envoy-gateway-system', annotations },
    spec: { gatewayClassName: 'baseline', infrastructure: { annotations: infrastructure }, listeners: [] },
  };
}

describe('K8S-GATEWAY-PUBLIC-REASONED', () => {
  test('passes on compliant objects', () => {
    expect(check('K8S-GATEWAY-PUBLIC-REASONED', compliant())).toEqual([]);
  });

  test.each(['aws', 'azure', 'gcp'] as const)('an internal Gateway on %s needs no reason', (cloud: Cloud) => {
    // GIVEN the annotations the platform gives the internal Gateway  THEN nothing is found
    expect(check('K8S-GATEWAY-PUBLIC-REASONED', [gateway(loadBalancerAnnotations(cloud, 'internal'))], cloud)).toEqual([]);
  });

  test.each([
    ['aws', 'service.beta.kubernetes.io/aws-load-balancer-scheme'],
    ['azure', 'service.beta.kubernetes.io/azure-load-balancer-internal'],
    ['gcp', 'networking.gke.io/load-balancer-type'],
  ] as const)('an internet-facing Gateway on %s without a reason fails', (cloud, key) => {
    // GIVEN the public load balancer annotations, and no reason (or one too short to review)
    const variants: Record<string, string>[] = [{}, { 'baseline.io/public-exposure-reason': 'because' }];
    for (const annotations of variants) {
      expect(check('K8S-GATEWAY-PUBLIC-REASONED', [gateway(loadBalancerAnnotations(cloud, 'public'), annotations)], cloud)).toEqual([{
        resource: 'Gateway/envoy-gateway-system/edge',
        message: `faces the internet (no ${key} in spec.infrastructure.annotations) with baseline.io/public-exposure-reason ${annotations['baseline.io/public-exposure-reason'] === undefined ? 'unset' : '"because"'} (expected the reason, at least 20 characters)`,
      }]);
    }
  });

  test('another cloud\'s internal annotation does not make a Gateway internal', () => {
    expect(check('K8S-GATEWAY-PUBLIC-REASONED', [gateway(loadBalancerAnnotations('aws', 'internal'))], 'gcp')).toHaveLength(1);
  });

  test('an internet-facing Gateway with its reason passes (and is listed by K8S-PUBLIC-EXPOSURES)', () => {
    const reasoned = gateway(loadBalancerAnnotations('azure', 'public'), { 'baseline.io/public-exposure-reason': `payments-api: ${REASON}\nwebhooks: Partners deliver order events over the internet.` });
    expect(check('K8S-GATEWAY-PUBLIC-REASONED', [reasoned], 'azure')).toEqual([]);
    expect(check('K8S-PUBLIC-EXPOSURES', [reasoned], 'azure')).toEqual([
      { resource: 'Gateway/envoy-gateway-system/edge', message: `public: payments-api: ${REASON}` },
      { resource: 'Gateway/envoy-gateway-system/edge', message: 'public: webhooks: Partners deliver order events over the internet.' },
    ]);
  });
});
