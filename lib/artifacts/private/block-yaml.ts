import { dump, type DumpOptions } from 'js-yaml';

/*
 * A block-style YAML writer for JSON-like data whose output is byte for byte what
 *
 *   jsyaml.dump(value, MANIFEST_DUMP_OPTIONS)
 *
 * returns (js-yaml 4, `lib/dumper.js`), only faster. At 1,000 services the manifests' js-yaml dump took 9.6 s of a
 * 21.7 s synth (cpu-prof, session 7): for every scalar, js-yaml walks the string char by char twice (the style
 * choice, then the escaping), runs every implicit type's regex on it, and builds each nested block as a string of
 * its own. Manifests repeat the same scalars (keys, labels, images) thousands of times, and their one big scalar per
 * service (the Grafana dashboard JSON) is printable ASCII that can never be plain.
 *
 * So the structure is written here, following js-yaml's block rules with `indent: 2`, `flowLevel: -1`, no refs:
 * - mapping at level L: each pair on a new line indented 2L (not the first pair of a compact block: the top level
 *   and a sequence item), `key: value`, or `key:` when the value is a non-empty block (it starts on the next line);
 *   a key whose value is `undefined` is left out, as are its newline and key;
 * - sequence at level L: each item on a new line indented 2L (again not the first of a compact block), `- item`,
 *   items written compact at L + 1; `undefined` items are `null`;
 * - `{}` / `[]` for an empty mapping (or one whose values are all `undefined`) / sequence.
 * and js-yaml stays the authority for every scalar: its rendering of a string, number, boolean or null does not
 * depend on where it stands, except for a literal block scalar (`|`), whose lines are indented 2 * max(1, level),
 * and for keys, which js-yaml never writes as block scalars. Renderings are cached. Whatever is not JSON-like data
 * (Dates, typed arrays, boxed primitives, objects tagged other than `[object Object]`, functions, cycles, keys
 * longer than 1,024 characters, multi-line keys) goes to js-yaml itself, whole document: output and errors stay
 * js-yaml's.
 */

/** What every manifest is dumped with; the writer is only equal to js-yaml for these options. */
export const MANIFEST_DUMP_OPTIONS: DumpOptions = Object.freeze({ noRefs: true, lineWidth: -1, quotingType: '"', noCompatMode: false });

/** The YAML document for `value`, with its trailing newline; `''` for `undefined` (as js-yaml). */
export function dumpBlockYaml(value: unknown): string {
  if (value === undefined) return '';
  // A getter that dumps YAML itself would re-enter: its document is written into parts of its own.
  const outer = out;
  try {
    out = [];
    writeTop(value);
    out.push('\n');
    // One join, one flat string. Appending with `+=` instead builds a rope (a V8 cons string of ~30 bytes per
    // piece) that stays a rope while a cluster's documents wait to be written: 28 MB more retained for the 30 MB of
    // YAML of 100 services, 134 MB more peak RSS at 1,000.
    return out.join('');
  } catch {
    // Not JSON-like data (or a cycle): js-yaml decides, including the error it throws.
    return dump(value, MANIFEST_DUMP_OPTIONS);
  } finally {
    out = outer;
  }
}

/** Thrown (and caught in {@link dumpBlockYaml}) for input the writer leaves to js-yaml. */
const UNSUPPORTED = new Error('not JSON-like data');

/** The pieces of the document being written. */
let out: string[] = [];

function writeTop(value: unknown): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push('[]');
      else writeSequence(value, 0, true);
      return;
    }
    if (!isPlainMapping(value)) throw UNSUPPORTED;
    const keys = Object.keys(value);
    if (hasPair(value, keys)) writeMapping(value, keys, 0, true);
    else out.push('{}');
    return;
  }
  out.push(scalar(value, 0));
}

function writeMapping(object: Record<string, unknown>, keys: readonly string[], level: number, compact: boolean): void {
  const newline = newlineAt(level);
  let first = compact;
  for (let i = 0; i < keys.length; i++) {
    const value = object[keys[i]];
    if (value === undefined) continue;
    if (first) first = false;
    else out.push(newline);
    out.push(key(keys[i]));
    if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) {
        if (value.length === 0) {
          out.push(': []');
        } else {
          out.push(':');
          writeSequence(value, level + 1, false);
        }
        continue;
      }
      if (!isPlainMapping(value)) throw UNSUPPORTED;
      const childKeys = Object.keys(value);
      if (hasPair(value, childKeys)) {
        out.push(':');
        writeMapping(value, childKeys, level + 1, false);
      } else {
        out.push(': {}');
      }
      continue;
    }
    out.push(': ');
    out.push(scalar(value, level + 1));
  }
}

function writeSequence(array: readonly unknown[], level: number, compact: boolean): void {
  const newline = newlineAt(level);
  for (let i = 0; i < array.length; i++) {
    if (i > 0 || !compact) out.push(newline);
    const value = array[i];
    if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) {
        if (value.length === 0) {
          out.push('- []');
        } else {
          out.push('- ');
          writeSequence(value, level + 1, true);
        }
        continue;
      }
      if (!isPlainMapping(value)) throw UNSUPPORTED;
      const keys = Object.keys(value);
      if (hasPair(value, keys)) {
        out.push('- ');
        writeMapping(value, keys, level + 1, true);
      } else {
        out.push('- {}');
      }
      continue;
    }
    out.push('- ');
    // js-yaml writes a missing item (undefined, or a hole) as null.
    out.push(scalar(value === undefined ? null : value, level + 1));
  }
}

/**
 * js-yaml writes `[object Object]` values as mappings, after its type checks: of those, only the timestamp type's
 * `instanceof Date` can match such an object.
 */
function isPlainMapping(value: object): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]' && !(value instanceof Date);
}

/** Whether a mapping writes any pair: js-yaml writes `{}` when every value is `undefined`. */
function hasPair(object: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (object[keys[i]] !== undefined) return true;
  return false;
}

function key(k: string): string {
  const rendered = stringScalar(k);
  // A multi-line key is double-quoted by js-yaml (never a block scalar), and a key longer than 1,024 characters is
  // written as an explicit `? key` pair: both rare enough to leave to js-yaml.
  if (rendered.length > 1024 || rendered.charCodeAt(0) === PIPE) throw UNSUPPORTED;
  return rendered;
}

function scalar(value: unknown, level: number): string {
  switch (typeof value) {
    case 'string': {
      const rendered = stringScalar(value);
      return level > 1 && rendered.charCodeAt(0) === PIPE ? reindentLiteral(rendered, level) : rendered;
    }
    case 'number':
      return numberScalar(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      throw UNSUPPORTED;
    default:
      throw UNSUPPORTED;
  }
}

const PIPE = 0x7c;

/**
 * js-yaml's rendering of a string as a mapping value or sequence item at level 1: plain, double-quoted or a literal
 * block scalar (`lineWidth: -1`, so never folded). Plain and double-quoted renderings are the same at every level.
 */
function stringScalar(s: string): string {
  if (s.length > CACHED_STRING_CHARS) return renderString(s);
  let rendered = strings.get(s);
  if (rendered === undefined) {
    rendered = renderString(s);
    if (strings.size >= CACHE_ENTRIES) strings.clear();
    strings.set(s, rendered);
  }
  return rendered;
}

function renderString(s: string): string {
  if (s.length >= JSON_FAST_PATH_CHARS && neverPlain(s) && PRINTABLE_ASCII.test(s)) return JSON.stringify(s);
  const dumped = dump(s, MANIFEST_DUMP_OPTIONS);
  return dumped.slice(0, -1);
}

/**
 * The long-string fast path. For a string of printable ASCII only (0x20-0x7E: no line break, nothing js-yaml
 * escapes but `"` and `\`) that cannot be plain because of its first or last character (`isPlainSafeFirst` /
 * `isPlainSafeLast` in js-yaml's dumper), js-yaml's `chooseScalarStyle` returns STYLE_DOUBLE (or, for YAML 1.1
 * booleans and base-60 numbers, writeScalar quotes it unescaped: those contain neither `"` nor `\`), and
 * `escapeString` of printable ASCII escapes exactly `"` as `\"` and `\` as `\\`, which is what `JSON.stringify`
 * writes for printable ASCII. The Grafana dashboard JSON (~14 KB per service and cluster) takes this path.
 */
export function neverPlain(s: string): boolean {
  if (s.length === 0) return false;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return NOT_PLAIN_FIRST.has(first) || last === 0x20 || last === 0x3a /* : */;
}

/** js-yaml's `isPlainSafeFirst` is false for these printable ASCII characters: space and the YAML indicators. */
const NOT_PLAIN_FIRST = new Set([...' -?:,[]{}#&*!|=>\'"%@`'].map((c) => c.charCodeAt(0)));

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Below this length js-yaml's own rendering is cheap enough, and cached. */
const JSON_FAST_PATH_CHARS = 256;

/** Longer strings are rarely repeated (descriptions, expressions, dashboards); hashing them costs a scan too. */
const CACHED_STRING_CHARS = 256;

/** The cache is dropped when it holds this many strings: at 5,000 services the unique names would grow it. */
const CACHE_ENTRIES = 100_000;

const strings = new Map<string, string>();

function numberScalar(n: number): string {
  // -0 is a Map key equal to 0, but js-yaml writes it as `-0.0`.
  if (n === 0 && 1 / n < 0) return '-0.0';
  let rendered = numbers.get(n);
  if (rendered === undefined) {
    rendered = dump(n, MANIFEST_DUMP_OPTIONS).slice(0, -1);
    if (numbers.size >= CACHE_ENTRIES) numbers.clear();
    numbers.set(n, rendered);
  }
  return rendered;
}

const numbers = new Map<number, string>();

/**
 * A literal block scalar rendered at level 1 (body lines indented 2) as js-yaml writes it at `level`: js-yaml
 * indents every non-empty line of the string by 2 * level (`indentString`), so each non-empty line after the
 * header gets 2 * (level - 1) more spaces. The header (indentation indicator, chomping) does not depend on level.
 */
function reindentLiteral(rendered: string, level: number): string {
  const extra = ' '.repeat(2 * (level - 1));
  const lines = rendered.split('\n');
  for (let i = 1; i < lines.length; i++) if (lines[i].length > 0) lines[i] = extra + lines[i];
  return lines.join('\n');
}

function newlineAt(level: number): string {
  let newline = newlines[level];
  if (newline === undefined) {
    newline = '\n' + ' '.repeat(2 * level);
    newlines[level] = newline;
  }
  return newline;
}

const newlines: string[] = [];
