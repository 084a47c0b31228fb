import { Address4 } from 'ip-address';

/** The outcome of reading a string as an IPv4 CIDR block. */
export type Ipv4CidrResult =
  | { readonly block: Address4; readonly problem?: undefined }
  | { readonly block?: undefined; readonly problem: string };

/**
 * Reads `value` as an IPv4 CIDR block in canonical network form.
 *
 * Azure rejects a prefix whose host bits are set ("10.0.0.1/24"), so that is
 * reported here, naming the network the caller probably meant. A bare address
 * is not accepted: ip-address would silently read it as a /32.
 *
 * @returns the parsed block, or a problem phrased to follow `<name> "<value>"`.
 */
export function parseIpv4Cidr(value: string): Ipv4CidrResult {
  const notCidr = { problem: 'is not an IPv4 CIDR (expected like 10.20.0.0/16)' };
  if (!value.includes('/')) {
    return notCidr;
  }
  let block: Address4;
  try {
    block = new Address4(value);
  } catch {
    return notCidr;
  }
  // isCorrect() rejects non-canonical spellings such as a zero-padded prefix ("/08").
  if (!block.isCorrect()) {
    return notCidr;
  }
  const network = block.networkForm();
  if (network !== value) {
    return { problem: `has host bits set (expected the network address ${network})` };
  }
  return { block };
}

/** Whether two CIDR blocks share at least one address. Blocks are either nested or disjoint. */
export function cidrsOverlap(a: Address4, b: Address4): boolean {
  return a.isInSubnet(b) || b.isInSubnet(a);
}
