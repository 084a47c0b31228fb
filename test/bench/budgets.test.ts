import { evaluateBudgets, machineSlowdown, REFERENCE_LOAD_FLOOR_MS } from '../../bench/budgets';
import type { Case } from '../../bench/measure';

function measured(name: string, wallMs: number, maxRssMB = 200): [string, Case] {
  const median = { wallMs, cpuMs: wallMs, maxRssMB, startupMs: 40, minWallMs: wallMs, maxWallMs: wallMs, phases: {} };
  return [name, { name, description: name, command: [], outputBytes: {}, runs: [], median, notes: [] } as unknown as Case];
}

describe('the CI guard judges time against a floor measured in the same run', () => {
  test('a machine four times slower than the reference scales the time limits by four', () => {
    // GIVEN the module-load floor at 4x the reference and a 100-service synth at 4x its idle time
    const cases = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS * 4), measured('synth-100', 1634 * 4)]);
    // WHEN the guard evaluates its budgets
    const slowdown = machineSlowdown(cases);
    const wall = evaluateBudgets(cases, 3, undefined, slowdown).find((b) => b.id === 'synth-100-wall')!;
    // THEN the slow machine passes, with a limit of 3 x 4 x 2.5 s
    expect(slowdown).toBe(4);
    expect(wall.limit).toBe(30000);
    expect(wall.status).toBe('PASS');
  });

  test('a real regression on the reference machine still fails', () => {
    // GIVEN an idle machine and a synth 4x over its 2.5 s budget
    const cases = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS), measured('synth-100', 10000)]);
    const wall = evaluateBudgets(cases, 3, undefined, machineSlowdown(cases)).find((b) => b.id === 'synth-100-wall')!;
    expect(wall.status).toBe('MISS');
  });

  test('memory limits do not scale with a busy CPU, and a faster machine keeps the limits as written', () => {
    const cases = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS / 2), measured('synth-100', 1000, 900)]);
    expect(machineSlowdown(cases)).toBe(1);
    const busy = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS * 5), measured('synth-100', 1000, 1600)]);
    const rss = evaluateBudgets(busy, 3, undefined, machineSlowdown(busy)).find((b) => b.id === 'synth-100-rss')!;
    expect(rss.limit).toBe(1500);
    expect(rss.status).toBe('MISS');
  });
});
