import type { Tier, TierProfileOverride } from './tiers';

/**
 * The organization, as one typed object. This is what a platform team writes (see `examples/acme/org.ts`);
 * `defineOrganization` validates it and resolves defaults, tier profiles and network plans.
 */
export interface OrganizationSpec {
  /** Organization short name, a DNS label of at most 12 characters (it prefixes every resource name). */
  readonly name: string;
  /**
   * Mandatory tags/labels: at least `owner`, `cost-center` and `data-classification`. `environment` is added per
   * environment. Keys and values must be valid on every cloud and in Kubernetes (lowercase, digits, `-`, `_`).
   */
  readonly tags: Readonly<Record<string, string>>;
  /** Teams that own services; each gets a namespace in every cluster. */
  readonly teams: readonly TeamSpec[];
  /**
   * The services the teams run. Each gets an image repository on every cloud where an environment runs, and a
   * workload in every cluster.
   * @default [] - a platform without services yet
   */
  readonly services?: readonly ServiceSpec[];
  /** The environments, in promotion order (dev first). */
  readonly environments: readonly EnvironmentSpec[];
  /**
   * Per-tier overrides of the library's tier profiles. Only knobs may be overridden; this is where an
   * organization says how its environments may differ.
   * @default - the library's profiles (`DEFAULT_TIER_PROFILES`)
   */
  readonly tierProfiles?: Readonly<Partial<Record<Tier, TierProfileOverride>>>;
  /**
   * Kubernetes clusters: version and who administers them.
   * @default - version 1.33, AWS admin role `platform-admin`; Azure admin groups are required when Azure is used
   */
  readonly kubernetes?: KubernetesSpec;
  /**
   * Who is alerted, in escalation order: budget alerts at 80 % go to the first receiver, at 100 % to all of them.
   * The monitoring baseline uses the same receivers.
   */
  readonly alerting: AlertingSpec;
  /**
   * Billing facts the budgets need. Amounts are tier knobs (`budget.monthlyAmount`).
   * @default - currency USD; required when an environment is on GCP (its billing account)
   */
  readonly billing?: BillingSpec;
  /**
   * Where Terraform keeps state. Required when any environment is placed on Azure or GCP: state is never local.
   * @default - none; validation asks for it when needed
   */
  readonly terraformState?: TerraformStateSpec;
  /**
   * GitOps: the repository Argo CD deploys every cluster from. With it, each cluster gets Argo CD's AppProjects
   * (the platform's, one per team) and the environment's ApplicationSet.
   * @default - no GitOps objects: the manifests are applied some other way
   */
  readonly delivery?: DeliverySpec;
  /**
   * How the organization signs its container images. Every cluster then admits only images of the organization's
   * registries that carry a valid signature: Kyverno `verifyImages` in Enforce mode on every cluster, and on GKE
   * also a Binary Authorization policy whose attestor holds `publicKey`. CI signs each release image with the same
   * identity or key (cosign).
   * @default - no signature enforcement: `npm run check` then fails (`K8S-IMAGES-SIGNED`, `TF-GCP-BINARY-AUTHORIZATION`)
   */
  readonly imageSigning?: ImageSigningSpec;
  /**
   * Ingress: how services exposed beyond the cluster (`services[].exposure`) are named and what signs their
   * certificates. Each cluster gets an internal Gateway, and a public one only when some service is public.
   * @default - domain `<organization name>.internal`, certificates from a private CA of each cluster
   */
  readonly ingress?: IngressSpec;
}

/**
 * Names and certificates of the cluster Gateways. An exposed service is reached at
 * `https://<service>.<environment>.<domain>`, the same name on every cloud (DNS decides which cluster answers).
 */
export interface IngressSpec {
  /**
   * DNS domain under which exposed services are named (at most 200 characters, so every host name fits).
   * @default '<organization name>.internal' (`.internal` is reserved for private use: never on the internet)
   */
  readonly domain?: string;
  /**
   * The cert-manager ClusterIssuer that signs the internal Gateway's certificates: your organization's PKI (an AWS
   * Private CA, Vault or ACME issuer you install), so clients already trust it.
   * @default - a private CA per cluster (ClusterIssuer `baseline-private-ca`); clients must trust its root
   */
  readonly clusterIssuer?: string;
  /**
   * The cert-manager ClusterIssuer that signs the public Gateway's certificates, which browsers must trust (an ACME
   * issuer such as Let's Encrypt with a DNS-01 solver, installed by you). Required when a service is public.
   * @default - none
   */
  readonly publicClusterIssuer?: string;
}

/**
 * How release images are signed, with cosign (Sigstore). Give `keyless`, `publicKey` or both; with both, either
 * signature admits an image. Environments on GCP need `publicKey`: Binary Authorization attestors verify PKIX keys,
 * not keyless identities.
 *
 * ```ts
 * imageSigning: {
 *   keyless: { issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/*' },
 *   publicKey: '-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n',
 * }
 * ```
 */
export interface ImageSigningSpec {
  /**
   * Keyless signing (`cosign sign` with an OIDC token; Fulcio certificate, Rekor transparency log): the signer's
   * identity as the certificate records it.
   * @default - no keyless identity is trusted
   */
  readonly keyless?: KeylessSigningSpec;
  /**
   * The cosign public key, PEM (`-----BEGIN PUBLIC KEY-----`), ECDSA P-256: what `cosign generate-key-pair` writes
   * to `cosign.pub`, or the public key of a cloud KMS key (`cosign public-key --key gcpkms://...`).
   * @default - no key is trusted
   */
  readonly publicKey?: string;
  /**
   * The Cloud KMS key version that holds the private half of `publicKey` (`EC_SIGN_P256_SHA256`):
   * `projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<n>`. The generated
   * workflows sign with it (`cosign sign --key gcpkms://...`) and attest each image for GKE's Binary Authorization
   * (`gcloud beta container binauthz attestations sign-and-create --validate`); each environment's attestor names
   * the key version as its public key's id, and each team's CI service account may sign with it. Required with
   * `delivery.github` when an environment runs on GCP: without an attestation GKE admits none of the images.
   * @default - no KMS key: CI cannot attest, and signs keyless only
   */
  readonly gcpKmsKeyVersion?: string;
}

/** A Sigstore keyless signer: which OIDC issuer vouched for which identity. */
export interface KeylessSigningSpec {
  /** OIDC issuer URL, e.g. `https://token.actions.githubusercontent.com` for GitHub Actions. */
  readonly issuer: string;
  /**
   * The signer's identity, the certificate's subject: for GitHub Actions, the workflow
   * `https://github.com/<org>/<repo>/.github/workflows/<file>@refs/heads/main`. `*` matches any characters
   * (`https://github.com/acme/*` trusts every workflow of the `acme` organization).
   */
  readonly subject: string;
}

/** Where the synthesized manifests are committed for Argo CD to deploy. */
export interface DeliverySpec {
  /** The Git repository holding the synthesized manifests, as Argo CD clones it (`https://...`). */
  readonly gitopsRepoUrl: string;
  /** Branch, tag or commit Argo CD follows. @default 'main' */
  readonly gitopsRevision?: string;
  /** Folder of the repository holding the `cdk8s.out` tree (`<env>/<cloud>/...`). @default 'cdk8s.out' */
  readonly gitopsPath?: string;
  /**
   * Where the teams build their services: with it, synth writes a GitHub Actions workflow per service
   * (`ci.out/<team>/.github/workflows/<service>.yml`) and every cloud trusts those workflows through OIDC
   * federation, so no cloud key is ever stored in GitHub.
   * @default - no pipelines and no CI identities
   */
  readonly github?: GitHubDeliverySpec;
}

/**
 * The GitHub organization that builds the services. Each team's services live in the team's repository
 * (`<owner>/<team>`, one folder per service: `services/<service>/` with its Dockerfile), whose workflows are the only
 * ones each cloud lets push that team's images, and only from the GitHub environment of the same name.
 */
export interface GitHubDeliverySpec {
  /** The GitHub organization (owner) of the team repositories, e.g. `acme`. */
  readonly owner: string;
  /**
   * The repository, in `owner`, holding this organization file and its `releases.json` (service name -> release
   * tag). A service's workflow opens a pull request there to release a version; it never deploys by itself.
   */
  readonly platformRepository: string;
  /**
   * Slugs of the GitHub teams whose members approve every release into a prod-tier environment: one approval by a
   * member of any of them, never by the person who started the run (GitHub's required reviewers, at most six).
   * `{team}` stands for the GitHub team of the team that owns the service, whose slug is the team's name.
   * @default ['{team}']
   */
  readonly prodReviewers?: readonly string[];
}

/**
 * Who is alerted. `escalation` names the receivers (in escalation order, which budgets use); `roles` says which
 * receivers stand for each escalation role of the organization's alert standards (`lib/standards`), so the same
 * alert escalates the same way in the cluster (Alertmanager) and on every cloud (SNS topics, action groups,
 * notification channels).
 */
export interface AlertingSpec {
  readonly escalation: readonly AlertReceiverSpec[];
  /**
   * The receivers (names from `escalation`) of every escalation role: `devops`, `eng-lead`, `cto`, `on-call`,
   * `team-lead` and `security`. Every role is required, so no standard's alert can escalate to nobody.
   */
  readonly roles: AlertingRolesSpec;
  /** The SMTP relay the in-cluster Alertmanager sends email through. */
  readonly smtp: AlertingSmtpSpec;
  /**
   * The emergency-access ("break-glass") accounts of Azure and Google Cloud. Any operation one of them performs is a
   * security event that reaches devops and security at once. AWS needs none: its break-glass account is the root
   * user, whose every use already alerts.
   * @default - no break-glass alert on Azure or Google Cloud
   */
  readonly breakGlass?: AlertingBreakGlassSpec;
}

/** Emergency-access accounts per cloud, by sign-in name. */
export interface AlertingBreakGlassSpec {
  /**
   * User principal names of the Entra ID emergency-access accounts, as the Activity Log records them as `Caller`
   * (e.g. `breakglass1@acme.onmicrosoft.com`).
   * @default []
   */
  readonly azure?: readonly string[];
  /**
   * Google accounts kept for emergencies, as audit logs record them in `principalEmail` (e.g.
   * `breakglass@acme.example`).
   * @default []
   */
  readonly gcp?: readonly string[];
  /**
   * Opt-in: export the Entra ID tenant's sign-in logs to the Log Analytics workspace of this Azure environment and
   * alert on any sign-in of the `azure` accounts, successful or not (`EntraSignInAlerts`). Without it, Azure sees an
   * account's operations in the subscription, not its sign-in. Tenant-level: whoever applies that environment's
   * stack needs Security Administrator (or Global Administrator) in Entra ID, the tenant needs Entra ID P1 or P2,
   * and one environment per tenant exports it.
   * @default no export
   */
  readonly entraSignInLogs?: AlertingEntraSignInLogsSpec;
}

/** Where the Entra ID tenant's sign-in logs are exported (see {@link AlertingBreakGlassSpec.entraSignInLogs}). */
export interface AlertingEntraSignInLogsSpec {
  /** The environment (on Azure) whose Log Analytics workspace receives the tenant's sign-in logs. */
  readonly environment: string;
}

/** Receivers of each escalation role, by receiver name. */
export interface AlertingRolesSpec {
  readonly 'devops': readonly string[];
  readonly 'eng-lead': readonly string[];
  readonly 'cto': readonly string[];
  readonly 'on-call': readonly string[];
  readonly 'team-lead': readonly string[];
  readonly 'security': readonly string[];
}

/** An SMTP relay. */
export interface AlertingSmtpSpec {
  /** `host:port` of the relay, e.g. `smtp.acme.example:587`. STARTTLS is required. */
  readonly smarthost: string;
  /** Sender address, e.g. `alertmanager@acme.example`. */
  readonly from: string;
}

/** One escalation level: a team or a paging rotation, and how to reach it. */
export interface AlertReceiverSpec {
  /** DNS label, e.g. `platform-oncall`. */
  readonly name: string;
  /** Email addresses (a paging service's email integration works too). */
  readonly emails: readonly string[];
  /**
   * HTTPS endpoints that receive alerts as JSON (chat or incident tools).
   * @default [] - email only
   */
  readonly webhooks?: readonly string[];
  /**
   * PagerDuty Events v2 routing key, by reference: the Kubernetes Secret (in the monitoring namespace) and its key
   * that hold it. Keys never appear in the spec or in synthesized output.
   * @default - no PagerDuty integration
   */
  readonly pagerDuty?: { readonly secretName: string; readonly secretKey: string };
}

/** Billing facts of the budgets. */
export interface BillingSpec {
  /**
   * ISO 4217 currency of the budget amounts, the billing accounts' currency on every cloud. Must be USD when an
   * environment is on AWS, whose budgets count in USD only.
   * @default 'USD'
   */
  readonly currency?: string;
  /** Cloud Billing account of the GCP projects, `XXXXXX-XXXXXX-XXXXXX`. Required when an environment is on GCP. */
  readonly gcpBillingAccountId?: string;
}

/** A team. */
export interface TeamSpec {
  /** DNS label; it names the team's namespace. */
  readonly name: string;
  /** Extra tags/labels for the team's resources, e.g. a team-specific `cost-center`. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A service: one container image, deployed to every environment's clusters. */
export interface ServiceSpec {
  /** DNS label of at most 40 characters, unique in the organization; it names the image repository and the workload. */
  readonly name: string;
  /** The owning team (one of `teams`); the service runs in the team's namespace. */
  readonly team: string;
  /** Container port the service listens on. @default 8080 */
  readonly port?: number;
  /**
   * Replicas in every environment. The same everywhere on purpose: dev rehearses prod's rollout and disruption
   * behaviour. At least 2 keeps a PodDisruptionBudget meaningful.
   * @default 3 - one per zone
   */
  readonly replicas?: number;
  /**
   * Upper bound of the service's HorizontalPodAutoscaler, which scales it on CPU between `replicas` and this (at
   * least `replicas`; equal to it, the service does not autoscale). Every environment's namespace quota must hold
   * the team's services at this maximum during a rollout: validation says which team does not fit where.
   * @default 3 * replicas
   */
  readonly maxReplicas?: number;
  /** Container resources; each field has a default. */
  readonly resources?: ServiceResourcesSpec;
  /** Service level objective; the monitoring baseline alerts on its error budget. */
  readonly slo?: ServiceSloSpec;
  /**
   * The release (image tag) the manifests deploy, the same in every environment. Tags are immutable in every
   * registry, so a release is promoted by changing it here, which is reviewed and drift-checked.
   * @default 'v1.0.0'
   */
  readonly release?: string;
  /**
   * When the commit `release` was built from was made, as an RFC 3339 UTC timestamp (like `2026-12-03T18:45:00Z`).
   * The release workflow writes it into `releases.json` next to the version, and `withReleases` sets it here. Each
   * cluster measures the lead time from this commit to the release fully promoted there (the delivery dashboard).
   * @default - not measured: the release's lead time is unknown
   */
  readonly releaseCommittedAt?: string;
  /**
   * What the service may do on each cloud, through workload identity (never node-wide permissions or keys).
   * @default - no cloud access: the service gets a Kubernetes service account only
   */
  readonly cloudAccess?: ServiceCloudAccessSpec;
  /**
   * The services this one calls, by name: of its own team or of another. The platform opens exactly these paths
   * (egress from this service's pods, ingress to the callee's pods on the callee's port, across namespaces where
   * needed); every other pair of services stays denied.
   * @default [] - calls no other service
   */
  readonly calls?: readonly string[];
  /**
   * Who outside the cluster may reach the service, through the cluster's Gateway.
   * @default - not exposed: only the services that declare a call to it reach it
   */
  readonly exposure?: ServiceExposureSpec;
}

/**
 * How far a service is exposed beyond the cluster.
 * - `none`: only declared callers inside the cluster reach it (the default);
 * - `internal`: also the organization's network, through the cluster's internal Gateway (an HTTPRoute for
 *   `<service>.<environment>.<ingress.domain>` on an internal load balancer, TLS only);
 * - `public`: reachable from the internet, through the cluster's public Gateway. A weakened control: it takes a
 *   reason, which the Gateway carries and the policy report lists.
 */
export type ServiceExposureLevel = 'none' | 'internal' | 'public';

/** A service's exposure beyond the cluster. */
export interface ServiceExposureSpec {
  /** How far the service is exposed. */
  readonly level: ServiceExposureLevel;
  /**
   * Why the service must be reachable from the internet; required for, and only taken with, `public`, so a
   * reviewer sees why the control is weakened.
   * @default - none
   */
  readonly reason?: string;
}

/** Cloud permissions of a service, as data. */
export interface ServiceCloudAccessSpec {
  /**
   * IAM statements and managed policies of the service's EKS Pod Identity role. In resources, `{account}`,
   * `{region}` and `{partition}` become each environment's own, so one grant needs no wildcard.
   */
  readonly aws?: {
    readonly managedPolicyArns?: readonly string[];
    readonly statements?: readonly { readonly actions: readonly string[]; readonly resources: readonly string[] }[];
  };
  /** Roles of the service's Azure identity; without `scope` a role applies to the environment's cluster resource group. */
  readonly azure?: { readonly roleAssignments?: readonly { readonly roleDefinitionName: string; readonly scope?: string }[] };
  /** Project roles of the service's Google service account. */
  readonly gcp?: { readonly projectRoles?: readonly string[] };
}

/** Requests and limits of a service's container (Kubernetes quantities). */
export interface ServiceResourcesSpec {
  /** @default '250m' */
  readonly cpuRequest?: string;
  /** @default '256Mi' */
  readonly memoryRequest?: string;
  /** @default '1' */
  readonly cpuLimit?: string;
  /** @default '512Mi' */
  readonly memoryLimit?: string;
  /** Local disk guaranteed to the container (writable `/tmp` and logs). @default '256Mi' */
  readonly ephemeralStorageRequest?: string;
  /** Local disk at which the pod is evicted; at least the 256Mi of its `/tmp` volume. @default '1Gi' */
  readonly ephemeralStorageLimit?: string;
}

/** A service level objective. */
export interface ServiceSloSpec {
  /** Share of successful requests over 30 days, in percent, 90 to 99.999. @default 99.9 */
  readonly availabilityPercent?: number;
  /** 99th-percentile latency objective, in milliseconds. @default 300 */
  readonly latencyP99Ms?: number;
}

/** One environment and where it runs. A cloud left out simply has no stack for that cloud. */
export interface EnvironmentSpec {
  /** DNS label of at most 12 characters, e.g. `dev`, `staging`, `prod`, `perf`. */
  readonly name: string;
  /** Which tier profile sizes this environment. */
  readonly tier: Tier;
  /** Extra or overriding tags for this environment, e.g. a stricter `data-classification`. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default - no AWS stack */
  readonly aws?: AwsPlacementSpec;
  /** @default - no Azure stack */
  readonly azure?: AzurePlacementSpec;
  /** @default - no GCP stack */
  readonly gcp?: GcpPlacementSpec;
}

/** An AWS placement. */
export interface AwsPlacementSpec {
  /** 12-digit account id. */
  readonly account: string;
  /** Region, e.g. `eu-west-1`. */
  readonly region: string;
  /** VPC CIDR, /16 to /20, unique across every environment and cloud. */
  readonly cidr: string;
  /**
   * Three availability zones. Given explicitly so synth never looks them up in the account.
   * @default - `<region>a`, `<region>b`, `<region>c`
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Disaster-recovery region: what holds data (image repositories) is replicated there.
   * @default - no replica
   */
  readonly drRegion?: string;
  /**
   * The environment's EKS node groups exist (its AWS stack was deployed once). Their node counts are then left to
   * the Cluster Autoscaler: the templates carry no `DesiredSize`, so a change of the tier's node bounds no longer
   * sets the counts back to the minimum under load. Set it after the first deployment: EKS creates a node group only
   * with all of its sizes.
   * @default false
   */
  readonly nodeGroupsCreated?: boolean;
}

/** An Azure placement. */
export interface AzurePlacementSpec {
  /** Subscription id (a GUID). */
  readonly subscriptionId: string;
  /** Location, e.g. `westeurope`. */
  readonly location: string;
  /** VNet address space, /8 to /22, unique across every environment and cloud. */
  readonly cidr: string;
  /**
   * Disaster-recovery location: the container registry is geo-replicated there.
   * @default - no replica
   */
  readonly drLocation?: string;
  /**
   * Pod range of the AKS cluster, /8 to /20. With Azure CNI overlay pods take addresses from here, not from the
   * VNet, so it may repeat across clusters but must overlap no network of any environment (they are connected)
   * and no range AKS reserves.
   * @default '10.244.0.0/16'
   */
  readonly podCidr?: string;
  /**
   * Kubernetes service range of the AKS cluster, /12 to /24; the cluster DNS service takes its tenth address.
   * It must overlap no network of any environment and no range AKS reserves.
   * @default '10.0.0.0/16'
   */
  readonly serviceCidr?: string;
  /**
   * Keeps the node disks of an AKS cluster created before the baseline encrypted them with a customer-managed key:
   * no disk encryption set, managed OS disks, as the cluster has them. AKS takes a disk encryption set only when a
   * cluster is created, so without this an existing cluster's plan fails on its `prevent_destroy` instead of
   * replacing it. **Weakens the baseline**: the reason is tagged on the cluster and shown in the policy report.
   * Remove it when the cluster is rebuilt (see README, "AKS node disks").
   * @default - node OS disks encrypted with a customer-managed key, ephemeral where the VM size allows
   */
  readonly platformManagedNodeDisks?: { readonly reason: string };
}

/** A Google Cloud placement. */
export interface GcpPlacementSpec {
  /** Project id: 6-30 characters, lowercase letters, digits and hyphens, starting with a letter. */
  readonly project: string;
  /** Region, e.g. `europe-west1`. */
  readonly region: string;
  /** Range for nodes, pods and services, /8 to /20, unique across every environment and cloud. */
  readonly cidr: string;
  /**
   * Disaster-recovery region. Artifact Registry has no cross-region replica, so when this is given the
   * repositories live in the multi-region that spans both regions (e.g. `europe`), which is replicated by Google.
   * @default - repositories in `region` only
   */
  readonly drRegion?: string;
  /**
   * The /28 of the private GKE control plane. It must overlap no network of any environment, so two connected
   * environments never route the same addresses.
   * @default '172.16.0.0/28'
   */
  readonly controlPlaneCidr?: string;
}

/** Remote Terraform state. Locking and encryption are always on; only the location is chosen here. */
export interface TerraformStateSpec {
  /** azurerm backend: blob lease locking, storage service encryption, Entra ID auth (no access keys). */
  readonly azure?: {
    readonly subscriptionId?: string;
    readonly resourceGroupName: string;
    readonly storageAccountName: string;
    /** @default 'tfstate' */
    readonly containerName?: string;
  };
  /** gcs backend: native locking; objects encrypted with the given customer-managed Cloud KMS key. */
  readonly gcp?: {
    readonly bucket: string;
    /** `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>` */
    readonly kmsEncryptionKey: string;
  };
}

/** The clusters of every environment. */
export interface KubernetesSpec {
  /**
   * Kubernetes minor version of every cluster (EKS, AKS; GKE follows its release channel from this minimum).
   * @default '1.33'
   */
  readonly version?: string;
  /**
   * Name of the IAM role, in each environment's AWS account, that gets cluster-admin through an EKS access entry.
   * @default 'platform-admin'
   */
  readonly awsAdminRoleName?: string;
  /** Entra ID groups that administer the AKS clusters (Azure RBAC). Required when an environment is on Azure. */
  readonly azureAdminGroupObjectIds?: readonly string[];
  /**
   * The Google Group for GKE's Google Groups for RBAC, `gke-security-groups@<your domain>`: RoleBindings can then
   * name Google Groups nested in it, so cluster access is managed in Google Workspace or Cloud Identity.
   * @default - none: GKE RBAC names users and service accounts only
   */
  readonly gcpSecurityGroup?: string;
}
