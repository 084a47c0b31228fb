import { Testing } from 'cdk8s';
import { EncryptedStorageClass, StorageClassDisk } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:alias/eks/acme-prod/volumes';
const DES_ID = '/subscriptions/11111111-1111-4111-8111-111111111111/resourceGroups/rg-acme-prod-aks/providers/Microsoft.Compute/diskEncryptionSets/des-acme-prod-aks-nodes';
const GCP_KEY = 'projects/acme-prod/locations/europe-west1/keyRings/acme-prod-gke/cryptoKeys/gke-node-disks';

describe('EncryptedStorageClass', () => {
  test('an EBS class: gp3, encrypted with the key, the default, Retain, expandable, bound where the pod runs', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const storageClass = new EncryptedStorageClass(chart, 'Storage', { disk: StorageClassDisk.awsEbs({ kmsKeyId: KEY_ARN }), labels: PLATFORM_LABELS });
    const manifests = Testing.synth(chart);

    // THEN
    expect(manifests).toEqual([{
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'baseline-encrypted', labels: PLATFORM_LABELS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: KEY_ARN },
      reclaimPolicy: 'Retain',
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    }]);
    expect(storageClass.node.defaultChild).toBe(storageClass.apiObject);
    expect(storageClass.apiObject.node.id).toBe('Resource');
    expect(storageClass.name).toBe('baseline-encrypted');
    expect(crdSchemaProblems(manifests)).toEqual([]);
  });

  test('an Azure Disk class names the disk encryption set; a GCP PD class names the Cloud KMS key', () => {
    const chart = Testing.chart();
    new EncryptedStorageClass(chart, 'Azure', { name: 'azure', disk: StorageClassDisk.azureDisk({ diskEncryptionSetId: DES_ID }) });
    new EncryptedStorageClass(chart, 'Gcp', { name: 'gcp', disk: StorageClassDisk.gcpPersistentDisk({ kmsKeyName: GCP_KEY, type: 'pd-ssd' }), defaultClass: false });
    const [azure, gcp] = Testing.synth(chart);
    expect([azure.provisioner, azure.parameters]).toEqual(['disk.csi.azure.com', { skuName: 'StandardSSD_LRS', diskEncryptionSetID: DES_ID }]);
    expect([gcp.provisioner, gcp.parameters]).toEqual(['pd.csi.storage.gke.io', { 'type': 'pd-ssd', 'disk-encryption-kms-key': GCP_KEY }]);
    // Not the default when asked: no annotation at all
    expect(gcp.metadata.annotations).toBeUndefined();
  });

  test('without a key, only with a reason, which the class records', () => {
    const chart = Testing.chart();
    new EncryptedStorageClass(chart, 'Old', { disk: StorageClassDisk.azureDisk(), platformManagedKeyReason: 'Cluster created before the DES; CHG-1234.' });
    const [storageClass] = Testing.synth(chart);
    expect(storageClass.parameters).toEqual({ skuName: 'StandardSSD_LRS' });
    expect(storageClass.metadata.annotations['baseline.io/platform-managed-key-reason']).toBe('Cluster created before the DES; CHG-1234.');
  });

  test('every problem at once: a malformed name and key, a key with a reason, bad labels', () => {
    expect(chartProblemsOf('Bad', (chart) => new EncryptedStorageClass(chart, 'Bad', {
      name: 'Not_A_Name',
      disk: StorageClassDisk.awsEbs({ kmsKeyId: 'alias/volumes' }),
      platformManagedKeyReason: 'we would rather not',
      labels: { 'bad key': 'x' },
    }))).toBe([
      'EncryptedStorageClass "Not_A_Name": name "Not_A_Name" is not a StorageClass name (expected a DNS subdomain, like baseline-encrypted)',
      'EncryptedStorageClass "Not_A_Name": disk kmsKeyId "alias/volumes" is not a customer-managed KMS key (key or alias ARN) (expected like arn:aws:kms:eu-west-1:111111111111:alias/eks/acme-prod/volumes)',
      'EncryptedStorageClass "Not_A_Name": platformManagedKeyReason "we would rather not" is set while the disk names a customer key (expected one of the two: the key, or the reason there is none)',
      'EncryptedStorageClass "Not_A_Name": labels key "bad key" is not a Kubernetes label key (expected an optional DNS subdomain and \'/\', then 1-63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, like cost-center)',
    ].join('\n'));
  });

  test('no key and no reason, or a reason too short to judge, is refused', () => {
    expect(chartProblemsOf('NoKey', (chart) => new EncryptedStorageClass(chart, 'NoKey', { disk: StorageClassDisk.gcpPersistentDisk() }))).toBe(
      'EncryptedStorageClass "baseline-encrypted": disk names no customer key (expected kmsKeyName, a Cloud KMS key (projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>); or platformManagedKeyReason saying why the volumes keep platform-managed keys)',
    );
    expect(chartProblemsOf('Short', (chart) => new EncryptedStorageClass(chart, 'Short', { disk: StorageClassDisk.awsEbs(), platformManagedKeyReason: 'n/a' }))).toBe(
      'EncryptedStorageClass "baseline-encrypted": platformManagedKeyReason "n/a" is not a reason (expected at least 10 characters saying why, e.g. a ticket reference)',
    );
    expect(chartProblemsOf('WrongCloud', (chart) => new EncryptedStorageClass(chart, 'WrongCloud', { disk: StorageClassDisk.azureDisk({ diskEncryptionSetId: 'projects/p/cryptoKeys/k' }) }))).toBe(
      'EncryptedStorageClass "baseline-encrypted": disk diskEncryptionSetId "projects/p/cryptoKeys/k" is not the resource ID of a disk encryption set with a customer-managed key (expected like /subscriptions/<id>/resourceGroups/rg-acme-prod-aks/providers/Microsoft.Compute/diskEncryptionSets/des-acme-prod-aks-nodes)',
    );
  });

  test('a disk that is not a StorageClassDisk (from JavaScript) is a problem, not a crash', () => {
    expect(chartProblemsOf('Js', (chart) => new EncryptedStorageClass(chart, 'Js', { disk: 'ebs' as any }))).toBe(
      'EncryptedStorageClass "baseline-encrypted": disk "ebs" is not a StorageClassDisk (expected StorageClassDisk.awsEbs(...), .azureDisk(...) or .gcpPersistentDisk(...))',
    );
  });
});
