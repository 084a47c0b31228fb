import { controlById } from '../../controls';
import { eachCfnResource } from '../../private/cloudformation';
import { block, eachResource } from '../../private/terraform';
import { expected } from '../../private/values';
import type { Rule } from '../../types';

const CONTROL = [controlById('registry-encrypted-cmk').id];

/**
 * ECR: repositories, and the creation templates of their DR replicas, encrypt with a customer-managed KMS key; a
 * replica template also carries lifecycle rules, so the DR region does not keep every image forever.
 */
export const cfnRegistryCmk: Rule = {
  id: 'CFN-ECR-CMK',
  severity: 'error',
  controls: CONTROL,
  description: 'ECR repositories and the repository creation templates of their replicas encrypt with a customer-managed KMS key; replica templates carry lifecycle rules (Checkov CKV_AWS_136).',
  remediation: 'Set EncryptionConfiguration { EncryptionType: KMS, KmsKey } on the repository or template (EcrRegistry, EcrRegistrySettings do), and a LifecyclePolicy with CustomRoleArn on the template.',
  kind: 'cloudformation',
  clouds: ['aws'],
  check: (artifact) => eachCfnResource(artifact, ['AWS::ECR::Repository', 'AWS::ECR::RepositoryCreationTemplate'], ({ type, properties }) => {
    const encryption = properties.EncryptionConfiguration;
    const template = type === 'AWS::ECR::RepositoryCreationTemplate';
    return [
      encryption?.EncryptionType !== 'KMS' ? expected('EncryptionConfiguration.EncryptionType', encryption?.EncryptionType, '"KMS"') : undefined,
      encryption?.EncryptionType === 'KMS' && (encryption.KmsKey === undefined || encryption.KmsKey === '')
        ? expected('EncryptionConfiguration.KmsKey', encryption.KmsKey, 'a customer-managed KMS key (unset means the AWS-managed aws/ecr key)') : undefined,
      template && encryption?.KmsKey !== undefined && properties.CustomRoleArn === undefined
        ? expected('CustomRoleArn', undefined, 'a role ECR assumes to create replicas with the key (its service-linked role cannot use a customer key)') : undefined,
      template && (typeof properties.LifecyclePolicy !== 'string' || properties.LifecyclePolicy === '')
        ? expected('LifecyclePolicy', properties.LifecyclePolicy, 'lifecycle rules, like the source repositories\' (replicas would otherwise keep every image)') : undefined,
    ];
  }),
};

/** ACR: the registry encrypts with a customer-managed key from Key Vault. */
export const azureRegistryCmk: Rule = {
  id: 'TF-AZURE-ACR-CMK',
  severity: 'error',
  controls: CONTROL,
  description: 'Container registries encrypt with a customer-managed key from Key Vault (Checkov CKV_AZURE_165 family).',
  remediation: 'Set encryption { key_vault_key_id, identity_client_id } on azurerm_container_registry (AcrRegistry does this).',
  kind: 'terraform',
  clouds: ['azure'],
  check: (artifact) => eachResource(artifact, ['azurerm_container_registry'], ({ body }) => {
    const key = block(body.encryption)?.key_vault_key_id;
    return [key ? undefined : expected('encryption.key_vault_key_id', key, 'a Key Vault key')];
  }),
};

/** Artifact Registry: Docker repositories encrypt with a Cloud KMS key (CMEK). */
export const gcpRegistryCmk: Rule = {
  id: 'TF-GCP-AR-CMEK',
  severity: 'error',
  controls: CONTROL,
  description: 'Artifact Registry repositories encrypt with a customer-managed Cloud KMS key (Checkov CKV_GCP_84).',
  remediation: 'Set kms_key_name on google_artifact_registry_repository (GcpArtifactRegistry does this).',
  kind: 'terraform',
  clouds: ['gcp'],
  check: (artifact) => eachResource(artifact, ['google_artifact_registry_repository'], ({ body }) => [
    body.kms_key_name ? undefined : expected('kms_key_name', body.kms_key_name, 'a Cloud KMS key'),
  ]),
};
