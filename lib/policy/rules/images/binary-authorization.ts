import { controlById } from '../../controls';
import { block, blocks, eachResource, terraformResources } from '../../private/terraform';
import { expected, show } from '../../private/values';
import type { Rule } from '../../types';

const ENFORCING = 'ENFORCED_BLOCK_AND_AUDIT_LOG';

/**
 * GKE admits only attested images: every cluster enforces the project's Binary Authorization policy, and the stack
 * sets that policy to require an attestation (blocking, not dry run) by an attestor with a key. Without the policy
 * resource the project keeps Google's default, which admits every image.
 */
export const gcpBinaryAuthorization: Rule = {
  id: 'TF-GCP-BINARY-AUTHORIZATION',
  severity: 'error',
  controls: [controlById('images-signed').id],
  description: 'GKE clusters enforce a Binary Authorization policy that requires an attestation by the organization\'s attestor for every image, in blocking mode (Checkov CKV_GCP_66 and beyond: an enforced empty policy admits everything).',
  remediation: 'Set imageSigning.publicKey in the organization spec: the platform then creates the attestor and the project policy (GcpBinaryAuthorization), and GkeCluster enforces it.',
  kind: 'terraform',
  clouds: ['gcp'],
  check: (artifact) => {
    const clusters = terraformResources(artifact.document, 'google_container_cluster');
    if (clusters.length === 0) return [];
    const policies = terraformResources(artifact.document, 'google_binary_authorization_policy');
    const attestors = terraformResources(artifact.document, 'google_binary_authorization_attestor');
    const keyed = attestors.filter((a) => blocks(block(a.body.attestation_authority_note)?.public_keys)
      .some((k) => block(k.pkix_public_key)?.public_key_pem || k.ascii_armored_pgp_public_key));
    const violations = eachResource(artifact, ['google_container_cluster'], ({ body }) => {
      const mode = block(body.binary_authorization)?.evaluation_mode;
      return [
        mode !== 'PROJECT_SINGLETON_POLICY_ENFORCE' ? expected('binary_authorization.evaluation_mode', mode, '"PROJECT_SINGLETON_POLICY_ENFORCE"') : undefined,
        policies.length === 0 ? 'no google_binary_authorization_policy in the stack, so the project keeps Google\'s default policy that admits every image (expected a policy requiring attestations)' : undefined,
      ];
    });
    violations.push(...eachResource(artifact, ['google_binary_authorization_policy'], ({ body }) => {
      const rules = [
        { path: 'default_admission_rule', rule: block(body.default_admission_rule) },
        ...blocks(body.cluster_admission_rules).map((rule) => ({ path: `cluster_admission_rules[${show(rule.cluster)}]`, rule })),
      ];
      return rules.flatMap(({ path, rule }) => [
        rule?.evaluation_mode !== 'REQUIRE_ATTESTATION' ? expected(`${path}.evaluation_mode`, rule?.evaluation_mode, '"REQUIRE_ATTESTATION"') : undefined,
        rule?.enforcement_mode !== ENFORCING ? expected(`${path}.enforcement_mode`, rule?.enforcement_mode, `"${ENFORCING}" (dry run only logs)`) : undefined,
        rule?.evaluation_mode === 'REQUIRE_ATTESTATION' && (!Array.isArray(rule.require_attestations_by) || rule.require_attestations_by.length === 0)
          ? expected(`${path}.require_attestations_by`, rule.require_attestations_by, 'at least one attestor') : undefined,
        rule?.evaluation_mode === 'REQUIRE_ATTESTATION' && keyed.length === 0
          ? `${path} requires attestations, but no google_binary_authorization_attestor in the stack holds a public key (expected an attestor with the organization's key)` : undefined,
      ]);
    }));
    return violations;
  },
};
