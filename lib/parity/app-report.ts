import type { AppParityResult } from './app';
import type { Difference } from './compare';
import { show } from './private/explain';
import { formatParityMatrix } from './report';

/**
 * One drift of an app, as people read it: the pair, the scope, each environment's stack and logical id (or
 * address, or object) as synthesized, the JSON path and both values, e.g.
 * `dev/prod aws payments-dev ↔ payments-prod: NetworkVpcSqsEndpoint3C1E7F52 (AWS::EC2::VPCEndpoint) only in prod`.
 */
export function describeAppDrift(d: Difference): string {
  const [a, b] = d.environments;
  const [na, nb] = d.names ?? [undefined, undefined];
  const stacks = na !== undefined && nb !== undefined && na !== nb ? `${na} ↔ ${nb}` : na ?? nb ?? d.artifact;
  const [ia, ib] = d.ids ?? [d.resource, d.resource];
  const id = ia !== undefined && ib !== undefined && ia !== ib ? `${ia} ↔ ${ib}` : ia ?? ib ?? d.resource;
  const where = [`${a}/${b}`, d.scope, `${stacks}:`, ...(d.resource ? [`${id} (${d.resourceType})`] : [])].join(' ');
  const what = d.path === '' && d.change !== 'changed'
    ? `only in ${d.change === 'added' ? b : a}`
    : `${d.path}: ${a} ${show(d.values[0])}, ${b} ${show(d.values[1])}`;
  return `${where} ${what}${d.note ? ` (${d.note})` : ''}`;
}

/** The whole report of an app: the stacks of each environment, the declared values and knobs, the matrix, every drift. */
export function formatAppParityReport(result: AppParityResult, options: { readonly maxDrifts?: number } = {}): string {
  const max = options.maxDrifts ?? 50;
  const lines = [`Environment parity of ${result.name}: ${result.environments.length} environments, ${result.pairs.length} pair${result.pairs.length === 1 ? '' : 's'}`, ''];
  for (const env of result.environments) lines.push(`  ${env}: ${(result.stacks[env] ?? []).join(', ')}`);
  lines.push('', 'Declared differences:');
  for (const d of result.declared) {
    const values = result.environments.map((e) => `${e} ${show(d.values[e])}`).join(', ');
    lines.push(`  ${d.source} ${d.name}: ${values} (explains ${d.explains} difference${d.explains === 1 ? '' : 's'})`);
    for (const g of d.governs ?? []) lines.push(`      governs ${g}`);
    for (const r of d.reasons ?? []) lines.push(`      why: ${r}`);
  }
  lines.push('', formatParityMatrix(result), '');
  if (result.ok) {
    lines.push('No drift: environments differ only where their declared values and knobs say so.');
  } else {
    lines.push(`${result.drifts.length} drift${result.drifts.length === 1 ? '' : 's'} (differences no declared value or knob explains):`);
    for (const d of result.drifts.slice(0, max)) lines.push(`  ${describeAppDrift(d)}`);
    if (result.drifts.length > max) lines.push(`  ... and ${result.drifts.length - max} more`);
  }
  return lines.join('\n');
}
