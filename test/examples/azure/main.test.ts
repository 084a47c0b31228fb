import { PLATFORM_OWNED_CONTROLS, controlsWith, resourcesOfType, runExample } from '../../support/examples';

jest.setTimeout(5 * 60_000);

describe('examples/azure', () => {
  // WHEN the example runs as a user's copy of it would
  const run = runExample('azure');
  const stack = run.outputs.find((o) => o.name === 'shop-dev-azure')!.document;

  test('writes one Terraform stack with remote state and a private AKS cluster on the network', () => {
    expect(run.outputs.map((o) => `${o.kind} ${o.name}`)).toEqual(['terraform shop-dev-azure']);
    expect(stack.terraform.backend.azurerm).toMatchObject({ use_azuread_auth: true, key: 'shop-dev-azure.tfstate' });
    const [aks] = resourcesOfType(stack, 'azurerm_kubernetes_cluster');
    expect(aks).toMatchObject({ private_cluster_enabled: true, local_account_disabled: true });
    expect(aks).toMatchObject({ oidc_issuer_enabled: true, workload_identity_enabled: true });
    expect(aks.default_node_pool).toMatchObject({ min_count: 3, max_count: 3 });
    expect(resourcesOfType(stack, 'azurerm_kubernetes_cluster_node_pool').map((p) => [p.min_count, p.max_count])).toEqual([[3, 6]]);
    expect(resourcesOfType(stack, 'azurerm_virtual_network').map((v) => v.address_space)).toEqual([['10.41.0.0/16']]);
  });

  test('a private Premium registry the kubelet pulls from', () => {
    const [acr] = resourcesOfType(stack, 'azurerm_container_registry');
    expect(acr).toMatchObject({ sku: 'Premium', admin_enabled: false, anonymous_pull_enabled: false, public_network_access_enabled: false });
    const pulls = resourcesOfType(stack, 'azurerm_role_assignment').filter((r) => r.role_definition_name === 'AcrPull');
    expect(pulls).toHaveLength(1);
    expect(pulls[0].principal_id).toMatch(/kubelet_identity/);
  });

  test('passes every baseline control its constructs implement; only the platform-owned ones are left', () => {
    // Scan on push for ACR is Defender for Containers, a plan of the whole subscription: the platform's too.
    expect(controlsWith(run, 'fail')).toEqual([...PLATFORM_OWNED_CONTROLS, 'registry-scan-on-push'].sort());
    expect(controlsWith(run, 'pass')).toEqual([
      'admin-ports-closed', 'cluster-api-private', 'deletion-protection', 'diagnostics-on', 'flow-logs-on', 'key-stores-private', 'keys-rotated',
      'log-storage-locked-down', 'mandatory-tags', 'no-static-credentials', 'node-disks-cmk', 'nodes-no-public-ip', 'registry-encrypted-cmk', 'registry-private', 'secrets-encrypted-cmk',
      'state-locked-encrypted',
    ]);
  });
});
