import { acme } from '../../../../examples/acme/org';
import { synthesizeArtifacts } from '../../../../lib/platform';
import { terraformGcpPack } from '../../../../lib/policy';
import { defineOrganization } from '../../../../lib/spec';
import { broken, ruleOf, tfResource } from '../support';

/** A repository as GcpArtifactRegistry writes it, for stacks that have none yet. */
const COMPLIANT_REPOSITORY = {
  format: 'DOCKER',
  repository_id: 'payments',
  docker_config: { immutable_tags: true },
  vulnerability_scanning_config: { enablement_config: 'INHERITED' },
  lifecycle: { prevent_destroy: true },
};
const SCANNING_API = { service: 'containerscanning.googleapis.com' };

describe('Terraform GCP pack', () => {
  // GIVEN the example organization's Google Cloud stacks, synthesized once
  const artifacts = synthesizeArtifacts(defineOrganization(acme), { clouds: ['gcp'] }).filter((a) => a.kind === 'terraform');
  const prod = artifacts.find((a) => a.environment === 'prod')!;

  test('the example has one Terraform artifact per environment', () => {
    expect(artifacts.map((a) => a.environment).sort()).toEqual(['dev', 'prod', 'staging']);
  });

  test.each(terraformGcpPack.rules.map((r) => [r.id, r] as const))('%s passes on the clean example', (_id, rule) => {
    expect(artifacts.flatMap((a) => rule.check(a))).toEqual([]);
  });

  test.each<[string, string, (doc: any) => string, string]>([
    ['TF-GCP-GKE-PRIVATE-API', 'public endpoint', (doc) => gke(doc, (b) => { b.private_cluster_config.enable_private_endpoint = false; }),
      'private_cluster_config.enable_private_endpoint is false (expected true)'],
    ['TF-GCP-GKE-PRIVATE-API', 'a public endpoint GkeCluster recorded with its reason', (doc) => gke(doc, (b) => {
      b.private_cluster_config.enable_private_endpoint = false;
      b['//'] = { ...b['//'], 'cdk-enterprise-baseline:public-endpoint': { cidrs: ['203.0.113.0/24'], reason: 'SEC-1234: CI runners outside the VPC' } };
    }), 'private_cluster_config.enable_private_endpoint is false (expected true); the cluster records why: "SEC-1234: CI runners outside the VPC"'],
    ['TF-GCP-GKE-PRIVATE-API', 'Google Cloud public CIDRs', (doc) => gke(doc, (b) => { b.master_authorized_networks_config.gcp_public_cidrs_access_enabled = true; }),
      'master_authorized_networks_config.gcp_public_cidrs_access_enabled is true (expected false or unset)'],
    ['TF-GCP-GKE-SECRETS-CMK', 'decrypted secrets', (doc) => gke(doc, (b) => { b.database_encryption.state = 'DECRYPTED'; }),
      'database_encryption.state is "DECRYPTED" (expected "ENCRYPTED")'],
    ['TF-GCP-GKE-SECRETS-CMK', 'no key', (doc) => gke(doc, (b) => { delete b.database_encryption.key_name; }),
      'database_encryption.key_name is unset (expected a Cloud KMS key id)'],
    ['TF-GCP-NO-STATIC-CREDENTIALS', 'no workload identity', (doc) => gke(doc, (b) => { delete b.workload_identity_config; }),
      'workload_identity_config.workload_pool is unset (expected "<project>.svc.id.goog")'],
    ['TF-GCP-NO-STATIC-CREDENTIALS', 'client certificate', (doc) => gke(doc, (b) => { b.master_auth.client_certificate_config.issue_client_certificate = true; }),
      'master_auth.client_certificate_config.issue_client_certificate is true (expected false or unset)'],
    ['TF-GCP-NO-STATIC-CREDENTIALS', 'a service account key', (doc) => { doc.resource.google_service_account_key = { key: { service_account_id: 'x' } }; return 'google_service_account_key.key'; },
      'a service account key is a static credential (expected Workload Identity or impersonation instead)'],
    ['TF-GCP-GKE-PRIVATE-NODES', 'public nodes', (doc) => gke(doc, (b) => { b.private_cluster_config.enable_private_nodes = false; }),
      'private_cluster_config.enable_private_nodes is false (expected true)'],
    ['TF-GCP-GKE-PRIVATE-NODES', 'a pool opting out', (doc) => first(doc, 'google_container_node_pool', (b) => { b.network_config = { enable_private_nodes: false }; }),
      'network_config.enable_private_nodes is false (expected true or unset (inherit the cluster\'s private nodes))'],
    ['TF-GCP-AR-PRIVATE', 'allUsers reader', (doc) => { doc.resource.google_artifact_registry_repository_iam_member = { pub: { role: 'roles/artifactregistry.reader', member: 'allUsers' } }; return 'google_artifact_registry_repository_iam_member.pub'; },
      'grants roles/artifactregistry.reader to "allUsers" (expected named service accounts or groups only)'],
    ['TF-GCP-AR-IMMUTABLE-TAGS', 'mutable tags', (doc) => repository(doc, (b) => { b.docker_config.immutable_tags = false; }),
      'docker_config.immutable_tags is false (expected true)'],
    ['TF-GCP-AR-SCANNING', 'scanning disabled', (doc) => repository(doc, (b) => { b.vulnerability_scanning_config.enablement_config = 'DISABLED'; }),
      'vulnerability_scanning_config.enablement_config is "DISABLED" (expected "INHERITED" or unset)'],
    ['TF-GCP-SUBNET-FLOW-LOGS', 'no log_config', (doc) => first(doc, 'google_compute_subnetwork', (b) => { delete b.log_config; }),
      'log_config is unset (expected a flow log configuration)'],
    ['TF-GCP-SUBNET-FLOW-LOGS', 'zero sampling', (doc) => first(doc, 'google_compute_subnetwork', (b) => { b.log_config.flow_sampling = 0; }),
      'log_config.flow_sampling is 0 (expected greater than 0)'],
    ['TF-GCP-GKE-LOGGING', 'logging off', (doc) => gke(doc, (b) => { b.logging_service = 'none'; }),
      'logging_service is "none" (expected logging.googleapis.com/kubernetes or unset)'],
    ['TF-GCP-GKE-LOGGING', 'system components not logged', (doc) => gke(doc, (b) => { b.logging_config = { enable_components: ['WORKLOADS'] }; }),
      'logging_config.enable_components is ["WORKLOADS"] (expected to include "SYSTEM_COMPONENTS")'],
    ['TF-GCP-DELETION-PROTECTION', 'cluster deletion protection off', (doc) => gke(doc, (b) => { b.deletion_protection = false; }),
      'deletion_protection is false (expected true or unset)'],
    ['TF-GCP-DELETION-PROTECTION', 'a KMS key without prevent_destroy', (doc) => first(doc, 'google_kms_crypto_key', (b) => { delete b.lifecycle; }),
      'lifecycle.prevent_destroy is unset (expected true)'],
    ['TF-GCP-DELETION-PROTECTION', 'a repository without prevent_destroy', (doc) => repository(doc, (b) => { delete b.lifecycle; }),
      'lifecycle.prevent_destroy is unset (expected true)'],
    ['TF-GCP-MANDATORY-LABELS', 'a default label missing', (doc) => { doc.provider.google[0].default_labels = { owner: 'platform-team', environment: 'prod' }; return 'provider.google'; },
      'default_labels lack cost-center, data-classification (found {"owner":"platform-team","environment":"prod"})'],
    ['TF-GCP-MANDATORY-LABELS', 'a resource emptying a mandatory label', (doc) => first(doc, 'google_compute_subnetwork', (b) => { b.labels = { owner: '' }; }),
      'labels set owner to an empty value (expected a value, or leave the key to default_labels)'],
    ['TF-GCP-MANDATORY-LABELS', 'no provider block', (doc) => { delete doc.provider.google; return 'provider.google'; },
      'no google provider block, so no default_labels (expected one with the mandatory labels)'],
    ['TF-GCP-STATE-BACKEND', 'Google-managed encryption', (doc) => { delete doc.terraform.backend.gcs.kms_encryption_key; return 'terraform.backend'; },
      'backend gcs kms_encryption_key is unset (expected a customer-managed Cloud KMS key)'],
    ['TF-GCP-STATE-BACKEND', 'a local backend', (doc) => { doc.terraform.backend = { local: { path: 'x.tfstate' } }; return 'terraform.backend'; },
      'backend "local" is not a supported remote backend (expected azurerm, gcs or s3, with locking and encryption)'],
    ['TF-GCP-BUDGET-ALERTS', 'no budget', (doc) => { delete doc.resource.google_billing_budget; return 'google_billing_budget'; },
      'no billing budget in the stack (expected a monthly budget of the environment\'s project alerting at 80 % and 100 %)'],
    ['TF-GCP-BUDGET-ALERTS', 'a budget over the whole billing account', (doc) => budget(doc, 'limit', (b) => { delete b.budget_filter.projects; }),
      'budget_filter.projects is unset (expected the environment\'s project, like ["projects/<number>"] (unset watches the whole billing account))'],
    ['TF-GCP-BUDGET-ALERTS', 'a quarterly budget', (doc) => budget(doc, 'limit', (b) => { b.budget_filter.calendar_period = 'QUARTER'; }),
      'budget_filter.calendar_period is "QUARTER" (expected "MONTH" or unset)'],
    ['TF-GCP-BUDGET-ALERTS', 'a custom period', (doc) => budget(doc, 'warning', (b) => {
      delete b.budget_filter.calendar_period;
      b.budget_filter.custom_period = { start_date: { year: 2026, month: 1, day: 1 } };
    }), 'budget_filter.custom_period is {"start_date":{"year":2026,"month":1,"day":1}} (expected unset (a budget per calendar month))'],
    ['TF-GCP-BUDGET-ALERTS', 'no amount', (doc) => budget(doc, 'limit', (b) => { b.amount = { last_period_amount: true }; }),
      'amount.specified_amount.units is unset (expected the tier\'s monthly amount)'],
    ['TF-GCP-BUDGET-ALERTS', 'nobody notified', (doc) => budget(doc, 'warning', (b) => { b.all_updates_rule.monitoring_notification_channels = []; }),
      'all_updates_rule.monitoring_notification_channels is [] (expected the escalation receivers\' channels)'],
    ['TF-GCP-BUDGET-ALERTS', 'the 80 % alert moved to 50 %', (doc) => {
      budget(doc, 'warning', (b) => { b.threshold_rules[0].threshold_percent = 0.5; });
      return budget(doc, 'limit', () => undefined);
    }, 'no alert at 80 % of the actual spend (found CURRENT_SPEND thresholds [0.5,1]; expected 0.8 and 1)'],
    ['TF-GCP-BUDGET-ALERTS', 'the 100 % alert on the forecast only', (doc) => budget(doc, 'limit', (b) => { b.threshold_rules[0].spend_basis = 'FORECASTED_SPEND'; }),
      'no alert at 100 % of the actual spend (found CURRENT_SPEND thresholds [0.8]; expected 0.8 and 1)'],
    ['TF-GCP-ORG-POLICY-GUARDRAILS', 'no external IP policy', (doc) => {
      delete doc.resource.google_org_policy_policy[orgPolicy(doc, 'compute.vmExternalIpAccess', () => undefined).split('.')[1]];
      return 'google_org_policy_policy';
    }, 'no policy for constraints/compute.vmExternalIpAccess (expected one on the project with deny_all = "TRUE")'],
    ['TF-GCP-ORG-POLICY-GUARDRAILS', 'external IPs allowed', (doc) => orgPolicy(doc, 'compute.vmExternalIpAccess', (b) => { b.spec.rules = [{ allow_all: 'TRUE' }]; }),
      'spec.rules has {"allow_all":"TRUE"} (expected no rule that turns compute.vmExternalIpAccess off)'],
    ['TF-GCP-ORG-POLICY-GUARDRAILS', 'uniform bucket access not enforced', (doc) => orgPolicy(doc, 'storage.uniformBucketLevelAccess', (b) => { b.spec.rules[0].enforce = 'FALSE'; }),
      'spec.rules has {"enforce":"FALSE"} (expected no rule that turns storage.uniformBucketLevelAccess off)'],
    ['TF-GCP-ORG-POLICY-GUARDRAILS', 'another constraint reset', (doc) => orgPolicy(doc, 'compute.disableSerialPortAccess', (b) => { b.spec = { reset: true }; }),
      'spec.reset is true (expected the constraint enforced, not reset to Google\'s default)'],
    ['TF-GCP-ORG-POLICY-GUARDRAILS', 'a dry run only', (doc) => orgPolicy(doc, 'storage.uniformBucketLevelAccess', (b) => { b.dry_run_spec = b.spec; delete b.spec; }),
      'spec is unset (expected an enforced spec; a dry_run_spec alone enforces nothing)'],
    ['TF-GCP-ORG-POLICY-GUARDRAILS', 'locations denied instead of allowed', (doc) => orgPolicy(doc, 'gcp.resourceLocations', (b) => {
      b.spec.rules = [{ values: { denied_values: ['in:us-locations'] } }];
    }), 'spec.rules is [{"values":{"denied_values":["in:us-locations"]}}] (expected a rule with values.allowed_values listing the environment\'s locations)'],
    ['TF-GCP-GKE-NODE-DISKS-CMK', 'a pool on Google-managed disk encryption', (doc) => first(doc, 'google_container_node_pool', (b) => { delete b.node_config.boot_disk_kms_key; }),
      'node_config.boot_disk_kms_key is unset (expected a Cloud KMS key)'],
    ['TF-GCP-GKE-INTRANODE-VISIBILITY', 'intranode visibility off', (doc) => gke(doc, (b) => { delete b.enable_intranode_visibility; }),
      'enable_intranode_visibility is unset (expected true)'],
    ['TF-GCP-GKE-RESOURCE-LABELS', 'no resource labels', (doc) => gke(doc, (b) => { delete b.resource_labels; }),
      'resource_labels lack owner, cost-center, environment, data-classification (found unset)'],
    ['TF-GCP-GKE-RBAC-GROUPS', 'no Google Groups for RBAC', (doc) => gke(doc, (b) => { delete b.authenticator_groups_config; }),
      'authenticator_groups_config.security_group is unset (expected gke-security-groups@<your domain>)'],
    ['TF-GCP-BINARY-AUTHORIZATION', 'a cluster ignoring the project policy', (doc) => gke(doc, (b) => { b.binary_authorization.evaluation_mode = 'DISABLED'; }),
      'binary_authorization.evaluation_mode is "DISABLED" (expected "PROJECT_SINGLETON_POLICY_ENFORCE")'],
    ['TF-GCP-BINARY-AUTHORIZATION', 'a policy in dry run', (doc) => first(doc, 'google_binary_authorization_policy', (b) => { b.default_admission_rule.enforcement_mode = 'DRYRUN_AUDIT_LOG_ONLY'; }),
      'default_admission_rule.enforcement_mode is "DRYRUN_AUDIT_LOG_ONLY" (expected "ENFORCED_BLOCK_AND_AUDIT_LOG" (dry run only logs))'],
    ['TF-GCP-BINARY-AUTHORIZATION', 'a policy that admits everything', (doc) => first(doc, 'google_binary_authorization_policy', (b) => { b.default_admission_rule = { evaluation_mode: 'ALWAYS_ALLOW', enforcement_mode: 'ENFORCED_BLOCK_AND_AUDIT_LOG' }; }),
      'default_admission_rule.evaluation_mode is "ALWAYS_ALLOW" (expected "REQUIRE_ATTESTATION")'],
    ['TF-GCP-BINARY-AUTHORIZATION', 'a cluster rule that admits everything', (doc) => first(doc, 'google_binary_authorization_policy', (b) => { b.cluster_admission_rules = [{ cluster: 'europe-west3.acme-prod', evaluation_mode: 'ALWAYS_ALLOW', enforcement_mode: 'ENFORCED_BLOCK_AND_AUDIT_LOG' }]; }),
      'cluster_admission_rules["europe-west3.acme-prod"].evaluation_mode is "ALWAYS_ALLOW" (expected "REQUIRE_ATTESTATION")'],
    ['TF-GCP-AR-CMEK', 'a repository on a Google-managed key', (doc) => repository(doc, (b) => { delete b.kms_key_name; }), 'kms_key_name is unset (expected a Cloud KMS key)'],
    ['TF-GCP-KMS-KEY-ROTATION', 'a key that never rotates', (doc) => first(doc, 'google_kms_crypto_key', (b) => { delete b.rotation_period; }),
      'rotation_period is unset (expected a period of at most 31536000s)'],
  ])('%s fails on %s', (ruleId, _case, mutate, message) => {
    // GIVEN the real prod stack with one property broken
    let resource = '';
    const artifact = broken(prod, (doc) => { resource = mutate(doc); });
    // WHEN the rule reads it / THEN it reports exactly that resource and value
    expect(ruleOf(terraformGcpPack, ruleId).check(artifact)).toEqual([{ resource, message }]);
  });

  test('TF-GCP-AR-SCANNING fails on every Docker repository when the Container Scanning API is not enabled', () => {
    // GIVEN the prod stack without the google_project_service that enables the API
    const artifact = broken(prod, (doc) => {
      repository(doc, () => undefined);
      for (const [name, s] of Object.entries<any>(doc.resource.google_project_service)) {
        if (s.service === SCANNING_API.service) delete doc.resource.google_project_service[name];
      }
    });
    const repositories = Object.entries<any>(artifact.document.resource.google_artifact_registry_repository)
      .filter(([, r]) => r.format === 'DOCKER').map(([name]) => `google_artifact_registry_repository.${name}`);
    // THEN each Docker repository is reported, because inherited scanning is then off
    expect(ruleOf(terraformGcpPack, 'TF-GCP-AR-SCANNING').check(artifact)).toEqual(repositories.map((resource) => ({
      resource,
      message: 'no google_project_service enables containerscanning.googleapis.com, so inherited scanning is off (expected the API enabled in the same stack)',
    })));
  });

  test('a compliant repository passes every registry rule', () => {
    const artifact = broken(prod, (doc) => { repository(doc, () => undefined); });
    for (const id of ['TF-GCP-AR-PRIVATE', 'TF-GCP-AR-IMMUTABLE-TAGS', 'TF-GCP-AR-SCANNING', 'TF-GCP-DELETION-PROTECTION']) {
      expect(ruleOf(terraformGcpPack, id).check(artifact)).toEqual([]);
    }
  });

  test('non-Docker repositories and proxy-only subnets are out of scope', () => {
    const artifact = broken(prod, (doc) => {
      repository(doc, (b) => { b.format = 'NPM'; b.docker_config.immutable_tags = false; });
      doc.resource.google_compute_subnetwork.proxy = { purpose: 'REGIONAL_MANAGED_PROXY', ip_cidr_range: '10.99.0.0/23' };
    });
    expect(ruleOf(terraformGcpPack, 'TF-GCP-AR-IMMUTABLE-TAGS').check(artifact)).toEqual([]);
    expect(ruleOf(terraformGcpPack, 'TF-GCP-SUBNET-FLOW-LOGS').check(artifact)).toEqual([]);
  });

  test('TF-GCP-BUDGET-ALERTS passes on one budget holding both thresholds', () => {
    // GIVEN the prod stack with its two budgets folded into one that alerts at 80 % and 100 %
    const artifact = broken(prod, (doc) => {
      const warning = budget(doc, 'warning', () => undefined).split('.')[1];
      delete doc.resource.google_billing_budget[warning];
      budget(doc, 'limit', (b) => { b.threshold_rules = [{ threshold_percent: 0.8 }, { threshold_percent: 1 }]; });
    });
    // WHEN / THEN: an unset spend basis is the actual spend
    expect(ruleOf(terraformGcpPack, 'TF-GCP-BUDGET-ALERTS').check(artifact)).toEqual([]);
  });

  test('TF-GCP-BINARY-AUTHORIZATION fails on the cluster when no project policy is set (Google\'s default admits everything)', () => {
    // GIVEN the prod stack as a spec without imageSigning would make it: no policy, no attestor
    const artifact = broken(prod, (doc) => {
      delete doc.resource.google_binary_authorization_policy;
      delete doc.resource.google_binary_authorization_attestor;
    });
    const cluster = gke(structuredClone(prod.document), () => undefined);
    // WHEN / THEN
    expect(ruleOf(terraformGcpPack, 'TF-GCP-BINARY-AUTHORIZATION').check(artifact)).toEqual([{
      resource: cluster,
      message: 'no google_binary_authorization_policy in the stack, so the project keeps Google\'s default policy that admits every image (expected a policy requiring attestations)',
    }]);
  });

  test('TF-GCP-BINARY-AUTHORIZATION fails when the attestor holds no key', () => {
    const artifact = broken(prod, (doc) => first(doc, 'google_binary_authorization_attestor', (b) => { delete b.attestation_authority_note.public_keys; }));
    expect(ruleOf(terraformGcpPack, 'TF-GCP-BINARY-AUTHORIZATION').check(artifact).map((v) => v.message)).toEqual([
      'default_admission_rule requires attestations, but no google_binary_authorization_attestor in the stack holds a public key (expected an attestor with the organization\'s key)',
    ]);
  });

  test('TF-GCP-ORG-POLICY-GUARDRAILS reports each missing constraint once', () => {
    // GIVEN the prod stack without any organization policy
    const artifact = broken(prod, (doc) => { delete doc.resource.google_org_policy_policy; });
    // WHEN / THEN
    expect(ruleOf(terraformGcpPack, 'TF-GCP-ORG-POLICY-GUARDRAILS').check(artifact).map((v) => v.message)).toEqual([
      'no policy for constraints/compute.vmExternalIpAccess (expected one on the project with deny_all = "TRUE")',
      'no policy for constraints/storage.uniformBucketLevelAccess (expected one on the project with enforce = "TRUE")',
      'no policy for constraints/gcp.resourceLocations (expected one on the project with values.allowed_values listing the environment\'s locations)',
    ]);
  });
});

/** The budget that alerts at 100 % of the actual spend (`limit`) or the one that warns at 80 % (`warning`). */
function budget(doc: any, which: 'limit' | 'warning', mutate: (body: any) => void): string {
  const entry = Object.entries<any>(doc.resource.google_billing_budget)
    .find(([, b]) => b.threshold_rules.some((r: any) => r.threshold_percent === (which === 'limit' ? 1 : 0.8) && r.spend_basis === 'CURRENT_SPEND'));
  if (!entry) throw new Error(`no ${which} budget`);
  mutate(entry[1]);
  return `google_billing_budget.${entry[0]}`;
}

/** The policy configuring one constraint. */
function orgPolicy(doc: any, constraint: string, mutate: (body: any) => void): string {
  const entry = Object.entries<any>(doc.resource.google_org_policy_policy).find(([, p]) => p.name.endsWith(`/policies/${constraint}`));
  if (!entry) throw new Error(`no policy for ${constraint}`);
  mutate(entry[1]);
  return `google_org_policy_policy.${entry[0]}`;
}

function first(doc: any, type: string, mutate: (body: any) => void): string {
  const name = Object.keys(doc.resource[type])[0];
  mutate(doc.resource[type][name]);
  return `${type}.${name}`;
}

function gke(doc: any, mutate: (body: any) => void): string {
  return first(doc, 'google_container_cluster', mutate);
}

/** The stack's first Docker repository (a compliant one is added with the scanning API while the platform has none). */
function repository(doc: any, mutate: (body: any) => void): string {
  tfResource(doc, 'google_project_service', 'container_scanning_api', SCANNING_API);
  if (!Object.values<any>(doc.resource.google_project_service).some((s) => s.service === SCANNING_API.service)) {
    doc.resource.google_project_service.container_scanning_api = { ...SCANNING_API };
  }
  const { address, body } = tfResource(doc, 'google_artifact_registry_repository', 'payments', COMPLIANT_REPOSITORY);
  mutate(body);
  return address;
}
