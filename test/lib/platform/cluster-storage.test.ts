import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing as Cdk8sTesting } from 'cdk8s';
import { Testing } from 'cdktf';
import { acme } from '../../../examples/acme/org';
import { KUBE_PROMETHEUS_STACK_ADDON } from '../../../lib/addons';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentAwsStack } from '../../../lib/platform/aws-stack';
import { EnvironmentAzureStack } from '../../../lib/platform/azure-stack';
import { EnvironmentGcpStack } from '../../../lib/platform/gcp-stack';
import { defineOrganization, type Cloud, type Environment, type Organization } from '../../../lib/spec';
import { BASELINE_STORAGE_CLASS } from '../../../lib/standards';
import { crdSchemaProblems } from '../../support/crd-schema';

const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;

function addons(organization: Organization, env: Environment, cloud: Cloud): any[] {
  return Cdk8sTesting.synth(new EnvironmentAddonsChart(Cdk8sTesting.app(), 'addons', {
    organization, environment: env, cloud, trustedRegistries: ['registry.example/'],
  }));
}

function storageClassOf(manifests: readonly any[]): any {
  const classes = manifests.filter((m) => m.kind === 'StorageClass');
  expect(classes).toHaveLength(1);
  return classes[0];
}

/** A Terraform reference `${type.name.attr}` resolved to the resource it names. */
function referenced(tf: any, ref: string, type: string): any {
  const match = new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.`).exec(ref);
  expect(match).not.toBeNull();
  return tf.resource[type][match![1]];
}

describe('the customer-key StorageClass of each cluster', () => {
  test.each(['aws', 'azure', 'gcp'] as const)('on %s: the cluster default, Retain, expandable, bound where the pod runs, named by the platform\'s own claims', (cloud) => {
    // GIVEN the prod cluster's add-ons  WHEN synthesized
    const manifests = addons(org, prod, cloud);
    const storageClass = storageClassOf(manifests);

    // THEN the class is the default and never deletes a disk
    expect(storageClass.metadata.name).toBe(BASELINE_STORAGE_CLASS);
    expect(storageClass.metadata.annotations['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(storageClass).toMatchObject({ reclaimPolicy: 'Retain', allowVolumeExpansion: true, volumeBindingMode: 'WaitForFirstConsumer' });
    // it syncs with the priority classes, before any add-on that claims a volume
    const waves = manifests.filter((m) => m.kind === 'Application').map((a) => Number(a.metadata.annotations['argocd.argoproj.io/sync-wave']));
    expect(Number(storageClass.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeLessThan(Math.min(...waves));
    // Prometheus and Alertmanager name it rather than relying on the cloud's default class, which has no customer key
    const values = manifests.find((m) => m.kind === 'Application' && m.metadata.name === KUBE_PROMETHEUS_STACK_ADDON.name).spec.source.helm.valuesObject;
    expect(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName).toBe(BASELINE_STORAGE_CLASS);
    expect(values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe(BASELINE_STORAGE_CLASS);
    expect(crdSchemaProblems([storageClass])).toEqual([]);
  });

  test('on EKS: kmsKeyId is the alias of the node volume key, which the EBS CSI controller may use and grant to EBS', () => {
    // GIVEN the prod StorageClass on AWS and the prod AWS stack
    const storageClass = storageClassOf(addons(org, prod, 'aws'));
    const template = Template.fromStack(new EnvironmentAwsStack(new App(), 'acme-prod', { organization: org, environment: prod }));
    const resources = template.toJSON().Resources as Record<string, any>;

    // THEN the driver is the EBS CSI driver, encrypting gp3 volumes
    expect(storageClass.provisioner).toBe('ebs.csi.aws.com');
    expect(storageClass.parameters).toMatchObject({ type: 'gp3', encrypted: 'true' });
    // the alias ARN is in the environment's account and region, and the stack creates that alias
    const [, region, account, aliasName] = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/.exec(storageClass.parameters.kmsKeyId)!;
    expect([region, account]).toEqual([prod.aws!.region, prod.aws!.account]);
    const aliases = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::KMS::Alias' && r.Properties.AliasName === aliasName);
    expect(aliases.map(([id]) => id)).toEqual(['ClusterNodeVolumeKeyAlias1151EC0B']);
    // on the key that encrypts the node volumes
    const keyId = aliases[0][1].Properties.TargetKeyId['Fn::GetAtt'][0];
    expect(keyId).toBe('ClusterNodeVolumeKey59B4C3D6');
    const launchTemplates = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::LaunchTemplate');
    for (const lt of launchTemplates) expect(lt.Properties.LaunchTemplateData.BlockDeviceMappings[0].Ebs.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    // and the EBS CSI controller's pod identity role may use the key and create grants for EBS on it
    const association = Object.values(resources).find((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties.ServiceAccount === 'ebs-csi-controller-sa')!;
    const roleId = association.Properties.RoleArn['Fn::GetAtt'][0];
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === roleId))!;
    const statements = policy.Properties.PolicyDocument.Statement;
    const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: expect.arrayContaining(['kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt', 'kms:DescribeKey']), Resource: keyArn, Effect: 'Allow' }),
      expect.objectContaining({ Action: expect.arrayContaining(['kms:CreateGrant']), Resource: keyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
    ]));
  });

  test('on AKS: diskEncryptionSetID is the node disk encryption set, which the cluster identity may read', () => {
    // GIVEN the prod StorageClass on Azure and the prod Azure stack
    const storageClass = storageClassOf(addons(org, prod, 'azure'));
    const tf = JSON.parse(Testing.synth(new EnvironmentAzureStack(Testing.app(), 'acme-prod-azure', { organization: org, environment: prod })));

    // THEN the driver is the Azure Disk CSI driver
    expect(storageClass.provisioner).toBe('disk.csi.azure.com');
    const [, subscription, group, name] = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/diskEncryptionSets\/([^/]+)$/.exec(storageClass.parameters.diskEncryptionSetID)!;
    // the set's subscription, resource group and name are those of the set the stack creates
    expect(subscription).toBe(tf.provider.azurerm[0].subscription_id);
    const sets = Object.entries<any>(tf.resource.azurerm_disk_encryption_set).filter(([, s]) => s.name === name);
    expect(sets.map(([address]) => address)).toEqual(['Cluster_DiskEncryptionSet_C5A085D9']);
    const [address, set] = sets[0];
    expect(referenced(tf, set.resource_group_name, 'azurerm_resource_group').name).toBe(group);
    // with a customer key, and the cluster's control-plane identity holds Reader on it
    expect(set.encryption_type).toBe('EncryptionAtRestWithCustomerKey');
    const reader = Object.values<any>(tf.resource.azurerm_role_assignment).find((r) => r.scope === `\${azurerm_disk_encryption_set.${address}.id}` && r.role_definition_name === 'Reader');
    expect(reader).toBeDefined();
    const cluster = Object.values<any>(tf.resource.azurerm_kubernetes_cluster)[0];
    expect(cluster.identity.identity_ids).toContain(reader.principal_id.replace(/\.principal_id\}$/, '.id}'));
  });

  test('on AKS without a disk encryption set (platformManagedNodeDisks): no key, and the reason on the class', () => {
    const reason = 'Cluster created 2024-03 before the DES; rebuild planned in CHG-1234.';
    const created = defineOrganization({
      ...acme,
      environments: acme.environments.map((e) => (e.name === 'prod' ? { ...e, azure: { ...e.azure!, platformManagedNodeDisks: { reason } } } : e)),
    });
    const storageClass = storageClassOf(addons(created, created.environments.find((e) => e.name === 'prod')!, 'azure'));
    expect(storageClass.parameters).toEqual({ skuName: 'StandardSSD_LRS' });
    expect(storageClass.metadata.annotations['baseline.io/platform-managed-key-reason']).toBe(`AKS cluster without a disk encryption set (platformManagedNodeDisks): ${reason}`);
  });

  test('on GKE: disk-encryption-kms-key is the node disk key, which the Compute Engine service agent may use', () => {
    // GIVEN the prod StorageClass on GCP and the prod GCP stack
    const storageClass = storageClassOf(addons(org, prod, 'gcp'));
    const tf = JSON.parse(Testing.synth(new EnvironmentGcpStack(Testing.app(), 'acme-prod-gcp', { organization: org, environment: prod })));

    // THEN the driver is the PD CSI driver, on balanced persistent disks
    expect(storageClass.provisioner).toBe('pd.csi.storage.gke.io');
    expect(storageClass.parameters.type).toBe('pd-balanced');
    const [, project, location, ring, keyName] = /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/([^/]+)\/cryptoKeys\/([^/]+)$/.exec(storageClass.parameters['disk-encryption-kms-key'])!;
    // the key is the one that encrypts the node boot disks, in the cluster's region
    const keys = Object.entries<any>(tf.resource.google_kms_crypto_key).filter(([, k]) => k.name === keyName);
    expect(keys.map(([address]) => address)).toEqual(['Cluster_NodeDisksKey_118DDFC3']);
    const [address, key] = keys[0];
    const keyRing = referenced(tf, key.key_ring, 'google_kms_key_ring');
    expect([keyRing.project, keyRing.location, keyRing.name]).toEqual([project, location, ring]);
    expect(location).toBe(Object.values<any>(tf.resource.google_container_cluster)[0].location);
    for (const pool of Object.values<any>(tf.resource.google_container_node_pool)) expect(pool.node_config.boot_disk_kms_key).toBe(`\${google_kms_crypto_key.${address}.id}`);
    const members = Object.values<any>(tf.resource.google_kms_crypto_key_iam_member).filter((m) => m.crypto_key_id === `\${google_kms_crypto_key.${address}.id}`);
    expect(members.map((m) => [m.role, m.member.replace(/\$\{[^}]+\}/, '<number>')])).toEqual([
      ['roles/cloudkms.cryptoKeyEncrypterDecrypter', 'serviceAccount:service-<number>@compute-system.iam.gserviceaccount.com'],
    ]);
  });
});
