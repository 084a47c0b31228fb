import type { EnvironmentSpec, OrganizationSpec, ServiceSpec, TeamSpec } from '../lib/spec';

/** Options of {@link generateOrganization}. */
export interface GenerateOrganizationOptions {
  /**
   * Most services one team owns. Real platform teams own a handful to a few dozen services; the spec allows 450.
   * @default 20
   */
  readonly servicesPerTeam?: number;
  /**
   * Organization short name.
   * @default 'bench'
   */
  readonly name?: string;
}

/** The sizes `npm run bench` synthesizes, in services. */
export const BENCH_SIZES: readonly number[] = [10, 100, 1000, 5000];

/** The tiers of the three generated environments, in promotion order. */
const ENVIRONMENTS = [
  { name: 'dev', tier: 'dev', awsRegion: 'eu-west-1', azureLocation: 'westeurope', gcpRegion: 'europe-west1' },
  { name: 'staging', tier: 'staging', awsRegion: 'eu-west-1', azureLocation: 'westeurope', gcpRegion: 'europe-west1' },
  { name: 'prod', tier: 'prod', awsRegion: 'eu-central-1', azureLocation: 'germanywestcentral', gcpRegion: 'europe-west3' },
] as const;

/** Namespace quota of every team in every environment; the spec checks that the team's services fit it. */
const TEAM_QUOTA = { requestsCpu: '72', requestsMemory: '112Gi', limitsCpu: '288', limitsMemory: '224Gi', pods: 300 };

/** Service kinds cycle so the organization varies the way a real one does (ports, replicas, resources, SLOs). */
const KINDS = ['api', 'worker', 'web', 'gateway', 'scoring'] as const;

/**
 * A synthetic organization for the synth benchmark: `services` services spread over teams of at most
 * `servicesPerTeam`, three environments (dev, staging, prod tiers) each on AWS, Azure and GCP with networks that
 * never overlap, and prod with disaster-recovery placements, like `examples/acme/org.ts`.
 *
 * Deterministic: the same arguments always give the same spec, so runs and machines compare.
 */
export function generateOrganization(services: number, options: GenerateOrganizationOptions = {}): OrganizationSpec {
  const perTeam = options.servicesPerTeam ?? 20;
  if (!Number.isInteger(services) || services < 0 || services > 9999) {
    throw new Error(`generateOrganization: services ${JSON.stringify(services)} is not a service count (expected a whole number from 0 to 9999)`);
  }
  if (!Number.isInteger(perTeam) || perTeam < 1) {
    throw new Error(`generateOrganization: servicesPerTeam ${JSON.stringify(perTeam)} is not a team size (expected a whole number of at least 1)`);
  }

  const teamCount = Math.max(1, Math.ceil(services / perTeam));
  const teams: TeamSpec[] = Array.from({ length: teamCount }, (_, t) => ({
    name: teamName(t),
    // Every third team carries its own cost center, so tag merging is exercised at scale.
    ...(t % 3 === 0 ? { tags: { 'cost-center': `cc-${3000 + t}` } } : {}),
  }));
  // Round-robin keeps teams within one service of each other instead of filling the first ones.
  // The kind follows the position in the team, so every team owns a mix (a team of 20 owns 4 of each kind).
  const serviceSpecs: ServiceSpec[] = Array.from({ length: services }, (_, i) =>
    lean(service(i, teamName(i % teamCount), Math.floor(i / teamCount))));

  return {
    name: options.name ?? 'bench',
    tags: { 'owner': 'platform-team', 'cost-center': 'cc-1001', 'data-classification': 'internal' },
    teams,
    services: serviceSpecs,
    environments: ENVIRONMENTS.map((e, i) => environment(e, i)),
    // Namespace quotas as a platform team with teams of 20 services would set them (the bench's small services use
    // a fraction), and a general pool as large as one EKS managed node group.
    tierProfiles: {
      dev: { namespace: TEAM_QUOTA, cluster: BENCH_CLUSTER },
      staging: { namespace: TEAM_QUOTA, cluster: BENCH_CLUSTER },
      prod: { namespace: TEAM_QUOTA, cluster: BENCH_CLUSTER },
    },
    alerting: {
      escalation: [{ name: 'platform-team', emails: ['platform-team@bench.example'] }, { name: 'platform-oncall', emails: ['oncall@bench.example'] }],
      roles: { 'devops': ['platform-oncall'], 'eng-lead': ['platform-team'], 'cto': ['platform-team'], 'on-call': ['platform-oncall'], 'team-lead': ['platform-team'], 'security': ['platform-oncall'] },
      smtp: { smarthost: 'smtp.bench.example:587', from: 'alertmanager@bench.example' },
    },
    billing: { gcpBillingAccountId: '01A2B3-C4D5E6-F7A8B9' },
    kubernetes: {
      version: '1.33',
      awsAdminRoleName: 'platform-admin',
      azureAdminGroupObjectIds: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'],
    },
    // Synthesized like a real organization's: every cluster gets the signature policy, GKE Binary Authorization.
    imageSigning: {
      keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/bench/*' },
      publicKey: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGVAyEQurteIF0rZqlePDZcFYT2aX\nA1Uz0vn3cbdA6+1IEOLjU+hYLP8BiBMcuuMC5N6am8hWYonFIwmxhq9JdQ==\n-----END PUBLIC KEY-----\n',
    },
    terraformState: {
      azure: {
        subscriptionId: '00000000-0000-4000-8000-000000000001',
        resourceGroupName: 'rg-bench-tfstate',
        storageAccountName: 'stbenchtfstate4821',
        containerName: 'tfstate',
      },
      gcp: {
        bucket: 'bench-tfstate-4821',
        kmsEncryptionKey: 'projects/bench-shared-4821/locations/europe/keyRings/tfstate/cryptoKeys/tfstate',
      },
    },
  };
}

/**
 * The spec checks that each cluster's general pool holds every service at its autoscaling maximum during a rollout,
 * and one pool has at most 450 nodes (an EKS managed node group), 58 pods each on EKS: 5,000 services fit one cluster
 * only as small as this (2 replicas, 3 for the web kind, one more at most, 50m CPU and 128Mi requested: 422 nodes on
 * EKS at 5,000 services). They synthesize the same objects as larger ones.
 */
const BENCH_CLUSTER = { generalNodesMax: 450 };
function lean(s: ServiceSpec): ServiceSpec {
  const replicas = (s.replicas ?? 2) > 3 ? 3 : 2;
  return { ...s, replicas, maxReplicas: replicas + 1, resources: { ...s.resources, cpuRequest: '50m', memoryRequest: '128Mi' } };
}

function teamName(t: number): string {
  return `team-${String(t + 1).padStart(3, '0')}`;
}

function service(i: number, team: string, position: number): ServiceSpec {
  const kind = KINDS[position % KINDS.length];
  const name = `${kind}-${String(i + 1).padStart(4, '0')}`;
  switch (kind) {
    case 'api':
      return { name, team, slo: { availabilityPercent: 99.95, latencyP99Ms: 250 } };
    case 'worker':
      return { name, team, replicas: 2, resources: { cpuRequest: '500m', memoryRequest: '512Mi', cpuLimit: '2', memoryLimit: '1Gi' } };
    case 'web':
      return { name, team, port: 3000, replicas: 4 };
    case 'gateway':
      return { name, team, port: 8443, slo: { latencyP99Ms: 200 } };
    case 'scoring':
      return { name, team, port: 9000, resources: { memoryRequest: '1Gi', memoryLimit: '2Gi' } };
  }
}

/**
 * Environment `i` gets 10.(10i+10).0.0/16 on AWS, the next /16 on Azure and the one after on GCP: unique across
 * environments and clouds, as the spec requires.
 */
function environment(e: typeof ENVIRONMENTS[number], i: number): EnvironmentSpec {
  const base = 10 * (i + 1);
  const id = String(i + 1);
  const prod = e.tier === 'prod';
  return {
    name: e.name,
    tier: e.tier,
    ...(prod ? { tags: { 'data-classification': 'confidential' } } : {}),
    aws: {
      account: id.repeat(12),
      region: e.awsRegion,
      cidr: `10.${base}.0.0/16`,
      ...(prod ? { drRegion: 'eu-west-1' } : {}),
    },
    azure: {
      subscriptionId: `${id.repeat(8)}-${id.repeat(4)}-4${id.repeat(3)}-8${id.repeat(3)}-${id.repeat(12)}`,
      location: e.azureLocation,
      cidr: `10.${base + 1}.0.0/16`,
      ...(prod ? { drLocation: 'westeurope' } : {}),
    },
    gcp: {
      project: `bench-${e.name}-4821`,
      region: e.gcpRegion,
      cidr: `10.${base + 2}.0.0/16`,
      ...(prod ? { drRegion: 'europe-west1' } : {}),
    },
  };
}
