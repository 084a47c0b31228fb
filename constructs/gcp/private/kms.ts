import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** 90 days. */
export const KEY_ROTATION_PERIOD = '7776000s';

/** Where the key lives and who may use it. */
export interface ServiceAgentKeyOptions {
  /** GCP project id. */
  readonly project: string;

  /** Location of the key ring. A service only accepts a key in the location of the resource it encrypts. */
  readonly location: string;

  /** Name of the key ring (1 to 63 letters, digits, hyphens or underscores). */
  readonly keyRingName: string;

  /** Name of the key within its ring. */
  readonly keyName: string;

  /** IAM member allowed to encrypt and decrypt with the key: the service agent of the service that uses it. */
  readonly encrypterDecrypter: string;

  /** What must exist before the binding is made, e.g. the API whose service agent it names. */
  readonly dependsOn?: ITerraformDependable[];

  /**
   * Terraform addresses (logical ids) to pin, independent of the construct path. They are set as each resource is
   * created: cdktf silently ignores `overrideLogicalId` on a resource that has already been referenced.
   *
   * @default - derived from the construct path
   */
  readonly logicalIds?: { readonly keyRing: string; readonly key: string; readonly binding: string };
}

/** The resources {@link createServiceAgentKey} creates. */
export interface ServiceAgentKey {
  readonly keyRing: KmsKeyRing;
  readonly key: KmsCryptoKey;

  /** The service agent's `roles/cloudkms.cryptoKeyEncrypterDecrypter` on the key. Resources that encrypt with the key depend on it. */
  readonly binding: KmsCryptoKeyIamMember;
}

/**
 * A key ring holding one symmetric key, rotated every 90 days and protected from `terraform destroy`, and the
 * binding that lets one service agent use it (customer-managed encryption, CMEK).
 *
 * The children are `KeyRing`, `<keyId>` and `<keyId>EncrypterDecrypter`: with `keyId` 'SecretsKey' these are the ids
 * `GkeCluster` gives its own key, so it can move to this helper without changing a Terraform address.
 * A key ring cannot be deleted in GCP: it stays after `terraform destroy`, and its name cannot be reused.
 */
export function createServiceAgentKey(scope: Construct, keyId: string, options: ServiceAgentKeyOptions): ServiceAgentKey {
  const keyRing = new KmsKeyRing(scope, 'KeyRing', {
    project: options.project,
    location: options.location,
    name: options.keyRingName,
  });
  if (options.logicalIds) keyRing.overrideLogicalId(options.logicalIds.keyRing);

  const key = new KmsCryptoKey(scope, keyId, {
    name: options.keyName,
    keyRing: keyRing.id,
    purpose: 'ENCRYPT_DECRYPT',
    rotationPeriod: KEY_ROTATION_PERIOD,
    // Destroying the key makes everything encrypted with it unreadable, for good.
    lifecycle: { preventDestroy: true },
  });
  if (options.logicalIds) key.overrideLogicalId(options.logicalIds.key);

  const binding = new KmsCryptoKeyIamMember(scope, `${keyId}EncrypterDecrypter`, {
    cryptoKeyId: key.id,
    role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
    member: options.encrypterDecrypter,
    dependsOn: options.dependsOn,
  });
  if (options.logicalIds) binding.overrideLogicalId(options.logicalIds.binding);

  return { keyRing, key, binding };
}

/**
 * The IAM member of a Google service agent, `serviceAccount:service-<projectNumber>@<agent>.iam.gserviceaccount.com`,
 * e.g. agent `gcp-sa-artifactregistry`. The project number is only known to Terraform (`DataGoogleProject.number`).
 */
export function serviceAgentMember(projectNumber: string, agent: string): string {
  return `serviceAccount:service-${projectNumber}@${agent}.iam.gserviceaccount.com`;
}
