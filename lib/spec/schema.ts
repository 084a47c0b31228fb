import { z } from 'zod';
import { EXPOSURE_LEVELS } from './exposure';
import { Cloud, NETWORK_LAYOUTS, describeLayout, smallestEnvironmentPrefix } from './network-plan';
import { AWS_REGIONS, AZURE_LOCATIONS, GCP_REGIONS } from './regions';
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN } from './tags';
import { LOG_RETENTION_DAYS, MIN_FLOW_LOG_RETENTION_DAYS, TIERS } from './tiers';
import { parseIpv4Cidr, readIpv4Cidr } from '../../core/cidr';
import { isUtcTimestamp } from '../../core/release';
import { show } from '../../core/show';
import { ESCALATION_ROLES, type EscalationRole } from '../standards/alerts';
import { SLO_PERIOD_DAYS } from '../standards/slo';

/**
 * The zod schema of the organization spec: field-level rules with messages that quote the bad value and say
 * what is expected. Rules that span fields (duplicates, overlaps, mandatory tags) are in `validate.ts`.
 */

export { show } from '../../core/show';

const bad = (expectation: string) => ({ error: (iss: { input?: unknown }) => `${show(iss.input)} ${expectation}` });

const dnsLabel = (maxLength: number) => z.string().regex(
  new RegExp(`^[a-z](?:[a-z0-9-]{0,${maxLength - 2}}[a-z0-9])?$`),
  bad(`is not a DNS label (expected lowercase letters, digits and hyphens, starting with a letter, at most ${maxLength} characters)`),
);

const tagMap = z.record(
  z.string().regex(LABEL_KEY_PATTERN, bad('is not a valid tag key (expected lowercase letters, digits, "-" or "_", starting with a letter, at most 63 characters)')),
  z.string().regex(LABEL_VALUE_PATTERN, bad('is not a valid tag value on every cloud (expected lowercase letters, digits, "-" or "_", at most 63 characters, starting and ending with a letter or digit)')),
);

const CLOUD_LABEL: Record<Cloud, string> = { aws: 'an AWS VPC', azure: 'an Azure VNet plan', gcp: 'a GCP subnet plan' };

/** An environment CIDR for one cloud: syntax first, then whether the baseline layout fits in it. */
const environmentCidr = (cloud: Cloud) => z.string()
  .refine((v) => parseIpv4Cidr(v) !== undefined, {
    error: (iss) => {
      const network = readIpv4Cidr(iss.input).networkForm;
      return network
        ? `${show(iss.input)} is not a network address (expected ${network}: the address with the host bits cleared)`
        : `${show(iss.input)} is not an IPv4 CIDR (expected like 10.20.0.0/16)`;
    },
    abort: true,
  })
  .refine((v) => {
    const net = parseIpv4Cidr(v);
    return !net || net.prefixLength >= NETWORK_LAYOUTS[cloud].largestPrefixLength;
  }, { ...bad(`is larger than ${CLOUD_LABEL[cloud]} allows (expected /${NETWORK_LAYOUTS[cloud].largestPrefixLength} to /${smallestEnvironmentPrefix(cloud)})`), abort: true })
  .refine((v) => {
    const net = parseIpv4Cidr(v);
    return !net || net.prefixLength <= smallestEnvironmentPrefix(cloud);
  }, bad(`is too small for the baseline subnets (expected /${smallestEnvironmentPrefix(cloud)} or larger: ${describeLayout(cloud)})`));

/** An account's sign-in name (user principal name or Google account): quoted into log queries, so strictly shaped. */
const signInName = z.string().regex(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
  bad('is not an account sign-in name (expected like breakglass1@acme.onmicrosoft.com)'));
const emailAddress = z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, bad('is not an email address (expected like oncall@example.com)'));
const dnsSubdomain = z.string().regex(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  bad('is not a Kubernetes object name (expected lowercase letters, digits, "-" and ".", like pagerduty-platform)'),
);

const oneOf = (values: readonly string[], what: string, example: string) => z.string().refine(
  (v) => values.includes(v), bad(`is not ${what} (expected one like ${example})`),
);

/** An image tag a release may use: what Docker accepts as a tag, never the moving `latest`. */
export const RELEASE_TAG = /^(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** What a release's commit time must look like, after the bad value. */
export const RELEASE_COMMITTED_AT_EXPECTED = 'is not an RFC 3339 UTC timestamp (expected the commit time to the second, ending in Z, like 2026-12-03T18:45:00Z)';

export const awsAccountId = z.string().regex(/^\d{12}$/, bad('is not an AWS account id (expected 12 digits)'));
export const azureSubscriptionId = z.string().regex(
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  bad('is not an Azure subscription id (expected a GUID like 00000000-0000-0000-0000-000000000000)'),
);
export const gcpProjectId = z.string().regex(
  /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  bad('is not a GCP project id (expected 6-30 lowercase letters, digits and hyphens, starting with a letter)'),
);

const awsPlacement = z.strictObject({
  account: awsAccountId,
  region: oneOf(AWS_REGIONS, 'an AWS region', 'eu-west-1'),
  cidr: environmentCidr('aws'),
  availabilityZones: z.array(
    z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, bad('is not an availability zone name (expected like eu-west-1a)')),
  ).length(3, bad('is not three availability zones (expected exactly 3, like ["eu-west-1a", "eu-west-1b", "eu-west-1c"])')).optional(),
  drRegion: oneOf(AWS_REGIONS, 'an AWS region', 'eu-central-1').optional(),
  nodeGroupsCreated: z.boolean().optional(),
});

/** A range the clusters use outside the VNet or VPC subnets: a network address with a prefix in bounds. */
const clusterRange = (largest: number, smallest: number, like: string) => z.string()
  .refine((v) => parseIpv4Cidr(v) !== undefined, {
    error: (iss) => {
      const network = readIpv4Cidr(iss.input).networkForm;
      return network
        ? `${show(iss.input)} is not a network address (expected ${network}: the address with the host bits cleared)`
        : `${show(iss.input)} is not an IPv4 CIDR (expected like ${like})`;
    },
    abort: true,
  })
  .refine((v) => {
    const net = parseIpv4Cidr(v);
    return !net || (net.prefixLength >= largest && net.prefixLength <= smallest);
  }, bad(largest === smallest ? `is not a /${largest} range (expected like ${like})` : `is not a range of /${largest} to /${smallest} (expected like ${like})`));

const azurePlacement = z.strictObject({
  subscriptionId: azureSubscriptionId,
  location: oneOf(AZURE_LOCATIONS, 'an Azure location', 'westeurope'),
  cidr: environmentCidr('azure'),
  drLocation: oneOf(AZURE_LOCATIONS, 'an Azure location', 'northeurope').optional(),
  // CNI overlay gives each node a /24 of the pod range; AKS takes service ranges up to /12.
  podCidr: clusterRange(8, 20, '10.244.0.0/16').optional(),
  serviceCidr: clusterRange(12, 24, '10.0.0.0/16').optional(),
  // The reason becomes an Azure tag value: at most 256 characters.
  platformManagedNodeDisks: z.strictObject({
    reason: z.string()
      .regex(/\S/, bad('is empty (expected why this cluster keeps platform-managed keys on its node disks, e.g. a ticket reference)'))
      .max(256, bad('is longer than 256 characters (expected a short reason: it is stored in a tag)')),
  }).optional(),
});

const gcpPlacement = z.strictObject({
  project: gcpProjectId,
  region: oneOf(GCP_REGIONS, 'a GCP region', 'europe-west1'),
  cidr: environmentCidr('gcp'),
  drRegion: oneOf(GCP_REGIONS, 'a GCP region', 'europe-west4').optional(),
  // A private GKE control plane takes exactly a /28.
  controlPlaneCidr: clusterRange(28, 28, '172.16.0.0/28').optional(),
});

const CLUSTER_LOG_RETENTION_DAYS = LOG_RETENTION_DAYS.filter((d) => d >= 30 && d <= 730);
const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/, bad('is not a Kubernetes quantity (expected like 500m, 2 or 4Gi)'));
const positiveInt = z.number().int().positive(bad('is not a positive whole number'));

const tierProfileOverride = z.strictObject({
  network: z.strictObject({
    natGateways: z.number().int().min(1, bad('is not a NAT gateway count (expected 1 to 3)')).max(3, bad('is not a NAT gateway count (expected 1 to 3)')),
    flowLogRetentionDays: z.number()
      .refine((v) => LOG_RETENTION_DAYS.includes(v), bad(`is not a log retention (expected one of ${LOG_RETENTION_DAYS.join(', ')})`))
      .refine((v) => v >= MIN_FLOW_LOG_RETENTION_DAYS, bad(`is less than CIS asks of flow logs (expected at least ${MIN_FLOW_LOG_RETENTION_DAYS} days)`)),
    flowLogSampling: z.number().gt(0, bad('is not a sampling rate (expected more than 0 and at most 1)')).max(1, bad('is not a sampling rate (expected more than 0 and at most 1)')),
  }).partial(),
  cluster: z.strictObject({
    systemNodesMin: positiveInt,
    systemNodesMax: positiveInt,
    generalNodesMin: positiveInt,
    generalNodesMax: positiveInt,
    // Both CloudWatch Logs and a Log Analytics workspace (30-730 days) must accept it.
    logRetentionDays: z.number().refine((v) => CLUSTER_LOG_RETENTION_DAYS.includes(v), bad(`is not a control-plane log retention (expected one of ${CLUSTER_LOG_RETENTION_DAYS.join(', ')})`)),
  }).partial(),
  namespace: z.strictObject({
    requestsCpu: quantity,
    requestsMemory: quantity,
    limitsCpu: quantity,
    limitsMemory: quantity,
    pods: positiveInt,
    containerCpuRequest: quantity,
    containerMemoryRequest: quantity,
    containerCpuLimit: quantity,
    containerMemoryLimit: quantity,
    requestsEphemeralStorage: quantity,
    limitsEphemeralStorage: quantity,
    containerEphemeralStorageRequest: quantity,
    containerEphemeralStorageLimit: quantity,
  }).partial(),
  budget: z.strictObject({
    monthlyAmount: z.number().positive(bad('is not a budget amount (expected a positive amount in the billing currency)')),
  }).partial(),
  monitoring: z.strictObject({
    prometheusReplicas: z.number().int().min(1, bad('is not a Prometheus replica count (expected 1 to 3)')).max(3, bad('is not a Prometheus replica count (expected 1 to 3)')),
    prometheusStorageGiB: z.number().int().min(10, bad('is not a Prometheus volume size (expected 10 to 4096 GiB)')).max(4096, bad('is not a Prometheus volume size (expected 10 to 4096 GiB)')),
    prometheusRetentionDays: z.number().int()
      .min(SLO_PERIOD_DAYS, bad(`is shorter than the SLO period (expected ${SLO_PERIOD_DAYS} to 365 days: error budgets are computed over ${SLO_PERIOD_DAYS} days)`))
      .max(365, bad(`is not a Prometheus retention (expected ${SLO_PERIOD_DAYS} to 365 days; keep longer history in a long-term store)`)),
  }).partial(),
  audit: z.strictObject({
    retentionDays: z.number().int().min(365, bad('is too short for audit evidence (expected 365 to 36500 days; CIS asks for at least a year)'))
      .max(36500, bad('is not an audit retention (expected 365 to 36500 days)')),
  }).partial(),
  encryption: z.strictObject({
    hsmKeys: z.boolean(bad('is not a boolean (expected true or false)')),
  }).partial(),
  delivery: z.strictObject({
    autoSync: z.boolean(bad('is not a boolean (expected true or false)')),
    syncWindowSchedule: z.string().regex(/^\S+( \S+){4}$/, bad('is not a cron schedule (expected five fields, like 0 9 * * 1-4)')),
    syncWindowDurationHours: z.number().int().min(1, bad('is not a window length (expected 1 to 24 hours)')).max(24, bad('is not a window length (expected 1 to 24 hours)')),
  }).partial(),
  registry: z.strictObject({
    untaggedImageExpiryDays: z.number().int().min(1, bad('is not an expiry (expected 1 to 365 days)')).max(365, bad('is not an expiry (expected 1 to 365 days)')),
    keepReleaseImages: z.number().int().min(1, bad('is not a number of images to keep (expected 1 to 1000)')).max(1000, bad('is not a number of images to keep (expected 1 to 1000)')),
  }).partial(),
}).partial();

const service = z.strictObject({
  name: dnsLabel(40),
  team: z.string(),
  port: z.number().int().min(1024, bad('is not an unprivileged port (expected 1024 to 65535; containers run as non-root)'))
    .max(65535, bad('is not an unprivileged port (expected 1024 to 65535; containers run as non-root)')).optional(),
  replicas: z.number().int().min(2, bad('is not a highly available replica count (expected 2 to 100)'))
    .max(100, bad('is not a highly available replica count (expected 2 to 100)')).optional(),
  maxReplicas: z.number().int().min(2, bad('is not an autoscaling maximum (expected 2 to 300, at least replicas)'))
    .max(300, bad('is not an autoscaling maximum (expected 2 to 300, at least replicas)')).optional(),
  resources: z.strictObject({
    cpuRequest: quantity,
    memoryRequest: quantity,
    cpuLimit: quantity,
    memoryLimit: quantity,
    ephemeralStorageRequest: quantity,
    ephemeralStorageLimit: quantity,
  }).partial().optional(),
  slo: z.strictObject({
    availabilityPercent: z.number().min(90, bad('is not an availability objective (expected 90 to 99.999 percent)'))
      .max(99.999, bad('is not an availability objective (expected 90 to 99.999 percent)')).optional(),
    latencyP99Ms: z.number().int().min(1, bad('is not a latency objective (expected 1 to 60000 milliseconds)'))
      .max(60000, bad('is not a latency objective (expected 1 to 60000 milliseconds)')).optional(),
  }).optional(),
  release: z.string().regex(RELEASE_TAG, bad('is not a release tag (expected an immutable image tag like v1.4.2; never "latest")')).optional(),
  releaseCommittedAt: z.string().refine(isUtcTimestamp, bad(RELEASE_COMMITTED_AT_EXPECTED)).optional(),
  cloudAccess: z.strictObject({
    aws: z.strictObject({
      managedPolicyArns: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/, bad('is not a managed policy ARN (expected like arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess)'))).optional(),
      statements: z.array(z.strictObject({
        actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, bad('is not a named IAM action (expected like sqs:SendMessage; "*" alone is refused)'))).min(1, bad('has no actions (expected at least one)')),
        resources: z.array(z.string().regex(/^arn:/, bad('is not a resource ARN (expected like arn:aws:sqs:eu-west-1:111111111111:orders; "*" is refused)'))).min(1, bad('has no resources (expected at least one)')),
      })).optional(),
    }).optional(),
    azure: z.strictObject({
      roleAssignments: z.array(z.strictObject({
        roleDefinitionName: z.string().min(1, bad('is not a role name (expected like Key Vault Secrets User)')),
        scope: z.string().regex(/^\/subscriptions\/[^/]+(\/.+)?$/, bad('is not an Azure resource id (expected like /subscriptions/<id>/resourceGroups/<rg>)')).optional(),
      })).optional(),
    }).optional(),
    gcp: z.strictObject({
      projectRoles: z.array(z.string().regex(/^roles\/(?!owner$|editor$)[a-zA-Z0-9_.]+$/, bad('is not a predefined role (expected like roles/cloudsql.client; basic roles owner and editor are refused)'))).optional(),
    }).optional(),
  }).optional(),
  calls: z.array(z.string()).optional(),
  exposure: z.strictObject({
    level: z.string().refine((v) => (EXPOSURE_LEVELS as readonly string[]).includes(v), bad(`is not an exposure level (expected one of ${EXPOSURE_LEVELS.join(', ')})`)),
    reason: z.string().optional(),
  }).optional(),
});

export const organizationSchema = z.strictObject({
  name: dnsLabel(12),
  tags: tagMap,
  teams: z.array(z.strictObject({ name: dnsLabel(40), tags: tagMap.optional() }))
    .min(1, bad('has no teams (expected at least one team)')),
  services: z.array(service).optional(),
  environments: z.array(z.strictObject({
    name: dnsLabel(12),
    tier: z.string().refine((v) => (TIERS as readonly string[]).includes(v), bad(`is not a tier (expected one of ${TIERS.join(', ')})`)),
    tags: tagMap.optional(),
    aws: awsPlacement.optional(),
    azure: azurePlacement.optional(),
    gcp: gcpPlacement.optional(),
  })).min(1, bad('has no environments (expected at least one environment)')),
  tierProfiles: z.strictObject(Object.fromEntries(TIERS.map((t) => [t, tierProfileOverride])) as Record<string, typeof tierProfileOverride>)
    .partial().optional(),
  kubernetes: z.strictObject({
    version: z.string().regex(/^1\.\d{2}$/, bad('is not a Kubernetes minor version (expected like 1.33)')).optional(),
    awsAdminRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, bad('is not an IAM role name (expected 1-64 letters, digits and +=,.@_-)')).optional(),
    azureAdminGroupObjectIds: z.array(z.string().regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      bad('is not an Entra ID group object id (expected a GUID)'),
    )).min(1, bad('has no groups (expected at least one Entra ID group that administers the clusters)')).optional(),
    gcpSecurityGroup: z.string().regex(/^gke-security-groups@[a-z0-9-]+(\.[a-z0-9-]+)+$/,
      bad('is not a GKE security group (expected gke-security-groups@<your domain>, the name GKE looks for)')).optional(),
  }).optional(),
  alerting: z.strictObject({
    escalation: z.array(z.strictObject({
      name: dnsLabel(40),
      emails: z.array(emailAddress).min(1, bad('has no email addresses (expected at least one)')),
      webhooks: z.array(z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, bad('is not an https URL (expected like https://hooks.acme.example/alerts)'))).optional(),
      pagerDuty: z.strictObject({
        secretName: dnsSubdomain,
        secretKey: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, bad('is not a Secret key (expected letters, digits, "-", "_" or ".", like routing-key)')),
      }).optional(),
    })).min(1, bad('has no receivers (expected at least one escalation level)')),
    roles: z.strictObject(Object.fromEntries(ESCALATION_ROLES.map((role) => [
      role,
      z.array(z.string()).min(1, bad(`has no receivers (expected at least one receiver name from alerting.escalation for the ${role} role)`)),
    ])) as Record<EscalationRole, z.ZodArray<z.ZodString>>),
    smtp: z.strictObject({
      smarthost: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:\d{1,5}$/i, bad('is not an SMTP relay (expected host:port, like smtp.acme.example:587)')),
      from: emailAddress,
    }),
    breakGlass: z.strictObject({
      azure: z.array(signInName).optional(),
      gcp: z.array(signInName).optional(),
      entraSignInLogs: z.strictObject({ environment: z.string() }).optional(),
    }).optional(),
  }),
  billing: z.strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, bad('is not an ISO 4217 currency code (expected like USD or EUR)')).optional(),
    gcpBillingAccountId: z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, bad('is not a Cloud Billing account id (expected like 012345-6789AB-CDEF01)')).optional(),
  }).optional(),
  delivery: z.strictObject({
    gitopsRepoUrl: z.string().regex(/^https:\/\/[^\s/]+\/\S+$/, bad('is not an https Git URL (expected like https://github.com/acme/platform-gitops.git)')),
    gitopsRevision: z.string().regex(/^[\w./-]{1,255}$/, bad('is not a Git revision (expected a branch, tag or commit, like main)')).optional(),
    gitopsPath: z.string().regex(/^[\w.-]+(\/[\w.-]+)*$/, bad('is not a relative folder (expected like cdk8s.out)')).optional(),
    github: z.strictObject({
      // GitHub's own rules: owners are alphanumeric with single inner hyphens, at most 39 characters.
      owner: z.string().regex(/^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i, bad('is not a GitHub organization name (expected letters, digits and single hyphens, at most 39 characters, like acme)')),
      platformRepository: z.string().regex(/^[\w.-]{1,100}$/, bad('is not a GitHub repository name (expected letters, digits, ".", "-" and "_", like platform)')),
      prodReviewers: z.array(z.string().regex(/^(\{team\}|[a-z\d](?:[a-z\d_-]{0,98}[a-z\d])?)$/, bad('is not a GitHub team slug (expected lowercase letters, digits, "-" and "_", like release-managers, or {team} for the owning team)')))
        .min(1, 'names no reviewer (expected at least one team slug, like {team}: prod releases are always reviewed)')
        .max(6, 'names more than 6 teams (expected at most 6: GitHub\'s limit of required reviewers)').optional(),
    }).optional(),
  }).optional(),
  imageSigning: z.strictObject({
    keyless: z.strictObject({
      issuer: z.string().regex(/^https:\/\/[^\s/]+(\/\S*)?$/, bad('is not an OIDC issuer URL (expected https://..., like https://token.actions.githubusercontent.com)')),
      subject: z.string().regex(/^\S{3,}$/, { ...bad('is not a signer identity (expected the certificate subject, like https://github.com/acme/*; "*" matches any characters)'), abort: true })
        .refine((v) => v.replace(/\*/g, '').length >= 3, bad('trusts any signer (expected an identity with at most a "*" for the parts that vary, like https://github.com/acme/*)')),
    }).optional(),
    publicKey: z.string().regex(/^\s*-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, bad('is not a PEM public key (expected the content of cosign.pub, -----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY-----)')).optional(),
    gcpKmsKeyVersion: z.string().regex(
      /^projects\/[a-z][a-z\d-]{4,28}[a-z\d]\/locations\/[a-z\d-]+\/keyRings\/[\w-]{1,63}\/cryptoKeys\/[\w-]{1,63}\/cryptoKeyVersions\/[1-9]\d*$/,
      bad('is not a Cloud KMS key version (expected projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>/cryptoKeyVersions/<n>)'),
    ).optional(),
  }).optional(),
  ingress: z.strictObject({
    domain: z.string().regex(
      /^(?=.{1,200}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/,
      bad('is not a DNS domain (expected lowercase labels separated by dots, at most 200 characters, like apps.acme.example)'),
    ).optional(),
    clusterIssuer: dnsSubdomain.optional(),
    publicClusterIssuer: dnsSubdomain.optional(),
  }).optional(),
  terraformState: z.strictObject({
    azure: z.strictObject({
      subscriptionId: azureSubscriptionId.optional(),
      resourceGroupName: z.string().regex(/^[-\w.()]{1,89}[-\w()]$/, bad('is not an Azure resource group name (expected 1-90 letters, digits, "-", "_", ".", "(", ")")')),
      storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, bad('is not an Azure storage account name (expected 3-24 lowercase letters and digits)')),
      containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, bad('is not a blob container name (expected 3-63 lowercase letters, digits and single hyphens)')).optional(),
    }).optional(),
    gcp: z.strictObject({
      bucket: z.string().regex(/^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/, bad('is not a GCS bucket name (expected 3-63 lowercase letters, digits, "-", "_" and ".")')),
      kmsEncryptionKey: z.string().regex(
        /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/,
        bad('is not a Cloud KMS key name (expected projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key>)'),
      ),
    }).optional(),
  }).optional(),
});
