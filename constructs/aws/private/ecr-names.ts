/** ECR repository naming, shared by EcrRegistry and EcrRegistrySettings so both accept and derive the same names. */

/** The name ECR accepts for a repository, or a namespace of repositories. */
export const REPOSITORY_PATH = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * `acme-dev/orders.api_v2` is `AcmeDevOrdersApiV2`: the part of a logical id that derives from a repository name
 * or prefix. Logical ids are a contract, so this mapping must never change.
 */
export function pascalCase(name: string): string {
  return name.split(/[/._-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}
