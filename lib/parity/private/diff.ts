/** A segment of a JSON path: an object key, an array index, an array element picked by its key field, or parsed JSON. */
export type Segment = string | number | { readonly field: string; readonly value: string } | { readonly json: true };

/** One place where two documents differ. `undefined` on a side means the value is absent there. */
export interface LeafDifference {
  readonly path: readonly Segment[];
  readonly a: unknown;
  readonly b: unknown;
}

/**
 * How keys are compared: each side's keys (and the values of key fields in arrays) are normalized with its own
 * environment's placeholders, so `acme-dev` pairs with `acme-prod`.
 */
export type KeyNormalizer = (key: string) => string;

/** Fields that identify an element of an array of objects (CloudFormation `Tags`, Kubernetes `containers`...). */
const KEY_FIELDS = ['Key', 'name', 'Name', 'type', 'key', 'id'];

/**
 * A small structural diff. None of the installed diff libraries fits: jest-diff compares text and the equality
 * libraries only answer yes or no, while parity needs paths and both values.
 */
export function diffValues(
  a: unknown,
  b: unknown,
  keyA: KeyNormalizer,
  keyB: KeyNormalizer,
  path: Segment[] = [],
  out: LeafDifference[] = [],
  equal?: (path: readonly Segment[], value: string | number | boolean) => void,
): LeafDifference[] {
  if (a === b) {
    // The same value may still stand for different declared values (`westeurope` is dev's location, prod's DR).
    if (equal && (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean')) equal(path, a);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    diffArrays(a, b, keyA, keyB, path, out, equal);
  } else if (isObject(a) && isObject(b)) {
    const right = new Map(Object.keys(b).map((k) => [keyB(k), k]));
    const seen = new Set<string>();
    for (const k of Object.keys(a)) {
      const nk = keyA(k);
      seen.add(nk);
      const kb = right.get(nk);
      diffValues(a[k], kb === undefined ? undefined : b[kb], keyA, keyB, [...path, nk], out, equal);
    }
    for (const [nk, kb] of right) if (!seen.has(nk)) out.push({ path: [...path, nk], a: undefined, b: b[kb] });
  } else if (typeof a === 'string' && typeof b === 'string' && looksLikeJson(a) && looksLikeJson(b)) {
    // Policies and lifecycle rules travel as JSON strings; diffing them parsed points at the rule that changed.
    const pa = tryParse(a);
    const pb = tryParse(b);
    if (pa !== undefined && pb !== undefined) diffValues(pa, pb, keyA, keyB, [...path, { json: true }], out, equal);
    else out.push({ path, a, b });
  } else {
    out.push({ path, a, b });
  }
  return out;
}

function diffArrays(
  a: unknown[],
  b: unknown[],
  keyA: KeyNormalizer,
  keyB: KeyNormalizer,
  path: Segment[],
  out: LeafDifference[],
  equal?: (path: readonly Segment[], value: string | number | boolean) => void,
) {
  const field = keyFieldOf(a, b);
  if (field) {
    const left = new Map(a.map((e: any) => [keyA(String(e[field])), e]));
    const right = new Map(b.map((e: any) => [keyB(String(e[field])), e]));
    for (const [k, e] of left) diffValues(e, right.get(k), keyA, keyB, [...path, { field, value: k }], out, equal);
    for (const [k, e] of right) if (!left.has(k)) out.push({ path: [...path, { field, value: k }], a: undefined, b: e });
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (i >= a.length) out.push({ path: [...path, i], a: undefined, b: b[i] });
    else if (i >= b.length) out.push({ path: [...path, i], a: a[i], b: undefined });
    else diffValues(a[i], b[i], keyA, keyB, [...path, i], out, equal);
  }
}

/** The first key field every element of both arrays has, with unique values on each side. */
export function keyFieldOf(a: unknown[], b: unknown[]): string | undefined {
  if (a.length === 0 && b.length === 0) return undefined;
  const all = [...a, ...b];
  if (!all.every(isObject)) return undefined;
  return KEY_FIELDS.find((f) =>
    all.every((e) => typeof (e as any)[f] === 'string') &&
    new Set(a.map((e: any) => e[f])).size === a.length &&
    new Set(b.map((e: any) => e[f])).size === b.length);
}

/** Renders a path: `Properties.Tags[Key=environment].Value`, `spec.hard["requests.cpu"]`, `LifecyclePolicyText(json).rules[0]`. */
export function formatPath(path: readonly Segment[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (typeof seg === 'string') s += /^[A-Za-z_$][\w$:-]*$/.test(seg) ? `${s ? '.' : ''}${seg}` : `[${JSON.stringify(seg)}]`;
    else if ('json' in seg) s += '(json)';
    else s += `[${seg.field}=${seg.value}]`;
  }
  return s;
}

/** Removes keys a predicate rejects, everywhere in a document (returns a copy). */
export function stripKeys(value: unknown, drop: (key: string, parent: Record<string, unknown>) => boolean): any {
  if (Array.isArray(value)) return value.map((v) => stripKeys(v, drop));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!drop(k, value)) out[k] = stripKeys(v, drop);
  return out;
}

/** Applies a function to every string (values and keys) of a document (returns a copy). */
export function mapStrings(value: unknown, f: (s: string) => string): any {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[f(k)] = mapStrings(v, f);
  return out;
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function looksLikeJson(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function tryParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
