import { show } from '../../../core/show';
import { formatPath, SpecIssue } from '../errors';
import { PRIVATE_DOMAIN_SUFFIXES } from '../exposure';

/**
 * Problems of the ingress settings that only show with the services: a public service needs a public Gateway,
 * whose certificate browsers must trust, so it needs an issuer that a public CA backs
 * (`ingress.publicClusterIssuer`) and a domain that exists on the internet (`ingress.domain`, not `.internal`).
 * Runs on the raw spec, on whatever parts are well-formed.
 */
export function ingressIssues(spec: any): SpecIssue[] {
  const services: any[] = Array.isArray(spec?.services) ? spec.services : [];
  const publicIndex = services.findIndex((s) => s?.exposure?.level === 'public');
  if (publicIndex < 0) return [];
  const first = `${formatPath(['services', publicIndex, 'exposure', 'level'])} (${show(services[publicIndex]?.name)})`;
  const issues: SpecIssue[] = [];
  const ingress = spec?.ingress;
  if (ingress?.publicClusterIssuer === undefined) {
    issues.push({
      path: formatPath(['ingress', 'publicClusterIssuer']),
      message: `is required because ${first} is "public" (expected the cert-manager ClusterIssuer that signs the public Gateway's certificates with a CA browsers trust, like letsencrypt)`,
    });
  }
  const domain = ingress?.domain;
  if (domain === undefined) {
    issues.push({
      path: formatPath(['ingress', 'domain']),
      message: `is required because ${first} is "public" (expected a domain you own on the internet, like apps.acme.example; the default <organization>.internal is private)`,
    });
  } else if (typeof domain === 'string' && PRIVATE_DOMAIN_SUFFIXES.some((suffix) => domain.endsWith(suffix))) {
    issues.push({
      path: formatPath(['ingress', 'domain']),
      message: `${show(domain)} is a private domain, but ${first} is "public" (expected a domain you own on the internet, like apps.acme.example)`,
    });
  }
  return issues;
}
