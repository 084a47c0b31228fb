import { acme } from '../../../examples/acme/org';
import { DEFAULT_TIER_PROFILES, defineOrganization, planSubnets, SERVICE_DEFAULTS } from '../../../lib/spec';

describe('defineOrganization on a valid spec', () => {
  const org = defineOrganization(acme);

  test('resolves every environment with its tier profile and tags', () => {
    expect(org.environments.map((e) => [e.name, e.tier])).toEqual([['dev', 'dev'], ['staging', 'staging'], ['prod', 'prod']]);
    expect(org.environments[0].profile).toEqual(DEFAULT_TIER_PROFILES.dev);
    expect(org.environments[2].profile.network.natGateways).toBe(3);
    // THEN environment tags override organization tags, and `environment` is always the environment's name
    expect(org.environments[2].tags).toEqual({
      'owner': 'platform-team', 'cost-center': 'cc-1001', 'data-classification': 'confidential', 'environment': 'prod',
    });
  });

  test('applies organization overrides of tier knobs, knob by knob', () => {
    // GIVEN an organization that keeps prod flow logs for half a year and samples all flows in staging
    const custom = defineOrganization({
      ...acme,
      tierProfiles: { prod: { network: { flowLogRetentionDays: 180 } }, staging: { network: { flowLogSampling: 1 } } },
    });
    // THEN only those knobs changed
    expect(custom.environments[2].profile.network).toEqual({ ...DEFAULT_TIER_PROFILES.prod.network, flowLogRetentionDays: 180 });
    expect(custom.environments[1].profile.network).toEqual({ ...DEFAULT_TIER_PROFILES.staging.network, flowLogSampling: 1 });
    expect(custom.environments[0].profile).toEqual(DEFAULT_TIER_PROFILES.dev);
  });

  test('an override of pods scales the ephemeral-storage quota with it, unless that is given too', () => {
    // GIVEN dev raised to 300 pods, staging to 210, and prod to 300 pods with its own disk quota
    const custom = defineOrganization({
      ...acme,
      tierProfiles: {
        dev: { namespace: { pods: 300 } },
        staging: { namespace: { pods: 210 } },
        prod: { namespace: { pods: 300, requestsEphemeralStorage: '20Gi' } },
      },
    });
    // THEN the quota follows at 256Mi requested and 1Gi allowed per pod, and a given knob wins
    const quota = (i: number) => {
      const ns = custom.environments[i].profile.namespace;
      return [ns.requestsEphemeralStorage, ns.limitsEphemeralStorage];
    };
    expect(quota(0)).toEqual(['75Gi', '300Gi']);
    expect(quota(1)).toEqual(['53760Mi', '210Gi']);
    expect(quota(2)).toEqual(['20Gi', '300Gi']);
    // AND the defaults are that same 256Mi and 1Gi per pod
    for (const tier of ['dev', 'staging', 'prod'] as const) {
      const ns = DEFAULT_TIER_PROFILES[tier].namespace;
      expect([ns.requestsEphemeralStorage, ns.limitsEphemeralStorage]).toEqual([`${ns.pods / 4}Gi`, `${ns.pods}Gi`]);
    }
  });

  test('plans subnets from the environment CIDR', () => {
    expect(org.environments[0].aws!.subnets).toEqual({
      private1: '10.10.0.0/18',
      private2: '10.10.64.0/18',
      private3: '10.10.128.0/18',
      public1: '10.10.192.0/21',
      public2: '10.10.200.0/21',
      public3: '10.10.208.0/21',
      isolated1: '10.10.216.0/21',
      isolated2: '10.10.224.0/21',
      isolated3: '10.10.232.0/21',
      endpoints1: '10.10.240.0/22',
      endpoints2: '10.10.244.0/22',
      endpoints3: '10.10.248.0/22',
    });
    expect(org.environments[0].azure!.subnets).toEqual({ userNodes: '10.11.0.0/17', systemNodes: '10.11.128.0/18', privateEndpoints: '10.11.192.0/19', apiServer: '10.11.224.0/20' });
    expect(org.environments[0].gcp!.subnets).toEqual({ pods: '10.12.0.0/17', nodes: '10.12.128.0/18', services: '10.12.192.0/19' });
    expect(org.environments[0].aws!.availabilityZones).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  test('plans the smallest allowed networks without overlap', () => {
    expect(planSubnets('aws', '10.0.0.0/20')).toMatchObject({ private3: '10.0.8.0/22', isolated3: '10.0.14.128/25', endpoints3: '10.0.15.128/26' });
    expect(planSubnets('azure', '10.0.0.0/22')).toEqual({ userNodes: '10.0.0.0/23', systemNodes: '10.0.2.0/24', privateEndpoints: '10.0.3.0/25', apiServer: '10.0.3.128/26' });
  });

  test('is immutable, and independent of the spec object it came from', () => {
    const spec = structuredClone(acme);
    const resolved = defineOrganization(spec);
    (spec.environments[0] as any).name = 'changed';
    expect(resolved.environments[0].name).toBe('dev');
    expect(() => { (resolved.environments as any).push({}); }).toThrow(/not extensible/);
    expect(Object.isFrozen(resolved.environments[0].tags)).toBe(true);
  });

  test('resolves services with the defaults applied, in spec order', () => {
    // GIVEN the example (resolved above), whose services set some fields and leave others out
    // THEN every service has every field, explicit values win, the rest are the library defaults
    expect(org.services.map((s) => s.name)).toEqual(acme.services!.map((s) => s.name));
    expect(org.services.find((s) => s.name === 'fraud-scoring')).toEqual({
      name: 'fraud-scoring',
      team: 'payments',
      port: 9000,
      replicas: SERVICE_DEFAULTS.replicas,
      maxReplicas: 3 * SERVICE_DEFAULTS.replicas,
      resources: { cpuRequest: '250m', memoryRequest: '1Gi', cpuLimit: '1', memoryLimit: '2Gi', ephemeralStorageRequest: '256Mi', ephemeralStorageLimit: '1Gi' },
      slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
      release: 'v1.0.0',
      cloudAccess: {},
      calls: [],
      exposure: { level: 'none' },
    });
    expect(defineOrganization({ ...acme, services: undefined }).services).toEqual([]);
  });

  test('the example has at least 12 services across its 3 teams', () => {
    expect(org.services.length).toBeGreaterThanOrEqual(12);
    expect(new Set(org.services.map((s) => s.team))).toEqual(new Set(org.teams.map((t) => t.name)));
  });

  test('DR placements are carried into the resolved environment', () => {
    const prod = defineOrganization(acme).environments.find((e) => e.name === 'prod')!;
    expect([prod.aws?.drRegion, prod.azure?.drLocation, prod.gcp?.drRegion]).toEqual(['eu-west-1', 'westeurope', 'europe-west1']);
    const dev = defineOrganization(acme).environments.find((e) => e.name === 'dev')!;
    expect([dev.aws?.drRegion, dev.azure?.drLocation, dev.gcp?.drRegion]).toEqual([undefined, undefined, undefined]);
  });

  test('an environment without a placement on a cloud has no placement there', () => {
    const awsOnly = defineOrganization({
      ...acme,
      environments: [{ name: 'sandbox', tier: 'dev', aws: acme.environments[0].aws }],
      terraformState: undefined,
      // (delivery.github needs remote Terraform state for the GitHub environments.)
      delivery: { gitopsRepoUrl: acme.delivery!.gitopsRepoUrl },
    });
    expect(awsOnly.environments[0].azure).toBeUndefined();
    expect(awsOnly.environments[0].gcp).toBeUndefined();
  });
});
