import type { ControlsMatrix } from '../policy/controls';
import type { Cloud } from '../spec';

/** An environment/cloud that does not satisfy a control the baseline promises everywhere. */
export interface ControlGap {
  readonly control: string;
  readonly environment: string;
  readonly cloud: Cloud;
  /**
   * `fail`: rules of the control left unexcepted errors here.
   * `not-evaluated`: no rule evaluates the control here although rules do elsewhere, and the control does not
   * declare the cloud not applicable.
   * `excepted`: it passes here only because of exceptions (reported, not a failure: the ledger accepted it).
   */
  readonly status: 'fail' | 'not-evaluated' | 'excepted';
  /** The rules concerned (failing or excepted). */
  readonly rules: readonly string[];
}

/**
 * Cross-cloud parity: every environment on every cloud satisfies the same baseline controls. Reads the policy
 * engine's controls matrix (`controlsMatrix` in `lib/policy`) and lists each cell that differs from a plain pass.
 */
export function controlGaps(matrix: ControlsMatrix): ControlGap[] {
  const gaps: ControlGap[] = [];
  for (const row of matrix.rows) {
    const evaluatedSomewhere = row.cells.some((c) => c.status !== 'n/a');
    for (const cell of row.cells) {
      const at = { control: row.control.id, environment: cell.environment, cloud: cell.cloud };
      if (cell.status === 'fail') gaps.push({ ...at, status: 'fail', rules: cell.failingRules });
      else if (cell.status === 'n/a' && cell.notApplicableReason === undefined && evaluatedSomewhere) gaps.push({ ...at, status: 'not-evaluated', rules: [] });
      else if (cell.status === 'pass' && cell.exceptedRules.length > 0) gaps.push({ ...at, status: 'excepted', rules: cell.exceptedRules });
    }
  }
  return gaps;
}

/** One line per gap, e.g. `flow-logs-on: dev on azure fails (TF-AZURE-FLOW-LOGS)`. */
export function describeControlGap(gap: ControlGap): string {
  const what = gap.status === 'fail' ? 'fails' : gap.status === 'excepted' ? 'passes only by exception' : 'is not evaluated (other clouds or environments are)';
  return `${gap.control}: ${gap.environment} on ${gap.cloud} ${what}${gap.rules.length > 0 ? ` (${gap.rules.join(', ')})` : ''}`;
}
