/**
 * A Google Cloud team app as a Terraform stack: a VPC with private access to Google APIs, a private regional GKE
 * cluster, and an Artifact Registry repository its nodes read from. Copy this file into your cdktf app and import from
 * `cdk-enterprise-baseline/gcp` instead of the relative path.
 *
 *   CHECKPOINT_DISABLE=1 npx cdktf synth   # with "app": "npx tsx main.ts" in cdktf.json; or: npx tsx main.ts
 */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, GcsBackend, TerraformStack } from 'cdktf';
import { GcpArtifactRegistry, GcpNetwork, GkeCluster } from '../../constructs/gcp';

const app = new App(); // writes cdktf.out/stacks/shop-dev-gcp/cdk.tf.json
const stack = new TerraformStack(app, 'shop-dev-gcp');
const project = 'shop-dev-4821';
const region = 'europe-west1';
const provider = new GoogleProvider(stack, 'google', { project, region });
// Labels on every resource that takes them (cdktf would snake-case the keys of a provider map, so set it as data).
const labels = { 'owner': 'shop-team', 'cost-center': 'cc-2001', 'environment': 'dev', 'data-classification': 'internal' };
provider.addOverride('default_labels', labels);
// State in a bucket with native locking, objects encrypted with your Cloud KMS key.
new GcsBackend(stack, {
  bucket: 'shop-tfstate-4821',
  prefix: 'shop-dev-gcp',
  kmsEncryptionKey: 'projects/shop-shared/locations/europe/keyRings/tfstate/cryptoKeys/tfstate',
});

const network = new GcpNetwork(stack, 'Network', {
  namePrefix: 'shop-dev',
  project,
  region,
  nodesCidr: '10.42.0.0/20',
  podsCidr: '10.44.0.0/14',
  servicesCidr: '10.42.16.0/20',
});

// Private nodes and endpoint, Workload Identity, Dataplane V2, shielded nodes, CMEK secrets, release channel.
const cluster = new GkeCluster(stack, 'Cluster', {
  namePrefix: 'shop-dev',
  project,
  region,
  network: network.networkName,
  subnetwork: network.subnetworkName,
  podsRangeName: network.podsRangeName,
  servicesRangeName: network.servicesRangeName,
  nodesCidr: '10.42.0.0/20',
  nodePools: { system: { minNodeCountPerZone: 1, maxNodeCountPerZone: 1 }, general: { minNodeCountPerZone: 1, maxNodeCountPerZone: 2 } },
  // GKE copies these to the node VMs and disks, so billing attributes their cost.
  resourceLabels: labels,
});

// A Docker repository for the team: immutable tags, CMEK, cleanup policies, read by the cluster's nodes only.
new GcpArtifactRegistry(stack, 'Registry', {
  namePrefix: 'shop-dev',
  project,
  region,
  repositories: [{ name: 'shop', services: ['checkout', 'catalog'] }],
  readerMembers: [`serviceAccount:${cluster.nodeServiceAccountEmail}`],
});

app.synth();
