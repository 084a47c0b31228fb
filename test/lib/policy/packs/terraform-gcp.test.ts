import { acme } from '../../../../examples/acme/org';
import { synthesizeArtifacts } from '../../../../lib/artifacts';
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
});

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
