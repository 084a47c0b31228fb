import { formatPath, SpecIssue } from '../errors';

/**
 * Problems with the spec as data, before any field rule: `"__proto__"` keys and values that refer back to
 * themselves. A spec read from JSON or YAML can carry both; the schema cannot see them (a `"__proto__"` key is
 * dropped while parsing a record, and a cycle makes every serializer fail), so they are reported here.
 */
export function structureIssues(input: unknown): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const ancestors = new Map<object, PropertyKey[]>();
  const walk = (value: unknown, path: PropertyKey[]) => {
    if (!isContainer(value)) return;
    const earlier = ancestors.get(value);
    if (earlier) {
      issues.push({ path: formatPath(path), message: `refers back to ${formatPath(earlier) || 'the spec itself'} (expected plain data without cycles)` });
      return;
    }
    ancestors.set(value, path);
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        issues.push({
          path: formatPath([...path, key]),
          message: '"__proto__" is not allowed as a key (expected plain names: JavaScript reads this key as the object\'s prototype, so its value would be lost)',
        });
        continue;
      }
      walk((value as Record<string, unknown>)[key], [...path, Array.isArray(value) ? Number(key) : key]);
    }
    ancestors.delete(value);
  };
  walk(input, []);
  return issues;
}

/**
 * A copy of the spec without the values at `invalid` paths (and without cycles), so the rules across fields run
 * on every part that is well-formed: one bad value does not hide a mistake elsewhere, and is not reported twice.
 */
export function withoutInvalid(input: unknown, invalid: readonly (readonly PropertyKey[])[]): any {
  const copy = clone(input, new Set());
  for (const path of invalid) {
    if (path.length === 0) return undefined;
    let parent: any = copy;
    for (const key of path.slice(0, -1)) parent = isContainer(parent) ? (parent as any)[key as any] : undefined;
    if (!isContainer(parent)) continue;
    const last = path[path.length - 1];
    if (Array.isArray(parent)) parent[Number(last)] = undefined;
    else delete (parent as any)[last as any];
  }
  return copy;
}

function clone(value: unknown, ancestors: Set<object>): unknown {
  if (!isContainer(value)) return value;
  if (ancestors.has(value)) return undefined;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => clone(v, ancestors));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key !== '__proto__') out[key] = clone((value as Record<string, unknown>)[key], ancestors);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

function isContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
