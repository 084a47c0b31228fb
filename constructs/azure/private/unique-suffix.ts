import { Fn } from 'cdktf';

/** Hex characters of {@link uniqueSuffix}. */
export const UNIQUE_SUFFIX_LENGTH = 7;

/**
 * A short hash of `uniqueSeed` and `namePrefix`, computed by Terraform at plan
 * time, for resource types whose names are global across Azure (Key Vaults,
 * storage accounts). Derived from the prefix alone, such a name would collide
 * between two organizations (or two subscriptions) that picked the same prefix.
 * The suffix is stable for as long as the seed is.
 */
export function uniqueSuffix(uniqueSeed: string, namePrefix: string): string {
  return Fn.substr(Fn.sha1(Fn.join('/', [uniqueSeed, namePrefix])), 0, UNIQUE_SUFFIX_LENGTH);
}
