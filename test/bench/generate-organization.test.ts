import { BENCH_SIZES, generateOrganization } from '../../bench/generate-organization';
import { defineOrganization, validateOrganizationSpec } from '../../lib/spec';

describe('generateOrganization', () => {
  test.each(BENCH_SIZES)('the %i-service organization is a valid spec', (size) => {
    // GIVEN a generated organization
    const spec = generateOrganization(size);
    // WHEN it is validated and resolved
    const issues = validateOrganizationSpec(spec);
    // THEN there are no problems and every service survives resolution
    expect(issues).toEqual([]);
    const org = defineOrganization(spec);
    expect(org.services).toHaveLength(size);
  });

  test('spreads services over teams of at most 20, well within the per-team stack limit of the spec', () => {
    // GIVEN the largest benchmark organization
    const spec = generateOrganization(1000);
    // THEN there are 50 teams of 20 services each
    const perTeam = new Map<string, number>();
    for (const s of spec.services!) perTeam.set(s.team, (perTeam.get(s.team) ?? 0) + 1);
    expect(spec.teams).toHaveLength(50);
    expect(new Set(perTeam.values())).toEqual(new Set([20]));
  });

  test('the 5,000-service organization of issue #18: teams of 20, 3 environments on 3 clouds, DR in prod', () => {
    // GIVEN the largest benchmark organization
    const spec = generateOrganization(5000);
    // THEN
    expect(spec.teams).toHaveLength(250);
    expect(spec.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    for (const env of spec.environments) {
      expect([env.aws, env.azure, env.gcp].every((placement) => placement !== undefined)).toBe(true);
      const dr = [env.aws?.drRegion, env.azure?.drLocation, env.gcp?.drRegion];
      expect(dr.every((d) => d !== undefined)).toBe(env.tier === 'prod');
    }
  });

  test('balances uneven sizes round-robin instead of filling the first teams', () => {
    // GIVEN 45 services in teams of at most 20
    const spec = generateOrganization(45);
    // THEN three teams hold 15 each
    const counts = spec.teams.map((t) => spec.services!.filter((s) => s.team === t.name).length);
    expect(counts).toEqual([15, 15, 15]);
  });

  test('places 3 environments (dev, staging, prod tiers) on 3 clouds with networks that never overlap', () => {
    // GIVEN a generated organization
    const spec = generateOrganization(10);
    // THEN environments and their tiers follow promotion order
    expect(spec.environments.map((e) => [e.name, e.tier])).toEqual([['dev', 'dev'], ['staging', 'staging'], ['prod', 'prod']]);
    // THEN every environment is on every cloud, each with its own /16
    const cidrs = spec.environments.flatMap((e) => [e.aws?.cidr, e.azure?.cidr, e.gcp?.cidr]);
    expect(cidrs).toEqual([
      '10.10.0.0/16', '10.11.0.0/16', '10.12.0.0/16',
      '10.20.0.0/16', '10.21.0.0/16', '10.22.0.0/16',
      '10.30.0.0/16', '10.31.0.0/16', '10.32.0.0/16',
    ]);
    // THEN only prod has disaster-recovery placements, as in the example organization
    expect(spec.environments.map((e) => [e.aws?.drRegion, e.azure?.drLocation, e.gcp?.drRegion])).toEqual([
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      ['eu-west-1', 'westeurope', 'europe-west1'],
    ]);
  });

  test('gives every full team a mix of service kinds', () => {
    // GIVEN the largest benchmark organization
    const spec = generateOrganization(1000);
    // THEN the first team owns four services of each kind
    const kinds = spec.services!.filter((s) => s.team === 'team-001').map((s) => s.name.split('-')[0]);
    expect(kinds.filter((k) => k === 'scoring')).toHaveLength(4);
    expect(new Set(kinds)).toEqual(new Set(['api', 'worker', 'web', 'gateway', 'scoring']));
  });

  test('is deterministic, so runs and machines compare', () => {
    expect(generateOrganization(300)).toEqual(generateOrganization(300));
  });

  test('varies services the way a real organization does', () => {
    // GIVEN the first five services (one of each kind)
    const spec = generateOrganization(5);
    // THEN names are unique DNS labels and ports, replicas and SLOs differ
    expect(spec.services!.map((s) => s.name)).toEqual(['api-0001', 'worker-0002', 'web-0003', 'gateway-0004', 'scoring-0005']);
    expect(new Set(spec.services!.map((s) => s.port)).size).toBeGreaterThan(1);
    expect(new Set(spec.services!.map((s) => s.replicas)).size).toBeGreaterThan(1);
  });

  test('rejects sizes that are not service counts, quoting the value', () => {
    expect(() => generateOrganization(-1)).toThrow(
      'generateOrganization: services -1 is not a service count (expected a whole number from 0 to 9999)',
    );
    expect(() => generateOrganization(2.5)).toThrow(
      'generateOrganization: services 2.5 is not a service count (expected a whole number from 0 to 9999)',
    );
    expect(() => generateOrganization(10, { servicesPerTeam: 0 })).toThrow(
      'generateOrganization: servicesPerTeam 0 is not a team size (expected a whole number of at least 1)',
    );
  });
});
