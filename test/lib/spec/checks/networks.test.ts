import { acme } from '../../../../examples/acme/org';
import { defineOrganization } from '../../../../lib/spec';
import { issuesOf, withEnvironment } from '../../../support/spec-issues';

describe('the CIDR plan: networks in private space, clear of the cluster ranges', () => {
  test.each([
    ['169.254.0.0/16', 'is link-local (it holds the clouds\' metadata services)'],
    ['127.0.0.0/16', 'is loopback'],
    ['224.0.0.0/16', 'is multicast'],
    ['8.8.0.0/16', 'is public address space, which belongs to someone else on the Internet'],
    ['198.18.0.0/16', 'is reserved for benchmarking (RFC 2544)'],
  ])('%s as a network', (cidr, what) => {
    const spec = withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, cidr } }));
    expect(issuesOf(spec)).toEqual([`environments[0].azure.cidr: "${cidr}" ${what} (expected a private range inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)`]);
  });

  test('an Azure network over the default AKS service range is named once, with the way out', () => {
    expect(issuesOf(withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, cidr: '10.0.0.0/16' } })))).toEqual([
      'environments[0].azure.cidr: "10.0.0.0/16" overlaps the AKS service range 10.0.0.0/16 (azure.serviceCidr of environments[0], environments[1], environments[2]) (expected a network clear of the cluster ranges, or set azure.serviceCidr to a free range)',
    ]);
  });

  test('an Azure network over the default AKS pod range', () => {
    expect(issuesOf(withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, cidr: '10.244.0.0/16' } })))).toEqual([
      'environments[0].azure.cidr: "10.244.0.0/16" overlaps the AKS pod range 10.244.0.0/16 (azure.podCidr of environments[0], environments[1], environments[2]) (expected a network clear of the cluster ranges, or set azure.podCidr to a free range)',
    ]);
  });

  test('a GCP network holding the default GKE control-plane range', () => {
    expect(issuesOf(withEnvironment(0, (e) => ({ ...e, gcp: { ...e.gcp, cidr: '172.16.0.0/16' } })))).toEqual([
      'environments[0].gcp.cidr: "172.16.0.0/16" overlaps the GKE control-plane range 172.16.0.0/28 (gcp.controlPlaneCidr of environments[0], environments[1], environments[2]) (expected a network clear of the cluster ranges, or set gcp.controlPlaneCidr to a free range)',
    ]);
  });

  test('another cloud\'s network over an AKS range collides too: they are connected', () => {
    const [issue] = issuesOf(withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, cidr: '10.244.0.0/16' } })));
    expect(issue).toMatch(/^environments\[0\]\.aws\.cidr: "10\.244\.0\.0\/16" overlaps the AKS pod range/);
  });

  test('an explicit cluster range is blamed where it is set', () => {
    const spec = withEnvironment(1, (e) => ({ ...e, azure: { ...e.azure, serviceCidr: '10.12.0.0/16' } }));
    expect(issuesOf(spec)).toEqual([
      'environments[1].azure.serviceCidr: "10.12.0.0/16" overlaps environments[0].gcp.cidr "10.12.0.0/16" (expected the AKS service range outside every environment network: they are connected)',
    ]);
  });

  test('cluster ranges AKS reserves, and pod and service ranges that overlap each other', () => {
    expect(issuesOf(withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, podCidr: '172.30.0.0/16', serviceCidr: '172.30.0.0/16' } })))).toEqual([
      'environments[0].azure.podCidr: "172.30.0.0/16" overlaps 172.30.0.0/16, which AKS reserves (expected a range outside 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24)',
      'environments[0].azure.serviceCidr: "172.30.0.0/16" overlaps 172.30.0.0/16, which AKS reserves (expected a range outside 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24)',
      'environments[0].azure.serviceCidr: "172.30.0.0/16" overlaps the cluster\'s pod range "172.30.0.0/16" (expected separate pod and service ranges)',
    ]);
  });

  test('the GKE control plane takes a /28', () => {
    expect(issuesOf(withEnvironment(0, (e) => ({ ...e, gcp: { ...e.gcp, controlPlaneCidr: '172.16.0.0/24' } })))).toEqual([
      'environments[0].gcp.controlPlaneCidr: "172.16.0.0/24" is not a /28 range (expected like 172.16.0.0/28)',
    ]);
  });

  test('moving the cluster ranges out of the way makes the same networks valid, and the resolved plan carries them', () => {
    const spec = withEnvironment(0, (e) => ({
      ...e,
      azure: { ...e.azure, cidr: '10.0.0.0/16', serviceCidr: '192.168.0.0/20' },
      gcp: { ...e.gcp, cidr: '172.16.0.0/16', controlPlaneCidr: '192.168.16.0/28' },
    }));
    const org = defineOrganization({ ...spec, environments: spec.environments.map((e, i) => (i === 0 ? e : { ...e, azure: { ...e.azure!, serviceCidr: '192.168.0.0/20' }, gcp: { ...e.gcp!, controlPlaneCidr: '192.168.16.0/28' } })) });
    expect(org.environments[0].azure).toMatchObject({ podCidr: '10.244.0.0/16', serviceCidr: '192.168.0.0/20' });
    expect(org.environments[0].gcp).toMatchObject({ controlPlaneCidr: '192.168.16.0/28' });
    expect(acme.environments[0].azure).not.toHaveProperty('serviceCidr');
  });
});
