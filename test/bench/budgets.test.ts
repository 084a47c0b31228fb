import { BUDGETS, evaluateBudgets, GUARD_BUDGETS, REFERENCE_LOAD_FLOOR_CPU_MS, REFERENCE_LOAD_FLOOR_MS } from '../../bench/budgets';
import type { Case } from '../../bench/measure';

function measured(name: string, wallMs: number, maxRssMB = 200, cpuMs = wallMs): [string, Case] {
  const median = { wallMs, cpuMs, maxRssMB, startupMs: 40, minWallMs: wallMs, maxWallMs: wallMs, phases: {} };
  return [name, { name, description: name, command: [], outputBytes: {}, runs: [], median, notes: [] } as unknown as Case];
}

const guard = (cases: Map<string, Case>, id: string) => evaluateBudgets(cases, GUARD_BUDGETS).find((b) => b.id === id)!;

describe('the CI guard judges time as a multiple of a floor measured in the same run', () => {
  test('a machine four times slower than the reference passes: the floor slowed as much as the synth', () => {
    // GIVEN the module-load floor at 4x the reference and a 100-service synth at 4x its idle time
    const cases = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS * 4, 117, REFERENCE_LOAD_FLOOR_CPU_MS * 4), measured('synth-100', 1634 * 4, 224, 2190 * 4)]);
    // WHEN / THEN
    const wall = guard(cases, 'guard-synth-100-wall');
    expect(wall.value).toBeCloseTo(1634 / REFERENCE_LOAD_FLOOR_MS, 1);
    expect(wall.limit).toBe(23.73);
    expect(wall.status).toBe('PASS');
    expect(guard(cases, 'guard-synth-100-cpu').status).toBe('PASS');
  });

  test('a real regression on the reference machine fails, on wall and on CPU time', () => {
    // GIVEN an idle machine and a synth 4x over its 2.5 s budget
    const cases = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS, 117, REFERENCE_LOAD_FLOOR_CPU_MS), measured('synth-100', 10000, 224, 10000)]);
    expect(guard(cases, 'guard-synth-100-wall').status).toBe('MISS');
    expect(guard(cases, 'guard-synth-100-cpu').status).toBe('MISS');
  });

  test('memory limits do not scale with a busy CPU', () => {
    const busy = new Map([measured('load', REFERENCE_LOAD_FLOOR_MS * 5), measured('synth-100', 1000, 1600)]);
    const rss = guard(busy, 'guard-synth-100-rss');
    expect(rss.limit).toBe(1500);
    expect(rss.status).toBe('MISS');
  });

  test('a budget whose case did not run is not measured, not passed', () => {
    const results = evaluateBudgets(new Map([measured('synth-100', 1000)]), BUDGETS);
    expect(results.find((b) => b.id === 'synth-5000-wall')!.status).toBe('not measured');
    expect(results.find((b) => b.id === 'synth-100-wall')!.status).toBe('PASS');
  });

  test('the 5,000-service budgets are issue #18\'s: 20 s, 2.5 GB, at most 5.5x the 1,000-service time', () => {
    const cases = new Map([measured('synth-1000', 3000, 700), measured('synth-5000', 18000, 2000)]);
    const results = evaluateBudgets(cases, BUDGETS);
    expect(results.find((b) => b.id === 'synth-5000-wall')).toMatchObject({ limit: 20000, status: 'PASS' });
    expect(results.find((b) => b.id === 'synth-5000-rss')).toMatchObject({ limit: 2560, status: 'PASS' });
    expect(results.find((b) => b.id === 'growth-5000')).toMatchObject({ limit: 5.5, value: 6, status: 'MISS' });
  });
});
