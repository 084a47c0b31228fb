import type { Cloud } from '../spec';

/** The state of one control in one environment on one cloud, as a controls matrix reports it. */
export interface ControlCell {
  readonly environment: string;
  readonly cloud: Cloud;
  /** Control id, e.g. `flow-logs-on`. */
  readonly control: string;
  readonly status: 'pass' | 'fail' | 'not-applicable';
}

/** An environment/cloud that does not satisfy a control the baseline promises everywhere. */
export interface ControlGap {
  readonly control: string;
  readonly environment: string;
  readonly cloud: Cloud;
  /** `fail`: evaluated and failed; `missing`: evaluated for other environments/clouds but not here. */
  readonly status: 'fail' | 'missing';
}

/**
 * Cross-cloud parity: every environment on every cloud satisfies the same baseline controls.
 *
 * Takes the cells of a controls matrix (one per environment, cloud and control), so it works with whatever
 * produces them (the policy engine's matrix). A control that does not apply to a cloud is no gap; a control
 * evaluated for some environment/cloud and absent for another placed one is.
 */
export function controlGaps(cells: Iterable<ControlCell>): ControlGap[] {
  const list = [...cells];
  const placed = [...new Set(list.map((c) => `${c.environment}\u0000${c.cloud}`))];
  const gaps: ControlGap[] = [];
  for (const control of [...new Set(list.map((c) => c.control))]) {
    const mine = list.filter((c) => c.control === control);
    for (const key of placed) {
      const [environment, cloud] = key.split('\u0000') as [string, Cloud];
      const here = mine.filter((c) => c.environment === environment && c.cloud === cloud);
      if (here.length === 0) gaps.push({ control, environment, cloud, status: 'missing' });
      else if (here.some((c) => c.status === 'fail')) gaps.push({ control, environment, cloud, status: 'fail' });
    }
  }
  return gaps;
}

/** One line per gap, e.g. `flow-logs-on: dev on aws fails (passes elsewhere)`. */
export function describeControlGap(gap: ControlGap): string {
  return `${gap.control}: ${gap.environment} on ${gap.cloud} ${gap.status === 'fail' ? 'fails' : 'is not evaluated'}`;
}
