/**
 * Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`), parsed
 * offline so that props can be checked before anything reaches a cluster.
 *
 * Grammar (k8s.io/apimachinery resource.Quantity): a non-negative decimal
 * number followed by an optional binary suffix (Ki..Ei), decimal SI suffix
 * (m, k, M..E) or decimal exponent (e3, E-2). Signs are accepted by the API
 * server but a negative request, limit or quota is always a mistake, so this
 * parser rejects them.
 */

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]|[eE][+-]?\d+)?$/;

const BINARY_POWERS: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A quantity that passed the grammar. */
export interface ParsedQuantity {
  /** The value in base units (cores, bytes, ...). */
  readonly value: number;
  /** The suffix as written ('' when there is none). */
  readonly suffix: string;
}

/**
 * Parses a quantity, or returns undefined when the text is not one.
 *
 * The value is a float. Equal quantities written differently (`1.5Gi` and
 * `1536Mi`, `1100m` and `1.1`) still compare equal: decimal forms go through a
 * single correctly rounded `parseFloat` of `<digits>e<exponent>`, and binary
 * scaling by powers of two is exact.
 */
export function parseQuantity(text: unknown): ParsedQuantity | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(text);
  if (!match) {
    return undefined;
  }
  const digits = match[1];
  const suffix = match[2] ?? '';
  if (suffix in BINARY_POWERS) {
    return { value: parseFloat(digits) * 2 ** (10 * BINARY_POWERS[suffix]), suffix };
  }
  const exponent = suffix in DECIMAL_EXPONENTS ? DECIMAL_EXPONENTS[suffix] : suffix === '' ? 0 : Number(suffix.slice(1));
  return { value: parseFloat(`${digits}e${exponent}`), suffix };
}

/** What a quantity measures: it picks the example in messages, and makes millibytes a typo. */
export type QuantityKind = 'cpu' | 'memory';

/** A checked quantity: its value in base units, or the sentence that says what is wrong. */
export type QuantityCheck = { readonly value: number; readonly problem?: undefined } | { readonly value?: undefined; readonly problem: string };

/**
 * Checks a CPU or memory quantity prop. The problem sentence starts with
 * `path` and the quoted text, like every props message in this folder.
 */
export function checkQuantity(kind: QuantityKind, path: string, text: unknown): QuantityCheck {
  const expected = kind === 'cpu' ? 'expected like 500m or 2' : 'expected like 512Mi or 2Gi';
  const parsed = parseQuantity(text);
  if (!parsed) {
    return { problem: `${path} ${JSON.stringify(text)} is not a Kubernetes quantity (${expected})` };
  }
  if (kind === 'memory' && parsed.suffix === 'm') {
    // Valid syntax, but memory in millibytes is always a typo for Mi.
    return { problem: `${path} ${JSON.stringify(text)} is in millibytes (${expected})` };
  }
  return { value: parsed.value };
}
