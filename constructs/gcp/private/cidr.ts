import { Address4 } from 'ip-address';

/** An IPv4 network, as the first and last address it covers. */
export interface Ipv4Range {
  readonly first: bigint;
  readonly last: bigint;
}

/** Why a string is not usable as a subnet range, or the parsed range. */
export type CidrParseResult =
  | { readonly ok: true; readonly range: Ipv4Range }
  | { readonly ok: false; readonly reason: 'syntax' }
  | { readonly ok: false; readonly reason: 'host-bits'; readonly networkForm: string };

/**
 * Parses `a.b.c.d/n` strictly: the prefix length is required, and the address must be the network address,
 * because GCP stores the normalized range and Terraform would then show a diff on every plan.
 */
export function parseIpv4Cidr(cidr: string): CidrParseResult {
  // ip-address accepts a bare address (as /32) and a zero-padded prefix length ("/08"); a planned range has neither.
  if (!/^[0-9.]+\/(0|[1-9][0-9]?)$/.test(cidr) || !Address4.isValid(cidr)) {
    return { ok: false, reason: 'syntax' };
  }
  const address = new Address4(cidr);
  const start = address.startAddress();
  if (start.bigInt() !== address.bigInt()) {
    return { ok: false, reason: 'host-bits', networkForm: address.networkForm() };
  }
  return { ok: true, range: { first: start.bigInt(), last: address.endAddress().bigInt() } };
}

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}
