import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { parse } from 'yaml';
import { acme } from '../../../../../examples/acme/org';
import type { Artifact } from '../../../../../lib/artifacts';
import { runPolicy } from '../../../../../lib/cli/gates';
import { Output } from '../../../../../lib/cli/output';
import { select } from '../../../../../lib/cli/selection';
import { synthesizeArtifacts } from '../../../../../lib/platform';
import { evaluate } from '../../../../../lib/policy';
import { kubernetesPack } from '../../../../../lib/policy/packs/kubernetes';
import { volumesCustomerKey as rule, volumesCustomerKeyExceptions as exceptions } from '../../../../../lib/policy/rules/encryption/volumes';
import { defineOrganization } from '../../../../../lib/spec';
import { broken, exampleLedger, TODAY } from '../../support';

const EBS_KEY = 'arn:aws:kms:eu-west-1:111111111111:alias/eks/acme-dev/volumes';

function manifest(chart: string, objects: any[], cloud: Artifact['cloud'] = 'aws', environment = 'dev'): Artifact {
  return { kind: 'kubernetes', cloud, environment, name: `${environment}/${cloud}/${chart}`, file: `cdk8s.out/${environment}/${cloud}/${chart}.k8s.yaml`, document: objects };
}

function storageClass(name: string, provisioner: string, parameters: Record<string, string>, annotations: Record<string, string> = {}): any {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, annotations }, provisioner, parameters, reclaimPolicy: 'Retain' };
}

const encrypted = storageClass('baseline-encrypted', 'ebs.csi.aws.com', { type: 'gp3', encrypted: 'true', kmsKeyId: EBS_KEY }, { 'storageclass.kubernetes.io/is-default-class': 'true' });
const claim = (name: string, storageClassName?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'payments' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName !== undefined && { storageClassName }) },
});
const statefulSet = (templates: Array<string | undefined>) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'ledger', namespace: 'payments' },
  spec: { template: { spec: { containers: [] } }, volumeClaimTemplates: templates.map((c, i) => ({ metadata: { name: `data-${i}` }, spec: { ...(c !== undefined && { storageClassName: c }) } })) },
});

describe('K8S-VOLUMES-CUSTOMER-KEY', () => {
  test('passes: a customer-key default class, a claim naming it, a claim naming none, a StatefulSet template naming it', () => {
    expect(rule.check([
      manifest('addons', [encrypted]),
      manifest('services', [claim('named', 'baseline-encrypted'), claim('unnamed'), statefulSet(['baseline-encrypted'])]),
    ])).toEqual([]);
  });

  test('passes on each cloud\'s customer-key parameter', () => {
    expect(rule.check([
      manifest('addons', [storageClass('a', 'disk.csi.azure.com', { diskEncryptionSetID: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/diskEncryptionSets/d' })], 'azure'),
      manifest('addons', [storageClass('g', 'pd.csi.storage.gke.io', { 'disk-encryption-kms-key': 'projects/p/locations/l/keyRings/r/cryptoKeys/k' })], 'gcp'),
    ])).toEqual([]);
  });

  test('fails on a class without the key, without encrypted "true", or of an unknown driver, each named with what is missing', () => {
    const violations = rule.check([manifest('addons', [
      storageClass('plain', 'ebs.csi.aws.com', { type: 'gp3' }),
      storageClass('half', 'ebs.csi.aws.com', { kmsKeyId: EBS_KEY }),
      storageClass('nfs', 'nfs.csi.k8s.io', {}),
    ])]);
    expect(violations.map((v) => [v.resource, v.message])).toEqual([
      ['StorageClass/plain', 'gives its volumes no customer key: parameters.kmsKeyId unset (expected a customer-managed KMS key (key or alias ARN)), parameters.encrypted unset (expected "true")'],
      ['StorageClass/half', 'gives its volumes no customer key: parameters.encrypted unset (expected "true")'],
      ['StorageClass/nfs', 'provisioner "nfs.csi.k8s.io" is not a disk CSI driver whose customer-key parameters the baseline knows (expected one of ebs.csi.aws.com, disk.csi.azure.com, pd.csi.storage.gke.io)'],
    ]);
  });

  test('fails on claims on the cloud\'s own class, on a class without the key, and on no class without a customer-key default', () => {
    const violations = rule.check([
      manifest('addons', [storageClass('plain', 'ebs.csi.aws.com', { type: 'gp3' })]),
      manifest('services', [claim('cloud', 'gp2'), claim('plain', 'plain'), claim('unnamed'), statefulSet([undefined])]),
    ]);
    expect(violations.map((v) => [v.artifact.name, v.resource, v.message])).toEqual([
      ['dev/aws/addons', 'StorageClass/plain', expect.stringMatching(/^gives its volumes no customer key/)],
      ['dev/aws/services', 'PersistentVolumeClaim/payments/cloud', 'spec.storageClassName "gp2" is not a StorageClass of the cluster\'s manifests, so its volumes keep the cloud\'s platform-managed key (expected a class with a customer key)'],
      ['dev/aws/services', 'PersistentVolumeClaim/payments/plain', 'spec.storageClassName "plain" is a class without a customer key (expected a class with one)'],
      ['dev/aws/services', 'PersistentVolumeClaim/payments/unnamed', 'spec.storageClassName is not set and the cluster\'s manifests mark no StorageClass as default (expected a class with a customer key; the cloud\'s own default class has none)'],
      ['dev/aws/services', 'StatefulSet/payments/ledger', 'spec.volumeClaimTemplates[0].spec.storageClassName is not set and the cluster\'s manifests mark no StorageClass as default (expected a class with a customer key; the cloud\'s own default class has none)'],
    ]);
  });

  test('classes are per cluster: another environment\'s class does not cover a claim', () => {
    const violations = rule.check([manifest('addons', [encrypted], 'aws', 'prod'), manifest('services', [claim('named', 'baseline-encrypted')], 'aws', 'dev')]);
    expect(violations.map((v) => v.resource)).toEqual(['PersistentVolumeClaim/payments/named']);
  });

  test('a class without a key that records a reason passes, and the exceptions rule lists it; a reason too short does not count', () => {
    const reasoned = storageClass('old', 'disk.csi.azure.com', { skuName: 'StandardSSD_LRS' }, { 'baseline.io/platform-managed-key-reason': 'AKS cluster created before the DES; CHG-1234.' });
    const terse = storageClass('terse', 'disk.csi.azure.com', {}, { 'baseline.io/platform-managed-key-reason': 'n/a' });
    const artifacts = [manifest('addons', [reasoned, terse], 'azure'), manifest('services', [claim('data', 'old')], 'azure')];
    expect(rule.check(artifacts).map((v) => v.resource)).toEqual(['StorageClass/terse']);
    expect(exceptions.check(artifacts).map((v) => [v.resource, v.message])).toEqual([['StorageClass/old', 'volumes keep platform-managed keys: "AKS cluster created before the DES; CHG-1234."']]);
  });

  test('the engine reports it from the Kubernetes pack, in the file holding the claim', () => {
    const pack = kubernetesPack({ trustedRegistries: ['registry.example/'] });
    const result = evaluate([manifest('addons', [encrypted]), manifest('services', [claim('cloud', 'gp2')])], [pack], { today: TODAY });
    expect(result.errors.filter((f) => f.ruleId === rule.id).map((f) => [f.file, f.resource])).toEqual([['cdk8s.out/dev/aws/services.k8s.yaml', 'PersistentVolumeClaim/payments/cloud']]);
  });
});

describe('K8S-VOLUMES-CUSTOMER-KEY on the example organization, through the policy gate of `baseline check`', () => {
  // GIVEN the whole example organization, synthesized once, and the gate `npm run check` runs (every pack)
  const org = defineOrganization(acme);
  const artifacts = synthesizeArtifacts(org);
  const gate = (input: readonly Artifact[]) => {
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() };
    const loaded = { organization: org, spec: acme, file: 'examples/acme/org.ts', source: 'test', exceptions: exampleLedger };
    return runPolicy(loaded, select(org, undefined, undefined), input, new Output(io, true), { today: TODAY, nag: false }).result;
  };
  const mine = (input: readonly Artifact[]) => gate(input).findings.filter((f) => f.ruleId === rule.id || f.ruleId === exceptions.id);
  const prometheusValues = (doc: any[]) => doc.find((o) => o.kind === 'Application' && o.metadata.name === 'kube-prometheus-stack').spec.source.helm.valuesObject;

  test('every cluster has the class, Prometheus and Alertmanager claim it, and nothing is found', () => {
    const clusters = artifacts.filter((a) => a.kind === 'kubernetes' && a.name.endsWith('/addons'));
    expect(clusters).toHaveLength(9);
    for (const a of clusters) expect(a.document.filter((o: any) => o.kind === 'StorageClass').map((o: any) => o.metadata.name)).toEqual(['baseline-encrypted']);
    expect(mine(artifacts)).toEqual([]);
  });

  test('fails when the prod EKS class loses its key', () => {
    const mutated = artifacts.map((a) => a.name !== 'prod/aws/addons' ? a : broken(a, (doc) => {
      delete doc.find((o: any) => o.kind === 'StorageClass').parameters.kmsKeyId;
    }));
    // THEN the class, and both claims on it (Prometheus, Alertmanager), are reported
    const claimed = (at: string) => `spec.source.helm.valuesObject.${at}.volumeClaimTemplate.spec.storageClassName "baseline-encrypted" is a class without a customer key (expected a class with one)`;
    expect(mine(mutated).map((f) => [f.ruleId, f.environment, f.cloud, f.resource, f.message]).sort()).toEqual([
      [rule.id, 'prod', 'aws', 'Application/argocd/kube-prometheus-stack', claimed('alertmanager.alertmanagerSpec.storage')],
      [rule.id, 'prod', 'aws', 'Application/argocd/kube-prometheus-stack', claimed('prometheus.prometheusSpec.storageSpec')],
      [rule.id, 'prod', 'aws', 'StorageClass/baseline-encrypted', 'gives its volumes no customer key: parameters.kmsKeyId unset (expected a customer-managed KMS key (key or alias ARN))'],
    ]);
    expect(gate(mutated).passed).toBe(false);
  });

  test('fails when Prometheus on GKE in staging claims the cloud\'s default class', () => {
    const mutated = artifacts.map((a) => a.name !== 'staging/gcp/addons' ? a : broken(a, (doc) => {
      prometheusValues(doc).prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName = 'standard-rwo';
    }));
    const findings = mine(mutated);
    expect(findings.map((f) => [f.environment, f.cloud, f.resource, f.message])).toEqual([[
      'staging', 'gcp', 'Application/argocd/kube-prometheus-stack',
      'spec.source.helm.valuesObject.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName "standard-rwo" is not a StorageClass of the cluster\'s manifests, so its volumes keep the cloud\'s platform-managed key (expected a class with a customer key, like "baseline-encrypted")',
    ]]);
  });

  test('fails when the AKS class is no longer the default and Alertmanager names no class', () => {
    const mutated = artifacts.map((a) => a.name !== 'dev/azure/addons' ? a : broken(a, (doc) => {
      delete doc.find((o: any) => o.kind === 'StorageClass').metadata.annotations['storageclass.kubernetes.io/is-default-class'];
      delete prometheusValues(doc).alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName;
    }));
    expect(mine(mutated).map((f) => [f.environment, f.cloud, f.message])).toEqual([[
      'dev', 'azure',
      'spec.source.helm.valuesObject.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName is not set and the cluster\'s manifests mark no StorageClass as default (expected a class with a customer key; the cloud\'s own default class has none)',
    ]]);
  });
});

describe('README\'s volume claim', () => {
  test('passes on a cluster with the baseline\'s class, and fails once it names the cloud\'s own class', () => {
    // GIVEN the StatefulSet as README's "Persistent volumes" writes it, next to the baseline's class
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'README.md'), 'utf-8');
    const snippet = /<!-- readme-test: volume-claim [^\n]*-->\n```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const ledger = parse(snippet);
    expect(ledger.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('baseline-encrypted');
    // THEN it complies, and on managed-csi it would not
    expect(rule.check([manifest('addons', [encrypted]), manifest('services', [ledger])])).toEqual([]);
    ledger.spec.volumeClaimTemplates[0].spec.storageClassName = 'managed-csi';
    expect(rule.check([manifest('addons', [encrypted]), manifest('services', [ledger])]).map((v) => v.resource)).toEqual(['StatefulSet/payments/ledger']);
  });
});
