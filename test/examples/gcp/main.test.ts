import { PLATFORM_OWNED_CONTROLS, controlsWith, resourcesOfType, runExample } from '../../support/examples';

jest.setTimeout(5 * 60_000);

describe('examples/gcp', () => {
  // WHEN the example runs as a user's copy of it would
  const run = runExample('gcp');
  const stack = run.outputs.find((o) => o.name === 'shop-dev-gcp')!.document;

  test('writes one Terraform stack with encrypted remote state and a private regional GKE cluster', () => {
    expect(run.outputs.map((o) => `${o.kind} ${o.name}`)).toEqual(['terraform shop-dev-gcp']);
    expect(stack.terraform.backend.gcs).toMatchObject({ bucket: 'shop-tfstate-4821', prefix: 'shop-dev-gcp', kms_encryption_key: expect.stringContaining('cryptoKeys/tfstate') });
    const [gke] = resourcesOfType(stack, 'google_container_cluster');
    expect(gke).toMatchObject({ location: 'europe-west1', deletion_protection: true, remove_default_node_pool: true });
    expect(gke.private_cluster_config).toMatchObject({ enable_private_nodes: true, enable_private_endpoint: true });
    expect(gke.workload_identity_config).toEqual({ workload_pool: 'shop-dev-4821.svc.id.goog' });
    expect(resourcesOfType(stack, 'google_container_node_pool').map((p) => [p.autoscaling.min_node_count, p.autoscaling.max_node_count]).sort()).toEqual([[1, 1], [1, 2]]);
    expect(resourcesOfType(stack, 'google_compute_subnetwork').map((s) => s.ip_cidr_range)).toEqual(['10.42.0.0/20']);
  });

  test('one immutable repository for the team, read by the nodes only', () => {
    const [repository] = resourcesOfType(stack, 'google_artifact_registry_repository');
    expect(repository).toMatchObject({ format: 'DOCKER', location: 'europe-west1', docker_config: { immutable_tags: true } });
    expect(repository.kms_key_name).toBeDefined();
    const readers = resourcesOfType(stack, 'google_artifact_registry_repository_iam_member').filter((m) => m.role === 'roles/artifactregistry.reader');
    expect(readers.map((m) => m.member)).toEqual([expect.stringMatching(/^serviceAccount:\$\{google_service_account\./)]);
  });

  test('passes every baseline control its constructs implement; only the platform-owned ones are left', () => {
    // Binary Authorization's policy is a project singleton, which the platform's environment stack sets (images-signed).
    expect(controlsWith(run, 'fail')).toEqual([...PLATFORM_OWNED_CONTROLS, 'images-signed']);
    expect(controlsWith(run, 'pass')).toEqual([
      'admin-ports-closed', 'cluster-api-private', 'deletion-protection', 'diagnostics-on', 'flow-logs-on', 'keys-rotated', 'mandatory-tags',
      'no-static-credentials', 'node-disks-cmk', 'nodes-no-public-ip', 'registry-encrypted-cmk', 'registry-private', 'registry-scan-on-push', 'registry-tags-immutable',
      'secrets-encrypted-cmk', 'state-locked-encrypted',
    ]);
  });
});
