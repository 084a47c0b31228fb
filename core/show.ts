/** Longest rendering of a value or key in a message: a spec problem stays one readable line. */
const MAX_SHOWN = 60;

/**
 * Renders a bad value for a message: strings quoted, everything else as JSON, shortened.
 *
 * Specs come from anywhere (JSON, YAML, code), so this never throws: BigInts show as `8080n`, `NaN` and
 * `Infinity` as themselves (JSON would print `null`, which is not what the user wrote), functions and symbols by
 * kind, and a value that refers back to itself shows `[Circular]` where it does.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  return shorten(render(value, new Set()));
}

/** A key as a message quotes it: JSON-quoted and shortened, so a 100k-character key yields a short line. */
export function showKey(key: PropertyKey): string {
  return shorten(JSON.stringify(String(key)));
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 3)}...` : text;
}

function render(value: unknown, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > MAX_SHOWN * 2 ? value.slice(0, MAX_SHOWN * 2) : value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) return '[Circular]';
  ancestors.add(object);
  try {
    // Long collections are cut anyway: render only what can be shown.
    if (Array.isArray(object)) {
      const items: string[] = [];
      for (const item of object.slice(0, MAX_SHOWN)) items.push(render(item, ancestors));
      return `[${items.join(',')}]`;
    }
    if (object instanceof Date) return JSON.stringify(Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString());
    const entries: string[] = [];
    for (const key of Object.keys(object).slice(0, MAX_SHOWN)) {
      entries.push(`${showKey(key)}:${render((object as Record<string, unknown>)[key], ancestors)}`);
    }
    return `{${entries.join(',')}}`;
  } finally {
    ancestors.delete(object);
  }
}
