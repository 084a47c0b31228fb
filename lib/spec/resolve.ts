import { CLUSTER_RANGE_DEFAULTS, planSubnets } from './network-plan';
import type { AzurePlacement, Environment, GcpPlacement, Service } from './organization';
import { SERVICE_DEFAULTS } from './organization';
import { resolveTierProfile } from './tiers';
import type { EnvironmentSpec, OrganizationSpec, ServiceSpec } from './types';
import { DEFAULT_AUTOSCALING_FACTOR } from '../../core/rollout';

/** A service with every default applied. */
export function resolveService(svc: ServiceSpec): Service {
  return {
    name: svc.name,
    team: svc.team,
    port: svc.port ?? SERVICE_DEFAULTS.port,
    replicas: svc.replicas ?? SERVICE_DEFAULTS.replicas,
    maxReplicas: svc.maxReplicas ?? DEFAULT_AUTOSCALING_FACTOR * (svc.replicas ?? SERVICE_DEFAULTS.replicas),
    resources: { ...SERVICE_DEFAULTS.resources, ...svc.resources },
    slo: { ...SERVICE_DEFAULTS.slo, ...svc.slo },
    release: svc.release ?? SERVICE_DEFAULTS.release,
    ...(svc.releaseCommittedAt !== undefined && { releaseCommittedAt: svc.releaseCommittedAt }),
    cloudAccess: svc.cloudAccess ?? {},
    calls: [...(svc.calls ?? [])],
    exposure: svc.exposure ?? { level: 'none' },
  };
}

/** An environment with its tier profile, tags, defaults and network plan resolved. */
export function resolveEnvironment(spec: Pick<OrganizationSpec, 'tags' | 'tierProfiles'>, env: EnvironmentSpec): Environment {
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
      ...(env.aws.nodeGroupsCreated === true && { nodeGroupsCreated: true }),
      availabilityZones: env.aws.availabilityZones ?? ['a', 'b', 'c'].map((z) => `${env.aws!.region}${z}`),
      subnets: planSubnets('aws', env.aws.cidr),
    },
    azure: env.azure && {
      ...env.azure,
      podCidr: env.azure.podCidr ?? CLUSTER_RANGE_DEFAULTS.azurePodCidr,
      serviceCidr: env.azure.serviceCidr ?? CLUSTER_RANGE_DEFAULTS.azureServiceCidr,
      subnets: planSubnets('azure', env.azure.cidr) as AzurePlacement['subnets'],
    },
    gcp: env.gcp && {
      ...env.gcp,
      controlPlaneCidr: env.gcp.controlPlaneCidr ?? CLUSTER_RANGE_DEFAULTS.gcpControlPlaneCidr,
      subnets: planSubnets('gcp', env.gcp.cidr) as GcpPlacement['subnets'],
    },
  };
}

