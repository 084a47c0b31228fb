import type { ArtifactKind } from '../artifacts';
import type { Environment } from '../spec';

/** Where a governed resource or property lives. */
interface GovernedTarget {
  /**
   * The knob (`network.natGateways`, relative to the tier profile) or placement field (`aws.drRegion`) that
   * governs it.
   */
  readonly field: string;
  readonly kind: ArtifactKind;
  /** Exact resource type, or a pattern. */
  readonly resourceType: string | RegExp;
  /** Only resources whose normalized address matches. @default - every resource of the type */
  readonly address?: RegExp;
}

/**
 * A family of resources whose NUMBER a field governs: NAT gateways and their EIPs follow `network.natGateways`;
 * replication resources exist only where a DR placement is set. Such resources may be present in one environment
 * and absent in another when the field says so (more resources where the number is larger, or only where the
 * placement is set), and a reference to one of them (a private route's NAT gateway) may point elsewhere.
 */
export interface GovernedFamily extends GovernedTarget {}

/** A transformation the platform applies to a knob before it reaches a property. */
export interface Derivation {
  /** Shown in placeholders: `<<cluster.generalNodesMax:perZone>>`. */
  readonly name: string;
  readonly apply: (value: any) => unknown;
}

/** A property whose VALUE a field governs. */
export interface GovernedProperty extends GovernedTarget {
  /** The property's path inside the resource, as `compare` prints it (`Properties.RetentionInDays`). */
  readonly path: RegExp;
  /** @default - the field's value itself (numbers also match their decimal string, as Kubernetes quantities) */
  readonly derive?: Derivation;
  /**
   * `value`: each environment's value must be its own field value (or derived value), alone or inside a string.
   * `presence`: any change is allowed when the field is set in one environment and not in the other (a DR
   * placement switches a repository to a multi-region location, adds geo-replicas).
   * @default 'value'
   */
  readonly match?: 'value' | 'presence';
}

/** A whole artifact that exists only where a placement field is set (the AWS DR stack). */
export interface GovernedArtifact {
  readonly field: string;
  readonly kind: ArtifactKind;
  /** Matches the normalized artifact name (`acme-<<name>>-dr`). */
  readonly artifact: RegExp;
}

/**
 * A placement value the platform derives from the spec, so it may appear wherever the placement does (the GCP
 * registry location is the multi-region `europe` when a DR region is set).
 */
export interface DerivedField {
  /** Path of the placeholder, e.g. `gcp.registryLocation`. */
  readonly path: string;
  /** The value for an environment; `undefined` where it does not apply. */
  readonly derive: (env: Environment) => string | undefined;
}

/** The reviewable statement of what each knob and placement field may change. */
export interface ParityRules {
  readonly families: readonly GovernedFamily[];
  readonly properties: readonly GovernedProperty[];
  readonly artifacts: readonly GovernedArtifact[];
  readonly derivedFields: readonly DerivedField[];
}

/** A regional GKE pool repeats its bounds in each of three zones; the platform divides tier totals by three. */
const PER_ZONE: Derivation = { name: 'perZone', apply: (total: number) => Math.max(1, Math.ceil(total / 3)) };
/** Artifact Registry cleanup policies take durations in seconds (`604800s`). */
const DAYS_AS_SECONDS: Derivation = { name: 'seconds', apply: (days: number) => `${days * 86400}s` };

/** HSM-backed keys need the Premium Key Vault SKU. */
const VAULT_SKU: Derivation = { name: 'vaultSku', apply: (hsm: boolean) => (hsm ? 'premium' : 'standard') };
const KEY_TYPE: Derivation = { name: 'keyType', apply: (hsm: boolean) => (hsm ? 'RSA-HSM' : 'RSA') };
/** A GCP Money amount: whole units as a decimal string, and the fraction in nanos (absent when there is none). */
const MONEY_UNITS: Derivation = { name: 'units', apply: (amount: number) => String(Math.trunc(amount)) };
const MONEY_NANOS: Derivation = { name: 'nanos', apply: (amount: number) => Math.round((amount - Math.trunc(amount)) * 1e9) || undefined };

/** A PodDisruptionBudget is on once there are at least two replicas to keep one of. */
const HIGHLY_AVAILABLE: Derivation = { name: 'highlyAvailable', apply: (replicas: number) => replicas > 1 };
/** Prometheus deletes its oldest blocks at 85 % of its volume (`lib/platform/monitoring-values.ts`). */
const RETENTION_SIZE: Derivation = { name: 'retentionSize', apply: (gib: number) => `${Math.floor(gib * 0.85)}GiB` };
/** Volume sizes are Kubernetes quantities in GiB (`100Gi`). */
const GIB: Derivation = { name: 'Gi', apply: (gib: number) => `${gib}Gi` };

const CFN = 'cloudformation' as const;
const TF = 'terraform' as const;
const K8S = 'kubernetes' as const;

/**
 * What the tier profiles and placements govern, as data. Placement identity values (names, accounts, regions,
 * zones, CIDRs) and declared tags are allowed to differ everywhere and need no entry; knobs only where listed
 * here, so a value that merely equals some knob elsewhere is still drift. A knob added to the profiles gets a
 * placeholder automatically, but the properties it drives must be added here before its differences are allowed.
 */
export const PARITY_RULES: ParityRules = {
  artifacts: [
    { field: 'aws.drRegion', kind: CFN, artifact: /-dr$/ },
  ],
  derivedFields: [
    // Artifact Registry has no cross-region replica: with a DR region, repositories (and their key) move to the
    // multi-region holding both regions, which also names the image host (`europe-docker.pkg.dev`).
    { path: 'gcp.registryLocation', derive: (env) => env.gcp && (env.gcp.drRegion ? sharedMultiRegion(env.gcp.region, env.gcp.drRegion) : env.gcp.region) },
  ],
  families: [
    { field: 'network.natGateways', kind: CFN, resourceType: 'AWS::EC2::NatGateway' },
    { field: 'network.natGateways', kind: CFN, resourceType: 'AWS::EC2::EIP' },
    { field: 'aws.drRegion', kind: CFN, resourceType: 'AWS::ECR::ReplicationConfiguration' },
    { field: 'azure.drLocation', kind: TF, resourceType: /^azurerm_container_registry_(geo)?replication$/ },
  ],
  properties: [
    // Network
    { field: 'network.flowLogRetentionDays', kind: CFN, resourceType: 'AWS::Logs::LogGroup', address: /FlowLog/, path: /^Properties\.RetentionInDays$/ },
    { field: 'network.flowLogRetentionDays', kind: TF, resourceType: /^azurerm_(network_watcher_flow_log|log_analytics_workspace)$/, address: /[Ff]low/, path: /(^|\.)(retention_in_days|days)$/ },
    { field: 'network.flowLogSampling', kind: TF, resourceType: 'google_compute_subnetwork', path: /^log_config(\[0\])?\.flow_sampling$/ },
    // Clusters: AWS node groups, AKS pools (system = default pool), GKE pools (per zone)
    { field: 'cluster.logRetentionDays', kind: CFN, resourceType: 'AWS::Logs::LogGroup', address: /^Cluster/, path: /^Properties\.RetentionInDays$/ },
    // Workload logs (Container Insights) and the trail's CloudWatch Logs copy keep the cluster's log retention.
    { field: 'cluster.logRetentionDays', kind: CFN, resourceType: 'AWS::Logs::LogGroup', address: /^(ContainerInsights|AuditTrail)/, path: /^Properties\.RetentionInDays$/ },
    { field: 'cluster.logRetentionDays', kind: TF, resourceType: 'azurerm_log_analytics_workspace', path: /^retention_in_days$/ },
    { field: 'cluster.systemNodesMin', kind: CFN, resourceType: 'AWS::EKS::Nodegroup', address: /System/, path: /^Properties\.ScalingConfig\.(MinSize|DesiredSize)$/ },
    { field: 'cluster.systemNodesMax', kind: CFN, resourceType: 'AWS::EKS::Nodegroup', address: /System/, path: /^Properties\.ScalingConfig\.MaxSize$/ },
    { field: 'cluster.generalNodesMin', kind: CFN, resourceType: 'AWS::EKS::Nodegroup', address: /General/, path: /^Properties\.ScalingConfig\.(MinSize|DesiredSize)$/ },
    { field: 'cluster.generalNodesMax', kind: CFN, resourceType: 'AWS::EKS::Nodegroup', address: /General/, path: /^Properties\.ScalingConfig\.MaxSize$/ },
    { field: 'cluster.systemNodesMin', kind: TF, resourceType: 'azurerm_kubernetes_cluster', path: /^default_node_pool\.(min_count|node_count)$/ },
    { field: 'cluster.systemNodesMax', kind: TF, resourceType: 'azurerm_kubernetes_cluster', path: /^default_node_pool\.max_count$/ },
    { field: 'cluster.generalNodesMin', kind: TF, resourceType: 'azurerm_kubernetes_cluster_node_pool', path: /^(min_count|node_count)$/ },
    { field: 'cluster.generalNodesMax', kind: TF, resourceType: 'azurerm_kubernetes_cluster_node_pool', path: /^max_count$/ },
    { field: 'cluster.systemNodesMin', kind: TF, resourceType: 'google_container_node_pool', address: /[Ss]ystem/, path: /^(autoscaling\.min_node_count|initial_node_count)$/, derive: PER_ZONE },
    { field: 'cluster.systemNodesMax', kind: TF, resourceType: 'google_container_node_pool', address: /[Ss]ystem/, path: /^autoscaling\.max_node_count$/, derive: PER_ZONE },
    { field: 'cluster.generalNodesMin', kind: TF, resourceType: 'google_container_node_pool', address: /[Gg]eneral/, path: /^(autoscaling\.min_node_count|initial_node_count)$/, derive: PER_ZONE },
    { field: 'cluster.generalNodesMax', kind: TF, resourceType: 'google_container_node_pool', address: /[Gg]eneral/, path: /^autoscaling\.max_node_count$/, derive: PER_ZONE },
    // Team namespaces
    { field: 'namespace.requestsCpu', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\["requests\.cpu"\]$/ },
    { field: 'namespace.requestsMemory', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\["requests\.memory"\]$/ },
    { field: 'namespace.limitsCpu', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\["limits\.cpu"\]$/ },
    { field: 'namespace.limitsMemory', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\["limits\.memory"\]$/ },
    { field: 'namespace.pods', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\.pods$/ },
    { field: 'namespace.containerCpuRequest', kind: K8S, resourceType: 'v1/LimitRange', path: /^spec\.limits\[type=Container\]\.defaultRequest\.cpu$/ },
    { field: 'namespace.containerMemoryRequest', kind: K8S, resourceType: 'v1/LimitRange', path: /^spec\.limits\[type=Container\]\.defaultRequest\.memory$/ },
    { field: 'namespace.containerCpuLimit', kind: K8S, resourceType: 'v1/LimitRange', path: /^spec\.limits\[type=Container\]\.default\.cpu$/ },
    { field: 'namespace.containerMemoryLimit', kind: K8S, resourceType: 'v1/LimitRange', path: /^spec\.limits\[type=Container\]\.default\.memory$/ },
    { field: 'namespace.requestsEphemeralStorage', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\["requests\.ephemeral-storage"\]$/ },
    { field: 'namespace.limitsEphemeralStorage', kind: K8S, resourceType: 'v1/ResourceQuota', path: /^spec\.hard\["limits\.ephemeral-storage"\]$/ },
    { field: 'namespace.containerEphemeralStorageRequest', kind: K8S, resourceType: 'v1/LimitRange', path: /^spec\.limits\[type=Container\]\.defaultRequest\.ephemeral-storage$/ },
    { field: 'namespace.containerEphemeralStorageLimit', kind: K8S, resourceType: 'v1/LimitRange', path: /^spec\.limits\[type=Container\]\.default\.ephemeral-storage$/ },
    // In-cluster monitoring: kube-prometheus-stack values in its Argo CD Application
    { field: 'monitoring.prometheusReplicas', kind: K8S, resourceType: 'argoproj.io/v1alpha1/Application', path: /^spec\.source\.helm\.valuesObject\.prometheus\.prometheusSpec\.replicas$/ },
    { field: 'monitoring.prometheusReplicas', kind: K8S, resourceType: 'argoproj.io/v1alpha1/Application', path: /^spec\.source\.helm\.valuesObject\.prometheus\.podDisruptionBudget\.enabled$/, derive: HIGHLY_AVAILABLE },
    { field: 'monitoring.prometheusStorageGiB', kind: K8S, resourceType: 'argoproj.io/v1alpha1/Application', path: /^spec\.source\.helm\.valuesObject\.prometheus\.prometheusSpec\.storageSpec\.volumeClaimTemplate\.spec\.resources\.requests\.storage$/, derive: GIB },
    { field: 'monitoring.prometheusStorageGiB', kind: K8S, resourceType: 'argoproj.io/v1alpha1/Application', path: /^spec\.source\.helm\.valuesObject\.prometheus\.prometheusSpec\.retentionSize$/, derive: RETENTION_SIZE },
    { field: 'monitoring.prometheusRetentionDays', kind: K8S, resourceType: 'argoproj.io/v1alpha1/Application', path: /^spec\.source\.helm\.valuesObject\.prometheus\.prometheusSpec\.retention$/, derive: { name: 'days', apply: (days: number) => `${days}d` } },
    // Audit evidence: the CloudTrail bucket's Object Lock and expiry, the GCP audit sink's locked retention and expiry
    { field: 'audit.retentionDays', kind: CFN, resourceType: 'AWS::S3::Bucket', address: /^AuditTrail/, path: /^Properties\.(ObjectLockConfiguration\.Rule\.DefaultRetention\.Days|LifecycleConfiguration\.Rules\[\d+\]\.ExpirationInDays)$/ },
    { field: 'audit.retentionDays', kind: TF, resourceType: 'google_storage_bucket', address: /[Aa]udit/, path: /^retention_policy(\[0\])?\.retention_period$/, derive: { name: 'seconds', apply: (days: number) => days * 86400 } },
    { field: 'audit.retentionDays', kind: TF, resourceType: 'google_storage_bucket', address: /[Aa]udit/, path: /^lifecycle_rule\[\d+\]\.condition(\[0\])?\.age$/ },
    // Key protection: HSM-backed keys (RSA-HSM) in Premium vaults where the tier asks for them
    { field: 'encryption.hsmKeys', kind: TF, resourceType: 'azurerm_key_vault', path: /^sku_name$/, derive: VAULT_SKU },
    { field: 'encryption.hsmKeys', kind: TF, resourceType: 'azurerm_key_vault_key', path: /^key_type$/, derive: KEY_TYPE },
    // GitOps: whether Argo CD syncs by itself, and when it may sync at all (the deployment gate of production)
    { field: 'delivery.autoSync', kind: K8S, resourceType: 'argoproj.io/v1alpha1/Application', path: /^spec\.syncPolicy\.automated\.enabled$/ },
    { field: 'delivery.autoSync', kind: K8S, resourceType: 'argoproj.io/v1alpha1/ApplicationSet', path: /^spec\.template\.spec\.syncPolicy\.automated\.enabled$/ },
    { field: 'delivery.syncWindowSchedule', kind: K8S, resourceType: 'argoproj.io/v1alpha1/AppProject', path: /^spec\.syncWindows\[\d+\]\.schedule$/ },
    { field: 'delivery.syncWindowDurationHours', kind: K8S, resourceType: 'argoproj.io/v1alpha1/AppProject', path: /^spec\.syncWindows\[\d+\]\.duration$/, derive: { name: 'hours', apply: (hours: number) => `${hours}h` } },
    // Image registries: ECR lifecycle rules (a JSON string), ACR retention, Artifact Registry cleanup policies
    { field: 'registry.untaggedImageExpiryDays', kind: CFN, resourceType: 'AWS::ECR::Repository', path: /^Properties\.LifecyclePolicy\.LifecyclePolicyText\(json\)\.rules\[\d+\]\.(selection\.countNumber|description)$/ },
    { field: 'registry.keepReleaseImages', kind: CFN, resourceType: 'AWS::ECR::Repository', path: /^Properties\.LifecyclePolicy\.LifecyclePolicyText\(json\)\.rules\[\d+\]\.(selection\.countNumber|description)$/ },
    // Replica repositories expire like their sources: the DR region's creation template carries the same knobs.
    { field: 'registry.untaggedImageExpiryDays', kind: CFN, resourceType: 'AWS::ECR::RepositoryCreationTemplate', path: /^Properties\.LifecyclePolicy\(json\)\.rules\[\d+\]\.(selection\.countNumber|description)$/ },
    { field: 'registry.keepReleaseImages', kind: CFN, resourceType: 'AWS::ECR::RepositoryCreationTemplate', path: /^Properties\.LifecyclePolicy\(json\)\.rules\[\d+\]\.(selection\.countNumber|description)$/ },
    { field: 'registry.untaggedImageExpiryDays', kind: TF, resourceType: 'azurerm_container_registry', path: /^(retention_policy_in_days|retention_policy(\[0\])?\.days)$/ },
    { field: 'registry.untaggedImageExpiryDays', kind: TF, resourceType: 'google_artifact_registry_repository', path: /^cleanup_policies\[.*\]\.condition\.older_than$/, derive: DAYS_AS_SECONDS },
    { field: 'registry.keepReleaseImages', kind: TF, resourceType: 'google_artifact_registry_repository', path: /^cleanup_policies\[.*\]\.most_recent_versions\.keep_count$/ },
    // GCP billing budgets: the amount as Money, whole units (a decimal string) and nanos for the cents
    { field: 'budget.monthlyAmount', kind: TF, resourceType: 'google_billing_budget', path: /^amount(\[0\])?\.specified_amount(\[0\])?\.units$/, derive: MONEY_UNITS },
    { field: 'budget.monthlyAmount', kind: TF, resourceType: 'google_billing_budget', path: /^amount(\[0\])?\.specified_amount(\[0\])?\.nanos$/, derive: MONEY_NANOS },
    // Azure consumption budgets: the amount, in the billing account's currency
    { field: 'budget.monthlyAmount', kind: TF, resourceType: 'azurerm_consumption_budget_subscription', path: /^amount$/ },
    // AWS Budgets: the limit (USD, the only unit AWS Budgets accepts)
    { field: 'budget.monthlyAmount', kind: CFN, resourceType: 'AWS::Budgets::Budget', path: /^Properties\.Budget\.BudgetLimit\.Amount$/ },
    // Node groups that exist leave their node counts to the Cluster Autoscaler: no DesiredSize in their templates.
    { field: 'aws.nodeGroupsCreated', kind: CFN, resourceType: 'AWS::EKS::Nodegroup', path: /^Properties\.ScalingConfig\.DesiredSize$/, match: 'presence' },
    // DR placements
    { field: 'azure.drLocation', kind: TF, resourceType: 'azurerm_container_registry', path: /^georeplications/, match: 'presence' },
    // The GCP resource-locations guardrail also allows the DR region, and the multi-region the registry moves to.
    // Azure Policy "Allowed locations": the DR location is allowed only where the environment has one
    { field: 'azure.drLocation', kind: TF, resourceType: 'azurerm_subscription_policy_assignment', address: /AllowedLocations/, path: /^parameters\(json\)\.listOfAllowedLocations\.value\[\d+\]$/, match: 'presence' },
    { field: 'gcp.drRegion', kind: TF, resourceType: 'google_org_policy_policy', address: /ResourceLocations/, path: /^spec(\[0\])?\.rules\[0\]\.values\.allowed_values\[\d+\]$/, match: 'presence' },
  ],
};

/** Artifact Registry's multi-regions are named by the prefix of the regions they span. */
function sharedMultiRegion(region: string, drRegion: string): string | undefined {
  const prefix = region.split('-')[0];
  return drRegion.startsWith(`${prefix}-`) ? prefix : region;
}

/** Whether a rule's target covers a resource. */
export function targets(t: GovernedTarget, kind: ArtifactKind, resourceType: string, address: string): boolean {
  if (t.kind !== kind) return false;
  const typeOk = typeof t.resourceType === 'string' ? t.resourceType === resourceType : t.resourceType.test(resourceType);
  return typeOk && (!t.address || t.address.test(address));
}

