import { DEFAULT_KUBERNETES_VERSION } from './clouds';
import { SpecValidationError } from './errors';
import { resolveEnvironment, resolveService } from './resolve';
import { Tier, TierProfile } from './tiers';
import type { AlertingRolesSpec, AlertingSpec, DeliverySpec, ImageSigningSpec, IngressSpec, KubernetesSpec, OrganizationSpec, ServiceCloudAccessSpec, ServiceExposureSpec, TerraformStateSpec } from './types';

import { validateOrganizationSpec } from './validate';
import { ESCALATION_ROLES } from '../standards/alerts';

export { DEFAULT_KUBERNETES_VERSION };

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
  readonly kubernetes: Required<Omit<KubernetesSpec, 'gcpSecurityGroup'>> & Pick<KubernetesSpec, 'gcpSecurityGroup'>;
  /** GitOps source of every cluster, with defaults applied; undefined without `delivery` in the spec. */
  readonly delivery?: Required<Omit<DeliverySpec, 'github'>> & Pick<DeliverySpec, 'github'>;
  /**
   * How release images are signed; undefined without `imageSigning` in the spec, in which case no cluster verifies
   * signatures and the policy check fails.
   */
  readonly imageSigning?: ImageSigningSpec;
  /**
   * How exposed services are named and what signs their certificates: `domain` defaults to `<name>.internal`;
   * without `clusterIssuer` each cluster's private CA signs the internal Gateway's certificates.
   */
  readonly ingress: Required<Pick<IngressSpec, 'domain'>> & Omit<IngressSpec, 'domain'>;
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
  /** Upper bound of the service's autoscaler; equal to `replicas`, it does not autoscale. */
  readonly maxReplicas: number;
  readonly resources: {
    readonly cpuRequest: string;
    readonly memoryRequest: string;
    readonly cpuLimit: string;
    readonly memoryLimit: string;
    readonly ephemeralStorageRequest: string;
    readonly ephemeralStorageLimit: string;
  };
  readonly slo: { readonly availabilityPercent: number; readonly latencyP99Ms: number };
  readonly release: string;
  /** When the commit of `release` was made (RFC 3339 UTC); undefined when the release does not say. */
  readonly releaseCommittedAt?: string;
  /** Cloud permissions through workload identity; empty when the service needs none. */
  readonly cloudAccess: ServiceCloudAccessSpec;
  /** Names of the services this one calls; the platform opens exactly these paths. Empty when it calls none. */
  readonly calls: readonly string[];
  /** How far the service is exposed beyond the cluster; `none` unless declared. */
  readonly exposure: ServiceExposureSpec;
}

/** Defaults of a service, one place for every cloud. */
export const SERVICE_DEFAULTS = {
  port: 8080,
  replicas: 3,
  resources: { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi', ephemeralStorageRequest: '256Mi', ephemeralStorageLimit: '1Gi' },
  slo: { availabilityPercent: 99.9, latencyP99Ms: 300 },
  release: 'v1.0.0',
  /** The writable emptyDir at `/tmp` (the root filesystem is read-only); it counts towards `ephemeralStorageLimit`. */
  tmpSizeLimit: '256Mi',
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
  /**
   * The node groups exist: their node counts are the Cluster Autoscaler's (see `AwsPlacementSpec.nodeGroupsCreated`).
   * @default - not created yet
   */
  readonly nodeGroupsCreated?: true;
  /** Planned subnet CIDRs, keyed `private1..3`, `public1..3`, `isolated1..3`, `endpoints1..3`. */
  readonly subnets: Readonly<Record<string, string>>;
}

export interface AzurePlacement {
  readonly subscriptionId: string;
  readonly location: string;
  readonly cidr: string;
  readonly drLocation?: string;
  /** AKS pod range (CNI overlay). */
  readonly podCidr: string;
  /** AKS service range. */
  readonly serviceCidr: string;
  /** The reasoned exception of a cluster created before its node disks had a customer-managed key. */
  readonly platformManagedNodeDisks?: { readonly reason: string };
  readonly subnets: { readonly systemNodes: string; readonly userNodes: string; readonly privateEndpoints: string; readonly apiServer: string };
}

export interface GcpPlacement {
  readonly project: string;
  readonly region: string;
  readonly cidr: string;
  readonly drRegion?: string;
  /** The private GKE control plane's /28. */
  readonly controlPlaneCidr: string;
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
  return deepFreeze({
    name: copy.name,
    tags: { ...copy.tags },
    teams: copy.teams.map((t) => ({ name: t.name, tags: { ...t.tags } })),
    services,
    environments,
    terraformState: copy.terraformState ?? {},
    alerting: {
      escalation: copy.alerting.escalation.map((r) => ({
        name: r.name,
        emails: [...r.emails],
        webhooks: [...r.webhooks ?? []],
        ...(r.pagerDuty && { pagerDuty: { ...r.pagerDuty } }),
      })),
      roles: Object.fromEntries(ESCALATION_ROLES.map((role) => [role, [...copy.alerting.roles[role]]])) as unknown as AlertingRolesSpec,
      smtp: { ...copy.alerting.smtp },
      ...(copy.alerting.breakGlass && {
        breakGlass: {
          azure: [...copy.alerting.breakGlass.azure ?? []],
          gcp: [...copy.alerting.breakGlass.gcp ?? []],
          ...(copy.alerting.breakGlass.entraSignInLogs && { entraSignInLogs: { ...copy.alerting.breakGlass.entraSignInLogs } }),
        },
      }),
    },
    billing: { currency: copy.billing?.currency ?? 'USD', ...(copy.billing?.gcpBillingAccountId && { gcpBillingAccountId: copy.billing.gcpBillingAccountId }) },
    kubernetes: {
      version: copy.kubernetes?.version ?? DEFAULT_KUBERNETES_VERSION,
      awsAdminRoleName: copy.kubernetes?.awsAdminRoleName ?? 'platform-admin',
      azureAdminGroupObjectIds: copy.kubernetes?.azureAdminGroupObjectIds ?? [],
      ...(copy.kubernetes?.gcpSecurityGroup !== undefined ? { gcpSecurityGroup: copy.kubernetes.gcpSecurityGroup } : {}),
    },
    ...(copy.delivery && {
      delivery: {
        gitopsRepoUrl: copy.delivery.gitopsRepoUrl,
        gitopsRevision: copy.delivery.gitopsRevision ?? 'main',
        gitopsPath: copy.delivery.gitopsPath ?? 'cdk8s.out',
        ...(copy.delivery.github && { github: { ...copy.delivery.github } }),
      },
    }),
    ...(copy.imageSigning && {
      imageSigning: {
        ...(copy.imageSigning.keyless && { keyless: { ...copy.imageSigning.keyless } }),
        ...(copy.imageSigning.publicKey !== undefined && { publicKey: copy.imageSigning.publicKey }),
        ...(copy.imageSigning.gcpKmsKeyVersion !== undefined && { gcpKmsKeyVersion: copy.imageSigning.gcpKmsKeyVersion }),
      },
    }),
    ingress: {
      domain: copy.ingress?.domain ?? `${copy.name}.internal`,
      ...(copy.ingress?.clusterIssuer !== undefined && { clusterIssuer: copy.ingress.clusterIssuer }),
      ...(copy.ingress?.publicClusterIssuer !== undefined && { publicClusterIssuer: copy.ingress.publicClusterIssuer }),
    },
    spec: copy,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
