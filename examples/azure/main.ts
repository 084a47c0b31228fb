/**
 * An Azure team app as a Terraform stack: a virtual network, the environment's Log Analytics workspace, a private
 * AKS cluster and a private container registry its kubelet pulls from. Copy this file into your cdktf app and import
 * from `cdk-enterprise-baseline/azure` instead of the relative path.
 *
 *   CHECKPOINT_DISABLE=1 npx cdktf synth   # with "app": "npx tsx main.ts" in cdktf.json; or: npx tsx main.ts
 */
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { App, AzurermBackend, TerraformStack } from 'cdktf';
import { AcrRegistry, AksCluster, AzureLogAnalyticsWorkspace, AzureNetwork, AzureTags } from '../../constructs/azure';

const app = new App(); // writes cdktf.out/stacks/shop-dev-azure/cdk.tf.json
const stack = new TerraformStack(app, 'shop-dev-azure');
new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: '11111111-1111-4111-8111-111111111111', storageUseAzuread: true });

// State in a storage account, locked by blob lease, reached with Entra ID (no access keys).
new AzurermBackend(stack, {
  subscriptionId: '11111111-1111-4111-8111-111111111111',
  resourceGroupName: 'rg-shop-tfstate',
  storageAccountName: 'stshoptfstate4821',
  containerName: 'tfstate',
  key: 'shop-dev-azure.tfstate',
  useAzureadAuth: true,
});

const location = 'westeurope';
const tags = { 'owner': 'shop-team', 'cost-center': 'cc-2001', 'environment': 'dev', 'data-classification': 'internal' };
// The tags on every resource that takes them, including those the constructs create inside.
AzureTags.apply(stack, tags);

// Node, private endpoint and API server subnets, each behind an NSG; NAT egress; flow logs kept 90 days.
const network = new AzureNetwork(stack, 'Network', {
  namePrefix: 'shop-dev',
  location,
  addressSpace: '10.41.0.0/16',
  subnets: { systemNodes: '10.41.0.0/20', userNodes: '10.41.16.0/20', privateEndpoints: '10.41.32.0/24', apiServer: '10.41.33.0/28' },
  flowLogRetentionDays: 90,
  tags,
});

const logs = new AzureLogAnalyticsWorkspace(stack, 'Logs', {
  namePrefix: 'shop-dev',
  location,
  resourceGroupName: AksCluster.resourceGroupNameFor('shop-dev'),
  retentionDays: 90,
  tags,
});

// Private API server, Entra ID with Azure RBAC (no local accounts), workload identity, etcd encrypted with a key
// in a private vault, Cilium dataplane, system and user pools over three zones.
const cluster = new AksCluster(stack, 'Cluster', {
  namePrefix: 'shop-dev',
  location,
  systemNodesSubnetId: network.systemNodesSubnet.id,
  userNodesSubnetId: network.userNodesSubnet.id,
  apiServerSubnetId: network.apiServerSubnet.id,
  privateEndpointSubnetId: network.privateEndpointsSubnet.id,
  keyVaultPrivateDnsZoneId: network.keyVaultPrivateDnsZone.id,
  logAnalyticsWorkspaceId: logs.workspaceResourceId,
  adminGroupObjectIds: ['6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'],
  systemPool: { minCount: 3, maxCount: 3 },
  userPool: { minCount: 3, maxCount: 6 },
  tags,
});

// Premium, private endpoint only, no admin user or anonymous pull, customer-managed key, AcrPull for the kubelet.
new AcrRegistry(stack, 'Registry', {
  namePrefix: 'shop-dev',
  location,
  privateEndpointSubnetId: network.privateEndpointsSubnet.id,
  virtualNetworkId: network.virtualNetwork.id,
  pullPrincipalIds: [cluster.kubeletIdentityObjectId],
  logAnalyticsWorkspaceId: logs.workspaceResourceId,
  tags,
});

app.synth();
