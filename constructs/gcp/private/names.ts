import { createHash } from 'crypto';
import { Token } from 'cdktf';

/** GCP's limit for Compute Engine resource names (RFC 1035 label). */
export const GCP_NAME_MAX_LENGTH = 63;

/** The charset GCP accepts for Compute Engine resource names. */
export const GCP_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const HASH_LENGTH = 6;

/**
 * Joins `prefix` and `parts` with hyphens into a GCP resource name of at most 63 characters.
 *
 * A name that would be too long is cut and ends with a short hash of the full name instead, so that two long
 * names which differ only at their end still differ, and the same input always gives the same name (a changed
 * name replaces the resource).
 */
export function gcpResourceName(prefix: string, ...parts: string[]): string {
  return gcpNameWithin(GCP_NAME_MAX_LENGTH, prefix, ...parts);
}

/**
 * Like {@link gcpResourceName}, for resources with a tighter length limit than 63 characters
 * (GKE clusters: 40, service account ids: 30).
 */
export function gcpNameWithin(maxLength: number, prefix: string, ...parts: string[]): string {
  const full = [prefix, ...parts].join('-');
  // The length of a token's placeholder says nothing about the value Terraform resolves it to.
  if (Token.isUnresolved(full) || full.length <= maxLength) {
    return full;
  }
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  const head = full.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}
