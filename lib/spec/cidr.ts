import { Address4 } from 'ip-address';

/** An IPv4 network in CIDR notation, parsed once. */
export interface Ipv4Network {
  readonly cidr: string;
  readonly prefixLength: number;
  readonly first: bigint;
  /** Number of addresses. */
  readonly size: bigint;
}

/**
 * Parses `a.b.c.d/n` where the address is the network address itself. Returns undefined for anything else,
 * including host addresses such as `10.0.0.1/16`, which a VPC or VNet would reject.
 */
export function parseCidr(cidr: string): Ipv4Network | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !Address4.isValid(cidr)) return undefined;
  const address = new Address4(cidr);
  if (address.subnetMask > 32) return undefined;
  const first = address.startAddress().bigInt();
  if (first !== new Address4(cidr.split('/')[0]).bigInt()) return undefined;
  return { cidr, prefixLength: address.subnetMask, first, size: 2n ** BigInt(32 - address.subnetMask) };
}

/** True when the two networks share at least one address. */
export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.first < b.first + b.size && b.first < a.first + a.size;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return inner.first >= outer.first && inner.first + inner.size <= outer.first + outer.size;
}

/**
 * Carves subnets out of `parent` in the order given, each aligned to its own size, the way an allocator such as
 * aws-cdk-lib's `IpAddresses.cidr` does. Returns undefined when they do not fit.
 */
export function carve(parent: Ipv4Network, prefixLengths: readonly number[]): string[] | undefined {
  const out: string[] = [];
  let next = parent.first;
  for (const prefixLength of prefixLengths) {
    if (prefixLength < parent.prefixLength || prefixLength > 32) return undefined;
    const size = 2n ** BigInt(32 - prefixLength);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > parent.first + parent.size) return undefined;
    out.push(`${Address4.fromBigInt(start).correctForm()}/${prefixLength}`);
    next = start + size;
  }
  return out;
}

/** For a well-formed CIDR whose address has host bits set (`10.0.0.1/16`), the network it meant (`10.0.0.0/16`). */
export function networkOf(cidr: string): string | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !Address4.isValid(cidr)) return undefined;
  const address = new Address4(cidr);
  if (address.subnetMask > 32) return undefined;
  return `${address.startAddress().correctForm()}/${address.subnetMask}`;
}
