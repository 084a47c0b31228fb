/**
 * Builds an Azure resource name from a Cloud Adoption Framework abbreviation,
 * the caller's name prefix and an optional purpose: `<abbreviation>-<prefix>[-<purpose>]`.
 *
 * Keeping every name in one shape lets policy and humans find a resource's
 * owner from its name alone.
 */
export function azureName(abbreviation: string, namePrefix: string, purpose?: string): string {
  return [abbreviation, namePrefix, purpose].filter((part) => part !== undefined).join('-');
}
