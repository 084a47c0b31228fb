import {
  CUSTOMER_KEY_PARAMETERS, DEFAULT_STORAGE_CLASS_ANNOTATION, MIN_PLATFORM_MANAGED_KEY_REASON_LENGTH, PLATFORM_MANAGED_KEY_REASON_ANNOTATION,
} from '../../../../core/storage-encryption';
import type { Artifact } from '../../../artifacts';
import { controlById } from '../../controls';
import { isRecord, show } from '../../private/values';
import type { ArtifactViolation, CrossArtifactRule } from '../../types';
import { nameOf, objectsOf } from '../kubernetes/private/helpers';

/** A StorageClass of a cluster's manifests, as judged: customer key, reasoned exception, or neither (the problem). */
interface JudgedClass {
  readonly artifact: Artifact;
  readonly object: any;
  readonly name: string;
  readonly isDefault: boolean;
  /** Undefined when the class gives its volumes a customer key or records why it cannot; else what is wrong. */
  readonly problem?: string;
  /** The recorded reason, for a class without a customer key that says why. */
  readonly reason?: string;
}

/** One volume claim found in a manifest: a PersistentVolumeClaim, or a claim template anywhere inside an object. */
interface Claim {
  readonly artifact: Artifact;
  readonly object: any;
  /** Where in the object, e.g. `spec.volumeClaimTemplates[0]`; empty for a PersistentVolumeClaim itself. */
  readonly path: string;
  readonly storageClassName: unknown;
}

function judge(artifact: Artifact, object: any): JudgedClass {
  const name = String(object.metadata?.name);
  const isDefault = object.metadata?.annotations?.[DEFAULT_STORAGE_CLASS_ANNOTATION] === 'true';
  const rawReason = object.metadata?.annotations?.[PLATFORM_MANAGED_KEY_REASON_ANNOTATION];
  const reason = typeof rawReason === 'string' && rawReason.trim().length >= MIN_PLATFORM_MANAGED_KEY_REASON_LENGTH ? rawReason : undefined;
  const driver = CUSTOMER_KEY_PARAMETERS[object.provisioner];
  const parameters = isRecord(object.parameters) ? object.parameters : {};
  let problem: string | undefined;
  if (driver === undefined) {
    problem = `provisioner ${show(object.provisioner)} is not a disk CSI driver whose customer-key parameters the baseline knows (expected one of ${Object.keys(CUSTOMER_KEY_PARAMETERS).join(', ')})`;
  } else {
    const key = parameters[driver.keyParameter];
    const wrong = Object.entries(driver.required).filter(([k, v]) => parameters[k] !== v).map(([k, v]) => `parameters.${k} ${show(parameters[k])} (expected "${v}")`);
    if (typeof key !== 'string' || key.trim() === '') wrong.unshift(`parameters.${driver.keyParameter} ${show(key)} (expected ${driver.keyDescription})`);
    if (wrong.length > 0) problem = `gives its volumes no customer key: ${wrong.join(', ')}`;
  }
  return {
    artifact,
    object,
    name,
    isDefault,
    problem: problem !== undefined && reason === undefined ? problem : undefined,
    reason: problem !== undefined ? reason : undefined,
  };
}

/**
 * Every volume claim of an object, wherever it sits: a PersistentVolumeClaim, a StatefulSet's
 * `volumeClaimTemplates`, a generic ephemeral volume's `volumeClaimTemplate`, a Prometheus or Alertmanager
 * `storage(Spec).volumeClaimTemplate`, or the same inside an Argo CD Application's Helm values.
 */
function claimsOf(artifact: Artifact, object: any): Claim[] {
  if (object.kind === 'PersistentVolumeClaim') return [{ artifact, object, path: '', storageClassName: object.spec?.storageClassName }];
  const found: Claim[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > 24 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if (key === 'volumeClaimTemplate' && isRecord(value)) {
        found.push({ artifact, object, path: at, storageClassName: isRecord(value.spec) ? value.spec.storageClassName : undefined });
      } else if (key === 'volumeClaimTemplates' && Array.isArray(value)) {
        value.forEach((t, i) => found.push({ artifact, object, path: `${at}[${i}]`, storageClassName: isRecord(t) && isRecord(t.spec) ? t.spec.storageClassName : undefined }));
      } else {
        walk(value, at, depth + 1);
      }
    }
  };
  walk(object.spec, 'spec', 0);
  return found;
}

/** The artifacts of each cluster (environment and cloud), in a stable order. */
function byCluster(artifacts: readonly Artifact[]): Artifact[][] {
  const clusters = new Map<string, Artifact[]>();
  for (const a of artifacts) {
    if (a.kind !== 'kubernetes') continue;
    const key = `${a.environment}/${a.cloud}`;
    clusters.set(key, [...clusters.get(key) ?? [], a]);
  }
  return [...clusters.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, list]) => list);
}

function classesOf(cluster: readonly Artifact[]): JudgedClass[] {
  return cluster.flatMap((artifact) => objectsOf(artifact).filter((o) => o.kind === 'StorageClass').map((o) => judge(artifact, o)));
}

/**
 * Persistent volumes get the customer's key: every StorageClass a cluster's manifests define names the key through
 * its disk CSI driver's parameter (or records why it cannot), and every volume claim of the cluster (claims, claim
 * templates of StatefulSets, ephemeral volumes, Prometheus and Alertmanager storage, also inside Argo CD Applications'
 * Helm values) names such a class, or names none while the manifests make such a class the default. A claim on a
 * class the manifests do not define (the cloud's own `gp2`, `managed-csi`, `standard-rwo`) fails: those classes
 * encrypt with the cloud's platform-managed key.
 */
export const volumesCustomerKey: CrossArtifactRule = {
  id: 'K8S-VOLUMES-CUSTOMER-KEY',
  severity: 'error',
  controls: [controlById('volumes-cmk').id],
  kinds: ['kubernetes'],
  description: 'Every StorageClass of a cluster encrypts its volumes with a customer-managed key (EBS kmsKeyId with encrypted "true", Azure Disk diskEncryptionSetID, GKE PD disk-encryption-kms-key), '
    + `or records why it cannot in the ${PLATFORM_MANAGED_KEY_REASON_ANNOTATION} annotation; every volume claim and claim template names such a class, or names none while such a class is the cluster's default.`,
  remediation: 'Claim volumes on the baseline\'s class (storageClassName: baseline-encrypted, the cluster default), or give your own StorageClass the driver\'s customer-key parameter (EncryptedStorageClass does).',
  check: (artifacts) => {
    const violations: ArtifactViolation[] = [];
    for (const cluster of byCluster(artifacts)) {
      const classes = classesOf(cluster);
      for (const c of classes) {
        if (c.problem !== undefined) violations.push({ artifact: c.artifact, resource: nameOf(c.object), message: c.problem });
      }
      const defaults = classes.filter((c) => c.isDefault);
      const claims = cluster.flatMap((artifact) => objectsOf(artifact).flatMap((o) => claimsOf(artifact, o)));
      for (const claim of claims) {
        const where = claim.path === '' ? 'spec.storageClassName' : `${claim.path}.spec.storageClassName`;
        const name = claim.storageClassName;
        let message: string | undefined;
        if (name === undefined || name === null) {
          const chosen = defaults[defaults.length - 1];
          if (chosen === undefined) {
            message = `${where} is not set and the cluster's manifests mark no StorageClass as default (expected a class with a customer key; the cloud's own default class has none)`;
          } else if (chosen.problem !== undefined) {
            message = `${where} is not set, so the claim gets the default class ${show(chosen.name)}, which has no customer key (expected a class with one)`;
          }
        } else {
          const named = classes.find((c) => c.name === name);
          if (named === undefined) {
            message = `${where} ${show(name)} is not a StorageClass of the cluster's manifests, so its volumes keep the cloud's platform-managed key (expected a class with a customer key${defaults[0] ? `, like ${show(defaults[0].name)}` : ''})`;
          } else if (named.problem !== undefined) {
            message = `${where} ${show(name)} is a class without a customer key (expected a class with one)`;
          }
        }
        if (message !== undefined) violations.push({ artifact: claim.artifact, resource: nameOf(claim.object), message });
      }
    }
    return violations;
  },
};

/** Every StorageClass that keeps platform-managed keys with a reason, as a warning, so the report shows each one. */
export const volumesCustomerKeyExceptions: CrossArtifactRule = {
  id: 'K8S-VOLUMES-CUSTOMER-KEY-EXCEPTIONS',
  severity: 'warning',
  controls: [controlById('volumes-cmk').id],
  kinds: ['kubernetes'],
  description: `StorageClasses whose volumes keep the cloud's platform-managed key, with the reason in their ${PLATFORM_MANAGED_KEY_REASON_ANNOTATION} annotation (on AKS, a cluster created before the baseline encrypted disks): listed so the report shows each reason.`,
  remediation: 'Nothing to fix while the reason holds; once the cluster has a disk encryption set (see README, "AKS node disks"), the class names it and the warning goes.',
  check: (artifacts) => byCluster(artifacts).flatMap(classesOf).filter((c) => c.reason !== undefined)
    .map((c) => ({ artifact: c.artifact, resource: nameOf(c.object), message: `volumes keep platform-managed keys: ${show(c.reason)}` })),
};
