import { controlById } from '../../controls';
import { eachCfnResource } from '../../private/cloudformation';
import { eachResource } from '../../private/terraform';
import { expected } from '../../private/values';
import type { Rule } from '../../types';

/** Cloud KMS takes a rotation period in seconds; a year is the longest the baseline accepts. */
const MAX_GCP_ROTATION_SECONDS = 365 * 86400;

/** AWS KMS keys rotate automatically (yearly or more often). */
export const cfnKeyRotation: Rule = {
  id: 'CFN-KMS-KEY-ROTATION',
  severity: 'error',
  controls: [controlById('keys-rotated').id],
  description: 'Customer-managed KMS keys have automatic rotation on (Checkov CKV_AWS_7). AWS keeps every older key material, so rotation never makes data unreadable.',
  remediation: 'Set EnableKeyRotation: true (kms.Key enableKeyRotation: true) on every symmetric customer-managed key.',
  kind: 'cloudformation',
  clouds: ['aws'],
  check: (artifact) => eachCfnResource(artifact, ['AWS::KMS::Key'], ({ properties }) => [
    // Asymmetric and HMAC keys cannot rotate; the baseline creates none.
    (properties.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' && properties.EnableKeyRotation !== true
      ? expected('EnableKeyRotation', properties.EnableKeyRotation, 'true') : undefined,
  ]),
};

/** Cloud KMS keys rotate at least yearly. */
export const gcpKeyRotation: Rule = {
  id: 'TF-GCP-KMS-KEY-ROTATION',
  severity: 'error',
  controls: [controlById('keys-rotated').id],
  description: 'Cloud KMS keys rotate automatically at least once a year (Checkov CKV_GCP_43); Cloud KMS keeps older versions, so data stays readable.',
  remediation: 'Set rotation_period on every google_kms_crypto_key, e.g. "7776000s" (90 days).',
  kind: 'terraform',
  clouds: ['gcp'],
  check: (artifact) => eachResource(artifact, ['google_kms_crypto_key'], ({ body }) => {
    const seconds = typeof body.rotation_period === 'string' ? Number(/^(\d+)s$/.exec(body.rotation_period)?.[1]) : NaN;
    return [Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_GCP_ROTATION_SECONDS
      ? undefined : expected('rotation_period', body.rotation_period, `a period of at most ${MAX_GCP_ROTATION_SECONDS}s`)];
  }),
};
