import type { Cloud } from '../spec';
import type { KubernetesRule } from './rules/kubernetes';
import type { Rule } from './types';

/** Where and how the generated policies apply. */
export interface KyvernoPolicyOptions {
  /** Environment of the cluster, e.g. `prod`. */
  readonly environment: string;
  /** Cloud of the cluster. */
  readonly cloud: Cloud;
  /**
   * Namespaces no policy applies to: the system namespaces and the add-ons' own (see `policyExcludedNamespaces` in
   * `lib/addons`).
   */
  readonly excludedNamespaces: readonly string[];
  /**
   * Kyverno version the policies are written for, recorded in the `kyverno.io/kyverno-version` annotation.
   * @default - no version annotation
   */
  readonly kyvernoVersion?: string;
}

/** A Kyverno `ClusterPolicy` manifest (`kyverno.io/v1`), as plain JSON. */
export interface KyvernoClusterPolicy {
  readonly apiVersion: 'kyverno.io/v1';
  readonly kind: 'ClusterPolicy';
  readonly metadata: { readonly name: string; readonly annotations: Record<string, string> };
  readonly spec: Record<string, unknown>;
}

/** Annotation carrying the id of the rule a policy was generated from. */
export const RULE_ID_ANNOTATION = 'baseline.io/rule-id';
/** Annotation carrying the ids of the controls the rule implements, comma-separated. */
export const CONTROLS_ANNOTATION = 'baseline.io/controls';

/**
 * One Kyverno `ClusterPolicy` per rule that declares Kyverno rules, generated from the same definition as the
 * synth-time check, so the cluster enforces exactly what `npm run check` verifies.
 *
 * Every rule is in Enforce mode (the per-rule `validate.failureAction` of Kyverno 1.13 and later; the policy-level
 * `validationFailureAction` is deprecated), the webhook fails closed, background scans report objects admitted
 * before the policy, DELETE requests are never blocked, and the excluded namespaces are left alone. Policies are
 * named after the rule id in lowercase (`K8S-PSS-SECCOMP` -> `k8s-pss-seccomp`).
 */
export function kyvernoClusterPolicies(rules: readonly Rule[], options: KyvernoPolicyOptions): KyvernoClusterPolicy[] {
  const namespaces = options.excludedNamespaces.length > 0 ? [{ resources: { namespaces: [...options.excludedNamespaces] } }] : [];
  return rules.filter(hasKyverno).map((rule) => {
    const definitions = rule.kyverno!({ environment: options.environment, cloud: options.cloud });
    return {
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name: rule.id.toLowerCase(),
        annotations: {
          'policies.kyverno.io/title': rule.id,
          'policies.kyverno.io/category': rule.controls.join(', '),
          'policies.kyverno.io/severity': rule.severity === 'error' ? 'high' : 'medium',
          'policies.kyverno.io/subject': [...new Set(definitions.flatMap(kindsOf))].join(', '),
          'policies.kyverno.io/description': `${rule.description} Remediation: ${rule.remediation}`,
          [RULE_ID_ANNOTATION]: rule.id,
          [CONTROLS_ANNOTATION]: rule.controls.join(','),
          ...(options.kyvernoVersion ? { 'kyverno.io/kyverno-version': options.kyvernoVersion } : {}),
        },
      },
      spec: {
        background: true,
        // Fail closed: if Kyverno cannot answer, the change waits rather than skipping the baseline.
        webhookConfiguration: { failurePolicy: 'Fail', timeoutSeconds: 10 },
        rules: definitions.map((d) => {
          const exclude = [...namespaces, ...(d.exclude ?? [])];
          return {
            name: d.name,
            match: d.match,
            ...(exclude.length > 0 ? { exclude: { any: exclude } } : {}),
            preconditions: {
              ...d.preconditions,
              // On DELETE the request carries no object, so every pattern would fail and nothing could be deleted.
              all: [{ key: "{{ request.operation || 'BACKGROUND' }}", operator: 'NotEquals', value: 'DELETE' }, ...(d.preconditions?.all ?? [])],
            },
            validate: { ...d.validate, failureAction: 'Enforce' },
          };
        }),
      },
    };
  });
}

function hasKyverno(rule: Rule): rule is KubernetesRule & Required<Pick<KubernetesRule, 'kyverno'>> {
  return rule.kind === 'kubernetes' && typeof (rule as KubernetesRule).kyverno === 'function';
}

function kindsOf(definition: { readonly match: Record<string, unknown> }): string[] {
  const blocks = [...((definition.match.any as any[]) ?? []), ...((definition.match.all as any[]) ?? [])];
  return blocks.flatMap((b) => b?.resources?.kinds ?? []);
}
