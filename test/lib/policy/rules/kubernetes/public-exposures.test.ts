import { check, compliant, rule } from './fixtures';
import { loadBalancerAnnotations } from '../../../../../lib/platform/cluster-ingress';

describe('K8S-PUBLIC-EXPOSURES', () => {
  test('is a warning: a reasoned public exposure is listed, never failed', () => {
    expect(rule('K8S-PUBLIC-EXPOSURES').severity).toBe('warning');
  });

  test('lists nothing on compliant objects and on internal Gateways', () => {
    const internal = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'internal', namespace: 'envoy-gateway-system' },
      spec: { gatewayClassName: 'baseline', infrastructure: { annotations: loadBalancerAnnotations('gcp', 'internal') }, listeners: [] },
    };
    expect(check('K8S-PUBLIC-EXPOSURES', [...compliant(), internal], 'gcp')).toEqual([]);
  });

  test('lists one line per publicly exposed service, with its reason', () => {
    const reason = 'payments-api: Card networks post settlement callbacks from the internet.';
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'envoy-gateway-system', annotations: { 'baseline.io/public-exposure-reason': reason } },
      spec: { gatewayClassName: 'baseline', infrastructure: { annotations: loadBalancerAnnotations('aws', 'public') }, listeners: [] },
    };
    expect(check('K8S-PUBLIC-EXPOSURES', [gateway], 'aws')).toEqual([{ resource: 'Gateway/envoy-gateway-system/public', message: `public: ${reason}` }]);
  });
});
