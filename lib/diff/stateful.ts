/**
 * What holds data, and which attribute changes force a replacement, for the resources the baseline creates.
 *
 * Terraform providers know their ForceNew attributes from their schemas, which need the provider binaries
 * (`terraform providers schema -json`); they cannot be fetched offline. This table is the reviewed subset for the
 * stateful resources we synthesize, checked against the azurerm 4.x and google 6.x/7.x resource documentation
 * ("Changing this forces a new resource to be created"). A type not listed here is compared attribute by attribute
 * (beyond the provider-wide ForceNew attributes below) and reported as modified: that can under-report replacements
 * of stateless resources, never of data holders.
 *
 * CloudFormation needs no table: aws-cdk's diff (`@aws-cdk/cloudformation-diff`) reads replacement behaviour from
 * the CloudFormation resource specification.
 */

/** Why a resource type counts as holding data: what is lost when it is deleted or replaced. */
export interface DataHolder {
  /** What it holds, for the report: `container images`, `encryption keys`, ... */
  readonly holds: string;
}

/** CloudFormation types that hold data (or whose deletion loses it: a cluster and its workloads' state). */
export const CLOUDFORMATION_DATA_HOLDERS: Readonly<Record<string, DataHolder>> = {
  'AWS::ECR::Repository': { holds: 'container images' },
  'AWS::KMS::Key': { holds: 'an encryption key (data encrypted with it becomes unreadable)' },
  'AWS::Logs::LogGroup': { holds: 'logs' },
  'AWS::S3::Bucket': { holds: 'objects' },
  'AWS::EKS::Cluster': { holds: 'a cluster and every workload on it' },
  'AWS::DynamoDB::Table': { holds: 'table data' },
  'AWS::RDS::DBInstance': { holds: 'a database' },
  'AWS::RDS::DBCluster': { holds: 'a database' },
  'AWS::EFS::FileSystem': { holds: 'files' },
  'AWS::SecretsManager::Secret': { holds: 'a secret' },
  'AWS::Backup::BackupVault': { holds: 'backups' },
  'AWS::SQS::Queue': { holds: 'messages' },
  'AWS::Kinesis::Stream': { holds: 'stream records' },
};

/** A Terraform resource type: what it holds (if anything) and the attribute paths whose change replaces it. */
export interface TerraformResourceRule {
  /** Set when the resource holds data. */
  readonly holds?: string;
  /**
   * Top-level attributes or `block.attribute` paths (blocks are JSON objects or one-element lists in cdk.tf.json)
   * whose change forces a new resource.
   */
  readonly forceNew: readonly string[];
}

const AZURE_PLACEMENT = ['name', 'location', 'resource_group_name'];

/** The reviewed table for the Terraform resources the baseline creates on Azure and Google Cloud. */
export const TERRAFORM_RESOURCES: Readonly<Record<string, TerraformResourceRule>> = {
  // Azure
  azurerm_resource_group: { holds: 'every resource in the group', forceNew: ['name', 'location'] },
  azurerm_kubernetes_cluster: {
    holds: 'a cluster and every workload on it',
    forceNew: [
      ...AZURE_PLACEMENT, 'dns_prefix', 'dns_prefix_private_cluster', 'node_resource_group', 'private_cluster_enabled',
      'private_dns_zone_id', 'disk_encryption_set_id', 'edge_zone', 'kubelet_identity', 'linux_profile',
      'default_node_pool.vnet_subnet_id', 'network_profile.network_plugin', 'network_profile.network_mode',
      'network_profile.pod_cidr', 'network_profile.pod_cidrs', 'network_profile.service_cidr', 'network_profile.service_cidrs',
      'network_profile.dns_service_ip', 'network_profile.ip_versions',
    ],
  },
  azurerm_kubernetes_cluster_node_pool: {
    forceNew: ['name', 'kubernetes_cluster_id', 'vnet_subnet_id', 'zones', 'os_type', 'os_disk_type', 'os_disk_size_gb', 'vm_size', 'kubelet_disk_type', 'priority'],
  },
  azurerm_container_registry: { holds: 'container images', forceNew: AZURE_PLACEMENT },
  azurerm_key_vault: { holds: 'keys and secrets', forceNew: AZURE_PLACEMENT },
  azurerm_key_vault_key: { holds: 'an encryption key (data encrypted with it becomes unreadable)', forceNew: ['name', 'key_vault_id', 'key_type', 'key_size', 'curve'] },
  azurerm_log_analytics_workspace: { holds: 'logs', forceNew: AZURE_PLACEMENT },
  azurerm_storage_account: {
    holds: 'blobs, files, queues and tables',
    forceNew: [...AZURE_PLACEMENT, 'account_tier', 'is_hns_enabled', 'nfsv3_enabled', 'edge_zone', 'infrastructure_encryption_enabled', 'queue_encryption_key_type', 'table_encryption_key_type'],
  },
  azurerm_storage_container: { holds: 'blobs', forceNew: ['name', 'storage_account_name', 'storage_account_id'] },
  azurerm_disk_encryption_set: { holds: 'the key binding of encrypted disks', forceNew: [...AZURE_PLACEMENT, 'encryption_type'] },
  azurerm_virtual_network: { forceNew: AZURE_PLACEMENT },
  azurerm_subnet: { forceNew: ['name', 'resource_group_name', 'virtual_network_name'] },
  azurerm_user_assigned_identity: { forceNew: AZURE_PLACEMENT },
  // Google Cloud
  google_container_cluster: {
    holds: 'a cluster and every workload on it',
    forceNew: [
      'name', 'location', 'project', 'network', 'subnetwork', 'networking_mode', 'cluster_ipv4_cidr', 'enable_autopilot',
      'description', 'initial_node_count', 'ip_allocation_policy', 'private_cluster_config.master_ipv4_cidr_block',
      'private_cluster_config.enable_private_endpoint',
    ],
  },
  google_container_node_pool: { forceNew: ['name', 'cluster', 'location', 'project', 'node_config.machine_type', 'node_config.disk_type', 'node_config.disk_size_gb', 'node_config.service_account', 'node_config.boot_disk_kms_key'] },
  google_artifact_registry_repository: { holds: 'container images', forceNew: ['repository_id', 'location', 'project', 'format', 'mode', 'kms_key_name'] },
  google_kms_key_ring: { holds: 'encryption keys (key rings cannot be deleted; a new one orphans the old keys)', forceNew: ['name', 'location', 'project'] },
  google_kms_crypto_key: {
    holds: 'an encryption key (data encrypted with it becomes unreadable)',
    forceNew: ['name', 'key_ring', 'purpose', 'import_only', 'skip_initial_version_creation', 'version_template.protection_level'],
  },
  google_storage_bucket: { holds: 'objects', forceNew: ['name', 'location', 'project'] },
  google_logging_project_bucket_config: { holds: 'logs', forceNew: ['bucket_id', 'location', 'project'] },
  google_compute_network: { forceNew: ['name', 'project', 'auto_create_subnetworks'] },
  google_compute_subnetwork: { forceNew: ['name', 'network', 'region', 'project'] },
  google_service_account: { forceNew: ['account_id', 'project'] },
};

/**
 * Attributes that force a new resource on every resource of a provider: an azurerm resource cannot change its name,
 * location or resource group, a google resource its project. They apply to types the table does not list too.
 */
export const TERRAFORM_PROVIDER_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  azurerm: ['name', 'location', 'resource_group_name'],
  google: ['project'],
};

/** The attributes whose change replaces a resource of this type: the provider's and the type's own. */
export function terraformForceNew(type: string): readonly string[] {
  const provider = type.slice(0, type.indexOf('_'));
  return [...new Set([...(TERRAFORM_PROVIDER_FORCE_NEW[provider] ?? []), ...(TERRAFORM_RESOURCES[type]?.forceNew ?? [])])];
}

/** Kubernetes kinds whose deletion loses data, and why. */
export const KUBERNETES_DATA_HOLDERS: Readonly<Record<string, DataHolder>> = {
  Namespace: { holds: 'every object in the namespace (deleting it deletes them)' },
  PersistentVolumeClaim: { holds: 'a volume' },
  PersistentVolume: { holds: 'a volume' },
  StatefulSet: { holds: 'stateful pods and their volume claims' },
  Secret: { holds: 'a secret' },
  CustomResourceDefinition: { holds: 'every custom resource of the definition (deleting it deletes them)' },
};

/**
 * Kubernetes fields the API server refuses to change: `kubectl apply` fails and the object must be deleted and
 * created again (Argo CD's `Replace=true`), so the change is a replacement.
 */
export const KUBERNETES_IMMUTABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  DaemonSet: ['spec.selector'],
  StatefulSet: ['spec.selector', 'spec.serviceName', 'spec.volumeClaimTemplates', 'spec.podManagementPolicy'],
  Job: ['spec.selector', 'spec.template'],
  Service: ['spec.clusterIP', 'spec.clusterIPs', 'spec.ipFamilies'],
  PersistentVolumeClaim: ['spec.accessModes', 'spec.storageClassName', 'spec.volumeName', 'spec.volumeMode', 'spec.selector'],
  StorageClass: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode'],
  RoleBinding: ['roleRef'],
  ClusterRoleBinding: ['roleRef'],
};
