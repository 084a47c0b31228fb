import { PUBLIC_ENDPOINT_RECORD } from '../../../core/public-endpoint';
import { MANDATORY_TAG_KEYS } from '../../spec/tags';
import { stateBackendViolations } from '../private/state-backend';
import { block, blocks, eachResource, preventDestroy, terraformResources } from '../private/terraform';
import { expected, missingKeys, recordedReason, show } from '../private/values';
import { gkeIntranodeVisibility, gkeRbacGroups, gkeResourceLabels } from '../rules/clusters/gke-hardening';
import { gcpKeyRotation } from '../rules/encryption/key-rotation';
import { gcpNodeDisksCmk } from '../rules/encryption/node-disks';
import { gcpRegistryCmk } from '../rules/encryption/registries';
import { gcpGitHubTrustScoped } from '../rules/identity/ci-federation';
import { gcpBinaryAuthorization } from '../rules/images/binary-authorization';
import { gcpNoAdminPortsFromInternet } from '../rules/network/admin-ports';
import { gcpAlertStandards } from '../rules/observability/gcp-alert-standards';
import { gcpAuditLogSink } from '../rules/observability/gcp-audit-log-sink';
import type { Rule, RulePack, Violation } from '../types';

const GKE = 'google_container_cluster';
const GKE_POOL = 'google_container_node_pool';
const REPOSITORY = 'google_artifact_registry_repository';

/** Principals that make a resource public. */
const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];

/** Subnet purposes that carry no VM traffic and cannot have flow logs (proxy-only and Private Service Connect). */
const SUBNET_PURPOSES_WITHOUT_FLOW_LOGS = ['REGIONAL_MANAGED_PROXY', 'GLOBAL_MANAGED_PROXY', 'INTERNAL_HTTPS_LOAD_BALANCER', 'PRIVATE_SERVICE_CONNECT'];

const terraform = { kind: 'terraform', clouds: ['gcp'] } as const;

const gkePrivateApi: Rule = {
  ...terraform,
  id: 'TF-GCP-GKE-PRIVATE-API',
  severity: 'error',
  controls: ['cluster-api-private'],
  description: 'GKE control planes have a private endpoint only, not reachable from Google Cloud public IPs.',
  remediation: 'Set private_cluster_config.enable_private_endpoint = true and master_authorized_networks_config.gcp_public_cidrs_access_enabled = false (GkeCluster does this unless a public endpoint is opted into).',
  check: (artifact) => eachResource(artifact, [GKE], ({ body }) => {
    const privateConfig = block(body.private_cluster_config);
    const authorized = block(body.master_authorized_networks_config);
    return [
      privateConfig?.enable_private_endpoint !== true
        ? expected('private_cluster_config.enable_private_endpoint', privateConfig?.enable_private_endpoint, 'true') + recordedReason(body['//']?.[PUBLIC_ENDPOINT_RECORD]?.reason)
        : undefined,
      authorized?.gcp_public_cidrs_access_enabled === true ? expected('master_authorized_networks_config.gcp_public_cidrs_access_enabled', true, 'false or unset') : undefined,
    ];
  }),
};

const gkeSecretsCmk: Rule = {
  ...terraform,
  id: 'TF-GCP-GKE-SECRETS-CMK',
  severity: 'error',
  controls: ['secrets-encrypted-cmk'],
  description: 'GKE encrypts Kubernetes secrets at the application layer with a customer-managed Cloud KMS key.',
  remediation: 'Set database_encryption { state = "ENCRYPTED", key_name = <Cloud KMS key id> } and grant the GKE service agent encrypter/decrypter on the key.',
  check: (artifact) => eachResource(artifact, [GKE], ({ body }) => {
    const encryption = block(body.database_encryption);
    return [
      encryption?.state !== 'ENCRYPTED' ? expected('database_encryption.state', encryption?.state, '"ENCRYPTED"') : undefined,
      !encryption?.key_name ? expected('database_encryption.key_name', encryption?.key_name, 'a Cloud KMS key id') : undefined,
    ];
  }),
};

const gkeNoStaticCredentials: Rule = {
  ...terraform,
  id: 'TF-GCP-NO-STATIC-CREDENTIALS',
  severity: 'error',
  controls: ['no-static-credentials'],
  description: 'GKE uses Workload Identity and issues no client certificate; no service account keys are created.',
  remediation: 'Set workload_identity_config.workload_pool = "<project>.svc.id.goog", leave master_auth client certificates off, and bind Kubernetes service accounts to Google service accounts instead of creating keys.',
  check: (artifact) => [
    ...eachResource(artifact, [GKE], ({ body }) => {
      const pool = block(body.workload_identity_config)?.workload_pool;
      const certificate = block(block(body.master_auth)?.client_certificate_config)?.issue_client_certificate;
      return [
        !pool ? expected('workload_identity_config.workload_pool', pool, '"<project>.svc.id.goog"') : undefined,
        certificate === true ? expected('master_auth.client_certificate_config.issue_client_certificate', true, 'false or unset') : undefined,
      ];
    }),
    ...eachResource(artifact, ['google_service_account_key'], () => ['a service account key is a static credential (expected Workload Identity or impersonation instead)']),
  ],
};

const gkePrivateNodes: Rule = {
  ...terraform,
  id: 'TF-GCP-GKE-PRIVATE-NODES',
  severity: 'error',
  controls: ['nodes-no-public-ip'],
  description: 'GKE nodes have only internal IPs (private nodes), on the cluster and on every node pool.',
  remediation: 'Set private_cluster_config.enable_private_nodes = true on the cluster, and do not set network_config.enable_private_nodes = false on a node pool.',
  check: (artifact) => eachResource(artifact, [GKE, GKE_POOL], ({ type, body }) => {
    if (type === GKE) {
      const privateNodes = block(body.private_cluster_config)?.enable_private_nodes;
      return [privateNodes !== true ? expected('private_cluster_config.enable_private_nodes', privateNodes, 'true') : undefined];
    }
    const poolSetting = block(body.network_config)?.enable_private_nodes;
    return [poolSetting === false ? expected('network_config.enable_private_nodes', false, 'true or unset (inherit the cluster\'s private nodes)') : undefined];
  }),
};

const registryPrivate: Rule = {
  ...terraform,
  id: 'TF-GCP-AR-PRIVATE',
  severity: 'error',
  controls: ['registry-private'],
  description: 'No Artifact Registry repository is readable by allUsers or allAuthenticatedUsers.',
  remediation: 'Grant roles/artifactregistry.reader to the workloads\' service accounts, never to allUsers or allAuthenticatedUsers.',
  check: (artifact) => eachResource(artifact, [`${REPOSITORY}_iam_member`, `${REPOSITORY}_iam_binding`, `${REPOSITORY}_iam_policy`], ({ body }) => {
    const members: unknown[] = [body.member, ...(Array.isArray(body.members) ? body.members : [])];
    const policy = typeof body.policy_data === 'string' ? body.policy_data : '';
    const publicMember = PUBLIC_MEMBERS.find((m) => members.includes(m) || policy.includes(m));
    return [publicMember ? `grants ${body.role ?? 'a role'} to ${JSON.stringify(publicMember)} (expected named service accounts or groups only)` : undefined];
  }),
};

const registryImmutableTags: Rule = {
  ...terraform,
  id: 'TF-GCP-AR-IMMUTABLE-TAGS',
  severity: 'error',
  controls: ['registry-tags-immutable'],
  description: 'Docker repositories in Artifact Registry have immutable tags.',
  remediation: 'Set docker_config.immutable_tags = true on the repository.',
  check: (artifact) => eachResource(artifact, [REPOSITORY], ({ body }) => {
    if (String(body.format ?? '').toUpperCase() !== 'DOCKER') return [];
    const immutable = block(body.docker_config)?.immutable_tags;
    return [immutable !== true ? expected('docker_config.immutable_tags', immutable, 'true') : undefined];
  }),
};

const registryScanning: Rule = {
  ...terraform,
  id: 'TF-GCP-AR-SCANNING',
  severity: 'error',
  controls: ['registry-scan-on-push'],
  description: 'Docker repositories are scanned for vulnerabilities on push: scanning is not disabled, and the Container Scanning API it inherits is enabled in the stack.',
  remediation: 'Leave vulnerability_scanning_config.enablement_config unset or INHERITED and enable containerscanning.googleapis.com with a google_project_service.',
  check: (artifact) => {
    const scanningApi = terraformResources(artifact.document, 'google_project_service').some((s) => s.body.service === 'containerscanning.googleapis.com');
    return eachResource(artifact, [REPOSITORY], ({ body }) => {
      if (String(body.format ?? '').toUpperCase() !== 'DOCKER') return [];
      const enablement = block(body.vulnerability_scanning_config)?.enablement_config;
      if (enablement === 'DISABLED') return [expected('vulnerability_scanning_config.enablement_config', enablement, '"INHERITED" or unset')];
      return [scanningApi ? undefined : 'no google_project_service enables containerscanning.googleapis.com, so inherited scanning is off (expected the API enabled in the same stack)'];
    });
  },
};

const subnetFlowLogs: Rule = {
  ...terraform,
  id: 'TF-GCP-SUBNET-FLOW-LOGS',
  severity: 'error',
  controls: ['flow-logs-on'],
  description: 'Every subnetwork that carries VM traffic has VPC flow logs on (log_config with a non-zero sampling rate).',
  remediation: 'Add log_config { aggregation_interval, flow_sampling > 0, metadata } to the subnetwork (GcpNetwork does this).',
  check: (artifact) => eachResource(artifact, ['google_compute_subnetwork'], ({ body }) => {
    if (SUBNET_PURPOSES_WITHOUT_FLOW_LOGS.includes(body.purpose)) return [];
    const logConfig = block(body.log_config);
    if (!logConfig) return [expected('log_config', undefined, 'a flow log configuration')];
    return [logConfig.flow_sampling === 0 ? expected('log_config.flow_sampling', 0, 'greater than 0') : undefined];
  }),
};

const gkeLogging: Rule = {
  ...terraform,
  id: 'TF-GCP-GKE-LOGGING',
  severity: 'error',
  controls: ['diagnostics-on'],
  description: 'GKE sends system component logs and metrics to Cloud Logging and Cloud Monitoring (admin audit logs are always on in Cloud Audit Logs).',
  remediation: 'Leave logging_service and monitoring_service at their defaults and include SYSTEM_COMPONENTS in logging_config and monitoring_config.',
  check: (artifact) => eachResource(artifact, [GKE], ({ body }) => {
    const logging = block(body.logging_config)?.enable_components;
    const monitoring = block(body.monitoring_config)?.enable_components;
    return [
      body.logging_service === 'none' ? expected('logging_service', 'none', 'logging.googleapis.com/kubernetes or unset') : undefined,
      body.monitoring_service === 'none' ? expected('monitoring_service', 'none', 'monitoring.googleapis.com/kubernetes or unset') : undefined,
      logging !== undefined && !(Array.isArray(logging) && logging.includes('SYSTEM_COMPONENTS'))
        ? expected('logging_config.enable_components', logging, 'to include "SYSTEM_COMPONENTS"') : undefined,
      monitoring !== undefined && !(Array.isArray(monitoring) && monitoring.includes('SYSTEM_COMPONENTS'))
        ? expected('monitoring_config.enable_components', monitoring, 'to include "SYSTEM_COMPONENTS"') : undefined,
    ];
  }),
};

const deletionProtection: Rule = {
  ...terraform,
  id: 'TF-GCP-DELETION-PROTECTION',
  severity: 'error',
  controls: ['deletion-protection'],
  description: 'GKE clusters and Cloud SQL instances keep deletion_protection; KMS keys, Artifact Registry repositories and buckets carry lifecycle.prevent_destroy.',
  remediation: 'Leave deletion_protection unset or true, and set lifecycle { prevent_destroy = true } on keys, repositories and buckets.',
  check: (artifact) => [
    ...eachResource(artifact, [GKE, 'google_sql_database_instance'], ({ body }) => [
      // The provider defaults deletion_protection to true, so only an explicit false weakens it.
      body.deletion_protection === false ? expected('deletion_protection', false, 'true or unset') : undefined,
    ]),
    ...eachResource(artifact, ['google_kms_crypto_key', REPOSITORY, 'google_storage_bucket'], (resource) => [
      preventDestroy(resource) ? undefined : expected('lifecycle.prevent_destroy', block(resource.body.lifecycle)?.prevent_destroy, 'true'),
    ]),
  ],
};

const mandatoryLabels: Rule = {
  ...terraform,
  id: 'TF-GCP-MANDATORY-LABELS',
  severity: 'error',
  controls: ['mandatory-tags'],
  description: `Every Google provider configuration sets default_labels with the mandatory keys (${MANDATORY_TAG_KEYS.join(', ')}), so every labelable resource carries them; a resource's own labels cannot drop them.`,
  remediation: 'Set default_labels on every google and google-beta provider block (the platform\'s GCP stack does), and do not give a resource an empty value for a mandatory key.',
  check: (artifact) => {
    const providers = ['google', 'google-beta'].flatMap((name) =>
      blocks(artifact.document?.provider?.[name]).map((config) => ({ name: config.alias ? `provider.${name}.${config.alias}` : `provider.${name}`, config })));
    const violations: Violation[] = [];
    if (providers.length === 0) {
      violations.push({ resource: 'provider.google', message: 'no google provider block, so no default_labels (expected one with the mandatory labels)' });
    }
    for (const { name, config } of providers) {
      const missing = missingKeys(config.default_labels, MANDATORY_TAG_KEYS);
      if (missing.length > 0) violations.push({ resource: name, message: `default_labels lack ${missing.join(', ')} (found ${show(config.default_labels)})` });
    }
    // A resource label with an empty value would override the default with nothing.
    for (const resource of terraformResources(artifact.document)) {
      const labels = resource.body.labels;
      if (labels === undefined || typeof labels !== 'object' || labels === null) continue;
      const emptied = MANDATORY_TAG_KEYS.filter((key) => key in labels && (typeof labels[key] !== 'string' || labels[key].trim() === ''));
      if (emptied.length > 0) violations.push({ resource: resource.address, message: `labels set ${emptied.join(', ')} to an empty value (expected a value, or leave the key to default_labels)` });
    }
    return violations;
  },
};

const stateBackend: Rule = {
  ...terraform,
  id: 'TF-GCP-STATE-BACKEND',
  severity: 'error',
  controls: ['state-locked-encrypted'],
  description: 'The Terraform state lives in a remote backend with locking and encryption under a customer-managed key (gcs with kms_encryption_key).',
  remediation: 'Configure the gcs backend with kms_encryption_key on the organization\'s state bucket (lib/platform/terraform-backends.ts).',
  check: (artifact) => stateBackendViolations(artifact.document),
};

/** Shares of the budget amount at which the actual spend must alert (issue #5: 80 % and 100 %). */
const BUDGET_ALERT_THRESHOLDS = [0.8, 1.0];

const budgetAlerts: Rule = {
  ...terraform,
  id: 'TF-GCP-BUDGET-ALERTS',
  severity: 'error',
  controls: ['budget-alert-set'],
  description: 'The stack has a monthly Cloud Billing budget scoped to its project, with a specified amount, alerting notification channels when the actual spend reaches 80 % and 100 %.',
  remediation: 'Add a GcpProjectBudget (the platform\'s GCP stack does): google_billing_budget with budget_filter.projects = ["projects/<number>"], calendar_period MONTH, amount.specified_amount, threshold_rules at 0.8 and 1.0 of CURRENT_SPEND and all_updates_rule.monitoring_notification_channels.',
  check: (artifact) => {
    const budgets = terraformResources(artifact.document, 'google_billing_budget');
    if (budgets.length === 0) {
      return [{ resource: 'google_billing_budget', message: 'no billing budget in the stack (expected a monthly budget of the environment\'s project alerting at 80 % and 100 %)' }];
    }
    const violations: Violation[] = eachResource(artifact, ['google_billing_budget'], ({ body }) => {
      const filter = block(body.budget_filter);
      const projects = filter?.projects;
      const channels = block(body.all_updates_rule)?.monitoring_notification_channels;
      const amount = block(block(body.amount)?.specified_amount);
      return [
        !(Array.isArray(projects) && projects.length > 0) ? expected('budget_filter.projects', projects, 'the environment\'s project, like ["projects/<number>"] (unset watches the whole billing account)') : undefined,
        filter?.custom_period !== undefined ? expected('budget_filter.custom_period', filter.custom_period, 'unset (a budget per calendar month)') : undefined,
        ![undefined, 'MONTH'].includes(filter?.calendar_period) ? expected('budget_filter.calendar_period', filter?.calendar_period, '"MONTH" or unset') : undefined,
        amount?.units === undefined ? expected('amount.specified_amount.units', amount?.units, 'the tier\'s monthly amount') : undefined,
        !(Array.isArray(channels) && channels.length > 0) ? expected('all_updates_rule.monitoring_notification_channels', channels, 'the escalation receivers\' channels') : undefined,
      ];
    });
    // The thresholds may be split across budgets (one per escalation level); together they must cover both.
    const actual = new Set(budgets.flatMap(({ body }) => blocks(body.threshold_rules)
      .filter((rule) => (rule.spend_basis ?? 'CURRENT_SPEND') === 'CURRENT_SPEND')
      .map((rule) => Number(rule.threshold_percent))));
    const missing = BUDGET_ALERT_THRESHOLDS.filter((t) => !actual.has(t));
    if (missing.length > 0) {
      violations.push({
        resource: budgets[0].address,
        message: `no alert at ${missing.map((t) => `${Math.round(t * 100)} %`).join(' and ')} of the actual spend (found CURRENT_SPEND thresholds ${show([...actual].sort((a, b) => a - b))}; expected 0.8 and 1)`,
      });
    }
    return violations;
  },
};

/** What each required constraint's policy must say: a boolean constraint enforced, or a list constraint's rule. */
const REQUIRED_ORG_POLICIES: readonly { constraint: string; satisfied: (rule: Record<string, any>) => boolean; expectation: string }[] = [
  { constraint: 'compute.vmExternalIpAccess', satisfied: (rule) => rule.deny_all === 'TRUE', expectation: 'deny_all = "TRUE"' },
  { constraint: 'storage.uniformBucketLevelAccess', satisfied: (rule) => rule.enforce === 'TRUE', expectation: 'enforce = "TRUE"' },
  {
    constraint: 'gcp.resourceLocations',
    satisfied: (rule) => {
      const allowed = block(rule.values)?.allowed_values;
      return rule.allow_all === undefined && Array.isArray(allowed) && allowed.length > 0;
    },
    expectation: 'values.allowed_values listing the environment\'s locations',
  },
];

/** The constraint a policy name (`projects/<p>/policies/<constraint>`) configures. */
function constraintOf(name: unknown): string | undefined {
  return typeof name === 'string' ? /\/policies\/([^/]+)$/.exec(name)?.[1] : undefined;
}

const orgPolicyGuardrails: Rule = {
  ...terraform,
  id: 'TF-GCP-ORG-POLICY-GUARDRAILS',
  severity: 'error',
  controls: ['cloud-guardrails-enforced'],
  description: 'Organization policy constraints are set on the project, so Google Cloud itself refuses VMs with external IPs, buckets without uniform bucket-level access and resources outside the allowed locations; no policy in the stack resets or relaxes a constraint.',
  remediation: 'Add a GcpOrgPolicyGuardrails (the platform\'s GCP stack does): google_org_policy_policy for compute.vmExternalIpAccess (deny_all), storage.uniformBucketLevelAccess (enforce) and gcp.resourceLocations (allowed_values), each with an enforced spec (not only a dry_run_spec) and no reset, allow_all or enforce = "FALSE".',
  check: (artifact) => {
    const policies = terraformResources(artifact.document, 'google_org_policy_policy');
    const violations: Violation[] = [];
    // Any policy in the stack, required or not, that turns a constraint off weakens what the organization enforces.
    const weakened = new Set<string>();
    for (const policy of policies) {
      const message = weakeningOf(policy.body);
      if (message) {
        violations.push({ resource: policy.address, message });
        weakened.add(policy.address);
      }
    }
    for (const required of REQUIRED_ORG_POLICIES) {
      const found = policies.filter((p) => constraintOf(p.body.name) === required.constraint);
      if (found.length === 0) {
        violations.push({ resource: 'google_org_policy_policy', message: `no policy for constraints/${required.constraint} (expected one on the project with ${required.expectation})` });
      }
      for (const policy of found.filter((p) => !weakened.has(p.address))) {
        const rules = block(policy.body.spec)?.rules;
        if (!blocks(rules).some(required.satisfied)) {
          violations.push({ resource: policy.address, message: `spec.rules is ${show(rules)} (expected a rule with ${required.expectation})` });
        }
      }
    }
    return violations;
  },
};

/** Why a policy turns its constraint off, or undefined when it does not. */
function weakeningOf(body: Record<string, any>): string | undefined {
  const spec = block(body.spec);
  if (spec === undefined) return 'spec is unset (expected an enforced spec; a dry_run_spec alone enforces nothing)';
  if (spec.reset === true) return 'spec.reset is true (expected the constraint enforced, not reset to Google\'s default)';
  const relaxing = blocks(spec.rules).find((rule) => rule.enforce === 'FALSE' || rule.allow_all === 'TRUE');
  return relaxing ? `spec.rules has ${show(relaxing)} (expected no rule that turns ${constraintOf(body.name) ?? 'the constraint'} off)` : undefined;
}

/** Terraform rules for the Google Cloud stacks (`cdktf.out/stacks/*-gcp/cdk.tf.json`). */
export const terraformGcpPack: RulePack = {
  name: 'terraform-gcp',
  description: 'GKE, Artifact Registry, networking, KMS, labels, state backend, billing budgets and organization policies of the Google Cloud Terraform stacks.',
  rules: [
    gkePrivateApi,
    gkeSecretsCmk,
    gkeNoStaticCredentials,
    gkePrivateNodes,
    registryPrivate,
    registryImmutableTags,
    registryScanning,
    subnetFlowLogs,
    gkeLogging,
    deletionProtection,
    mandatoryLabels,
    stateBackend,
    budgetAlerts,
    orgPolicyGuardrails,
    gcpNoAdminPortsFromInternet,
    gcpAuditLogSink,
    gcpAlertStandards,
    gcpKeyRotation,
    gcpNodeDisksCmk,
    gkeIntranodeVisibility,
    gkeResourceLabels,
    gkeRbacGroups,
    gcpGitHubTrustScoped,
    gcpBinaryAuthorization,
    gcpRegistryCmk,
  ],
};
