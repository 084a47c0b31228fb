import { EnvironmentField, placeholder } from '../placeholders';
import { MatchPrefilter, MayMatch } from './prefilter';

type Mode = 'free' | 'word' | 'pascal' | 'name' | 'pascal-name' | 'bounded';

/** A piece of a tokenized string: literal text, or the set of field paths whose value stood there. */
export type Part = string | ReadonlySet<string>;

/**
 * Synth noise that differs between environments without meaning anything: CDK asset hashes (64 hex digits, in S3
 * keys and image tags) and cdk8s name suffixes (`-c8` and 6 hex digits, a hash of the construct path).
 */
const NOISE: ReadonlyArray<{ readonly name: string; readonly pattern: string; readonly mayMatch: MayMatch }> = [
  { name: 'asset-hash', pattern: '[0-9a-f]{64}', mayMatch: (s) => HEX_64.test(s) },
  { name: 'cdk8s-hash', pattern: '(?<=-)c8[0-9a-f]{6}(?![0-9a-z])', mayMatch: (s) => s.includes('-c8') },
];
const HEX_64 = /[0-9a-f]{64}/;

/**
 * Finds an environment's identity values (name, tier, placement strings) inside strings, as tokens where the
 * synthesizer puts them, never as substrings of other words:
 * - the environment name and tier where the naming helpers put them: right after the organization name
 *   (`acme-dev-…`, `acmedev` in an alphanumeric name, `AcmeDev…` in a logical id), as a whole value (a tag),
 *   or as the first folder of a manifest (`dev/aws/…`), so `dev` is not found in `device-api`, `int` not in
 *   `VpcEndpointType`, and `prod` not in the organization `prodigy`;
 * - placement values (accounts, regions, zones, CIDRs, projects) between non-alphanumeric characters, so the
 *   multi-region `us` is found in `us-docker.pkg.dev` but not in `Cluster`.
 * Without the organization name (a field of source `organization`), names are matched like placement values.
 */
export class Tokenizer {
  /** The organization name: environment names are found where the naming helpers put them, after it. */
  private readonly organization: string | undefined;
  /** Fields per matched value, and the value each capture group of `regex` stands for. */
  private readonly byValue = new Map<string, string[]>();
  private readonly groupValues: string[] = [];
  private readonly regex: RegExp;
  /** Rules out most strings (no environment value in them) before the expression runs. */
  private readonly prefilter: MatchPrefilter;
  /** Keys repeat across resources (`Properties`, `Tags`, `metadata`): normalize each once. */
  private readonly normalized = new Map<string, string>();

  constructor(fields: readonly EnvironmentField[], extra: ReadonlyArray<{ path: string; value: string; bounded?: boolean }> = []) {
    const org = fields.find((f) => f.source === 'organization')?.value;
    this.organization = typeof org === 'string' ? org : undefined;
    const identity = fields
      .filter((f) => (f.source === 'environment' || f.source === 'placement') && typeof f.value === 'string' && f.value.length >= 2)
      .flatMap((f) => {
        const value = f.value as string;
        const isName = f.source === 'environment' && this.organization !== undefined;
        // CDK logical ids spell names in PascalCase (`RepositoryAcmeDevCheckout` in `dev`).
        const pascal = pascalCase(value);
        return [
          { path: f.path, value, mode: (isName ? 'name' : 'bounded') as Mode },
          ...(pascal !== value ? [{ path: f.path, value: pascal, mode: (isName ? 'pascal-name' : 'pascal') as Mode }] : []),
        ];
      });
    const all = [...identity, ...extra.map((e) => ({ path: e.path, value: e.value, mode: (e.bounded ? 'word' : 'free') as Mode }))]
      .map((e, i) => ({ ...e, i }))
      // Longest first, so `eu-west-1a` (a zone) wins over `eu-west-1` (its region). Stable, so name beats tier.
      .sort((x, y) => y.value.length - x.value.length || x.i - y.i);
    const alternatives: string[] = [];
    // Every match of an alternative contains its value, except a cut name (`acme-stagin-3b5e0c`): see `pattern`.
    // A name stands at the start of the string or right after the organization name, so that is what is looked for:
    // the name `dr` alone is in a third of all strings (`address`), `acme-dr` in few.
    const literals: string[] = [];
    const starts: string[] = [];
    let cutNames = false;
    for (const e of all) {
      const key = `${e.mode} ${e.value}`;
      const list = this.byValue.get(key);
      if (list) {
        if (!list.includes(e.path)) list.push(e.path);
        continue;
      }
      this.byValue.set(key, [e.path]);
      this.groupValues.push(key);
      const escaped = escapeRegExp(e.value);
      alternatives.push(this.pattern(e.mode, escaped));
      if (e.mode === 'name' && this.organization !== undefined) {
        literals.push(...afterOrganization(this.organization, e.value));
        starts.push(e.value);
        if (e.value.length >= 3) cutNames = true;
      } else if (e.mode === 'pascal-name' && this.organization !== undefined) {
        // `(?<=Org-?)Name`: `AcmeDev`, `Acme-Dev`.
        const pascalOrg = pascalCase(this.organization);
        literals.push(`${pascalOrg}${e.value}`, `${pascalOrg}-${e.value}`);
      } else {
        literals.push(e.value);
      }
    }
    this.regex = new RegExp([...alternatives, ...NOISE.map((n) => n.pattern)].map((a) => `(${a})`).join('|'), 'g');
    const organization = this.organization;
    this.prefilter = new MatchPrefilter(literals, [
      // A cut name follows the organization name and runs into a hash: the lookarounds of `pattern`'s `name`.
      ...(cutNames && organization !== undefined ? [(s: string) => s.includes(organization) && (s.includes('${') || CUT_HASH.test(s))] : []),
      ...(starts.length > 0 ? [(s: string) => starts.some((v) => s.startsWith(v))] : []),
      ...NOISE.map((n) => n.mayMatch),
    ]);
  }

  private pattern(mode: Mode, escaped: string): string {
    const org = this.organization === undefined ? '' : escapeRegExp(this.organization);
    switch (mode) {
      // Knob values (`3`, `16Gi`) are short: only whole words, so 3 never matches inside 30.
      case 'word': return `(?<![\\w.])${escaped}(?![\\w.])`;
      // `Dev` ends a PascalCase word: `AcmeDevCheckout`, not `Device`.
      case 'pascal': return `${escaped}(?![a-z])`;
      case 'bounded': return `(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`;
      case 'name': {
        // A name the helper cut at its cloud's limit may end inside the environment name, right before the hash
        // (`kv-acme-producti-${substr(…)}`, `acme-stagin-3b5e0c`).
        const value = escaped.replace(/\\/g, '');
        const cuts = value.length < 3 ? [] : Array.from({ length: value.length - 2 }, (_, i) => escapeRegExp(value.slice(0, value.length - 1 - i)));
        const cutBeforeHash = cuts.length === 0 ? '' : `|(?<=${org}[-_]?)(?:${cuts.join('|')})(?=-?\\$\\{|-[0-9a-f]{6,8}$)`;
        return `^${escaped}$|^${escaped}(?=/)|(?<=${org}[-_]?)${escaped}${cutBeforeHash}`;
      }
      case 'pascal-name': return `(?<=${escapeRegExp(pascalCase(this.organization ?? ''))}-?)${escaped}(?![a-z])`;
      default: return escaped;
    }
  }

  /** Splits a string into literal text and field sets. */
  tokenize(s: string): Part[] {
    if (!this.prefilter.mayMatch(s)) return s.length > 0 ? [s] : [];
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

  /** Character ranges of every field value and noise match in a string. */
  matches(s: string): Range[] {
    const out: Range[] = [];
    if (!this.prefilter.mayMatch(s)) return out;
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(s); m; m = this.regex.exec(s)) {
      if (m[0].length === 0) this.regex.lastIndex++;
      else out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  /** Replaces every value by its first (highest-priority) field's placeholder. */
  normalize(s: string): string {
    let out = this.normalized.get(s);
    if (out === undefined) {
      out = this.normalizeUncached(s);
      this.normalized.set(s, out);
    }
    return out;
  }

  private normalizeUncached(s: string): string {
    return this.tokenize(s).map((p) => (typeof p === 'string' ? p : placeholder([...p][0]))).join('');
  }
}

const withExtras = new WeakMap<readonly EnvironmentField[], Map<string, Tokenizer>>();

/**
 * A tokenizer of the fields plus extra values (knob values where a knob explains a difference), built once per
 * combination: building one compiles a large regular expression, and the same knobs explain many properties.
 */
export function tokenizerWith(
  fields: readonly EnvironmentField[],
  extra: ReadonlyArray<{ path: string; value: string; bounded?: boolean }>,
): Tokenizer {
  let byExtras = withExtras.get(fields);
  if (!byExtras) {
    byExtras = new Map();
    withExtras.set(fields, byExtras);
  }
  const key = JSON.stringify(extra);
  let tokenizer = byExtras.get(key);
  if (!tokenizer) {
    tokenizer = new Tokenizer(fields, extra);
    byExtras.set(key, tokenizer);
  }
  return tokenizer;
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

/** The ways `pattern` lets a name follow the organization name: `(?<=org[-_]?)name`. */
function afterOrganization(organization: string, name: string): string[] {
  return [`${organization}${name}`, `${organization}-${name}`, `${organization}_${name}`];
}

function pascalCase(value: string): string {
  return value.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Separators between the words of a string; `-` and `_` are inside words (`eu-west-1`, `acme-dev-4821`). */
const WORDS = /[A-Za-z0-9_-]+|[^A-Za-z0-9_-]+/g;
/** The hash a length-limited name ends with when it was cut (`acme-staging-payments-p-3b5e0c`). */
const CUT_HASH = /-[0-9a-f]{6,8}$/;

/**
 * Explains two differing strings by the fields of their environments: returns the fields (placeholders) that
 * account for every difference, or `undefined` when something else differs.
 *
 * The whole strings are tokenized first. When that fails, only the differing words are (found with a word-level
 * LCS, and widened to whole field values such as CIDRs), so a value that happens to contain an environment name
 * elsewhere (`pkg.dev` in the environment `dev`) does not spoil the comparison. Names derived from the
 * environment name may be cut to a cloud's length limit, with or without a hash (`acme-staging-payments-p-3b5e0c`
 * for `acme-dev-payments-payments-api`); that is reported as the field `name-cut`.
 */
export function explainStrings(a: string, b: string, ta: Tokenizer, tb: Tokenizer): string[] | undefined {
  const pa = ta.tokenize(a);
  const pb = tb.tokenize(b);
  if (sameParts(pa, pb)) return sharedFields(pa, pb);
  if (pa.length === pb.length && cutBeforeComputedHash(pa, pb)) return [...sharedFields(pa, pb), 'name-cut'];

  const wa = a.match(WORDS) ?? [];
  const wb = b.match(WORDS) ?? [];
  const explained = new Set<string>();
  for (const [ha, hb] of widen(hunks(wa, wb), a, b, ta, tb)) {
    const xa = ta.tokenize(a.slice(ha[0], ha[1]));
    const xb = tb.tokenize(b.slice(hb[0], hb[1]));
    if (sameParts(xa, xb)) {
      sharedFields(xa, xb).forEach((f) => explained.add(f));
    } else if (cutCompatible(xa, xb, a.includes('${') || b.includes('${'))) {
      sharedFields(xa, xb).forEach((f) => explained.add(f));
      explained.add('name-cut');
    } else {
      return undefined;
    }
  }
  return explained.size > 0 ? [...explained] : undefined;
}

type Range = [number, number];

/** Character ranges of the differing runs of words, on each side. */
function hunks(wa: string[], wb: string[]): Array<[Range, Range]> {
  const n = wa.length;
  const m = wb.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = wa[i] === wb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const offA = offsets(wa);
  const offB = offsets(wb);
  const out: Array<[Range, Range]> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && wa[i] === wb[j]) {
      i++;
      j++;
      continue;
    }
    const [si, sj] = [i, j];
    while ((i < n || j < m) && !(i < n && j < m && wa[i] === wb[j])) {
      if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) i++;
      else j++;
    }
    out.push([[offA[si], offA[i]], [offB[sj], offB[j]]]);
  }
  return out;
}

function offsets(words: string[]): number[] {
  const out = [0];
  for (const w of words) out.push(out[out.length - 1] + w.length);
  return out;
}

/**
 * Widens hunks to whole field values (`10.10.0.0/16` differs from `10.20.0.0/16` in one word only) and merges
 * hunks that then touch. Text between hunks is the same on both sides, so both sides widen by the same amount.
 */
function widen(list: Array<[Range, Range]>, a: string, b: string, ta: Tokenizer, tb: Tokenizer): Array<[Range, Range]> {
  const ma = ta.matches(a);
  const mb = tb.matches(b);
  const out: Array<[Range, Range]> = [];
  for (const [ra, rb] of list) {
    let [a0, a1] = ra;
    let [b0, b1] = rb;
    for (let changed = true; changed;) {
      changed = false;
      for (const [s, e] of ma) {
        if (s < a0 && e > a0) { b0 -= a0 - s; a0 = s; changed = true; }
        if (s < a1 && e > a1) { b1 += e - a1; a1 = e; changed = true; }
      }
      for (const [s, e] of mb) {
        if (s < b0 && e > b0) { a0 -= b0 - s; b0 = s; changed = true; }
        if (s < b1 && e > b1) { a1 += e - b1; b1 = e; changed = true; }
      }
    }
    const prev = out[out.length - 1];
    if (prev && (prev[0][1] >= a0 || prev[1][1] >= b0)) {
      prev[0][1] = Math.max(prev[0][1], a1);
      prev[1][1] = Math.max(prev[1][1], b1);
    } else {
      out.push([[Math.max(0, a0), a1], [Math.max(0, b0), b1]]);
    }
  }
  return out;
}

/** Same up to the last literal, which follows the environment name and is a cut (maybe hashed) of the other's. */
function cutCompatible(a: readonly Part[], b: readonly Part[], computedHash: boolean): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  if (computedHash && cutBeforeComputedHash(a, b)) return true;
  const last = a.length - 1;
  const [la, lb] = [a[last], b[last]];
  const name = a[last - 1];
  if (typeof la !== 'string' || typeof lb !== 'string' || typeof name === 'string' || !name.has('name')) return false;
  if (!sameParts(a.slice(0, last), b.slice(0, last))) return false;
  // The naming helpers cut a name at its cloud's limit and end it with a hash of the full name
  // (`acme-staging-payments-p-3b5e0c`), or with one Terraform computes (`kv-acme-prod-ac-${substr(…)}`). A
  // shorter name without that mark was not cut by the platform: `acme-staging-deny-all` is drift.
  const cut = (literal: string, other: string) => {
    const stripped = literal.replace(CUT_HASH, '').replace(/-+$/, '');
    if (CUT_HASH.test(literal)) return stripped;
    // A name Terraform completes with a hash: the literal part is cut, shorter than the other's.
    return computedHash && stripped.length < other.replace(/-+$/, '').length ? stripped : undefined;
  };
  const ca = cut(la, lb);
  const cb = cut(lb, la);
  if (ca !== undefined && cb === undefined) return lb.startsWith(ca);
  if (cb !== undefined && ca === undefined) return la.startsWith(cb);
  return ca !== undefined && cb !== undefined && (ca.startsWith(cb) || cb.startsWith(ca));
}

/**
 * Same but for one literal after the environment name that runs into a hash Terraform computes, where one side's
 * text before the `${` is a cut of the other's: `kv-acme-<<name>>-acr-${substr(…)}` and `kv-acme-<<name>>-${substr(…)}`.
 */
function cutBeforeComputedHash(a: readonly Part[], b: readonly Part[]): boolean {
  let cuts = 0;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i], b[i]];
    if (typeof x !== 'string' || typeof y !== 'string') {
      if (typeof x === 'string' || typeof y === 'string' || ![...x].some((f) => y.has(f))) return false;
      continue;
    }
    if (x === y) continue;
    const previous = a[i - 1];
    const [ix, iy] = [x.indexOf('${'), y.indexOf('${')];
    if (typeof previous === 'string' || previous === undefined || !previous.has('name') || ix < 0 || iy < 0 || x.slice(ix) !== y.slice(iy)) return false;
    const [hx, hy] = [x.slice(0, ix).replace(/-+$/, ''), y.slice(0, iy).replace(/-+$/, '')];
    if (!hx.startsWith(hy) && !hy.startsWith(hx)) return false;
    cuts++;
  }
  return cuts === 1;
}

/**
 * `a` with placeholders only where it differs from `b` (whole string when the whole string is explained), so a
 * shared literal such as `pkg.dev` survives in the environment called `dev`.
 */
export function normalizeDifferences(a: string, b: string, ta: Tokenizer, tb: Tokenizer): string {
  if (sameParts(ta.tokenize(a), tb.tokenize(b))) return ta.normalize(a);
  let out = '';
  let last = 0;
  for (const [[s, e]] of widen(hunks(a.match(WORDS) ?? [], b.match(WORDS) ?? []), a, b, ta, tb)) {
    out += a.slice(last, s) + ta.normalize(a.slice(s, e));
    last = e;
  }
  return out + a.slice(last);
}
