import type { ServiceExposureLevel } from './types';

/** The exposure levels a service may declare, from closed to open. */
export const EXPOSURE_LEVELS: readonly ServiceExposureLevel[] = ['none', 'internal', 'public'];

/** Shortest reason a public exposure takes: a reviewer must be able to judge it from the report alone. */
export const MIN_PUBLIC_EXPOSURE_REASON_LENGTH = 20;

/** The host name an exposed service is reached at, the same on every cloud: `<service>.<environment>.<domain>`. */
export function serviceHostname(service: string, environment: string, domain: string): string {
  return `${service}.${environment}.${domain}`;
}

/** Top-level domains reserved for private networks or testing, for which no public CA signs: `.internal`, ... */
export const PRIVATE_DOMAIN_SUFFIXES: readonly string[] = ['.internal', '.local', '.localhost', '.test', '.invalid', '.home.arpa'];

/**
 * Annotation on a public Gateway and on every HTTPRoute attached to it: why the service must be reachable from the
 * internet (the spec's `exposure.reason`). The policy report lists each one; a route to a public Gateway without it
 * fails the check.
 */
export const PUBLIC_EXPOSURE_REASON_ANNOTATION = 'baseline.io/public-exposure-reason';

/** Annotation on each cluster Gateway saying how far it exposes what attaches to it: `internal` or `public`. */
export const GATEWAY_EXPOSURE_ANNOTATION = 'baseline.io/exposure';
