import { capacityIssues } from './capacity';
import { cloudLimitIssues } from './cloud-limits';
import { SpecValidationError } from './errors';
import { planSubnets } from './network-plan';
import { Tier, TierProfile, resolveTierProfile } from './tiers';
import type { AlertingSpec, EnvironmentSpec, KubernetesSpec, OrganizationSpec, ServiceCloudAccessSpec, ServiceSpec, TerraformStateSpec } from './types';

/** A Kubernetes minor version all three clouds support today. */
export const DEFAULT_KUBERNETES_VERSION = '1.33';
import { validateOrganizationSpec } from './validate';

/** A validated, resolved organization: defaults applied, tier profiles merged, networks planned. Immutable. */
export interface Organization {
  readonly name: string;
  /** Organization-wide tags (without `environment`). */
  readonly tags: Readonly<Record<string, string>>;
  readonly teams: readonly Team[];
  /** Services with every default applied, in spec order. */
  readonly services: readonly Service[];
  readonly environments: readonly Environment[];
  readonly terraformState: TerraformStateSpec;
  /** Alert receivers in escalation order. */
  readonly alerting: AlertingSpec;
  readonly billing: { readonly currency: string; readonly gcpBillingAccountId?: string };
  readonly kubernetes: Required<KubernetesSpec>;
  /** The spec this was resolved from, so variants can be derived. */
  readonly spec: OrganizationSpec;
}

export interface Team {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A service with every default applied. */
export interface Service {
  readonly name: string;
  readonly team: string;
  readonly port: number;
  readonly replicas: number;
  readonly resources: { readonly cpuRequest: string; readonly memoryRequest: string; readonly cpuLimit: string; readonly memoryLimit: string };
  readonly slo: { readonly availabilityPercent: number; readonly latencyP99Ms: number };
  readonly release: string;
  /** Cloud permissions through workload identity; empty when the service needs none. */
  readonly cloudAccess: ServiceCloudAccessSpec;
}

/** Defaults of a service, one place for every cloud. */
export const SERVICE_DEFAULTS = {
  port: 8080,
  replicas: 3,
  resources: { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
  slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
  release: 'v1.0.0',
} as const;

/** One environment, resolved. */
export interface Environment {
  readonly name: string;
  readonly tier: Tier;
  /** The tier's knobs after the organization's overrides: the only values that differ between tiers. */
  readonly profile: TierProfile;
  /** All mandatory tags, `environment` included. */
  readonly tags: Readonly<Record<string, string>>;
  readonly aws?: AwsPlacement;
  readonly azure?: AzurePlacement;
  readonly gcp?: GcpPlacement;
}

export interface AwsPlacement {
  readonly account: string;
  readonly region: string;
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  readonly drRegion?: string;
  /** Planned subnet CIDRs, keyed `private1..3`, `public1..3`, `isolated1..3`. */
  readonly subnets: Readonly<Record<string, string>>;
}

export interface AzurePlacement {
  readonly subscriptionId: string;
  readonly location: string;
  readonly cidr: string;
  readonly drLocation?: string;
  readonly subnets: { readonly systemNodes: string; readonly userNodes: string; readonly privateEndpoints: string };
}

export interface GcpPlacement {
  readonly project: string;
  readonly region: string;
  readonly cidr: string;
  readonly drRegion?: string;
  readonly subnets: { readonly nodes: string; readonly pods: string; readonly services: string };
}

/**
 * Validates an organization spec and resolves it.
 *
 * @throws SpecValidationError listing every problem (path, bad value, what is expected)
 */
export function defineOrganization(spec: OrganizationSpec): Organization {
  const issues = validateOrganizationSpec(spec);
  if (issues.length > 0) throw new SpecValidationError(issues);

  const copy: OrganizationSpec = structuredClone(spec);
  const environments = copy.environments.map((env) => resolveEnvironment(copy, env));
  const services = (copy.services ?? []).map(resolveService);
  const resolvedIssues = [...capacityIssues(environments, services), ...cloudLimitIssues(environments)];
  if (resolvedIssues.length > 0) throw new SpecValidationError(resolvedIssues);
  return deepFreeze({
    name: copy.name,
    tags: { ...copy.tags },
    teams: copy.teams.map((t) => ({ name: t.name, tags: { ...t.tags } })),
    services,
    environments,
    terraformState: copy.terraformState ?? {},
    alerting: { escalation: copy.alerting.escalation.map((r) => ({ name: r.name, emails: [...r.emails] })) },
    billing: { currency: copy.billing?.currency ?? 'USD', ...(copy.billing?.gcpBillingAccountId && { gcpBillingAccountId: copy.billing.gcpBillingAccountId }) },
    kubernetes: {
      version: copy.kubernetes?.version ?? DEFAULT_KUBERNETES_VERSION,
      awsAdminRoleName: copy.kubernetes?.awsAdminRoleName ?? 'platform-admin',
      azureAdminGroupObjectIds: copy.kubernetes?.azureAdminGroupObjectIds ?? [],
    },
    spec: copy,
  });
}

function resolveService(svc: ServiceSpec): Service {
  return {
    name: svc.name,
    team: svc.team,
    port: svc.port ?? SERVICE_DEFAULTS.port,
    replicas: svc.replicas ?? SERVICE_DEFAULTS.replicas,
    resources: { ...SERVICE_DEFAULTS.resources, ...svc.resources },
    slo: { ...SERVICE_DEFAULTS.slo, ...svc.slo },
    release: svc.release ?? SERVICE_DEFAULTS.release,
    cloudAccess: svc.cloudAccess ?? {},
  };
}

function resolveEnvironment(spec: OrganizationSpec, env: EnvironmentSpec): Environment {
  const tags = { ...spec.tags, ...env.tags, environment: env.name };
  return {
    name: env.name,
    tier: env.tier,
    profile: resolveTierProfile(env.tier, spec.tierProfiles?.[env.tier]),
    tags,
    aws: env.aws && {
      account: env.aws.account,
      region: env.aws.region,
      cidr: env.aws.cidr,
      ...(env.aws.drRegion !== undefined && { drRegion: env.aws.drRegion }),
      availabilityZones: env.aws.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${env.aws!.region}${z}`),
      subnets: planSubnets('aws', env.aws.cidr),
    },
    azure: env.azure && {
      ...env.azure,
      subnets: planSubnets('azure', env.azure.cidr) as AzurePlacement['subnets'],
    },
    gcp: env.gcp && {
      ...env.gcp,
      subnets: planSubnets('gcp', env.gcp.cidr) as GcpPlacement['subnets'],
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
