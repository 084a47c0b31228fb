import * as fc from 'fast-check';
import { acme } from '../../examples/acme/org';
import type { EnvironmentSpec, OrganizationSpec, Tier } from '../../lib/spec';

/** One receiver standing for every escalation role, with the SMTP relay the spec requires. */
const ONE_RECEIVER_ALERTING = {
  escalation: [{ name: 'oncall', emails: ['oncall@example.com'] }],
  roles: { 'devops': ['oncall'], 'eng-lead': ['oncall'], 'cto': ['oncall'], 'on-call': ['oncall'], 'team-lead': ['oncall'], 'security': ['oncall'] },
  smtp: { smarthost: 'smtp.example.com:587', from: 'alertmanager@example.com' },
};

/**
 * The example's signer. Every generated spec names one: without `imageSigning` the policy check fails by design
 * (no cluster would verify signatures), so a spec the baseline passes always has it.
 */
const SIGNING = acme.imageSigning!;

/*
 * fast-check arbitraries for organization specs: valid ones, and mistakes to inject into them, each declaring the
 * path its one problem must be reported at.
 */

const TIER_OF: Record<string, Tier> = { dev: 'dev', int: 'dev', test: 'dev', uat: 'staging', staging: 'staging', perf: 'staging', prod: 'prod', live: 'prod' };
const ENVIRONMENT_NAMES = Object.keys(TIER_OF);
const TEAM_NAMES = ['payments', 'storefront', 'data', 'search', 'identity', 'pay', 'ml'];
const SERVICE_NAMES = ['api', 'web', 'worker', 'ledger', 'device-api', 'checkout', 'int-gateway', 'cart'];
const AWS_REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2'];
const AZURE_LOCATIONS = ['westeurope', 'northeurope', 'germanywestcentral', 'eastus'];
const GCP_REGIONS = ['europe-west1', 'europe-west3', 'us-central1', 'us-east1'];

const lowerWord = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{${min - 1},${max - 1}}$`));

/** The clouds an environment is placed on: a non-empty subset. */
const cloudSet = fc.subarray(['aws', 'azure', 'gcp'] as const, { minLength: 1 });

/** A valid organization spec, small enough to synthesize in well under a second. */
export function validSpec(options: { maxEnvironments?: number; maxServices?: number } = {}): fc.Arbitrary<OrganizationSpec> {
  return fc.record({
    org: lowerWord(3, 8),
    envNames: fc.uniqueArray(fc.constantFrom(...ENVIRONMENT_NAMES), { minLength: 1, maxLength: options.maxEnvironments ?? 3 }),
    teams: fc.uniqueArray(fc.constantFrom(...TEAM_NAMES), { minLength: 1, maxLength: 3 }),
    services: fc.uniqueArray(fc.record({
      name: fc.constantFrom(...SERVICE_NAMES),
      teamIndex: fc.nat(),
      replicas: fc.integer({ min: 2, max: 4 }),
      port: fc.option(fc.integer({ min: 1024, max: 9999 }), { nil: undefined }),
    }), { maxLength: options.maxServices ?? 3, selector: (s) => s.name }),
    placements: fc.array(fc.record({
      clouds: cloudSet,
      aws: fc.constantFrom(...AWS_REGIONS),
      awsDr: fc.option(fc.constantFrom(...AWS_REGIONS), { nil: undefined }),
      azure: fc.constantFrom(...AZURE_LOCATIONS),
      azureDr: fc.option(fc.constantFrom(...AZURE_LOCATIONS), { nil: undefined }),
      gcp: fc.constantFrom(...GCP_REGIONS),
      gcpDr: fc.boolean(),
    }), { minLength: 3, maxLength: 3 }),
  }).map(({ org, envNames, teams, services, placements }) => {
    const environments: EnvironmentSpec[] = envNames.map((name, i) => {
      const p = placements[i];
      const n = 10 + i * 10;
      const has = (c: string) => (p.clouds as readonly string[]).includes(c);
      // GCP DR: another region of the same Artifact Registry multi-region.
      const gcpDr = GCP_REGIONS.find((r) => r !== p.gcp && r.split('-')[0] === p.gcp.split('-')[0]);
      return {
        name,
        tier: TIER_OF[name],
        ...(has('aws') && { aws: { account: `${i + 1}`.repeat(12), region: p.aws, cidr: `10.${n}.0.0/16`, ...(p.awsDr && p.awsDr !== p.aws && { drRegion: p.awsDr }) } }),
        ...(has('azure') && { azure: { subscriptionId: `${i + 1}`.repeat(8) + '-1111-4111-8111-111111111111', location: p.azure, cidr: `10.${n + 1}.0.0/16`, ...(p.azureDr && p.azureDr !== p.azure && { drLocation: p.azureDr }) } }),
        ...(has('gcp') && { gcp: { project: `${org}-${name}-4821`, region: p.gcp, cidr: `10.${n + 2}.0.0/16`, ...(p.gcpDr && gcpDr && { drRegion: gcpDr }) } }),
      };
    });
    const uses = (c: 'aws' | 'azure' | 'gcp') => environments.some((e) => e[c] !== undefined);
    const spec: OrganizationSpec = {
      name: org,
      tags: { 'owner': 'platform', 'cost-center': 'cc-1', 'data-classification': 'internal' },
      teams: teams.map((name) => ({ name })),
      services: services.map((s) => ({
        name: s.name,
        team: teams[s.teamIndex % teams.length],
        replicas: s.replicas,
        ...(s.port !== undefined && { port: s.port }),
      })),
      environments,
      alerting: ONE_RECEIVER_ALERTING,
      billing: { currency: 'USD', ...(uses('gcp') && { gcpBillingAccountId: '01A2B3-C4D5E6-F7A8B9' }) },
      ...(uses('azure') && { kubernetes: { azureAdminGroupObjectIds: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'] } }),
      terraformState: {
        ...(uses('azure') && { azure: { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate4821' } }),
        ...(uses('gcp') && { gcp: { bucket: 'tfstate-4821', kmsEncryptionKey: 'projects/p/locations/europe/keyRings/r/cryptoKeys/k' } }),
      },
      imageSigning: SIGNING,
    };
    return spec;
  });
}

/** A mistake: what it does to a spec with three environments on every cloud, and where its one problem is reported. */
export interface Mistake {
  readonly name: string;
  readonly path: string;
  readonly apply: (spec: any) => void;
}

/**
 * Independent mistakes: each touches its own part of the spec, so any subset yields exactly one problem per
 * mistake. The base spec has three environments (`a`, `b`, `c`) on every cloud.
 */
export const MISTAKES: readonly Mistake[] = [
  { name: 'stray top-level key', path: 'regoin', apply: (s) => { s.regoin = 'eu-west-1'; } },
  { name: 'tag value invalid everywhere', path: 'tags.owner', apply: (s) => { s.tags.owner = 'Platform Team'; } },
  { name: 'team is a system namespace', path: 'teams[1].name', apply: (s) => { s.teams.push({ name: 'kube-system' }); } },
  { name: 'service limit under the default request', path: 'services[0].resources.cpuLimit', apply: (s) => { s.services[0].resources = { cpuLimit: '100m' }; } },
  { name: 'privileged port', path: 'services[1].port', apply: (s) => { s.services[1].port = 80; } },
  { name: 'duplicate receiver', path: 'alerting.escalation[1].name', apply: (s) => { s.alerting.escalation.push({ ...s.alerting.escalation[0] }); } },
  { name: 'Kubernetes version no table holds', path: 'kubernetes.version', apply: (s) => { s.kubernetes.version = '1.32'; } },
  { name: 'node minimum above maximum', path: 'tierProfiles.staging.cluster.systemNodesMin', apply: (s) => { s.tierProfiles = { ...s.tierProfiles, staging: { cluster: { systemNodesMin: 9 } } }; } },
  { name: 'namespace default request above limit', path: 'tierProfiles.prod.namespace.containerMemoryRequest', apply: (s) => { s.tierProfiles = { ...s.tierProfiles, prod: { namespace: { containerMemoryRequest: '4Gi' } } }; } },
  { name: 'unknown tier', path: 'environments[0].tier', apply: (s) => { s.environments[0].tier = 'qa'; } },
  { name: 'zone of another region', path: 'environments[0].aws.availabilityZones[2]', apply: (s) => { const r = s.environments[0].aws.region; s.environments[0].aws.availabilityZones = [`${r}a`, `${r}b`, 'ap-south-1c']; } },
  { name: 'link-local network', path: 'environments[1].azure.cidr', apply: (s) => { s.environments[1].azure.cidr = '169.254.0.0/16'; } },
  { name: 'account and region of another environment', path: 'environments[1].aws.account', apply: (s) => { s.environments[1].aws.account = s.environments[0].aws.account; s.environments[1].aws.region = s.environments[0].aws.region; } },
  { name: 'GCP DR region outside the multi-region', path: 'environments[2].gcp.drRegion', apply: (s) => { s.environments[2].gcp.region = 'europe-west1'; s.environments[2].gcp.drRegion = 'us-east1'; } },
  { name: 'unsupported AWS partition', path: 'environments[2].aws.region', apply: (s) => { s.environments[2].aws.region = 'cn-north-1'; delete s.environments[2].aws.drRegion; } },
  { name: 'GCP network over the GKE control plane', path: 'environments[2].gcp.cidr', apply: (s) => { s.environments[2].gcp.cidr = '172.16.0.0/16'; } },
  { name: 'service named constructor', path: 'services[2].name', apply: (s) => { s.services.push({ name: 'constructor', team: 'payments' }); } },
  {
    name: 'three identical zones',
    path: 'environments[1].aws.availabilityZones[1]',
    apply: (s) => {
      const r = s.environments[1].aws.region;
      s.environments[1].aws.availabilityZones = [`${r}a`, `${r}a`, `${r}b`];
    },
  },
  { name: 'two environments in one Azure subscription', path: 'environments[2].azure.subscriptionId', apply: (s) => { s.environments[2].azure.subscriptionId = s.environments[0].azure.subscriptionId; } },
  { name: 'environment on no cloud', path: 'environments[3]', apply: (s) => { s.environments.push({ name: 'perf', tier: 'staging' }); } },
  { name: 'Azure CIDR over the AKS service range', path: 'environments[0].azure.cidr', apply: (s) => { s.environments[0].azure.cidr = '10.0.0.0/16'; } },
  { name: 'AKS pod range set over a network', path: 'environments[1].azure.podCidr', apply: (s) => { s.environments[1].azure.podCidr = s.environments[0].gcp.cidr; } },
];

/** A valid spec with three environments (`a`, `b`, `c`) on every cloud and two services, for injecting mistakes. */
export const baseForMistakes: fc.Arbitrary<OrganizationSpec> = fc.record({
  org: lowerWord(3, 8),
  regions: fc.tuple(fc.constantFrom(...AWS_REGIONS), fc.constantFrom(...AWS_REGIONS), fc.constantFrom(...AWS_REGIONS)),
  locations: fc.tuple(fc.constantFrom(...AZURE_LOCATIONS), fc.constantFrom(...AZURE_LOCATIONS), fc.constantFrom(...AZURE_LOCATIONS)),
  gcp: fc.tuple(fc.constantFrom(...GCP_REGIONS), fc.constantFrom(...GCP_REGIONS), fc.constantFrom(...GCP_REGIONS)),
}).map(({ org, regions, locations, gcp }) => ({
  name: org,
  tags: { 'owner': 'platform', 'cost-center': 'cc-1', 'data-classification': 'internal' },
  teams: [{ name: 'payments' }],
  services: [{ name: 'api', team: 'payments' }, { name: 'web', team: 'payments' }],
  environments: (['a', 'b', 'c'] as const).map((name, i) => ({
    name: `${name}${name}${name}`,
    tier: (['dev', 'staging', 'prod'] as const)[i],
    aws: { account: `${i + 1}`.repeat(12), region: regions[i], cidr: `10.${10 * i + 10}.0.0/16` },
    azure: { subscriptionId: `${i + 1}`.repeat(8) + '-1111-4111-8111-111111111111', location: locations[i], cidr: `10.${10 * i + 11}.0.0/16` },
    gcp: { project: `${org}-env${i}-4821`, region: gcp[i], cidr: `10.${10 * i + 12}.0.0/16` },
  })),
  alerting: ONE_RECEIVER_ALERTING,
  billing: { currency: 'USD', gcpBillingAccountId: '01A2B3-C4D5E6-F7A8B9' },
  kubernetes: { version: '1.33', azureAdminGroupObjectIds: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'] },
  terraformState: {
    azure: { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate4821' },
    gcp: { bucket: 'tfstate-4821', kmsEncryptionKey: 'projects/p/locations/europe/keyRings/r/cryptoKeys/k' },
  },
}));
