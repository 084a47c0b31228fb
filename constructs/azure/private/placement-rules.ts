import { Token } from 'cdktf';

/**
 * The longest `namePrefix` a baseline construct accepts, so that every name it
 * derives (`rg-<prefix>-aks-nodes`, `aks-<prefix>`, ...) stays inside Azure's limits.
 */
export const MAX_NAME_PREFIX_LENGTH = 40;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const REGION_NAME = /^[a-z][a-z0-9]*$/;

/**
 * Checks a `namePrefix` the way every Azure baseline construct does.
 * @returns one message per problem, phrased to follow `<Construct>: `
 */
export function namePrefixProblems(namePrefix: string): string[] {
  if (Token.isUnresolved(namePrefix)) {
    return [];
  }
  if (typeof namePrefix !== 'string' || namePrefix.length === 0) {
    return [`namePrefix "${namePrefix}" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)`];
  }
  if (namePrefix.length > MAX_NAME_PREFIX_LENGTH) {
    return [`namePrefix "${namePrefix}" is ${namePrefix.length} characters long (expected at most ${MAX_NAME_PREFIX_LENGTH})`];
  }
  if (!DNS_LABEL.test(namePrefix)) {
    return [`namePrefix "${namePrefix}" is not a DNS label (expected lowercase letters, digits and inner hyphens, like acme-dev)`];
  }
  return [];
}

/**
 * Checks an Azure region name. Display names such as "West Europe" are refused
 * so that policy checks on the synthesized JSON compare one spelling only.
 * @param label names the prop in messages
 * @returns one message per problem, phrased to follow `<Construct>: `
 */
export function locationProblems(location: string, label: string = 'location'): string[] {
  if (Token.isUnresolved(location) || REGION_NAME.test(location)) {
    return [];
  }
  return [`${label} "${location}" is not an Azure region name (expected lowercase letters and digits without spaces, like westeurope)`];
}
