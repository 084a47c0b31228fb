/**
 * The dotted paths where two JSON values differ (`network_profile.service_cidr`, `spec.selector.matchLabels.app`),
 * descending into objects; arrays of different content are one change at the array's path, except one-element
 * lists of blocks (cdk.tf.json's way of writing a nested block), which are looked through.
 */
export function changedPaths(a: unknown, b: unknown, prefix = ''): string[] {
  if (Array.isArray(a) && Array.isArray(b) && a.length === 1 && b.length === 1 && isObject(a[0]) && isObject(b[0])) {
    return changedPaths(a[0], b[0], prefix);
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}

/** `a.b.c` starts with `a.b` (whole segments only). */
export function startsWithPath(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** Flattened `path=value` leaves, for comparing the shape of two resources. */
export function leaves(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${prefix}[${i}]`));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [`${prefix}=${JSON.stringify(value)}`];
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
