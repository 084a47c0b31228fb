import * as fs from 'fs';
import * as path from 'path';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, OrganizationSpec, serviceCalls, SpecValidationError } from '../../../lib/spec';

function issuesOf(spec: unknown): string[] {
  try {
    defineOrganization(spec as OrganizationSpec);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecValidationError);
    return (e as SpecValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}

/** The example with the service at `index` changed, and what a public Gateway needs (see checks/ingress.test.ts). */
function withService(index: number, change: (svc: any) => any): OrganizationSpec {
  return {
    ...acme,
    services: acme.services!.map((s, i) => (i === index ? change(structuredClone(s)) : s)),
    ingress: { domain: 'apps.acme.example', publicClusterIssuer: 'letsencrypt' },
  };
}

const names = acme.services!.map((s) => s.name).join(', ');

describe('declared traffic: calls and exposure', () => {
  test.each<[string, OrganizationSpec, string[]]>([
    ['a call to a service that does not exist', withService(1, (s) => ({ ...s, calls: ['payments-api', 'ledgr'] })),
      [`services[1].calls[1]: "ledgr" is not a service of this organization (expected one of ${names})`]],
    ['a call to the service itself', withService(5, (s) => ({ ...s, calls: ['catalog'] })),
      ['services[5].calls[0]: "catalog" is the service itself (expected another service: calls open paths between services)']],
    ['the same callee twice', withService(6, (s) => ({ ...s, calls: ['catalog', 'catalog'] })),
      ['services[6].calls[1]: "catalog" duplicates services[6].calls[0] (expected each callee once)']],
    ['public exposure without a reason', withService(4, (s) => ({ ...s, exposure: { level: 'public' } })),
      ['services[4].exposure.reason: is required because exposure.level is "public" (expected why the service must be reachable from the internet, at least 20 characters, for reviewers)']],
    ['public exposure with a reason too short to review', withService(4, (s) => ({ ...s, exposure: { level: 'public', reason: 'shop' } })),
      ['services[4].exposure.reason: "shop" is too short to review (expected why the service must be reachable from the internet, at least 20 characters)']],
    ['a reason on an exposure that weakens nothing', withService(4, (s) => ({ ...s, exposure: { level: 'internal', reason: 'because the CDN needs it' } })),
      ['services[4].exposure.reason: "because the CDN needs it" is only taken with exposure.level "public" (expected no reason for "internal": it weakens nothing)']],
    ['an unknown exposure level', withService(4, (s) => ({ ...s, exposure: { level: 'everyone' } })),
      ['services[4].exposure.level: "everyone" is not an exposure level (expected one of none, internal, public)']],
    ['calls that are not a list', withService(4, (s) => ({ ...s, calls: 'catalog' })),
      ['services[4].calls: "catalog" is not a list']],
  ])('%s is reported with its path and value', (_name, spec, expected) => {
    expect(issuesOf(spec)).toEqual(expected);
  });

  test('every traffic problem is reported at once, with the other problems of the spec', () => {
    const spec = withService(0, (s) => ({ ...s, port: 80, calls: ['nope'], exposure: { level: 'public' } }));
    expect(issuesOf(spec)).toEqual([
      'services[0].port: 80 is not an unprivileged port (expected 1024 to 65535; containers run as non-root)',
      `services[0].calls[0]: "nope" is not a service of this organization (expected one of ${names})`,
      'services[0].exposure.reason: is required because exposure.level is "public" (expected why the service must be reachable from the internet, at least 20 characters, for reviewers)',
    ]);
  });

  test('a public exposure with a reason is valid and keeps its reason', () => {
    const reason = 'Customers pay from the public internet; WAF and rate limits sit in front.';
    const org = defineOrganization(withService(4, (s) => ({ ...s, exposure: { level: 'public', reason } })));
    expect(org.services[4].exposure).toEqual({ level: 'public', reason });
  });

  test('defaults: no calls, not exposed', () => {
    const org = defineOrganization({ ...acme, services: [{ name: 'web', team: 'storefront' }] });
    expect(org.services[0].calls).toEqual([]);
    expect(org.services[0].exposure).toEqual({ level: 'none' });
  });

  test('the example declares calls within and across teams, and one internally exposed service per team', () => {
    const org = defineOrganization(acme);
    const calls = serviceCalls(org.services);
    const pairs = calls.map((c) => `${c.caller.name}->${c.callee.name}`);
    expect(pairs).toEqual(expect.arrayContaining([
      'storefront-web->catalog', 'storefront-web->cart', 'storefront-web->search',
      'checkout->payments-api', 'checkout->ledger', 'event-router->ingest-gateway',
    ]));
    expect(calls.some((c) => c.caller.team !== c.callee.team)).toBe(true);
    const exposed = org.services.filter((s) => s.exposure.level === 'internal');
    expect(exposed.map((s) => s.team).sort()).toEqual(org.teams.map((t) => t.name).sort());
  });
});

describe('README, "Declared traffic"', () => {
  test('its snippet is a valid list of services whose calls resolve', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf-8');
    const section = readme.slice(readme.indexOf('### Declared traffic'));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)![1];
    // The snippet is plain JavaScript too: run it as written.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const { services, ingress } = new Function(`${snippet}\nreturn { services, ingress };`)();
    const org = defineOrganization({ ...acme, services, ingress });
    expect(org.ingress).toEqual({ domain: 'apps.acme.example', publicClusterIssuer: 'letsencrypt' });
    expect(serviceCalls(org.services).map((c) => `${c.caller.name}->${c.callee.name}`))
      .toEqual(['storefront-web->catalog', 'storefront-web->checkout', 'checkout->payments-api']);
    expect(org.services.find((s) => s.name === 'payments-api')!.exposure.level).toBe('public');
  });
});
