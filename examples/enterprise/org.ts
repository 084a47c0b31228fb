import type { EnvironmentSpec, OrganizationSpec, ServiceSpec, TeamSpec } from '../../lib';

/**
 * Northwind: an enterprise of 12 teams running 120 services on AWS, Azure and Google Cloud, in four environments:
 * dev, staging, prod and a disaster-recovery environment (`dr`, prod tier, in other regions and accounts, ready to
 * take over). Every team builds in its own GitHub repository (`northwind/<team>`), so `baseline synth` also writes
 * 120 workflows and the clouds trust 12 repositories per environment.
 *
 * Generated from the compact description below rather than written out: each team's services come from a table of
 * the shapes real services take (an API, a web front end, workers, a scorer, an ingest gateway), calls stay inside
 * the team plus the shared platform services every team relies on, and sizes vary the way they do in practice.
 * Deterministic, like any organization file: the same code always gives the same spec.
 */

/** The teams and the domain nouns of their services. */
const TEAMS: ReadonlyArray<{ readonly name: string; readonly domain: readonly string[]; readonly tags?: Record<string, string> }> = [
  { name: 'identity', domain: ['accounts', 'sessions', 'consent', 'mfa', 'directory', 'tokens', 'audit', 'profiles', 'sso', 'risk'] },
  { name: 'payments', domain: ['payments', 'ledger', 'refunds', 'payouts', 'fraud', 'settlement', 'wallets', 'invoices', 'tax', 'fx'], tags: { 'data-classification': 'confidential', 'cost-center': 'cc-2001' } },
  { name: 'checkout', domain: ['cart', 'checkout', 'pricing', 'promotions', 'vouchers', 'quotes', 'shipping-rates', 'orders', 'returns', 'gift-cards'] },
  { name: 'catalog', domain: ['products', 'categories', 'media', 'availability', 'bundles', 'attributes', 'reviews', 'brands', 'variants', 'feeds'] },
  { name: 'search', domain: ['query', 'indexer', 'suggest', 'ranking', 'synonyms', 'facets', 'spellcheck', 'merchandising', 'analytics', 'crawler'] },
  { name: 'fulfilment', domain: ['warehouses', 'picking', 'packing', 'carriers', 'tracking', 'inventory', 'slots', 'labels', 'dispatch', 'stock'] },
  { name: 'customer', domain: ['support', 'tickets', 'chat', 'callbacks', 'surveys', 'knowledge', 'loyalty', 'preferences', 'segments', 'journeys'] },
  { name: 'messaging', domain: ['email', 'sms', 'push', 'templates', 'campaigns', 'webhooks', 'inbox', 'digest', 'bounces', 'scheduler'] },
  { name: 'data', domain: ['events', 'ingest', 'warehouse-sync', 'metrics', 'experiments', 'features', 'exports', 'lineage', 'quality', 'reports'], tags: { 'data-classification': 'confidential' } },
  { name: 'marketplace', domain: ['sellers', 'listings', 'commissions', 'disputes', 'onboarding', 'ratings', 'offers', 'storefronts', 'payouts-sync', 'compliance'] },
  { name: 'mobile', domain: ['app-config', 'feature-flags', 'device-registry', 'deeplinks', 'app-gateway', 'crash-intake', 'releases', 'offline-sync', 'widgets', 'auth-bridge'] },
  { name: 'platform-engineering', domain: ['edge-gateway', 'rate-limits', 'config', 'secrets-broker', 'scheduler-core', 'audit-trail', 'status', 'geo', 'clock', 'registry'], tags: { 'cost-center': 'cc-1001' } },
];

/** The platform team's services every other team's APIs call. */
const SHARED = ['config', 'audit-trail'] as const;

/** The shape of the service at each position of a team (10 per team): what it is, and what it calls in its team. */
function service(team: string, name: string, position: number, names: readonly string[]): ServiceSpec {
  const api = names[0];
  const shared = team === 'platform-engineering' ? [] : [...SHARED];
  switch (position) {
    case 0: // the team's API: called by its web and workers, calls its domain services, scorer and the shared platform services
      return { name, team, slo: { availabilityPercent: 99.95, latencyP99Ms: 250 }, calls: [...names.slice(1, 4), names[7], ...shared], exposure: { level: 'internal' } };
    case 1:
    case 2:
    case 3: // domain services behind the API
      return { name, team, slo: { latencyP99Ms: 300 } };
    case 4: // a web front end of the team
      return { name, team, port: 3000, replicas: 4, calls: [api] };
    case 5:
    case 6: // background workers
      return { name, team, replicas: 2, resources: { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '2', memoryLimit: '1Gi' }, calls: [api] };
    case 7: // a memory-heavy scorer or index
      return { name, team, port: 9000, resources: { memoryRequest: '1Gi', memoryLimit: '2Gi' } };
    case 8: // an ingest gateway
      return { name, team, port: 8443, slo: { latencyP99Ms: 200 }, calls: [api] };
    default: // a reporting endpoint with a relaxed SLO
      return { name, team, replicas: 2, slo: { availabilityPercent: 99.5, latencyP99Ms: 1000 }, calls: [api] };
  }
}

/** Service names are unique in the organization: nouns two teams share get the team's prefix. */
function serviceName(team: string, noun: string): string {
  const owners = TEAMS.filter((t) => t.domain.includes(noun));
  return owners.length > 1 ? `${team}-${noun}` : noun;
}

const services: ServiceSpec[] = TEAMS.flatMap((team) => {
  const names = team.domain.map((noun) => serviceName(team.name, noun));
  return names.map((name, position) => service(team.name, name, position, names));
});

// The edge gateway is the one service on the internet; every API's traffic enters through it.
const edge = services.find((s) => s.name === 'edge-gateway')!;
Object.assign(edge, {
  exposure: { level: 'public', reason: 'Customers, partners and the mobile apps reach every API through this gateway from the internet.' },
  calls: [...(edge.calls ?? []), ...services.filter((s) => s.exposure?.level === 'internal' && s.team !== 'platform-engineering').map((s) => s.name)],
  replicas: 6,
});

/** The four environments: each on all three clouds, networks never overlapping (10.<40 + 4i + cloud>.0.0/16). */
const ENVIRONMENTS: ReadonlyArray<{ readonly name: string; readonly tier: 'dev' | 'staging' | 'prod'; readonly aws: string; readonly azure: string; readonly gcp: string }> = [
  { name: 'dev', tier: 'dev', aws: 'eu-west-1', azure: 'westeurope', gcp: 'europe-west1' },
  { name: 'staging', tier: 'staging', aws: 'eu-west-1', azure: 'westeurope', gcp: 'europe-west1' },
  { name: 'prod', tier: 'prod', aws: 'eu-central-1', azure: 'germanywestcentral', gcp: 'europe-west3' },
  // Disaster recovery: a prod-tier environment in other regions and accounts, kept deployed and synced.
  { name: 'dr', tier: 'prod', aws: 'eu-west-2', azure: 'swedencentral', gcp: 'europe-north1' },
];

function environment(e: typeof ENVIRONMENTS[number], i: number): EnvironmentSpec {
  const id = String(i + 4);
  const base = 40 + 4 * i;
  return {
    name: e.name,
    tier: e.tier,
    ...(e.tier === 'prod' ? { tags: { 'data-classification': 'confidential' } } : {}),
    aws: { account: id.repeat(12), region: e.aws, cidr: `10.${base}.0.0/16` },
    azure: { subscriptionId: `${id.repeat(8)}-${id.repeat(4)}-4${id.repeat(3)}-8${id.repeat(3)}-${id.repeat(12)}`, location: e.azure, cidr: `10.${base + 1}.0.0/16` },
    gcp: { project: `northwind-${e.name}-7305`, region: e.gcp, cidr: `10.${base + 2}.0.0/16` },
  };
}

/** Ten services per team at their autoscaling maximum, during a rollout, need more than the default team quota. */
const TEAM_QUOTA = { requestsCpu: '40', requestsMemory: '64Gi', limitsCpu: '160', limitsMemory: '256Gi', pods: 300 };
/**
 * 120 services at their autoscaling maximum during a rollout request about 384 cores: 113 general nodes of 4 vCPUs on
 * AKS, whose nodes keep the most memory for themselves. Every tier may scale that far.
 */
const CLUSTER = { generalNodesMax: 120 };

export const enterprise: OrganizationSpec = {
  name: 'northwind',
  tags: { 'owner': 'platform-engineering', 'cost-center': 'cc-1000', 'data-classification': 'internal' },
  teams: TEAMS.map((t): TeamSpec => ({ name: t.name, ...(t.tags ? { tags: t.tags } : {}) })),
  services,
  environments: ENVIRONMENTS.map(environment),
  tierProfiles: {
    dev: { namespace: TEAM_QUOTA, cluster: CLUSTER },
    staging: { namespace: TEAM_QUOTA, cluster: CLUSTER },
    prod: { namespace: TEAM_QUOTA, cluster: CLUSTER },
  },
  alerting: {
    escalation: [
      { name: 'platform-oncall', emails: ['oncall@northwind.example'] },
      { name: 'engineering-leads', emails: ['eng-leads@northwind.example'] },
      { name: 'security', emails: ['security@northwind.example'] },
      { name: 'cto-office', emails: ['cto-office@northwind.example'] },
    ],
    roles: {
      'devops': ['platform-oncall'],
      'eng-lead': ['engineering-leads'],
      'cto': ['cto-office'],
      'on-call': ['platform-oncall'],
      'team-lead': ['engineering-leads'],
      'security': ['security'],
    },
    smtp: { smarthost: 'smtp.northwind.example:587', from: 'alertmanager@northwind.example' },
  },
  billing: { currency: 'USD', gcpBillingAccountId: '0A1B2C-3D4E5F-6A7B8C' },
  kubernetes: {
    version: '1.33',
    awsAdminRoleName: 'platform-admin',
    azureAdminGroupObjectIds: ['2b7d9c41-5e6f-4a8b-9c0d-1e2f3a4b5c6d'],
    gcpSecurityGroup: 'gke-security-groups@northwind.example',
  },
  // The edge gateway is public: its Gateway needs a domain on the internet and an issuer browsers trust (an ACME
  // ClusterIssuer the platform team installs, with a DNS-01 solver for the wildcard names).
  ingress: { domain: 'apps.northwind.example', publicClusterIssuer: 'letsencrypt' },
  delivery: {
    gitopsRepoUrl: 'https://github.com/northwind/platform-gitops.git',
    github: { owner: 'northwind', platformRepository: 'platform' },
  },
  // Release images are signed in CI with cosign: keyless by each team's workflows, and with the platform key, which
  // GKE's Binary Authorization attestor holds.
  imageSigning: {
    keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/northwind/*' },
    publicKey: [
      '-----BEGIN PUBLIC KEY-----',
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyQNNNS9xAX3h8wtEkdNiwnmG0UC3',
      'S8/lAZVDzfFclQlHg0x0LE7ANHNe5lNiH6VLvb+IOrY5hfFZd2Ly9I1GIQ==',
      '-----END PUBLIC KEY-----',
      '',
    ].join('\n'),
    // The same key, held in Cloud KMS: CI signs with it and attests each image for GKE's Binary Authorization.
    gcpKmsKeyVersion: 'projects/northwind-security/locations/global/keyRings/release/cryptoKeys/cosign/cryptoKeyVersions/1',
  },
  terraformState: {
    azure: {
      subscriptionId: '00000000-0000-4000-8000-000000000009',
      resourceGroupName: 'rg-northwind-tfstate',
      storageAccountName: 'stnorthwindtfstate7305',
      containerName: 'tfstate',
    },
    gcp: {
      bucket: 'northwind-tfstate-7305',
      kmsEncryptionKey: 'projects/northwind-shared-7305/locations/europe/keyRings/tfstate/cryptoKeys/tfstate',
    },
  },
};

export default enterprise;
