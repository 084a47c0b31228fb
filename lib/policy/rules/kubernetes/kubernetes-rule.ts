import type { Cloud } from '../../../spec';
import type { Rule } from '../../types';

/** The cluster a rule's Kyverno policy is generated for. */
export interface KubernetesClusterContext {
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** The cloud the cluster runs on; it decides e.g. which annotation makes a load balancer internal. */
  readonly cloud: Cloud;
}

/**
 * One Kyverno `validate` rule, without the parts every generated policy shares (failure action, namespace
 * exclusions, the DELETE guard): those are added by `kyvernoClusterPolicies`.
 */
export interface KyvernoRuleDefinition {
  /** Rule name inside the policy (DNS label). */
  readonly name: string;
  /** Kyverno `match` block, e.g. `{ any: [{ resources: { kinds: ['Pod'] } }] }`. */
  readonly match: Record<string, unknown>;
  /** Kyverno `preconditions` (`{ all: [...] }` / `{ any: [...] }`). @default - none */
  readonly preconditions?: { readonly all?: readonly unknown[]; readonly any?: readonly unknown[] };
  /**
   * Resource filters this rule skips, added to the policy's namespace exclusions (each an `exclude.any` entry, e.g.
   * `{ resources: { kinds: ['ServiceAccount'], names: ['default'] } }`).
   * @default - only the excluded namespaces
   */
  readonly exclude?: readonly Record<string, unknown>[];
  /** Kyverno `validate` block without `failureAction`: `message` and one of `pattern`, `anyPattern`, `deny`, `foreach`. */
  readonly validate: Record<string, unknown> & { readonly message: string };
}

/**
 * A Kubernetes rule: the TypeScript check over synthesized manifests and, where Kyverno can express it, the same
 * rule as Kyverno rules enforced in the cluster. Both live side by side so they change together.
 */
export interface KubernetesRule extends Rule {
  readonly kind: 'kubernetes';
  /**
   * The Kyverno rules that enforce this rule in a cluster.
   * @default - not enforced by Kyverno (the rule needs to see several objects at once, which admission cannot)
   */
  readonly kyverno?: (cluster: KubernetesClusterContext) => readonly KyvernoRuleDefinition[];
}

/** Registry host prefixes whose images a cluster may run, per environment and cloud. */
export type TrustedRegistriesResolver = (cluster: { readonly environment: string; readonly cloud: Cloud }) => readonly string[];
