import { CLOUDS } from '../../spec';
import type { Difference } from '../compare';

/** The environment x scope matrix of a parity report: the scopes present, and drifts counted per cell. */
export interface DriftMatrix {
  /** Scopes (`aws`, `aws/k8s`, ...) that any of the environments has, in cloud order. */
  readonly scopes: string[];
  /** Per environment and scope: the number of drifts, 0 for none, undefined where the environment lacks the scope. */
  readonly matrix: Record<string, Record<string, number | undefined>>;
}

/**
 * Counts drifts into cells. `present` holds `"<environment> <scope>"` for every scope an environment has. A drift
 * found at the same place in several pairs is blamed on the environment all those pairs share (the odd one out),
 * and on every environment of the pairs when none is common.
 */
export function driftMatrix(names: readonly string[], present: ReadonlySet<string>, drifts: readonly Difference[]): DriftMatrix {
  const scopes = CLOUDS.flatMap((c) => [c, `${c}/k8s`]).filter((s) => names.some((n) => present.has(`${n} ${s}`)));
  const matrix: Record<string, Record<string, number | undefined>> = {};
  for (const n of names) matrix[n] = Object.fromEntries(scopes.map((s) => [s, present.has(`${n} ${s}`) ? 0 : undefined]));
  const byLocation = new Map<string, Array<readonly [string, string]>>();
  for (const d of drifts) {
    const key = [d.scope, d.artifact, d.resource, d.path].join('\u0000');
    byLocation.set(key, [...(byLocation.get(key) ?? []), d.environments]);
  }
  for (const [key, envPairs] of byLocation) {
    const scope = key.split('\u0000')[0];
    const common = names.filter((n) => envPairs.every((p) => p.includes(n)));
    const implicated = common.length > 0 ? common : names.filter((n) => envPairs.some((p) => p.includes(n)));
    for (const n of implicated) matrix[n][scope] = (matrix[n][scope] ?? 0) + 1;
  }
  return { scopes, matrix };
}
