/** What the Azure Policy pod security initiative of {@link AzurePolicyGuardrails} does with a non-compliant pod. */
export enum AzurePodSecurityEffect {
  /** The pod is refused at admission. The baseline. */
  DENY = 'Deny',

  /** The pod is admitted and reported. **Weakens the guardrail**: for a time-boxed rollout on an existing cluster only. */
  AUDIT = 'Audit',
}
