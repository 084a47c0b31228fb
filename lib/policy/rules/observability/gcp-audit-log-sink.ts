import { isEnvironmentArtifact } from './environment';
import { controlById } from '../../controls';
import { block, preventDestroy, terraformResources } from '../../private/terraform';
import type { Rule } from '../../types';

/**
 * The project's audit logs sunk to a bucket with a locked retention policy and a customer-managed key, protected
 * from destroy (CIS GCP 2.2-2.3; Checkov CKV_GCP_62/78 on the bucket's retention).
 */
export const gcpAuditLogSink: Rule = {
  id: 'TF-GCP-AUDIT-LOG-SINK',
  severity: 'error',
  controls: [controlById('audit-trail-on').id],
  kind: 'terraform',
  clouds: ['gcp'],
  description: 'The environment stack sinks every audit log (cloudaudit.googleapis.com) to a CMEK-encrypted bucket with a locked retention policy and prevent_destroy.',
  remediation: 'Add a GcpAuditLogSink (the platform\'s GCP stack does): google_logging_project_sink with a cloudaudit filter to google_storage_bucket with retention_policy.is_locked, encryption.default_kms_key_name and lifecycle.prevent_destroy.',
  check: (artifact) => {
    if (!isEnvironmentArtifact(artifact)) return [];
    const sinks = terraformResources(artifact.document, 'google_logging_project_sink').filter((s) => String(s.body.filter ?? '').includes('cloudaudit.googleapis.com'));
    if (sinks.length === 0) {
      return [{ resource: artifact.name, message: 'the environment stack has no log sink of the audit logs (expected a google_logging_project_sink with a cloudaudit.googleapis.com filter)' }];
    }
    const buckets = terraformResources(artifact.document, 'google_storage_bucket');
    return sinks.flatMap((sink) => {
      const m = /^storage\.googleapis\.com\/\$\{google_storage_bucket\.([^.]+)\.name\}$/.exec(String(sink.body.destination));
      const bucket = m && buckets.find((b) => b.name === m[1]);
      if (!bucket) return [{ resource: sink.address, message: `destination ${JSON.stringify(sink.body.destination)} is not a bucket of this stack (expected the stack's own, locked audit bucket)` }];
      const problems: string[] = [];
      if (block(bucket.body.retention_policy)?.is_locked !== true) problems.push('retention_policy is not locked (expected is_locked true: entries cannot be deleted before their retention ends)');
      if (!block(bucket.body.encryption)?.default_kms_key_name) problems.push('has no encryption.default_kms_key_name (expected a customer-managed key)');
      if (!preventDestroy(bucket)) problems.push('has no prevent_destroy (expected the audit bucket protected from terraform destroy)');
      if (bucket.body.public_access_prevention !== 'enforced') problems.push(`public_access_prevention is ${JSON.stringify(bucket.body.public_access_prevention)} (expected "enforced")`);
      return problems.map((message) => ({ resource: bucket.address, message }));
    });
  },
};
