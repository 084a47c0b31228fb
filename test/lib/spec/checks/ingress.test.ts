import { acme } from '../../../../examples/acme/org';
import { defineOrganization, type OrganizationSpec } from '../../../../lib/spec';
import { issuesOf } from '../../../support/spec-issues';

const REASON = 'Card networks post settlement callbacks from the internet.';
/** The example with payments-api (services[2]) exposed publicly. */
function withPublicService(ingress?: OrganizationSpec['ingress']): OrganizationSpec {
  const services = acme.services!.map((s) => s.name === 'payments-api' ? { ...s, exposure: { level: 'public' as const, reason: REASON } } : s);
  return { ...acme, services, ...(ingress && { ingress }) };
}
const publicIndex = acme.services!.findIndex((s) => s.name === 'payments-api');

describe('ingress', () => {
  test('defaults: services are named under <organization>.internal, signed by each cluster\'s private CA', () => {
    expect(defineOrganization(acme).ingress).toEqual({ domain: 'acme.internal' });
  });

  test('a public service needs a public domain and an issuer browsers trust, named with the service that needs them', () => {
    expect(issuesOf(withPublicService())).toEqual([
      `ingress.publicClusterIssuer: is required because services[${publicIndex}].exposure.level ("payments-api") is "public" (expected the cert-manager ClusterIssuer that signs the public Gateway's certificates with a CA browsers trust, like letsencrypt)`,
      `ingress.domain: is required because services[${publicIndex}].exposure.level ("payments-api") is "public" (expected a domain you own on the internet, like apps.acme.example; the default <organization>.internal is private)`,
    ]);
  });

  test('a private domain cannot carry a public service', () => {
    expect(issuesOf(withPublicService({ domain: 'acme.internal', publicClusterIssuer: 'letsencrypt' }))).toEqual([
      `ingress.domain: "acme.internal" is a private domain, but services[${publicIndex}].exposure.level ("payments-api") is "public" (expected a domain you own on the internet, like apps.acme.example)`,
    ]);
  });

  test('with both, the spec is valid and keeps them', () => {
    const org = defineOrganization(withPublicService({ domain: 'apps.acme.example', publicClusterIssuer: 'letsencrypt', clusterIssuer: 'acme-pki' }));
    expect(org.ingress).toEqual({ domain: 'apps.acme.example', publicClusterIssuer: 'letsencrypt', clusterIssuer: 'acme-pki' });
  });

  test('malformed domains and issuer names are refused with the path and value', () => {
    expect(issuesOf({ ...acme, ingress: { domain: 'Acme..example', clusterIssuer: 'Acme PKI' } })).toEqual([
      'ingress.domain: "Acme..example" is not a DNS domain (expected lowercase labels separated by dots, at most 200 characters, like apps.acme.example)',
      'ingress.clusterIssuer: "Acme PKI" is not a Kubernetes object name (expected lowercase letters, digits, "-" and ".", like pagerduty-platform)',
    ]);
  });
});
