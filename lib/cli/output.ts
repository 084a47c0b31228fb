import * as path from 'path';

/** Where a command writes, and how. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The process's own streams, environment and folder. */
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

type Paint = (text: string) => string;

/** The few styles the command uses; each is the identity when colours are off. */
export interface Colors {
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly bold: Paint;
  readonly dim: Paint;
}

/**
 * Colours only on a terminal, never when `NO_COLOR` is set to anything non-empty (https://no-color.org), and
 * always with `FORCE_COLOR` set to anything but `0`; `TERM=dumb` turns them off too.
 */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  const on = env.NO_COLOR !== undefined && env.NO_COLOR !== ''
    ? false
    : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== ''
      ? env.FORCE_COLOR !== '0'
      : stream.isTTY === true && env.TERM !== 'dumb';
  const sgr = (open: number, close: number): Paint => (on ? (t) => `\u001b[${open}m${t}\u001b[${close}m` : (t) => t);
  return { red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), bold: sgr(1, 22), dim: sgr(2, 22) };
}

/**
 * What a command prints. Human output goes to stdout and progress to stderr, so `baseline check > log` keeps the
 * result and the terminal keeps the progress; with `--json` stdout holds exactly one JSON document and nothing else.
 */
export class Output {
  /** Colours for stdout. */
  public readonly colors: Colors;
  private readonly progressColors: Colors;

  constructor(private readonly io: Io, public readonly json: boolean) {
    this.colors = colorsFor(io.stdout, io.env);
    this.progressColors = colorsFor(io.stderr, io.env);
  }

  /** Human output (suppressed with `--json`). */
  print(text = ''): void {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** A progress line on stderr (suppressed with `--json`). */
  progress(text: string): void {
    if (!this.json) this.io.stderr.write(`${this.progressColors.dim(text)}\n`);
  }

  /** A warning on stderr, in both modes. */
  warn(text: string): void {
    this.io.stderr.write(`${this.progressColors.yellow('warning')}: ${text}\n`);
  }

  /** The JSON document of the command (only with `--json`). */
  result(document: unknown): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
}

/** A plain table: columns padded to their widest cell, two spaces apart; `paint` styles a cell after padding. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  paint?: (row: number, column: number, text: string) => string,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: readonly string[], row: number) => cells
    .map((c, i) => {
      const padded = c + ' '.repeat(Math.max(0, widths[i] - visibleLength(c)));
      return row >= 0 && paint ? paint(row, i, padded) : padded;
    })
    .join('  ')
    .trimEnd();
  return [line(header, -1), ...rows.map((r, i) => line(r, i))].join('\n');
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[\d+m/g, '').length;
}

/** `1234.5` ms → `1.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `2, 'drift'` → `2 drifts`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A path for people: relative to `cwd` when inside it, absolute otherwise. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
}
