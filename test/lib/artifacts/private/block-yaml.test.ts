import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { dumpBlockYaml, MANIFEST_DUMP_OPTIONS, neverPlain } from '../../../../lib/artifacts/private/block-yaml';

/*
 * The block writer must write exactly what js-yaml writes with the manifest options, for every JSON-like value.
 * Bounded runs with a fixed seed (a failure reproduces); `PROPERTY_RUNS=20 npx jest test/lib/artifacts` for more.
 */
const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);
const SEED = Number(process.env.PROPERTY_SEED ?? 20261203);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), seed: SEED, endOnFailure: true });

const jsYaml = (value: unknown) => jsyaml.dump(value, MANIFEST_DUMP_OPTIONS);

/** Strings a YAML writer gets wrong: other types in YAML 1.1/1.2, indicators, breaks, escapes, unicode. */
const TRICKY = [
  '', ' ', '  ', 'y', 'Y', 'yes', 'No', 'ON', 'off', 'true', 'False', 'null', 'Null', '~', 'NULL', '0', '-0', '+1', '0755', '0o17', '0x1F',
  '0b101', '1_000', '1e3', '1E-3', '.5', '5.', '-.inf', '.Inf', '.NaN', '1:20', '-1:20:30.5', '190:20:30', '2026-01-01',
  '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '<<', '=', '-', '--', '---', '...', '- a', '-a', '? x', '?x', ': x', ':x',
  'x:', 'x: ', 'a: b', 'a:b', 'a #b', 'a#b', '#x', '{x}', '}', '[x]', ']', ',x', 'x,', '|', '|-', '>', '>+', '!tag', '!!str', '&a', '*a',
  '%x', '@x', '`x', "'x'", '"x"', 'x"y', 'x\\y', 'x ', ' x', 'x\t', '\tx', '\n', 'a\n', '\na', '\n\n', 'a\n\n', '\n a', '  a\nb', 'a\n  b\n',
  'a\nb\n\n\n', ' \n', 'a\rb', 'a\r\nb', 'a\tb\nc', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00a0', '\u00e9', '\u2028', '\u2029',
  '\ufeff', '\ufffe', '\uffff', '\ud83d\ude00', '\ud800', 'x\udc00', '\ud800\n\ud800', 'ü: x', 'key: "v"',
];

/** Characters to build strings from: the dangerous ones often, anything else sometimes. */
const char = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...' -?:,[]{}#&*!|=>\'"%@`\\\n\t\r.+_0123456789eExyntoaf~') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

const trickyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 3, arbitrary: fc.string({ unit: char, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...TRICKY), fc.string({ unit: char, maxLength: 6 }), fc.constantFrom(...TRICKY)).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  // Long strings: past the cache and into the JSON fast path when they are printable ASCII starting with an indicator.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('{', '[', '"', '-', ' ', 'a', '|', '#', '\n'), fc.string({ unit: char, minLength: 250, maxLength: 700 })).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v, null, v === null ? undefined : 1) ?? '') },
);

const number = fc.oneof(fc.integer(), fc.double(),
  fc.constantFrom(0, -0, 1e21, -1e-7, 5e-324, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity, 0.1, 1.5));
const scalar = fc.oneof(trickyString, number, fc.boolean(), fc.constant(null));

const { value } = fc.letrec<{ value: unknown; mapping: unknown; sequence: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('mapping'), tie('sequence')),
  // undefined values are left out by js-yaml (and a mapping of only undefined values is `{}`)
  mapping: fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 1, arbitrary: trickyString }),
    fc.oneof({ weight: 6, arbitrary: tie('value') }, { weight: 1, arbitrary: fc.constant(undefined) }), { maxKeys: 6 }),
  // holes and undefined items are written as null
  sequence: fc.oneof(
    fc.array(tie('value'), { maxLength: 5 }),
    fc.sparseArray(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 5 }),
  ),
}));

describe('block YAML writer', () => {
  test('writes what js-yaml writes, for any JSON-like value', () => {
    fc.assert(fc.property(value, (v) => {
      expect(dumpBlockYaml(v)).toBe(jsYaml(v));
    }), runs(3000));
  });

  test('writes JSON-like data itself: js-yaml renders only single scalars', () => {
    // Whole documents go to js-yaml only for what the writer does not handle (here: none of it), so a bug that
    // silently sent everything to js-yaml would keep the output right and lose the speed.
    const dump = jest.spyOn(jest.requireActual<typeof jsyaml>('js-yaml'), 'dump');
    const plainKeys = value.filter((v) => keys(v).every((k) => !k.includes('\n') && k.length <= 256));
    try {
      fc.assert(fc.property(plainKeys, (v) => {
        dump.mockClear();
        dumpBlockYaml(v);
        for (const [argument] of dump.mock.calls) expect(['string', 'number']).toContain(typeof argument);
      }), runs(1000));
    } finally {
      dump.mockRestore();
    }
  });

  test('writes what js-yaml writes for deep nesting of multi-line strings and sequences of sequences', () => {
    // Literal block scalars are indented by their level: nest them in every way a level can grow.
    const nest = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'large', maxDepth: 12 },
        fc.constantFrom('a\nb', '\n  x\n\ny\n', 'z\n\n', ' lead\ntrail ', 'tab\t\nx', 'k: v\n- i'),
        fc.tuple(fc.string({ maxLength: 3 }), tie('node')).map(([k, n]) => ({ [k]: n })),
        fc.array(tie('node'), { minLength: 1, maxLength: 2 })),
    }));
    fc.assert(fc.property(nest.node, (v) => {
      expect(dumpBlockYaml(v)).toBe(jsYaml(v));
    }), runs(1000));
  });

  test('the same scalar renders the same as a key, a value and an item at any depth (the cache is shared)', () => {
    fc.assert(fc.property(trickyString, (s) => {
      // (a multi-line key sends its whole document to js-yaml: keys apart)
      const documents = [s, { a: s, list: [s, [s, { b: [s] }]], deep: { a: { b: { c: s } } } }, { [s]: 1 }, [{ [s]: { [s]: null } }]];
      for (const v of documents) expect(dumpBlockYaml(v)).toBe(jsYaml(v));
    }), runs(2000));
  });

  test('long printable-ASCII strings that cannot be plain are double-quoted exactly as JSON.stringify writes them', () => {
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 256, maxLength: 2000 });
    const first = fc.constantFrom(...' -?:,[]{}#&*!|=>\'"%@`');
    const candidate = fc.oneof(
      fc.tuple(first, printable).map(([f, s]) => f + s),
      fc.tuple(printable, fc.constantFrom(' ', ':')).map(([s, l]) => s + l),
      fc.jsonValue().map((v) => JSON.stringify({ padding: 'x'.repeat(256), v })),
    );
    fc.assert(fc.property(candidate, (s) => {
      expect(neverPlain(s)).toBe(true);
      expect(jsYaml(s)).toBe(`${JSON.stringify(s)}\n`);
      expect(dumpBlockYaml({ data: s })).toBe(jsYaml({ data: s }));
    }), runs(1000));
  });

  test('writes a Kubernetes object as js-yaml does', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dash', labels: { 'app.kubernetes.io/name': 'x', 'flag': 'on', 'mode': '0755' }, annotations: { a: undefined } },
      data: { 'dashboard.json': JSON.stringify({ title: 'x "y"', panels: [{ expr: 'sum(rate(x[5m]))' }] }), 'script.sh': '#!/bin/sh\necho "hi"\n' },
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 8080 }], args: [], env: [{}] }], replicas: 2, ratio: 0.5, paused: false, owner: null },
    };
    expect(dumpBlockYaml(configMap)).toBe(jsYaml(configMap));
    expect(dumpBlockYaml(configMap)).toMatch(/^apiVersion: v1\nkind: ConfigMap\nmetadata:\n {2}name: dash\n/);
  });

  test('leaves what is not JSON-like data to js-yaml: same output, same errors', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const inputs: unknown[] = [
      { when: new Date(Date.UTC(2026, 0, 1)) },
      [new Uint8Array([1, 2, 3])],
      { ['k'.repeat(1100)]: 'long key' },
      { 'multi\nline key': 'x' },
      [Object.create(null)],
      { boxed: [Object('x'), Object(1), Object(true)] },
      { tagged: { [Symbol.toStringTag]: 'Thing', a: 1 } },
      { f: () => 1 }, { n: BigInt(1) }, { s: Symbol('s') },
      cycle,
      undefined,
      // a getter that writes YAML itself, while its own document is being written
      { name: 'outer', get nested() { return dumpBlockYaml({ inner: ['a', { b: 1 }] }); }, after: [1] },
    ];
    for (const input of inputs) expect(outcome(() => dumpBlockYaml(input))).toEqual(outcome(() => jsYaml(input)));
    expect(outcome(() => jsYaml({ f: () => 1 }))).toEqual({ error: expect.stringContaining('unacceptable kind of an object to dump') });
  });
});

/** Every key of every mapping in a value. */
function keys(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(keys);
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, item]) => [k, ...keys(item)]);
}

/** What a call returns, or the class and message of what it throws. */
function outcome(f: () => string): { text: string } | { error: string } {
  try {
    return { text: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}
