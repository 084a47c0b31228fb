import type { Artifact } from '../../../lib/artifacts';
import { diffArtifacts, formatDiff } from '../../../lib/diff';

// The diff engine on small hand-written artifacts: each case is one rule of what replaces and what loses data.
const cfn = (resources: Record<string, unknown>): Artifact => ({
  kind: 'cloudformation', cloud: 'aws', environment: 'prod', name: 'acme-prod', file: 'cdk.out/acme-prod.template.json', document: { Resources: resources },
});
const tf = (resource: Record<string, Record<string, unknown>>, backend: unknown = { gcs: { bucket: 'state' } }): Artifact => ({
  kind: 'terraform',
  cloud: 'azure',
  environment: 'prod',
  name: 'acme-prod-azure',
  file: 'cdktf.out/stacks/acme-prod-azure/cdk.tf.json',
  document: { terraform: { backend }, resource },
});
const k8s = (objects: unknown[]): Artifact => ({
  kind: 'kubernetes', cloud: 'gcp', environment: 'prod', name: 'prod/gcp/baseline', file: 'cdk8s.out/prod/gcp/baseline.k8s.yaml', document: objects,
});
const repository = (name: string, extra: object = {}) => ({
  Type: 'AWS::ECR::Repository',
  DeletionPolicy: 'Retain',
  UpdateReplacePolicy: 'Retain',
  Properties: { RepositoryName: name, ImageTagMutability: 'IMMUTABLE', ImageScanningConfiguration: { ScanOnPush: true }, EncryptionConfiguration: { EncryptionType: 'KMS' }, ...extra },
});
const aks = (location: string, extra: object = {}) => ({
  name: 'aks-acme-prod',
  location,
  resource_group_name: '${azurerm_resource_group.Cluster_ResourceGroup_1.name}',
  dns_prefix: 'acme-prod',
  default_node_pool: [{ name: 'system', vnet_subnet_id: '${azurerm_subnet.Nodes_2.id}', min_count: 3 }],
  ...extra,
});

describe('CloudFormation (aws-cdk\'s diff)', () => {
  test('a changed repository name replaces the repository: data loss', () => {
    const result = diffArtifacts([cfn({ Repo: repository('acme-prod/a') })], [cfn({ Repo: repository('acme-prod/b') })]);
    expect(result.changes).toEqual([expect.objectContaining({ address: 'Repo', type: 'AWS::ECR::Repository', change: 'replace', attributes: ['RepositoryName'], destructive: true })]);
    expect(result.blocking).toHaveLength(1);
  });

  test('a renamed logical id (remove + add of the same shape) is one replacement, named as a rename', () => {
    const result = diffArtifacts([cfn({ RepositoryAcmeProdInvoices: repository('acme-prod/invoices') })], [cfn({ RepositoryAcmeProdInvoicing: repository('acme-prod/invoicing') })]);
    expect(result.changes).toEqual([expect.objectContaining({
      address: 'RepositoryAcmeProdInvoicing', renamedFrom: 'RepositoryAcmeProdInvoices', change: 'replace', attributes: ['RepositoryName'], destructive: true,
    })]);
  });

  test('removing a retained repository orphans it: reported, not data loss', () => {
    const result = diffArtifacts([cfn({ Repo: repository('acme-prod/a'), Topic: { Type: 'AWS::SNS::Topic' } })], [cfn({ Topic: { Type: 'AWS::SNS::Topic' } })]);
    expect(result.changes).toEqual([expect.objectContaining({ address: 'Repo', change: 'remove', holds: 'container images', destructive: false })]);
    expect(formatDiff(result)).toContain('- acme-prod Repo (AWS::ECR::Repository) remove — retained: container images stay outside the stack');
  });

  test('removing a bucket without Retain deletes it: data loss; an updatable property is a modification', () => {
    const before = cfn({ Bucket: { Type: 'AWS::S3::Bucket' }, Repo: repository('acme-prod/a') });
    const after = cfn({ Repo: repository('acme-prod/a', { ImageScanningConfiguration: { ScanOnPush: false } }) });
    const result = diffArtifacts([before], [after]);
    expect(result.changes.map((c) => [c.address, c.change, c.destructive])).toEqual([['Bucket', 'remove', true], ['Repo', 'modify', false]]);
  });
});

describe('Terraform (by address, with the reviewed ForceNew table)', () => {
  test('a new location replaces the cluster; a node count is a modification', () => {
    const before = tf({ azurerm_kubernetes_cluster: { Cluster: aks('westus2') } });
    const result = diffArtifacts([before], [tf({ azurerm_kubernetes_cluster: { Cluster: aks('eastus2', { default_node_pool: [{ name: 'system', vnet_subnet_id: '${azurerm_subnet.Nodes_2.id}', min_count: 5 }] }) } })]);
    expect(result.changes).toEqual([expect.objectContaining({
      address: 'azurerm_kubernetes_cluster.Cluster', change: 'replace', attributes: ['location', 'default_node_pool.min_count'], destructive: true,
    })]);
    const scaled = diffArtifacts([before], [tf({ azurerm_kubernetes_cluster: { Cluster: aks('westus2', { default_node_pool: [{ name: 'system', vnet_subnet_id: '${azurerm_subnet.Nodes_2.id}', min_count: 5 }] }) } })]);
    expect(scaled.changes).toEqual([expect.objectContaining({ change: 'modify', attributes: ['default_node_pool.min_count'], destructive: false })]);
  });

  test('a ForceNew attribute that refers to a replaced resource is replaced too', () => {
    const rg = (location: string) => ({ azurerm_resource_group: { Cluster_ResourceGroup_1: { name: 'rg-acme-prod-aks', location } } });
    const result = diffArtifacts(
      [tf({ ...rg('westus2'), azurerm_kubernetes_cluster: { Cluster: aks('westus2') } })],
      [tf({ ...rg('eastus2'), azurerm_kubernetes_cluster: { Cluster: aks('westus2') } })],
    );
    expect(result.changes.map((c) => [c.address, c.change, c.attributes[0]])).toEqual([
      ['azurerm_kubernetes_cluster.Cluster', 'replace', 'resource_group_name (refers to a replaced resource)'],
      ['azurerm_resource_group.Cluster_ResourceGroup_1', 'replace', 'location'],
    ]);
  });

  test('a moved state backend is a replacement of the state; --allow-replace accepts it by address', () => {
    const result = diffArtifacts([tf({})], [tf({}, { gcs: { bucket: 'other' } })]);
    expect(result.changes).toEqual([expect.objectContaining({ address: 'terraform.backend', change: 'replace', attributes: ['gcs.bucket'], destructive: true })]);
    const allowed = diffArtifacts([tf({})], [tf({}, { gcs: { bucket: 'other' } })], { allowReplace: ['acme-prod-*/terraform.backend'] });
    expect(allowed.blocking).toEqual([]);
    expect(allowed.changes[0].allowed).toBe(true);
  });
});

describe('Kubernetes (by kind, namespace and name)', () => {
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const deployment = (app: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout', namespace: 'payments' },
    spec: { selector: { matchLabels: { app } }, replicas: 3 },
  });

  test('a removed namespace deletes everything in it: data loss', () => {
    const result = diffArtifacts([k8s([ns('payments'), ns('web')])], [k8s([ns('payments')])]);
    expect(result.changes).toEqual([expect.objectContaining({ address: 'Namespace/web', type: 'v1/Namespace', change: 'remove', destructive: true })]);
    expect(formatDiff(result)).toContain('1 would lose data');
  });

  test('a changed selector is immutable: the Deployment is replaced (not data loss); replicas are a modification', () => {
    const result = diffArtifacts([k8s([deployment('a')])], [k8s([{ ...deployment('b'), apiVersion: 'apps/v1' }])]);
    expect(result.changes).toEqual([expect.objectContaining({ address: 'Deployment/payments/checkout', change: 'replace', attributes: ['spec.selector.matchLabels.app'], destructive: false })]);
  });

  test('an artifact present only before is wholly removed', () => {
    const result = diffArtifacts([k8s([ns('web')])], []);
    expect(result.changes.map((c) => [c.artifact, c.address, c.change])).toEqual([['prod/gcp/baseline', 'Namespace/web', 'remove']]);
  });
});

test('a Terraform `moved` block carries the resource to its new address: no rename, no replacement', () => {
  const workspace = { name: 'log-acme-prod', location: 'westus2', resource_group_name: 'rg-acme-prod-aks', retention_in_days: 30 };
  const before = tf({ azurerm_log_analytics_workspace: { Cluster_Workspace_1: workspace } });
  const after = tf({ azurerm_log_analytics_workspace: { Logs_2: { ...workspace, retention_in_days: 90 } } });
  const moved = { ...after, document: { ...after.document, moved: [{ from: 'azurerm_log_analytics_workspace.Cluster_Workspace_1', to: 'azurerm_log_analytics_workspace.Logs_2' }] } };
  expect(diffArtifacts([before], [moved]).changes).toEqual([expect.objectContaining({
    address: 'azurerm_log_analytics_workspace.Logs_2', change: 'modify', attributes: ['retention_in_days'], destructive: false,
  })]);
  // Without the moved block, the same change is a rename: a new workspace, and the old one's logs are lost.
  expect(diffArtifacts([before], [after]).changes).toEqual([expect.objectContaining({ change: 'replace', renamedFrom: 'azurerm_log_analytics_workspace.Cluster_Workspace_1', destructive: true })]);
});
