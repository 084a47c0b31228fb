import fc from 'fast-check';
import { acme } from '../../../../examples/acme/org';
import { EnvironmentField, environmentFields } from '../../../../lib/parity';
import { Part, Tokenizer, tokenizerWith } from '../../../../lib/parity/private/tokens';
import { defineOrganization } from '../../../../lib/spec';

/*
 * The tokenizer rules most strings out with substring searches before its regular expression runs. That is an
 * optimization only: every string must tokenize exactly as the expression alone tokenizes it. The oracle below is
 * the expression run directly, the way `tokenize` ran before the prefilter existed.
 */
const org = defineOrganization(acme);
const fieldsOf = (i: number): EnvironmentField[] => [{ path: 'organization', source: 'organization', value: org.name }, ...environmentFields(org.environments[i])];

function oracle(tokenizer: Tokenizer, s: string): { parts: Part[]; ranges: Array<[number, number]> } {
  const regex: RegExp = (tokenizer as any).regex;
  const groupValues: string[] = (tokenizer as any).groupValues;
  const byValue: Map<string, string[]> = (tokenizer as any).byValue;
  const parts: Part[] = [];
  const ranges: Array<[number, number]> = [];
  let last = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(s); m; m = regex.exec(s)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    if (m.index > last) parts.push(s.slice(last, m.index));
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const value = groupValues[group - 1];
    parts.push(new Set(value !== undefined ? byValue.get(value) : [group - 1 - groupValues.length === 0 ? 'asset-hash' : 'cdk8s-hash']));
    ranges.push([m.index, m.index + m[0].length]);
    last = m.index + m[0].length;
  }
  if (last < s.length) parts.push(s.slice(last));
  return { parts, ranges };
}

/** Strings made of the pieces the expression looks for, cut and joined the ways synthesized names are. */
function adversarialStrings(fields: readonly EnvironmentField[]): fc.Arbitrary<string> {
  const values = fields.map((f) => String(f.value)).filter((v) => v.length > 0);
  const pascal = values.map((v) => v.split(/[^A-Za-z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(''));
  const piece = fc.oneof(
    fc.constantFrom(...values, ...pascal, org.name, 'Acme', '-', '_', '/', '.', ':', '${', '}', '-c8', 'c8', ' ', '"', '\n', '{"a":', 'us', 'dev'),
    // Cuts of values (a name cut at a cloud's limit), hashes, and hex runs around the 64-digit asset hash.
    fc.tuple(fc.constantFrom(...values), fc.nat(20)).map(([v, n]) => v.slice(0, Math.max(1, v.length - n))),
    fc.stringMatching(/^-[0-9a-f]{5,9}$/),
    // A name after the organization name, as the naming helpers write it (`acme-dev`, `acmedev`, `AcmeDev`, `acme_dev`).
    fc.tuple(fc.constantFrom(org.name, 'Acme', 'acm', ''), fc.constantFrom('', '-', '_', '--'), fc.constantFrom(...values, ...pascal))
      .map(([o, sep, v]) => `${o}${sep}${v}`),
    // A name the naming helpers cut before a hash: `acme-stagin-3b5e0c`, `kv-acme-producti-${substr(…)}`.
    fc.tuple(fc.constantFrom('', '-', '_'), fc.constantFrom(...values), fc.nat(8), fc.constantFrom('-3b5e0c', '-${substr(x)}', '${x}', '-3b5e0c1'))
      .map(([sep, v, n, end]) => `${org.name}${sep}${v.slice(0, Math.max(1, v.length - n))}${end}`),
    fc.integer({ min: 60, max: 68 }).map((n) => 'a1b2c3d4e5f60718'.repeat(5).slice(0, n)),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  );
  return fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
}

describe('Tokenizer: the prefilter changes nothing', () => {
  test.each([0, 1, 2])('environment %i: tokenize and matches equal the expression alone on adversarial strings', (i) => {
    // GIVEN the tokenizers parity builds: the environment's fields, and the same plus knob values (word and free)
    const fields = fieldsOf(i);
    const tokenizers = [
      new Tokenizer(fields),
      tokenizerWith(fields, [{ path: 'network.natGateways', value: '3', bounded: true }, { path: 'x.free', value: 'ab' }]),
      // Without the organization name, names are matched like placement values.
      new Tokenizer(fields.filter((f) => f.source !== 'organization')),
    ];

    // THEN
    fc.assert(fc.property(adversarialStrings(fields), (s) => {
      for (const t of tokenizers) {
        const expected = oracle(t, s);
        expect(t.tokenize(s)).toEqual(expected.parts);
        expect(t.matches(s)).toEqual(expected.ranges);
      }
    }), { numRuns: 3000 });
  });

  test('strings of every kind the prefilter admits or rules out tokenize as the expression does', () => {
    // GIVEN
    const t = new Tokenizer(fieldsOf(0));
    const strings = [
      '',
      'no environment value here',
      'acme-dev-payments',
      'dev/aws/stack.yaml',
      'AcmeDevCheckout',
      'Acme-Dev',
      'Acme-Device',
      'acme_dev',
      'acmedev',
      'dev',
      'devices/x',
      'x-dev',
      'acme-de-3b5e0c',
      'kv-acme-de-${substr(x)}',
      'acme-d-3b5e0c',
      `s3://bucket/${'0123456789abcdef'.repeat(4)}.zip`,
      'payments-api-c8abcdef',
      'payments-api-c8abcdeg',
      JSON.stringify({ title: 'a dashboard', panels: Array.from({ length: 50 }, (_, k) => ({ id: k, expr: 'sum(rate(x[5m]))' })) }),
    ];

    // THEN
    for (const s of strings) expect([s, t.tokenize(s)]).toEqual([s, oracle(t, s).parts]);
    expect(t.tokenize('no environment value here')).toEqual(['no environment value here']);
    expect(t.tokenize('')).toEqual([]);
  });
});
