import { acme } from '../../../../examples/acme/org';
import { defineOrganization, SpecValidationError } from '../../../../lib/spec';
import { issuesOf } from '../../../support/spec-issues';

describe('values no serializer can print are reported, never a crash', () => {
  test('a BigInt port is a SpecValidationError that quotes it as written', () => {
    const spec = { ...acme, services: [{ name: 'x', team: 'payments', port: 8080n }] };
    expect(issuesOf(spec)).toEqual(['services[0].port: 8080n is not a number']);
  });

  test('a value that refers back to itself is reported where the cycle closes', () => {
    const loop: any = { a: 1 };
    loop.self = loop;
    const spec = { ...acme, tags: { ...acme.tags, x: loop } };
    expect(issuesOf(spec)).toEqual([
      'tags.x.self: refers back to tags.x (expected plain data without cycles)',
      'tags.x: {"a":1,"self":[Circular]} is not a string',
    ]);
  });

  test('a spec that is itself circular is an error, not a stack overflow', () => {
    const spec: any = structuredClone(acme);
    spec.environments[0].aws.me = spec;
    expect(() => defineOrganization(spec)).toThrow(SpecValidationError);
  });

  test('NaN and Infinity are quoted as written, not as null', () => {
    const spec = { ...acme, services: [{ name: 'x', team: 'payments', port: NaN, replicas: Infinity }] };
    expect(issuesOf(spec)).toEqual([
      'services[0].port: NaN is not a number',
      'services[0].replicas: Infinity is not a number',
    ]);
  });
});

describe('keys the schema would not see', () => {
  test.each([
    ['organization', (t: string) => ({ ...acme, tags: JSON.parse(t) }), 'tags.__proto__'],
    ['team', (t: string) => ({ ...acme, teams: [{ name: 'payments', tags: JSON.parse(t) }, ...acme.teams.slice(1)] }), 'teams[0].tags.__proto__'],
    ['environment', (t: string) => ({ ...acme, environments: [{ ...acme.environments[0], tags: JSON.parse(t) }, ...acme.environments.slice(1)] }), 'environments[0].tags.__proto__'],
  ])('a "__proto__" %s tag key from JSON is rejected, not silently dropped', (_where, build, path) => {
    const tags = JSON.stringify({ ...acme.tags }).replace('{', '{"__proto__":"x",');
    expect(issuesOf(build(tags))).toEqual([
      `${path}: "__proto__" is not allowed as a key (expected plain names: JavaScript reads this key as the object's prototype, so its value would be lost)`,
    ]);
  });

  test('an unknown top-level key is reported at its own path', () => {
    expect(issuesOf({ ...acme, extra: 1 })).toEqual(['extra: unknown key "extra" (check the spelling; see OrganizationSpec for the keys allowed here)']);
  });

  test('a 100,000-character key yields a short message', () => {
    const [issue] = issuesOf({ ...acme, ['k'.repeat(100_000)]: 1 });
    expect(issue.length).toBeLessThan(250);
    expect(issue).toBe(`["${'k'.repeat(56)}...]: unknown key "${'k'.repeat(56)}... (check the spelling; see OrganizationSpec for the keys allowed here)`);
  });

  test('a duplicate receiver is reported with a well-formed path', () => {
    const spec = { ...acme, alerting: { ...acme.alerting, escalation: [...acme.alerting.escalation, acme.alerting.escalation[0]] } };
    expect(issuesOf(spec)).toEqual(['alerting.escalation[5].name: "platform-team" duplicates alerting.escalation[0].name (expected unique receiver names)']);
  });
});

describe('every problem at once (#11): the rules on resolved values run beside the schema', () => {
  test('a stray key no longer hides the capacity, sizing and cloud-limit problems', () => {
    // GIVEN a typo AND a quota too small AND node bounds the wrong way round AND flow logs Azure cannot keep
    const spec = {
      ...acme,
      extra: true,
      tierProfiles: {
        dev: { namespace: { pods: 20 }, cluster: { systemNodesMin: 5, systemNodesMax: 2 } },
        prod: { network: { flowLogRetentionDays: 400 } },
      },
    };
    // WHEN it is defined THEN all of them come back in one run
    expect(issuesOf(spec)).toEqual([
      'extra: unknown key "extra" (check the spelling; see OrganizationSpec for the keys allowed here)',
      'tierProfiles.dev.cluster.systemNodesMin: 5 is more than systemNodesMax 2 (expected a minimum of system nodes no larger than the maximum)',
      'tierProfiles.dev.namespace.pods: 20 is too small for team "payments" in environment "dev" by 31 (expected at least 51: its services run 51 pods at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.pods: 20 is too small for team "storefront" in environment "dev" by 43 (expected at least 63: its services run 63 pods at their autoscaling maximum during a rollout)',
      'tierProfiles.dev.namespace.pods: 20 is too small for team "data-platform" in environment "dev" by 12 (expected at least 32: its services run 32 pods at their autoscaling maximum during a rollout)',
      'tierProfiles.prod.network.flowLogRetentionDays: 400 is more than Azure flow logs keep, and environment "prod" runs on Azure (expected at most 365 days)',
    ]);
  });

  test('a bad knob is left out of the rules on resolved values, so it is reported once', () => {
    const spec = { ...acme, tierProfiles: { dev: { namespace: { requestsCpu: 'lots' } } } };
    expect(issuesOf(spec)).toEqual(['tierProfiles.dev.namespace.requestsCpu: "lots" is not a Kubernetes quantity (expected like 500m, 2 or 4Gi)']);
  });
});
