import { acme } from '../../../examples/acme/org';
import type { Artifact } from '../../../lib/artifacts';
import { checkParity, Difference } from '../../../lib/parity';
import { artifactsOf } from '../../../lib/platform';
import { defineOrganization } from '../../../lib/spec';

/*
 * Drifts injected into one environment of the synthesized example, as an adversarial user would: each must be
 * reported with its environment and path; the clean example and knob-only differences must report nothing.
 */
const org = defineOrganization(acme);
const clean = artifactsOf(org);

function injected(mutate: (artifacts: Artifact[]) => void) {
  const artifacts = structuredClone(clean) as Artifact[];
  mutate(artifacts);
  return checkParity(org, artifacts);
}

const stack = (artifacts: Artifact[], environment: string, name: RegExp) =>
  artifacts.find((a) => a.environment === environment && name.test(a.name))!.document;
const only = <T>(map: Record<string, T>) => Object.values(map)[0];

/** The environments a drift location implicates: those of every pair that reports it. */
function implicated(drifts: readonly Difference[]): string[] {
  const pairs = drifts.map((d) => new Set(d.environments));
  return [...pairs[0]].filter((e) => pairs.every((p) => p.has(e)));
}

describe('drifts injected into prod are reported with the environment and the path', () => {
  test.each<[string, (a: Artifact[]) => void, string]>([
    ['AKS location moved to another location', (a) => { only<any>(stack(a, 'prod', /-azure$/).resource.azurerm_kubernetes_cluster).location = 'northeurope'; }, 'location'],
    ['AKS location moved to the location dev and staging share', (a) => { only<any>(stack(a, 'prod', /-azure$/).resource.azurerm_kubernetes_cluster).location = 'westeurope'; }, 'location'],
    ['GKE location moved to the region dev and staging share', (a) => { only<any>(stack(a, 'prod', /-gcp$/).resource.google_container_cluster).location = 'europe-west1'; }, 'location'],
    ['one ECR repository\'s data-classification set to what the others have', (a) => {
      const repo: any = Object.values<any>(stack(a, 'prod', /team-payments$/).Resources).find((r) => r.Type === 'AWS::ECR::Repository');
      repo.Properties.Tags.find((t: any) => t.Key === 'data-classification').Value = 'internal';
    }, 'Properties.Tags[Key=data-classification].Value'],
    ['flow-log retention set to dev\'s, so the knob is not applied', (a) => {
      const [, group]: any = Object.entries<any>(stack(a, 'prod', /^acme-prod$/).Resources).find(([id, r]) => r.Type === 'AWS::Logs::LogGroup' && /FlowLog/.test(id));
      group.Properties.RetentionInDays = org.environments[0].profile.network.flowLogRetentionDays;
    }, 'Properties.RetentionInDays'],
  ])('%s', (_name, mutate, path) => {
    const result = injected(mutate);
    expect(result.ok).toBe(false);
    expect([...new Set(result.drifts.map((d) => d.path))]).toEqual([path]);
    expect(implicated(result.drifts)).toEqual(['prod']);
    expect(result.matrix.prod).toEqual(expect.objectContaining({ [result.drifts[0].scope]: expect.any(Number) }));
  });

  test('a staging firewall renamed shorter is drift, not a name cut', () => {
    const result = injected((a) => {
      const fw: any = Object.values<any>(stack(a, 'staging', /-gcp$/).resource.google_compute_firewall).find((f: any) => f.name === 'acme-staging-deny-all-ingress');
      fw.name = 'acme-staging-deny-all';
    });
    expect(result.drifts.map((d) => [d.path, d.values])).toEqual([
      ['name', ['acme-dev-deny-all-ingress', 'acme-staging-deny-all']],
      ['name', ['acme-staging-deny-all', 'acme-prod-deny-all-ingress']],
    ]);
    expect(implicated(result.drifts)).toEqual(['staging']);
  });
});

describe('clean output is not drift', () => {
  test('the example', () => {
    expect(checkParity(org, clean).drifts).toEqual([]);
  });

  test.each<[string, object]>([
    ['environment names found inside other words (int, test, uat; a service device-api in dev)', {
      ...acme,
      services: [...acme.services!, { name: 'device-api', team: 'payments' }, { name: 'int-gateway', team: 'data-platform' }],
      environments: [{ ...acme.environments[0], name: 'int' }, { ...acme.environments[1], name: 'uat' }, { ...acme.environments[2], name: 'test', tier: 'prod' }],
    }],
    ['an organization whose name starts with an environment\'s (prodigy, prod)', { ...acme, name: 'prodigy' }],
    ['Azure names cut inside the environment name (dev, production)', { ...acme, environments: [acme.environments[0], { ...acme.environments[2], name: 'production' }] }],
    ['a US DR registry location ("us") beside words that contain it (Cluster)', {
      ...acme,
      environments: acme.environments.map((e, i) => (i === 2 ? { ...e, gcp: { ...e.gcp!, region: 'us-central1', drRegion: 'us-east1' } } : e)),
    }],
    ['a budget with cents', { ...acme, tierProfiles: { prod: { budget: { monthlyAmount: 25000.5 } } } }],
    ['knob-only differences', { ...acme, tierProfiles: { dev: { network: { natGateways: 2 }, cluster: { generalNodesMax: 21 }, registry: { keepReleaseImages: 7 } } } }],
    ['node groups created in prod only: its node counts are the autoscaler\'s (no DesiredSize)', {
      ...acme,
      environments: acme.environments.map((e) => (e.name === 'prod' ? { ...e, aws: { ...e.aws!, nodeGroupsCreated: true } } : e)),
    }],
    ['ephemeral-storage knobs that differ by tier', { ...acme, tierProfiles: { dev: { namespace: { containerEphemeralStorageRequest: '64Mi', containerEphemeralStorageLimit: '512Mi' } } } }],
  ])('%s', (_name, spec) => {
    const variant = defineOrganization(spec as any);
    expect(checkParity(variant, artifactsOf(variant)).drifts.map((d) => `${d.environments.join('/')} ${d.resource} ${d.path}`)).toEqual([]);
  });
});
