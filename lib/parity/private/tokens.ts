import { EnvironmentField, placeholder } from '../placeholders';

/** A piece of a tokenized string: literal text, or the set of field paths whose value stood there. */
export type Part = string | ReadonlySet<string>;

/**
 * Synth noise that differs between environments without meaning anything: CDK asset hashes (64 hex digits, in S3
 * keys and image tags) and cdk8s name suffixes (`-c8` and 6 hex digits, a hash of the construct path).
 */
const NOISE: ReadonlyArray<{ readonly name: string; readonly pattern: string }> = [
  { name: 'asset-hash', pattern: '[0-9a-f]{64}' },
  { name: 'cdk8s-hash', pattern: '(?<=-)c8[0-9a-f]{6}(?![0-9a-z])' },
];

/**
 * Finds an environment's identity values (name, tier, placement strings) inside strings.
 *
 * Values are matched anywhere, not only between separators, because names glue them (`acmedev` in a registry
 * name). That is safe because callers only tokenize values that already differ between two environments.
 */
export class Tokenizer {
  /** Fields per matched value, and the value each capture group of `regex` stands for. */
  private readonly byValue = new Map<string, string[]>();
  private readonly groupValues: string[] = [];
  private readonly regex: RegExp;

  constructor(fields: readonly EnvironmentField[], extra: ReadonlyArray<{ path: string; value: string; bounded?: boolean }> = []) {
    const identity = fields
      .filter((f) => (f.source === 'environment' || f.source === 'placement') && typeof f.value === 'string' && f.value.length >= 2)
      .map((f) => ({ path: f.path, value: f.value as string, bounded: false }));
    // Longest first, so `eu-west-1a` (a zone) wins over `eu-west-1` (its region). Stable, so name beats tier.
    const all = [...identity, ...extra].map((e, i) => ({ ...e, i })).sort((x, y) => y.value.length - x.value.length || x.i - y.i);
    const alternatives: string[] = [];
    for (const e of all) {
      const list = this.byValue.get(e.value);
      if (list) {
        if (!list.includes(e.path)) list.push(e.path);
        continue;
      }
      this.byValue.set(e.value, [e.path]);
      this.groupValues.push(e.value);
      const escaped = escapeRegExp(e.value);
      // Knob values (`3`, `16Gi`) are short: match them only as whole words, so 3 never matches inside 30.
      alternatives.push(e.bounded ? `(?<![\\w.])${escaped}(?![\\w.])` : escaped);
    }
    this.regex = new RegExp([...alternatives, ...NOISE.map((n) => n.pattern)].map((a) => `(${a})`).join('|'), 'g');
  }

  /** Splits a string into literal text and field sets. */
  tokenize(s: string): Part[] {
    const parts: Part[] = [];
    let last = 0;
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(s); m; m = this.regex.exec(s)) {
      if (m[0].length === 0) {
        this.regex.lastIndex++;
        continue;
      }
      if (m.index > last) parts.push(s.slice(last, m.index));
      const group = m.findIndex((g, i) => i > 0 && g !== undefined);
      const value = this.groupValues[group - 1];
      parts.push(new Set(value !== undefined ? this.byValue.get(value) : [NOISE[group - 1 - this.groupValues.length].name]));
      last = m.index + m[0].length;
    }
    if (last < s.length) parts.push(s.slice(last));
    return parts;
  }

  /** Replaces every value by its first (highest-priority) field's placeholder. */
  normalize(s: string): string {
    return this.tokenize(s).map((p) => (typeof p === 'string' ? p : placeholder([...p][0]))).join('');
  }
}

/** Two tokenized strings say the same thing when literals are equal and each placeholder pair shares a field. */
export function sameParts(a: readonly Part[], b: readonly Part[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
    } else if (![...x].some((f) => y.has(f))) {
      return false;
    }
  }
  return true;
}

/** The fields that appear in both tokenized strings at the same places (for explaining a difference). */
export function sharedFields(a: readonly Part[], b: readonly Part[]): string[] {
  const shared = new Set<string>();
  a.forEach((x, i) => {
    const y = b[i];
    if (typeof x !== 'string' && typeof y !== 'string') for (const f of x) if (y.has(f)) shared.add(f);
  });
  return [...shared];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
