import { Fn, Token } from 'cdktf';
import { UNIQUE_SUFFIX_LENGTH, uniqueSuffix } from './unique-suffix';

/** Storage account names are 3-24 lowercase letters and digits, globally unique across Azure. */
export const MAX_STORAGE_ACCOUNT_NAME_LENGTH = 24;
/** `st` + stem + suffix fills the limit exactly. */
const MAX_STEM_LENGTH = MAX_STORAGE_ACCOUNT_NAME_LENGTH - 'st'.length - UNIQUE_SUFFIX_LENGTH;

/**
 * The name of a storage account: `st<prefix without hyphens, shortened><7 hex characters>`.
 *
 * Storage account names are global and allow neither hyphens nor more than 24
 * characters, so the prefix is cut to its first 15 letters and digits and a
 * hash of `uniqueSeed` (pass something that identifies the subscription, such
 * as the resource group's id) and the prefix keeps the name unique.
 */
export function storageAccountName(namePrefix: string, uniqueSeed: string): string {
  // A prefix known only at apply time gets the same treatment from Terraform.
  const stem = Token.isUnresolved(namePrefix)
    ? Fn.substr(Fn.replace(namePrefix, '-', ''), 0, MAX_STEM_LENGTH)
    : namePrefix.replace(/-/g, '').slice(0, MAX_STEM_LENGTH);
  return `st${stem}${uniqueSuffix(uniqueSeed, namePrefix)}`;
}
