import type { ChangeKind, DiffResult, ResourceChange } from './types';

/** Styles for {@link formatDiff}; identity functions print plain text. */
export interface DiffStyles {
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly bold: (text: string) => string;
}

const PLAIN: DiffStyles = { red: (t) => t, green: (t) => t, yellow: (t) => t, bold: (t) => t };
const SIGN: Record<ChangeKind, string> = { add: '+', remove: '-', modify: '~', replace: '±' };

/** Counts of each kind of change. */
export function countChanges(changes: readonly ResourceChange[]): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { add: 0, remove: 0, modify: 0, replace: 0 };
  for (const c of changes) counts[c.change]++;
  return counts;
}

/**
 * The diff for a terminal or a CI log: per environment and cloud, the counts, then one line per change. Data loss
 * (a data holder removed or replaced) is red and says what would be lost; an accepted one says it was allowed.
 */
export function formatDiff(result: DiffResult, styles: DiffStyles = PLAIN): string {
  if (result.changes.length === 0) return 'No changes.';
  const lines: string[] = [];
  const groups = new Map<string, ResourceChange[]>();
  for (const c of result.changes) {
    const scope = `${c.environment} ${c.kind === 'kubernetes' ? `${c.cloud}/k8s` : c.cloud}`;
    groups.set(scope, [...(groups.get(scope) ?? []), c]);
  }
  for (const [scope, changes] of groups) {
    const n = countChanges(changes);
    lines.push(styles.bold(`${scope}: ${n.add} to add, ${n.remove} to remove, ${n.modify} to modify, ${n.replace} to replace`));
    for (const c of changes) lines.push(`  ${describeChange(c, styles)}`);
    lines.push('');
  }
  const total = countChanges(result.changes);
  lines.push(`${result.changes.length} changes: ${total.add} to add, ${total.remove} to remove, ${total.modify} to modify, ${total.replace} to replace`);
  if (result.blocking.length > 0) {
    lines.push(styles.red(styles.bold(`${result.blocking.length} would lose data (pass --allow-replace <artifact>/<address> for each one that is intended):`)));
    for (const c of result.blocking) lines.push(styles.red(`  ${c.artifact}/${c.address}`));
  }
  return lines.join('\n');
}

/** One change in one line, e.g. `± azurerm_kubernetes_cluster.Cluster_Resource_1A2B (azurerm_kubernetes_cluster) replace: location — DATA LOSS: ...`. */
export function describeChange(c: ResourceChange, styles: DiffStyles = PLAIN): string {
  const what = c.renamedFrom ? `replace (renamed from ${c.renamedFrom})` : c.change;
  const attributes = c.attributes.length > 0 ? `: ${c.attributes.slice(0, 6).join(', ')}${c.attributes.length > 6 ? `, +${c.attributes.length - 6} more` : ''}` : '';
  const text = `${SIGN[c.change]} ${c.artifact} ${c.address} (${c.type}) ${what}${attributes}`;
  if (c.destructive) {
    const loss = ` — DATA LOSS: ${c.holds}${c.allowed ? ' (allowed by --allow-replace)' : ''}`;
    return c.allowed ? styles.yellow(text + loss) : styles.red(styles.bold(text + loss));
  }
  if (c.change === 'remove' && c.holds) return styles.yellow(`${text} — retained: ${c.holds} stay${c.holds.endsWith('s') ? '' : 's'} outside the stack`);
  return c.change === 'add' ? styles.green(text) : c.change === 'modify' ? text : styles.yellow(text);
}
