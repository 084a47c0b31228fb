import type { Difference } from './compare';
import type { ParityResult } from './parity';
import { show } from './private/explain';

/** Options of `formatParityReport`. */
export interface ReportOptions {
  /** Show at most this many drifts (the rest are counted). @default 50 */
  readonly maxDrifts?: number;
}

/** The parity matrix (environments x scopes): `✓`, a drift count, or `-` where the environment is not placed. */
export function formatParityMatrix(result: Pick<ParityResult, 'environments' | 'scopes' | 'matrix'>): string {
  const header = ['', ...result.scopes];
  const rows = result.environments.map((env) => [env, ...result.scopes.map((s) => {
    const n = result.matrix[env]?.[s];
    return n === undefined ? '-' : n === 0 ? '✓' : `${n} drift${n === 1 ? '' : 's'}`;
  })]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/**
 * One line per drift: the pair, the scope and artifact, the resource and JSON path, and both values, e.g.
 * `dev/prod aws acme-<<name>> NetworkFlowLogFCBAD7E2 (AWS::EC2::FlowLog) Properties.TrafficType: dev "REJECT", prod "ALL"`.
 */
export function describeDrift(d: Difference): string {
  const [a, b] = d.environments;
  const where = [`${a}/${b}`, d.scope, d.artifact, ...(d.resource ? [`${d.resource} (${d.resourceType})`] : [])].join(' ');
  let what: string;
  if (d.path === '' && d.change !== 'changed') {
    what = `only in ${d.change === 'added' ? b : a}`;
  } else {
    what = `${d.path}: ${a} ${show(d.values[0])}, ${b} ${show(d.values[1])}`;
  }
  return `${where} ${what}${d.note ? ` (${d.note})` : ''}`;
}

/** The whole report: a title, the matrix, then every drift (or a line saying there is none). */
export function formatParityReport(result: ParityResult, options: ReportOptions = {}): string {
  const max = options.maxDrifts ?? 50;
  const lines = [
    `Environment parity of ${result.organization}: ${result.environments.length} environments, ${result.pairs.length} pairs, ${result.scopes.length} scopes`,
    '',
    formatParityMatrix(result),
    '',
  ];
  if (result.ok) {
    lines.push('No drift: environments differ only where their placements, tags and tier knobs say so.');
  } else {
    lines.push(`${result.drifts.length} drift${result.drifts.length === 1 ? '' : 's'} (differences no placement, tag or governed knob explains):`);
    for (const d of result.drifts.slice(0, max)) lines.push(`  ${describeDrift(d)}`);
    if (result.drifts.length > max) lines.push(`  ... and ${result.drifts.length - max} more`);
  }
  return lines.join('\n');
}
