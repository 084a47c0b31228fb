import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { AnnotationMetadataEntryType, Testing, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { GcpNetwork, GkeCluster, GkeClusterProps, GkeReleaseChannel } from '../../../constructs/gcp';
import { BAD_PLACEMENT, badPlacementProblems, GKE_PROPS } from '../../support/gcp';
import { addressesOf, onlyResource as only, problemsOf, resourceAt as at, synthChecked, TfJson, TfResource } from '../../support/terraform';

Testing.setupJest();

const PROPS: GkeClusterProps = GKE_PROPS;


function synthJson(props: Partial<GkeClusterProps> = {}): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new GkeCluster(scope, 'Gke', { ...PROPS, ...props });
  }));
}

function cluster(props: Partial<GkeClusterProps> = {}): TfResource {
  return only(synthJson(props), 'google_container_cluster');
}

function pool(json: TfJson, name: string): TfResource {
  const pools = Object.values(json.resource.google_container_node_pool).filter((p) => p.name === name);
  expect(pools).toHaveLength(1);
  return pools[0];
}

const CLUSTER = 'google_container_cluster.Gke_EBA30071';
const KEY = 'google_kms_crypto_key.Gke_SecretsKey_83251208';
const KEY_BINDING = 'google_kms_crypto_key_iam_member.Gke_SecretsKeyEncrypterDecrypter_E28B1299';
const DISKS_KEY = 'google_kms_crypto_key.Gke_NodeDisksKey_3FB4E20F';
const DISKS_KEY_BINDING = 'google_kms_crypto_key_iam_member.Gke_NodeDisksKeyEncrypterDecrypter_E61EE624';
const NODE_SA = 'google_service_account.Gke_NodeServiceAccount_1B3F26BD';
const NODE_ROLE_BINDINGS = [
  'google_project_iam_member.Gke_NodeRole-logginglogWriter_CA17E196',
  'google_project_iam_member.Gke_NodeRole-monitoringmetricWriter_23CF2670',
  'google_project_iam_member.Gke_NodeRole-monitoringviewer_E0D75771',
  'google_project_iam_member.Gke_NodeRole-stackdriverresourceMetadatawriter_45964847',
  'google_project_iam_member.Gke_NodeRole-autoscalingmetricsWriter_82D68301',
];

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<GkeClusterProps>): string {
  return problemsOf('Gke', (scope) => new GkeCluster(scope, 'Gke', { ...PROPS, ...props }));
}

describe('GkeCluster', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN: renaming any of these replaces real infrastructure (and a key ring can never be recreated)
      expect(addressesOf(json)).toEqual([
        CLUSTER,
        'google_container_node_pool.Gke_GeneralNodePool_52445D7D',
        'google_container_node_pool.Gke_SystemNodePool_F0DBF215',
        KEY,
        DISKS_KEY,
        KEY_BINDING,
        DISKS_KEY_BINDING,
        'google_kms_key_ring.Gke_KeyRing_F80947BC',
        ...NODE_ROLE_BINDINGS,
        NODE_SA,
      ].sort());
      expect(Object.keys(json.data!.google_project)).toEqual(['Gke_Project_049757D3']);
    });

    test('the cluster is the primary child and the attributes point at the right resources', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const gke = new GkeCluster(stack, 'Gke', PROPS);

      // THEN
      expect(gke.node.defaultChild).toBe(gke.cluster);
      expect(gke.cluster).toBeInstanceOf(ContainerCluster);
      expect(gke.node.children.map((c) => c.node.id)).toEqual([
        'Project', 'KeyRing', 'SecretsKey', 'SecretsKeyEncrypterDecrypter', 'NodeDisksKey', 'NodeDisksKeyEncrypterDecrypter', 'NodeServiceAccount',
        'NodeRole-logging.logWriter', 'NodeRole-monitoring.metricWriter', 'NodeRole-monitoring.viewer',
        'NodeRole-stackdriver.resourceMetadata.writer', 'NodeRole-autoscaling.metricsWriter',
        'Resource', 'SystemNodePool', 'GeneralNodePool',
      ]);
      expect(gke.secretsKey).toBeInstanceOf(KmsCryptoKey);
      expect(gke.keyRing).toBeInstanceOf(KmsKeyRing);
      expect(gke.nodeServiceAccount).toBeInstanceOf(ServiceAccount);
      expect(gke.systemNodePool).toBeInstanceOf(ContainerNodePool);
      expect(gke.generalNodePool).toBeInstanceOf(ContainerNodePool);
      new TerraformOutput(stack, 'clusterName', { value: gke.clusterName });
      new TerraformOutput(stack, 'nodeServiceAccountEmail', { value: gke.nodeServiceAccountEmail });
      const outputs = JSON.parse(Testing.synth(stack)).output;
      expect(outputs.clusterName.value).toBe(`\${${CLUSTER}.name}`);
      expect(outputs.nodeServiceAccountEmail.value).toBe(`\${${NODE_SA}.email}`);
      expect(gke.workloadPool).toBe('acme-dev-1234.svc.id.goog');
    });

    test('names are derived from the prefix', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(only(json, 'google_container_cluster').name).toBe('acme-dev-gke');
      expect(only(json, 'google_kms_key_ring').name).toBe('acme-dev-gke');
      expect(at(json, KEY).name).toBe('gke-secrets');
      expect(at(json, DISKS_KEY).name).toBe('gke-node-disks');
      expect(only(json, 'google_service_account').account_id).toBe('acme-dev-gke-nodes');
      expect(Object.values(json.resource.google_container_node_pool).map((p) => p.name).sort()).toEqual(['general', 'system']);
    });

    test('names respect the 40-character cluster and 30-character account id limits', () => {
      // GIVEN: the longest prefix accepted
      const namePrefix = 'acme-platform-engineering-production-eu1';
      expect(namePrefix).toHaveLength(40);

      // WHEN
      const json = synthJson({ namePrefix });

      // THEN: cut, with a hash so that two long prefixes stay distinct
      const clusterName: string = only(json, 'google_container_cluster').name;
      const accountId: string = only(json, 'google_service_account').account_id;
      expect(clusterName).toMatch(/^acme-platform-engineering-product-[0-9a-f]{6}$/);
      expect(clusterName.length).toBeLessThanOrEqual(40);
      expect(accountId).toMatch(/^acme-platform-engineeri-[0-9a-f]{6}$/);
      expect(accountId.length).toBeLessThanOrEqual(30);
      expect(only(json, 'google_kms_key_ring').name).toBe(`${namePrefix}-gke`);
    });
  });

  describe('cluster baseline', () => {
    test('is regional, VPC-native on the given network and ranges, and drops the default node pool', () => {
      // GIVEN / WHEN
      const c = cluster();

      // THEN
      expect(c.project).toBe('acme-dev-1234');
      expect(c.location).toBe('europe-west1');
      expect(c.network).toBe('acme-dev-vpc');
      expect(c.subnetwork).toBe('acme-dev-europe-west1');
      expect(c.networking_mode).toBe('VPC_NATIVE');
      expect(c.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' });
      expect(c.remove_default_node_pool).toBe(true);
      expect(c.initial_node_count).toBe(1);
      expect(c.node_pool).toBeUndefined();
      expect(c.node_config).toBeUndefined();
    });

    test('is private by default: private nodes, private endpoint only, no authorized network', () => {
      // GIVEN / WHEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const gke = new GkeCluster(stack, 'Gke', PROPS);
      const c = JSON.parse(Testing.synth(stack)).resource.google_container_cluster.Gke_EBA30071;

      // THEN
      expect(c.private_cluster_config).toEqual({
        enable_private_nodes: true,
        enable_private_endpoint: true,
        master_ipv4_cidr_block: '172.16.0.0/28',
      });
      expect(c.master_authorized_networks_config).toEqual({ gcp_public_cidrs_access_enabled: false, cidr_blocks: [] });
      expect(gke.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN)).toEqual([]);
    });

    test('authorizes the node subnet by default when its range is given', () => {
      // GIVEN / WHEN
      const c = cluster({ nodesCidr: '10.20.0.0/20' });

      // THEN
      expect(c.master_authorized_networks_config).toEqual({
        gcp_public_cidrs_access_enabled: false,
        cidr_blocks: [{ cidr_block: '10.20.0.0/20', display_name: 'nodes' }],
      });
    });

    test('authorized networks and the control plane range can be set', () => {
      // GIVEN / WHEN
      const c = cluster({
        nodesCidr: '10.20.0.0/20',
        masterIpv4CidrBlock: '172.16.32.0/28',
        masterAuthorizedNetworks: [{ cidr: '10.0.0.0/24', name: 'vpn' }, { cidr: '10.1.0.0/24', name: 'ci' }],
      });

      // THEN: the given list replaces the default, it does not add to it
      expect(c.master_authorized_networks_config.cidr_blocks).toEqual([
        { cidr_block: '10.0.0.0/24', display_name: 'vpn' },
        { cidr_block: '10.1.0.0/24', display_name: 'ci' },
      ]);
      expect(c.private_cluster_config.master_ipv4_cidr_block).toBe('172.16.32.0/28');
    });

    test('a public endpoint is an explicit opt-in: reachable from allowedCidrs, its reason reported at synth and recorded', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN the shared ClusterPublicEndpoint is given
      const gke = new GkeCluster(stack, 'Gke', {
        ...PROPS,
        nodesCidr: '10.20.0.0/20',
        publicEndpoint: { allowedCidrs: ['203.0.113.0/24', '10.20.0.0/20'], reason: 'CI runners outside the VPC' },
      });
      const c = JSON.parse(Testing.synth(stack)).resource.google_container_cluster.Gke_EBA30071;

      // THEN nodes stay private, the endpoint is public, and only the authorized networks reach it
      expect(c.private_cluster_config).toEqual({
        enable_private_nodes: true,
        enable_private_endpoint: false,
        master_ipv4_cidr_block: '172.16.0.0/28',
      });
      // AND the allowed networks join the default ones, each once
      expect(c.master_authorized_networks_config).toEqual({
        gcp_public_cidrs_access_enabled: false,
        cidr_blocks: [
          { cidr_block: '10.20.0.0/20', display_name: 'nodes' },
          { cidr_block: '203.0.113.0/24', display_name: 'public-endpoint-1' },
        ],
      });
      // AND the reason is a synth warning and a comment on the cluster in the Terraform JSON, beside cdktf's own
      expect(gke.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data)).toEqual([
        'GkeCluster: the control plane has a public endpoint (reason: CI runners outside the VPC)',
      ]);
      const comment = (stack.toTerraform() as any).resource.google_container_cluster.Gke_EBA30071['//'];
      expect(comment['cdk-enterprise-baseline:public-endpoint']).toEqual({ cidrs: ['203.0.113.0/24', '10.20.0.0/20'], reason: 'CI runners outside the VPC' });
      expect(comment.metadata.path).toBe('stack/Gke/Resource');
    });

    test('the deprecated reason-only publicEndpoint still opens the endpoint to the authorized networks, with a warning', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN a team stack written against GkePublicEndpoint builds
      const gke = new GkeCluster(stack, 'Gke', { ...PROPS, publicEndpoint: { reason: 'CI runners outside the VPC' } });
      const c = JSON.parse(Testing.synth(stack)).resource.google_container_cluster.Gke_EBA30071;

      // THEN the cluster is the one it had before, and the synth says what to use instead
      expect(c.private_cluster_config.enable_private_endpoint).toBe(false);
      expect(c.master_authorized_networks_config).toEqual({ gcp_public_cidrs_access_enabled: false, cidr_blocks: [] });
      expect(gke.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => m.data)).toEqual([
        'GkeCluster: the control plane has a public endpoint (reason: CI runners outside the VPC)',
        'GkeCluster: publicEndpoint without allowedCidrs is deprecated (use publicEndpoint: { allowedCidrs, reason }, the type EKS, AKS and GKE share)',
      ]);
    });

    test('the public endpoint does not move the cluster: same address with and without it', () => {
      const addresses = addressesOf(synthJson());
      expect(addressesOf(synthJson({ publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'CI' } }))).toEqual(addresses);
      expect(addresses).toContain('google_container_cluster.Gke_EBA30071');
    });

    test('enables Workload Identity, Dataplane V2, shielded nodes and Binary Authorization', () => {
      // GIVEN / WHEN
      const c = cluster();

      // THEN
      expect(c.workload_identity_config).toEqual({ workload_pool: 'acme-dev-1234.svc.id.goog' });
      expect(c.datapath_provider).toBe('ADVANCED_DATAPATH');
      expect(c.enable_shielded_nodes).toBe(true);
      expect(c.binary_authorization).toEqual({ evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    });

    test('turns off legacy authentication and authorization', () => {
      // GIVEN / WHEN
      const c = cluster();

      // THEN
      expect(c.enable_legacy_abac).toBe(false);
      expect(c.master_auth).toEqual({ client_certificate_config: { issue_client_certificate: false } });
    });

    test('encrypts Secrets with the KMS key, once the GKE service agent may use it', () => {
      // GIVEN / WHEN
      const c = cluster();

      // THEN
      expect(c.database_encryption).toEqual({ state: 'ENCRYPTED', key_name: `\${${KEY}.id}` });
      expect(c.depends_on).toEqual([KEY_BINDING]);
    });

    test('sends system and workload logs, and control plane and workload metrics to Managed Prometheus', () => {
      // GIVEN / WHEN
      const c = cluster();

      // THEN
      expect(c.logging_config).toEqual({ enable_components: ['SYSTEM_COMPONENTS', 'WORKLOADS'] });
      expect(c.monitoring_config).toEqual({
        enable_components: [
          'SYSTEM_COMPONENTS', 'APISERVER', 'SCHEDULER', 'CONTROLLER_MANAGER', 'STORAGE',
          'HPA', 'POD', 'DAEMONSET', 'DEPLOYMENT', 'STATEFULSET',
        ],
        managed_prometheus: { enabled: true },
      });
    });

    test('follows the REGULAR channel with a weekend maintenance window by default', () => {
      // GIVEN / WHEN
      const c = cluster();

      // THEN
      expect(c.release_channel).toEqual({ channel: 'REGULAR' });
      expect(c.maintenance_policy).toEqual({
        recurring_window: {
          start_time: '2024-01-06T00:00:00Z',
          end_time: '2024-01-06T08:00:00Z',
          recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
        },
      });
    });

    test('release channel and maintenance window can be set', () => {
      // GIVEN / WHEN
      const c = cluster({
        releaseChannel: GkeReleaseChannel.STABLE,
        maintenanceWindow: { startTime: '2024-01-01T22:00:00Z', endTime: '2024-01-02T04:00:00Z', recurrence: 'FREQ=DAILY' },
      });

      // THEN
      expect(c.release_channel).toEqual({ channel: 'STABLE' });
      // AND a channel GKE adds later is reachable without waiting for this library
      expect(cluster({ releaseChannel: GkeReleaseChannel.of('LONG_TERM') }).release_channel).toEqual({ channel: 'LONG_TERM' });
      expect(c.maintenance_policy.recurring_window).toEqual({
        start_time: '2024-01-01T22:00:00Z',
        end_time: '2024-01-02T04:00:00Z',
        recurrence: 'FREQ=DAILY',
      });
    });

    test('is protected from deletion by default, and the protection can be lifted explicitly', () => {
      // GIVEN / WHEN / THEN
      expect(cluster().deletion_protection).toBe(true);
      expect(cluster({ deletionProtection: false }).deletion_protection).toBe(false);
    });

    test('takes the names GcpNetwork exposes', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const network = new GcpNetwork(stack, 'Network', {
        namePrefix: 'acme-dev',
        project: 'acme-dev-1234',
        region: 'europe-west1',
        nodesCidr: '10.20.0.0/20',
        podsCidr: '10.24.0.0/14',
        servicesCidr: '10.20.16.0/20',
      });

      // WHEN
      new GkeCluster(stack, 'Gke', {
        ...PROPS,
        network: network.networkName,
        subnetwork: network.subnetworkName,
        podsRangeName: network.podsRangeName,
        servicesRangeName: network.servicesRangeName,
        nodesCidr: '10.20.0.0/20',
      });

      // THEN: references, so Terraform creates the network and subnet first
      const c = JSON.parse(Testing.synth(stack)).resource.google_container_cluster.Gke_EBA30071;
      expect(c.network).toBe('${google_compute_network.Network_1C6012B5.name}');
      expect(c.subnetwork).toBe('${google_compute_subnetwork.Network_Subnetwork_36DAE8DB.name}');
      expect(c.ip_allocation_policy).toEqual({ cluster_secondary_range_name: 'pods', services_secondary_range_name: 'services' });
    });
  });

  describe('secrets encryption key', () => {
    test('lives in the cluster region, rotates every 90 days and is protected from destroy', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(only(json, 'google_kms_key_ring')).toEqual({ project: 'acme-dev-1234', location: 'europe-west1', name: 'acme-dev-gke' });
      expect(at(json, KEY)).toEqual({
        name: 'gke-secrets',
        key_ring: '${google_kms_key_ring.Gke_KeyRing_F80947BC.id}',
        purpose: 'ENCRYPT_DECRYPT',
        rotation_period: '7776000s',
        lifecycle: { prevent_destroy: true },
      });
    });

    test('the GKE service agent of the project, found by project number, may encrypt and decrypt with it', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(json.data!.google_project.Gke_Project_049757D3).toEqual({ project_id: 'acme-dev-1234' });
      expect(at(json, KEY_BINDING)).toEqual({
        crypto_key_id: `\${${KEY}.id}`,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: 'serviceAccount:service-${data.google_project.Gke_Project_049757D3.number}@container-engine-robot.iam.gserviceaccount.com',
      });
      expect(synthChecked((scope) => new GkeCluster(scope, 'Gke', PROPS))).toHaveResourceWithProperties(KmsCryptoKeyIamMember, {
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
      });
    });
  });

  describe('node service account', () => {
    test('has only the roles nodes need to write logs and metrics', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(only(json, 'google_service_account')).toEqual({
        project: 'acme-dev-1234',
        account_id: 'acme-dev-gke-nodes',
        display_name: 'GKE nodes of acme-dev',
        description: 'Least-privilege identity of the GKE nodes: writes logs and metrics.',
      });
      const bindings = Object.values(json.resource.google_project_iam_member);
      expect(bindings.map((b) => b.role).sort()).toEqual([
        'roles/autoscaling.metricsWriter',
        'roles/logging.logWriter',
        'roles/monitoring.metricWriter',
        'roles/monitoring.viewer',
        'roles/stackdriver.resourceMetadata.writer',
      ]);
      for (const binding of bindings) {
        expect(binding.project).toBe('acme-dev-1234');
        expect(binding.member).toBe(`\${${NODE_SA}.member}`);
      }
    });
  });

  describe('node pools', () => {
    test.each(['system', 'general'])('the %s pool is autoscaled, auto-repaired and auto-upgraded without losing capacity', (name) => {
      // GIVEN / WHEN
      const p = pool(synthJson(), name);

      // THEN
      expect(p.project).toBe('acme-dev-1234');
      expect(p.location).toBe('europe-west1');
      expect(p.cluster).toBe(`\${${CLUSTER}.name}`);
      expect(p.autoscaling.location_policy).toBe('BALANCED');
      expect(p.management).toEqual({ auto_repair: true, auto_upgrade: true });
      expect(p.upgrade_settings).toEqual({ strategy: 'SURGE', max_surge: 1, max_unavailable: 0 });
      expect(p.node_count).toBeUndefined();
      // No per-pool network override: the pool inherits the cluster's private nodes, without external IPs.
      expect(p.network_config).toBeUndefined();
      expect(p.depends_on).toEqual([...NODE_ROLE_BINDINGS, DISKS_KEY_BINDING]);
    });

    test.each(['system', 'general'])('the %s pool\'s boot disks are encrypted with the node-disks key, which Compute Engine may use', (name) => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN: a customer-managed key, like EKS node volumes
      expect(pool(json, name).node_config.boot_disk_kms_key).toBe(`\${${DISKS_KEY}.id}`);
      expect(at(json, DISKS_KEY)).toEqual({
        name: 'gke-node-disks',
        key_ring: '${google_kms_key_ring.Gke_KeyRing_F80947BC.id}',
        purpose: 'ENCRYPT_DECRYPT',
        rotation_period: '7776000s',
        lifecycle: { prevent_destroy: true },
      });
      expect(at(json, DISKS_KEY_BINDING)).toEqual({
        crypto_key_id: `\${${DISKS_KEY}.id}`,
        role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
        member: 'serviceAccount:service-${data.google_project.Gke_Project_049757D3.number}@compute-system.iam.gserviceaccount.com',
      });
    });

    test.each(['system', 'general'])('the %s pool runs hardened nodes as the node service account', (name) => {
      // GIVEN / WHEN
      const config = pool(synthJson(), name).node_config;

      // THEN
      expect(config.service_account).toBe(`\${${NODE_SA}.email}`);
      expect(config.oauth_scopes).toEqual(['https://www.googleapis.com/auth/cloud-platform']);
      expect(config.image_type).toBe('COS_CONTAINERD');
      expect(config.disk_type).toBe('pd-balanced');
      expect(config.shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
      expect(config.workload_metadata_config).toEqual({ mode: 'GKE_METADATA' });
      expect(config.metadata).toEqual({ 'disable-legacy-endpoints': 'true' });
      expect(config.preemptible).toBeUndefined();
      expect(config.spot).toBeUndefined();
    });

    test('the system pool is tainted for critical add-ons and the general pool is not', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN
      expect(pool(json, 'system').node_config.taint).toEqual([{ key: 'CriticalAddonsOnly', value: 'true', effect: 'NO_SCHEDULE' }]);
      expect(pool(json, 'general').node_config.taint).toBeUndefined();
    });

    test('production defaults: per-zone bounds, machine types and disk sizes', () => {
      // GIVEN / WHEN
      const json = synthJson();

      // THEN: per zone, so a regional cluster in 3 zones runs 3 to 6 system and 3 to 15 general nodes
      expect(pool(json, 'system').autoscaling).toEqual({ min_node_count: 1, max_node_count: 2, location_policy: 'BALANCED' });
      expect(pool(json, 'system').node_config.machine_type).toBe('e2-standard-2');
      expect(pool(json, 'system').node_config.disk_size_gb).toBe(50);
      expect(pool(json, 'general').autoscaling).toEqual({ min_node_count: 1, max_node_count: 5, location_policy: 'BALANCED' });
      expect(pool(json, 'general').node_config.machine_type).toBe('e2-standard-4');
      expect(pool(json, 'general').node_config.disk_size_gb).toBe(100);
    });

    test('a tier profile sizes each pool', () => {
      // GIVEN / WHEN
      const json = synthJson({
        nodePools: {
          system: { minNodeCountPerZone: 2, maxNodeCountPerZone: 3 },
          general: { minNodeCountPerZone: 0, maxNodeCountPerZone: 20, machineType: 'n2-standard-8', diskSizeGiB: 200 },
        },
      });

      // THEN
      expect(pool(json, 'system').autoscaling).toEqual({ min_node_count: 2, max_node_count: 3, location_policy: 'BALANCED' });
      expect(pool(json, 'system').node_config.machine_type).toBe('e2-standard-2');
      expect(pool(json, 'system').node_config.disk_size_gb).toBe(50);
      expect(pool(json, 'general').autoscaling).toEqual({ min_node_count: 0, max_node_count: 20, location_policy: 'BALANCED' });
      expect(pool(json, 'general').node_config.machine_type).toBe('n2-standard-8');
      expect(pool(json, 'general').node_config.disk_size_gb).toBe(200);
    });

    test('sizing one pool leaves the other at its defaults', () => {
      // GIVEN / WHEN
      const json = synthJson({ nodePools: { general: { minNodeCountPerZone: 2, maxNodeCountPerZone: 4 } } });

      // THEN
      expect(pool(json, 'system').autoscaling).toEqual({ min_node_count: 1, max_node_count: 2, location_policy: 'BALANCED' });
      expect(pool(json, 'general').autoscaling).toEqual({ min_node_count: 2, max_node_count: 4, location_policy: 'BALANCED' });
    });
  });

  describe('visibility, RBAC groups and cost labels', () => {
    test('intranode visibility is on, so pod-to-pod traffic on a node reaches flow logs and firewall rules', () => {
      expect(cluster().enable_intranode_visibility).toBe(true);
    });

    test('Google Groups for RBAC and resource labels come from props, and are left out when not given', () => {
      // GIVEN / WHEN
      const given = cluster({ rbacSecurityGroup: 'gke-security-groups@acme.example', resourceLabels: { 'cost-center': 'cc-1001', 'team': 'platform' } });
      const omitted = cluster();

      // THEN
      expect(given.authenticator_groups_config).toEqual({ security_group: 'gke-security-groups@acme.example' });
      expect(given.resource_labels).toEqual({ 'cost-center': 'cc-1001', 'team': 'platform' });
      expect(omitted.authenticator_groups_config).toBeUndefined();
      expect(omitted.resource_labels).toBeUndefined();
    });

    test('rejects a security group GKE would not find, and labels GCP refuses', () => {
      expect(errorOf({ rbacSecurityGroup: 'platform-admins@acme.example', resourceLabels: { 'Cost Center': 'CC 1' } })).toBe([
        'GkeCluster: rbacSecurityGroup "platform-admins@acme.example" is not a GKE security group (expected gke-security-groups@<your domain>, the name GKE looks for)',
        'GkeCluster: resourceLabels key "Cost Center" is not a GCP label key (expected lowercase letters, digits, - and _, starting with a letter, at most 63)',
        'GkeCluster: resourceLabels "Cost Center" value "CC 1" is not a GCP label value (expected lowercase letters, digits, - and _, at most 63)',
      ].join('\n'));
    });
  });

  describe('validation', () => {
    test('reports every problem at once', () => {
      // GIVEN / WHEN
      const message = errorOf({
        ...BAD_PLACEMENT,
        podsRangeName: 'Pods',
        masterIpv4CidrBlock: '172.16.0.0/24',
        releaseChannel: GkeReleaseChannel.of('UNSPECIFIED'),
      });

      // THEN
      expect(message).toBe([
        ...badPlacementProblems('GkeCluster'),
        'GkeCluster: podsRangeName "Pods" is not a secondary range name (expected a lowercase name like pods)',
        'GkeCluster: masterIpv4CidrBlock "172.16.0.0/24" is not a /28 network (expected like 172.16.0.0/28)',
        'GkeCluster: releaseChannel "UNSPECIFIED" leaves the cluster without a release channel (expected a channel that keeps it on supported versions, like GkeReleaseChannel.REGULAR)',
      ].join('\n'));
    });

    test('a release channel given as a string, or misspelt through of(), is refused', () => {
      expect(errorOf({ releaseChannel: 'STABLE' as any })).toBe(
        'GkeCluster: releaseChannel "STABLE" is not of type GkeReleaseChannel (expected like GkeReleaseChannel.REGULAR, or GkeReleaseChannel.of(\'...\') for a value this library does not list yet)');
      expect(errorOf({ releaseChannel: GkeReleaseChannel.of('stable') })).toBe(
        'GkeCluster: releaseChannel "stable" does not look like a value of GkeReleaseChannel (expected upper-case words joined by _, like REGULAR)');
    });

    test('rejects a domain-scoped project, whose workload pool cannot be derived', () => {
      expect(errorOf({ project: 'example.com:acme-dev' })).toBe(
        'GkeCluster: project "example.com:acme-dev" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)');
    });

    test.each([
      ['172.16.0.1/28', 'host bits set'],
      ['172.16.0.0', 'no prefix length'],
      ['not-a-cidr', 'not a CIDR'],
    ])('rejects masterIpv4CidrBlock %s (%s)', (masterIpv4CidrBlock) => {
      expect(errorOf({ masterIpv4CidrBlock })).toBe(
        `GkeCluster: masterIpv4CidrBlock "${masterIpv4CidrBlock}" is not a /28 network (expected like 172.16.0.0/28)`);
    });

    test('rejects a control plane range inside the node subnet, and a malformed node range', () => {
      expect(errorOf({ nodesCidr: '10.20.0.0/20', masterIpv4CidrBlock: '10.20.15.240/28' })).toBe(
        'GkeCluster: masterIpv4CidrBlock "10.20.15.240/28" overlaps nodesCidr "10.20.0.0/20" (expected a range unused in the VPC, like 172.16.0.0/28)');
      expect(errorOf({ nodesCidr: '10.20.0.1/20' })).toBe(
        'GkeCluster: nodesCidr "10.20.0.1/20" has host bits set (expected the network address 10.20.0.0/20)');
    });

    test('rejects malformed authorized networks and an empty public endpoint reason', () => {
      expect(errorOf({
        masterAuthorizedNetworks: [{ cidr: '10.0.0.0/24', name: 'vpn' }, { cidr: '10.0.0.300/24', name: ' ' }],
        publicEndpoint: { reason: '  ' },
      })).toBe([
        'GkeCluster: masterAuthorizedNetworks[1].cidr "10.0.0.300/24" is not an IPv4 CIDR (expected like 10.20.0.0/20)',
        'GkeCluster: masterAuthorizedNetworks[1].name is empty (expected a display name like vpn)',
        'GkeCluster: publicEndpoint.reason is empty (expected why the control plane needs a public endpoint)',
      ].join('\n'));
    });

    test('rejects every problem of a public endpoint at once', () => {
      expect(errorOf({ publicEndpoint: { allowedCidrs: ['0.0.0.0/0', '203.0.113.1/24'], reason: '' } })).toBe([
        'GkeCluster: publicEndpoint.allowedCidrs[0] "0.0.0.0/0" opens the API endpoint to the whole internet (expected the CIDRs of your offices, VPN or CI runners)',
        'GkeCluster: publicEndpoint.allowedCidrs[1] "203.0.113.1/24" has host bits set (expected the network address 203.0.113.0/24)',
        'GkeCluster: publicEndpoint.reason is empty (expected why the API must be reachable from outside the private network, e.g. a ticket reference)',
      ].join('\n'));
      expect(errorOf({ publicEndpoint: { allowedCidrs: [], reason: 'CI' } })).toBe(
        'GkeCluster: publicEndpoint.allowedCidrs is empty (expected the networks allowed to reach the public endpoint, like 203.0.113.0/24; leave publicEndpoint out for a private endpoint)');
    });

    test('rejects a malformed maintenance window', () => {
      expect(errorOf({ maintenanceWindow: { startTime: '02:00', endTime: '2024-01-06T06:00:00Z', recurrence: 'WEEKLY' } })).toBe([
        'GkeCluster: maintenanceWindow.startTime "02:00" is not an RFC 3339 UTC time (expected like 2024-01-06T00:00:00Z)',
        'GkeCluster: maintenanceWindow.recurrence "WEEKLY" is not an RFC 5545 rule (expected like FREQ=WEEKLY;BYDAY=SA,SU)',
      ].join('\n'));
      expect(errorOf({ maintenanceWindow: { startTime: '2024-01-06T06:00:00Z', endTime: '2024-01-06T02:00:00Z', recurrence: 'FREQ=DAILY' } })).toBe(
        'GkeCluster: maintenanceWindow.endTime "2024-01-06T02:00:00Z" is not after startTime "2024-01-06T06:00:00Z"');
    });

    test('rejects node pools whose minimum exceeds their maximum', () => {
      expect(errorOf({ nodePools: { general: { minNodeCountPerZone: 5, maxNodeCountPerZone: 3 } } })).toBe(
        'GkeCluster: nodePools.general.minNodeCountPerZone 5 is greater than maxNodeCountPerZone 3 (expected min <= max)');
    });

    test('rejects impossible node counts, machine types and disk sizes', () => {
      expect(errorOf({
        nodePools: {
          system: { minNodeCountPerZone: -1, maxNodeCountPerZone: 0, machineType: 'E2 Standard', diskSizeGiB: 5 },
          general: { minNodeCountPerZone: 1.5, maxNodeCountPerZone: 2000, diskSizeGiB: 100.5 },
        },
      })).toBe([
        'GkeCluster: nodePools.system.minNodeCountPerZone -1 is not a whole number from 0 to 1000',
        'GkeCluster: nodePools.system.maxNodeCountPerZone 0 is not a whole number from 1 to 1000',
        'GkeCluster: nodePools.system.machineType "E2 Standard" is not a Compute Engine machine type (expected like e2-standard-4)',
        'GkeCluster: nodePools.system.diskSizeGiB 5 is not a whole number from 10 to 65536',
        'GkeCluster: nodePools.general.minNodeCountPerZone 1.5 is not a whole number from 0 to 1000',
        'GkeCluster: nodePools.general.maxNodeCountPerZone 2000 is not a whole number from 1 to 1000',
        'GkeCluster: nodePools.general.diskSizeGiB 100.5 is not a whole number from 10 to 65536',
      ].join('\n'));
    });

    test('does not check values that are only known to Terraform', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const project = new TerraformVariable(stack, 'project', { type: 'string' });
      const cidr = new TerraformVariable(stack, 'master_cidr', { type: 'string' });
      const min = new TerraformVariable(stack, 'min', { type: 'number' });

      // WHEN / THEN
      expect(() => new GkeCluster(stack, 'Gke', {
        ...PROPS,
        project: project.stringValue,
        masterIpv4CidrBlock: cidr.stringValue,
        nodePools: { general: { minNodeCountPerZone: min.numberValue, maxNodeCountPerZone: 3 } },
      })).not.toThrow();
    });
  });
});
