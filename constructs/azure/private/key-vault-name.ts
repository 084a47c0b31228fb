import { Fn, Token } from 'cdktf';
import { UNIQUE_SUFFIX_LENGTH, uniqueSuffix } from './unique-suffix';

/** Key Vault names are 3-24 characters, globally unique across Azure. */
export const MAX_KEY_VAULT_NAME_LENGTH = 24;
/** `kv-` + stem + `-` + suffix fills the limit exactly. */
const MAX_STEM_LENGTH = MAX_KEY_VAULT_NAME_LENGTH - 'kv-'.length - 1 - UNIQUE_SUFFIX_LENGTH;

/**
 * The name of a Key Vault: `kv-<prefix, shortened>-<7 hex characters>`.
 *
 * Key Vault names are global, and with purge protection a deleted vault keeps
 * its name for the whole soft-delete period, so a name derived from the prefix
 * alone would collide between two organizations (or two subscriptions) that
 * picked the same prefix. The suffix is a hash of `uniqueSeed` (pass the
 * subscription id) and the prefix, computed by Terraform at plan time, so it
 * is stable for the life of the vault.
 *
 * The prefix is shortened to the first 13 characters, without a trailing
 * hyphen and without doubled hyphens, which Key Vault refuses.
 */
export function keyVaultName(namePrefix: string, uniqueSeed: string): string {
  // A prefix known only at apply time gets the same treatment from Terraform.
  const stem = Token.isUnresolved(namePrefix)
    ? Fn.trimsuffix(Fn.substr(Fn.replace(namePrefix, '/-{2,}/', '-'), 0, MAX_STEM_LENGTH), '-')
    : namePrefix.replace(/-{2,}/g, '-').slice(0, MAX_STEM_LENGTH).replace(/-$/, '');
  return `kv-${stem}-${uniqueSuffix(uniqueSeed, namePrefix)}`;
}
