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

/**
 * {@link azureName} without hyphens, for resource types whose names are
 * alphanumeric only (container registries, storage accounts): `<abbreviation><prefix>[<purpose>]`.
 */
export function alphanumericAzureName(abbreviation: string, namePrefix: string, purpose?: string): string {
  return azureName(abbreviation, namePrefix, purpose).replace(/-/g, '');
}
