/**
 * Tier profiles: every sizing knob of the baseline, in one place.
 *
 * These are the only values allowed to differ between environments of different tiers (besides placements).
 * Everything else about an environment is the same baseline, which is what makes dev a fair rehearsal for prod.
 * An organization may override knobs per tier with `tierProfiles` in its spec; the overrides are validated
 * with the same rules.
 */
export type Tier = 'dev' | 'staging' | 'prod';
export const TIERS: readonly Tier[] = ['dev', 'staging', 'prod'];

/** Sizing knobs of the network baseline. */
export interface NetworkKnobs {
  /** NAT gateways in an AWS VPC: 1 shares one gateway across AZs; 3 gives one per AZ, so an AZ outage keeps egress. */
  readonly natGateways: number;
  /**
   * Retention of VPC/subnet flow logs, in days. Must be a value CloudWatch Logs accepts, and at least
   * {@link MIN_FLOW_LOG_RETENTION_DAYS} (CIS asks 90 days of flow logs).
   */
  readonly flowLogRetentionDays: number;
  /** Fraction of flows sampled by GCP subnet flow logs, in (0, 1]. */
  readonly flowLogSampling: number;
}

/**
 * Per-namespace quota and container defaults for each team namespace. `defineOrganization` checks that every
 * team's services fit the quota of every environment at their autoscaling maximum (`maxReplicas`), a rolling
 * update's surge included (`capacity.ts`).
 */
export interface NamespaceKnobs {
  readonly requestsCpu: string;
  readonly requestsMemory: string;
  readonly limitsCpu: string;
  readonly limitsMemory: string;
  readonly pods: number;
  readonly containerCpuRequest: string;
  readonly containerMemoryRequest: string;
  readonly containerCpuLimit: string;
  readonly containerMemoryLimit: string;
  /**
   * Sum of the namespace's ephemeral-storage requests (local disk: writable volumes and logs). An override of
   * `pods` that leaves it unset scales it with the pods: 256Mi per pod, a service's default request.
   */
  readonly requestsEphemeralStorage: string;
  /**
   * Sum of the namespace's ephemeral-storage limits. An override of `pods` that leaves it unset scales it with the
   * pods: 1Gi per pod, a service's default limit.
   */
  readonly limitsEphemeralStorage: string;
  /** Ephemeral-storage request of a container that sets none. */
  readonly containerEphemeralStorageRequest: string;
  /** Ephemeral-storage limit of a container that sets none. */
  readonly containerEphemeralStorageLimit: string;
}

/**
 * Kubernetes cluster sizing. Node bounds are totals per cluster across its three zones (GKE's per-zone bounds are
 * derived from them), so the same number means the same capacity on every cloud. `defineOrganization` checks that the
 * general pool at `generalNodesMax` holds every service at its autoscaling maximum during a rollout, next to the
 * cluster add-ons, on each cloud's general machine type (`node-capacity.ts`).
 */
export interface ClusterKnobs {
  readonly systemNodesMin: number;
  readonly systemNodesMax: number;
  readonly generalNodesMin: number;
  readonly generalNodesMax: number;
  /** Retention of control-plane logs (EKS log group, AKS Log Analytics workspace), in days. */
  readonly logRetentionDays: number;
}

/** Image repository housekeeping, the same meaning on ECR, ACR and Artifact Registry. */
export interface RegistryKnobs {
  /** Untagged images (and ACR untagged manifests) are deleted after this many days. */
  readonly untaggedImageExpiryDays: number;
  /** How many of the most recent release images each repository keeps (older ones are cleaned up). */
  readonly keepReleaseImages: number;
}

/** How keys are protected. */
export interface EncryptionKnobs {
  /**
   * Customer-managed keys live in an HSM (Azure Key Vault Premium `RSA-HSM`) instead of software. It costs a little
   * more per key and operation, and FIPS 140 Level 3 regimes ask for it, so prod has it. An environment decides before
   * its first apply: turning it on later replaces the keys, which their deletion protection refuses.
   */
  readonly hsmKeys: boolean;
}

/** Cost guardrail of an environment: one monthly budget per cloud. */
export interface BudgetKnobs {
  /** Monthly budget per cloud, in the billing currency. Alerts at 80 % and 100 % of it. */
  readonly monthlyAmount: number;
}

/**
 * How Argo CD deploys an environment: automatically on every commit (with self-heal), or only when someone syncs,
 * inside the allowed sync window. Manual sync inside a window is the deployment gate of production.
 */
export interface DeliveryKnobs {
  /** Whether Argo CD syncs every commit by itself, pruning and reverting hand-made changes (self-heal). */
  readonly autoSync: boolean;
  /**
   * Cron schedule (five fields, UTC) at which the environment's sync window opens. Outside its windows Argo CD syncs
   * nothing, by hand or automatically.
   */
  readonly syncWindowSchedule: string;
  /** How long each sync window stays open, in hours (1-24); 24 from midnight means always open. */
  readonly syncWindowDurationHours: number;
}

/** Sizing of the in-cluster monitoring stack (Prometheus from kube-prometheus-stack). */
export interface MonitoringKnobs {
  /** Prometheus replicas: 2 make an HA pair that keeps scraping and alerting through a node drain. */
  readonly prometheusReplicas: number;
  /** Persistent volume of each Prometheus replica, in GiB; it holds `prometheusRetentionDays` of series. */
  readonly prometheusStorageGiB: number;
  /**
   * Days Prometheus keeps its series, at least the SLO period (30 days): the error budget and availability are
   * computed over that period in-cluster. Prometheus also deletes the oldest blocks before its volume fills up.
   */
  readonly prometheusRetentionDays: number;
}

/** How long audit evidence is kept: the cloud audit trail of every account, subscription and project. */
export interface AuditKnobs {
  /**
   * Days the audit logs are kept and locked against deletion: the CloudTrail bucket's S3 Object Lock (governance
   * mode) and expiry on AWS, the audit sink bucket's locked retention policy on GCP. At least 365 (CIS). A locked GCP
   * retention can be lengthened, never shortened.
   */
  readonly retentionDays: number;
}

/** All knobs of one tier. */
export interface TierProfile {
  readonly network: NetworkKnobs;
  readonly namespace: NamespaceKnobs;
  readonly cluster: ClusterKnobs;
  readonly registry: RegistryKnobs;
  readonly budget: BudgetKnobs;
  readonly encryption: EncryptionKnobs;
  readonly delivery: DeliveryKnobs;
  readonly monitoring: MonitoringKnobs;
  readonly audit: AuditKnobs;
}

/** A partial profile, as an organization writes it to override the defaults of a tier. */
export type TierProfileOverride = { readonly [K in keyof TierProfile]?: Partial<TierProfile[K]> };

/** Retention values CloudWatch Logs accepts (days). Azure and GCP accept any of these too. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** CIS (Microsoft Azure Foundations) asks that NSG/VNet flow logs are kept at least 90 days; every cloud follows it. */
export const MIN_FLOW_LOG_RETENTION_DAYS = 90;

/** The library's default tier profiles. */
export const DEFAULT_TIER_PROFILES: Readonly<Record<Tier, TierProfile>> = {
  dev: {
    network: { natGateways: 1, flowLogRetentionDays: 90, flowLogSampling: 0.25 },
    // Sized for a team of about six services at their autoscaling maximum (three times their replicas) during a
    // rollout: a quota is a ceiling, not a reservation, so headroom costs nothing until the autoscaler uses it.
    namespace: {
      requestsCpu: '20',
      requestsMemory: '32Gi',
      limitsCpu: '80',
      limitsMemory: '64Gi',
      pods: 100,
      containerCpuRequest: '100m',
      containerMemoryRequest: '128Mi',
      containerCpuLimit: '500m',
      containerMemoryLimit: '512Mi',
      // Local disk at 256Mi requested and 1Gi allowed per pod of the `pods` quota (a service's defaults).
      requestsEphemeralStorage: '25Gi',
      limitsEphemeralStorage: '100Gi',
      containerEphemeralStorageRequest: '128Mi',
      containerEphemeralStorageLimit: '1Gi',
    },
    // The general pool's maximum holds about 55 cores of services at their autoscaling maximum during a rollout (the
    // example organization's 42 and room to grow), next to the add-ons; a maximum costs nothing until it is used.
    cluster: { systemNodesMin: 3, systemNodesMax: 3, generalNodesMin: 3, generalNodesMax: 18, logRetentionDays: 30 },
    registry: { untaggedImageExpiryDays: 7, keepReleaseImages: 20 },
    budget: { monthlyAmount: 3000 },
    monitoring: { prometheusReplicas: 1, prometheusStorageGiB: 50, prometheusRetentionDays: 30 },
    // Over a year, as CIS asks; the 7 years of financial audits are production's.
    audit: { retentionDays: 400 },
    encryption: { hsmKeys: false },
    delivery: { autoSync: true, syncWindowSchedule: '0 0 * * *', syncWindowDurationHours: 24 },
  },
  staging: {
    network: { natGateways: 3, flowLogRetentionDays: 90, flowLogSampling: 0.5 },
    namespace: {
      requestsCpu: '24',
      requestsMemory: '48Gi',
      limitsCpu: '96',
      limitsMemory: '128Gi',
      pods: 200,
      containerCpuRequest: '100m',
      containerMemoryRequest: '128Mi',
      containerCpuLimit: '1',
      containerMemoryLimit: '1Gi',
      requestsEphemeralStorage: '50Gi',
      limitsEphemeralStorage: '200Gi',
      containerEphemeralStorageRequest: '128Mi',
      containerEphemeralStorageLimit: '1Gi',
    },
    cluster: { systemNodesMin: 3, systemNodesMax: 6, generalNodesMin: 3, generalNodesMax: 24, logRetentionDays: 90 },
    registry: { untaggedImageExpiryDays: 14, keepReleaseImages: 50 },
    budget: { monthlyAmount: 6000 },
    monitoring: { prometheusReplicas: 2, prometheusStorageGiB: 100, prometheusRetentionDays: 30 },
    audit: { retentionDays: 400 },
    encryption: { hsmKeys: false },
    delivery: { autoSync: true, syncWindowSchedule: '0 0 * * *', syncWindowDurationHours: 24 },
  },
  prod: {
    network: { natGateways: 3, flowLogRetentionDays: 365, flowLogSampling: 1 },
    namespace: {
      requestsCpu: '32',
      requestsMemory: '64Gi',
      limitsCpu: '128',
      limitsMemory: '256Gi',
      pods: 300,
      containerCpuRequest: '250m',
      containerMemoryRequest: '256Mi',
      containerCpuLimit: '2',
      containerMemoryLimit: '2Gi',
      requestsEphemeralStorage: '75Gi',
      limitsEphemeralStorage: '300Gi',
      containerEphemeralStorageRequest: '128Mi',
      containerEphemeralStorageLimit: '1Gi',
    },
    cluster: { systemNodesMin: 3, systemNodesMax: 6, generalNodesMin: 6, generalNodesMax: 30, logRetentionDays: 365 },
    registry: { untaggedImageExpiryDays: 30, keepReleaseImages: 100 },
    budget: { monthlyAmount: 25000 },
    monitoring: { prometheusReplicas: 2, prometheusStorageGiB: 200, prometheusRetentionDays: 30 },
    // Seven years: what SOX and most financial regulators ask audit evidence to be kept.
    audit: { retentionDays: 2557 },
    encryption: { hsmKeys: true },
    // Releases reach production by hand, Monday to Thursday from 09:00 to 15:00 UTC, with people at work to watch.
    delivery: { autoSync: false, syncWindowSchedule: '0 9 * * 1-4', syncWindowDurationHours: 6 },
  },
};

/** Merges an organization's overrides over the library defaults, knob by knob. */
export function resolveTierProfile(tier: Tier, override: TierProfileOverride = {}): TierProfile {
  const base = DEFAULT_TIER_PROFILES[tier];
  return {
    network: { ...base.network, ...override.network },
    namespace: resolveNamespaceKnobs(base.namespace, override.namespace),
    cluster: { ...base.cluster, ...override.cluster },
    registry: { ...base.registry, ...override.registry },
    budget: { ...base.budget, ...override.budget },
    monitoring: { ...base.monitoring, ...override.monitoring },
    audit: { ...base.audit, ...override.audit },
    encryption: { ...base.encryption, ...override.encryption },
    delivery: { ...base.delivery, ...override.delivery },
  };
}

/** Local disk per pod of the `pods` quota, in MiB: a service's default ephemeral-storage request and limit. */
export const EPHEMERAL_STORAGE_PER_POD_MIB = { requests: 256, limits: 1024 } as const;

/**
 * Merges namespace knobs. The ephemeral-storage quota follows an overridden `pods` unless it is given too: an
 * organization that raised `pods` before ephemeral storage was bounded keeps a spec that validates, with the same
 * local disk per pod as the defaults.
 */
function resolveNamespaceKnobs(base: NamespaceKnobs, override: Partial<NamespaceKnobs> = {}): NamespaceKnobs {
  const merged = { ...base, ...override };
  if (override.pods === undefined) return merged;
  const perPod = (mib: number) => (override.pods! * mib % 1024 === 0 ? `${override.pods! * mib / 1024}Gi` : `${override.pods! * mib}Mi`);
  return {
    ...merged,
    requestsEphemeralStorage: override.requestsEphemeralStorage ?? perPod(EPHEMERAL_STORAGE_PER_POD_MIB.requests),
    limitsEphemeralStorage: override.limitsEphemeralStorage ?? perPod(EPHEMERAL_STORAGE_PER_POD_MIB.limits),
  };
}
