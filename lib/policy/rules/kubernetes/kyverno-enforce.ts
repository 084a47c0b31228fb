import { controlById } from '../../controls';
import type { Rule } from '../../types';

const KYVERNO_POLICY_KINDS = ['ClusterPolicy', 'Policy'];

/**
 * Every Kyverno policy the output carries enforces: a rule in `Audit` only reports, so a policy switched to Audit
 * (in every environment at once, which parity cannot see) silently stops blocking what the baseline forbids.
 * Kyverno's default when neither the rule's `validate.failureAction` nor the policy's deprecated
 * `validationFailureAction` is set is Audit, so an unset action fails too.
 */
export const kyvernoEnforce: Rule = {
  id: 'K8S-KYVERNO-ENFORCE',
  severity: 'error',
  controls: [controlById('cluster-policies-enforced').id],
  description: 'Kyverno policies enforce (validate.failureAction Enforce); none is left in Audit, which only reports.',
  remediation: 'Set validate.failureAction: Enforce on every validate rule (Kyverno 1.13+); fix what it would block, or record an exception with a reason and expiry.',
  kind: 'kubernetes',
  check: (artifact) => (Array.isArray(artifact.document) ? artifact.document : [])
    .filter((o: any) => typeof o?.apiVersion === 'string' && o.apiVersion.startsWith('kyverno.io/') && KYVERNO_POLICY_KINDS.includes(o.kind))
    .flatMap((policy: any) => {
      const name = `${policy.kind}/${policy.metadata?.namespace ? `${policy.metadata.namespace}/` : ''}${policy.metadata?.name ?? '<unnamed>'}`;
      const policyAction = policy.spec?.validationFailureAction;
      const rules: any[] = Array.isArray(policy.spec?.rules) ? policy.spec.rules : [];
      return rules
        .filter((r) => r?.validate !== undefined)
        .map((r) => ({ rule: r.name, action: r.validate?.failureAction ?? policyAction ?? 'Audit (the default)' }))
        .filter(({ action }) => String(action).toLowerCase() !== 'enforce')
        .map(({ rule, action }) => ({ resource: name, message: `rule "${rule}" has failureAction ${JSON.stringify(action)} (expected "Enforce": Audit only reports)` }));
    }),
};
