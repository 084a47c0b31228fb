import { Address4 } from 'ip-address';

/** An IPv4 network in CIDR notation, parsed once. */
export interface Ipv4Network {
  /** The network as written, which is its canonical form. */
  readonly cidr: string;
  readonly prefixLength: number;
  /** The first address, as a number. */
  readonly first: bigint;
  /** The last address, as a number. */
  readonly last: bigint;
  /** Number of addresses. */
  readonly size: bigint;
}

/** What reading a string as an IPv4 network found: the network, or why it is not one. */
export type Ipv4CidrReading =
  | { readonly network: Ipv4Network; readonly problem?: undefined; readonly networkForm?: undefined }
  /** Not `a.b.c.d/n` in canonical form: no bare addresses, no leading zeros, prefix 0 to 32. */
  | { readonly network?: undefined; readonly problem: 'syntax'; readonly networkForm?: undefined }
  /** A well-formed CIDR whose address has host bits set (`10.0.0.1/16`); `networkForm` is the network it meant. */
  | { readonly network?: undefined; readonly problem: 'host-bits'; readonly networkForm: string };

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Canonical only: every cloud stores the canonical form, so anything else shows up as a diff on every plan.
// ip-address alone would read a bare address as a /32 and accept a zero-padded prefix ("/08").
const IPV4_CIDR = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}/(?:3[0-2]|[12]?\\d)$`);

/**
 * Reads `text` as an IPv4 network: `a.b.c.d/n`, where the address is the network address itself, as AWS, Azure and
 * Google Cloud require for VPCs, subnets and authorized ranges.
 */
export function readIpv4Cidr(text: unknown): Ipv4CidrReading {
  if (typeof text !== 'string' || !IPV4_CIDR.test(text)) return { problem: 'syntax' };
  const address = new Address4(text);
  const first = address.startAddress().bigInt();
  if (first !== address.bigInt()) {
    return { problem: 'host-bits', networkForm: `${address.startAddress().correctForm()}/${address.subnetMask}` };
  }
  const size = 2n ** BigInt(32 - address.subnetMask);
  return { network: { cidr: text, prefixLength: address.subnetMask, first, last: first + size - 1n, size } };
}

/** The network `text` denotes, or undefined when it is not an IPv4 network in canonical form. */
export function parseIpv4Cidr(text: unknown): Ipv4Network | undefined {
  return readIpv4Cidr(text).network;
}

/**
 * Why `value` is not an IPv4 network, as a sentence starting with `path`; undefined when it is one.
 * @param example a network the reader can copy, e.g. `10.20.0.0/16`
 */
export function ipv4CidrProblem(path: string, value: unknown, example: string): string | undefined {
  const reading = readIpv4Cidr(value);
  switch (reading.problem) {
    case undefined: return undefined;
    case 'host-bits': return `${path} ${JSON.stringify(value)} has host bits set (expected the network address ${reading.networkForm})`;
    default: return `${path} ${JSON.stringify(value)} is not an IPv4 CIDR (expected like ${example})`;
  }
}

/** True when the two networks share at least one address. */
export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** The address `offset` places after the network address, e.g. the tenth address of a service range for its DNS. */
export function addressAt(network: Ipv4Network, offset: number): string {
  return Address4.fromBigInt(network.first + BigInt(offset)).correctForm();
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
    if (start + size - 1n > parent.last) return undefined;
    out.push(`${Address4.fromBigInt(start).correctForm()}/${prefixLength}`);
    next = start + size;
  }
  return out;
}
