import { Token } from 'cdktf';

/**
 * Key length limit. Most Azure resource types allow 512 characters, but
 * storage accounts allow only 128, and baseline tags land on every type.
 */
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const MAX_TAGS_PER_RESOURCE = 50;
const FORBIDDEN_KEY_CHARACTERS = /[<>%&\\?/]/;
/** Azure creates tags with these prefixes itself and refuses them from users. */
const RESERVED_KEY_PREFIX = /^(microsoft|azure|windows)/i;

/**
 * Checks a tag map against Azure's tag limits.
 *
 * @param owner names the prop in messages, e.g. `AzureNetwork: tags`
 * @returns one message per problem, empty when the map is acceptable
 */
export function tagProblems(owner: string, tags: Record<string, string>): string[] {
  if (Token.isUnresolved(tags)) {
    return [];
  }
  const problems: string[] = [];
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS_PER_RESOURCE) {
    problems.push(`${owner} has ${keys.length} entries (expected at most ${MAX_TAGS_PER_RESOURCE}, the Azure limit per resource)`);
  }
  for (const key of keys) {
    if (Token.isUnresolved(key)) {
      continue;
    }
    if (key.length === 0) {
      problems.push(`${owner} has an empty key (expected 1-${MAX_KEY_LENGTH} characters)`);
    } else if (key.length > MAX_KEY_LENGTH) {
      problems.push(`${owner} key "${key}" is ${key.length} characters long (expected at most ${MAX_KEY_LENGTH})`);
    }
    if (FORBIDDEN_KEY_CHARACTERS.test(key)) {
      problems.push(`${owner} key "${key}" contains a character Azure forbids in tag names (expected none of < > % & \\ ? /)`);
    }
    if (RESERVED_KEY_PREFIX.test(key)) {
      problems.push(`${owner} key "${key}" starts with a prefix Azure reserves (expected no microsoft, azure or windows prefix)`);
    }
    const value = tags[key];
    if (typeof value !== 'string') {
      problems.push(`${owner} key "${key}" has a ${value === null ? 'null' : typeof value} value (expected a string)`);
    } else if (!Token.isUnresolved(value) && value.length > MAX_VALUE_LENGTH) {
      problems.push(`${owner} key "${key}" has a value ${value.length} characters long (expected at most ${MAX_VALUE_LENGTH})`);
    }
  }
  return problems;
}
