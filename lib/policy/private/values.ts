/** Quotes a synthesized value for a message: `unset` when absent, JSON otherwise (`false`, `"Public"`). */
export function show(value: unknown): string {
  return value === undefined || value === null ? 'unset' : JSON.stringify(value);
}

/** The message for a property whose value is not the expected one. */
export function expected(property: string, value: unknown, expectation: string): string {
  return `${property} is ${show(value)} (expected ${expectation})`;
}

/**
 * What a finding adds when the resource records the reviewed reason for its deviation (a cluster's public endpoint):
 * the reason, so the report shows why next to what; empty when none is recorded.
 */
export function recordedReason(reason: unknown): string {
  return typeof reason === 'string' && reason.trim() !== '' ? `; the cluster records why: ${JSON.stringify(reason)}` : '';
}

/**
 * Keys of `required` that are missing or empty in a tag/label map. A value that is not a string (a Terraform or
 * CloudFormation expression resolved at deploy time) counts as present.
 */
export function missingKeys(map: unknown, required: readonly string[]): string[] {
  const present = isRecord(map) ? map : {};
  return required.filter((key) => {
    const value = present[key];
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
}

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` (a string, or any nested structure) mentions `needle`, e.g. a reference to another resource. */
export function mentions(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.includes(needle);
  if (Array.isArray(value)) return value.some((v) => mentions(v, needle));
  if (isRecord(value)) return Object.values(value).some((v) => mentions(v, needle));
  return false;
}
