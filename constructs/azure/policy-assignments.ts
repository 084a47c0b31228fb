import { SubscriptionPolicyAssignment } from '@cdktf/provider-azurerm/lib/subscription-policy-assignment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { AzurePodSecurityEffect } from './pod-security-effect';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { guidProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/**
 * Built-in Azure Policy definitions the guardrails assign, by id. The ids are Azure's, the same in every tenant.
 */
export const AZURE_BUILT_IN_POLICIES = {
  /** Initiative "Kubernetes cluster pod security restricted standards for Linux-based workloads". */
  podSecurityRestricted: '/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00',
  /** "Allowed locations" (deny; resource groups and `global` resources are out of its reach). */
  allowedLocations: '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c',
  /** "Require a tag on resource groups" (deny). */
  requireTagOnResourceGroups: '/providers/Microsoft.Authorization/policyDefinitions/96670d01-0a4d-4649-9c89-2d3abc0a5025',
  /** "Inherit a tag from the resource group if missing" (modify). */
  inheritTagFromResourceGroup: '/providers/Microsoft.Authorization/policyDefinitions/ea3f2387-9b95-492a-a190-fcdc54f7b070',
} as const;

/**
 * Namespaces the pod security initiative leaves out unless told otherwise: Azure's own defaults, where AKS and the
 * policy add-on run.
 */
export const AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES: readonly string[] = [
  'kube-system',
  'gatekeeper-system',
  'azure-arc',
  'azure-extensions-usage-system',
];

/** Properties of an {@link AzurePolicyGuardrails}. */
export interface AzurePolicyGuardrailsProps {
  /**
   * Name prefix derived by the caller from organization and environment, e.g. "acme-dev". It starts every
   * assignment name, so that names say whose guardrail they are.
   */
  readonly namePrefix: string;

  /** The subscription the guardrails cover, as a GUID (not the `/subscriptions/...` resource ID). */
  readonly subscriptionId: string;

  /**
   * Region of the assignments' managed identity (the tag inheritance needs one), e.g. "westeurope".
   * It does not limit what the assignments cover.
   */
  readonly location: string;

  /**
   * Regions where resources may be created, e.g. the environment's location and its DR location.
   * Resource groups and `global` resources are exempt (the built-in policy's own rule).
   */
  readonly allowedLocations: readonly string[];

  /**
   * Tag keys every resource group must carry and every resource inherits from its resource group when it lacks them,
   * e.g. owner, cost-center, environment, data-classification. Letters, digits, `-`, `_` and `.`.
   */
  readonly requiredTagKeys: readonly string[];

  /**
   * Kubernetes namespaces the pod security initiative leaves out.
   * @default AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES
   */
  readonly podSecurityExcludedNamespaces?: readonly string[];

  /**
   * What the pod security initiative does with a non-compliant pod. `Audit` WEAKENS the guardrail: the pod is
   * admitted and only reported. Use it for a time-boxed rollout on an existing cluster, never as a resting state.
   * @default AzurePodSecurityEffect.DENY
   */
  readonly podSecurityEffect?: AzurePodSecurityEffect;

  /**
   * Scopes the assignments leave out (resource group or resource IDs), e.g. a resource group a vendor tool creates
   * without tags. Every entry weakens every guardrail for that scope; keep the list short and reviewed.
   * @default []
   */
  readonly excludedScopes?: readonly string[];
}

/** Azure's limit for the name of an assignment at subscription scope. */
const MAX_ASSIGNMENT_NAME_LENGTH = 64;
const TAG_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAMESPACE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const SCOPE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+(\/.+)?$/i;

/**
 * The Azure half of "guardrails enforced in the cloud": Azure Policy assignments on a subscription, in enforcing
 * mode, so that a change made by hand in the portal or the CLI meets the same rules as the synthesized baseline.
 *
 * - `PodSecurityRestricted`: the built-in initiative for Kubernetes pod security restricted standards, effect
 *   `Deny`, on every AKS cluster of the subscription. It acts through the cluster's Azure Policy add-on (AksCluster
 *   turns it on); Kyverno enforces the same standard from inside the cluster.
 * - `AllowedLocations`: resources only in the allowed regions.
 * - `RequireTag-<key>`: a resource group without the tag is refused. Resources are not refused, since Azure and
 *   Kubernetes create some (AKS node resources, disks, load balancer IPs) without our tags; instead
 *   `InheritTag-<key>` adds the tag from the resource group to any resource created without it.
 *
 * Tag inheritance needs a system-assigned identity on its assignments, created with them. It gets no role: Azure
 * Policy changes new and updated resources inside their own request, with the caller's rights. Remediating
 * resources that existed before the assignment is a one-off remediation task, for which the operator grants the
 * identity the role the definition names (Contributor) for the task's duration: no standing write access is left.
 *
 * Assignments and their ids are a contract: names are `<namePrefix>-<purpose>` and construct ids as above. Policy
 * assignments take no tags.
 */
export class AzurePolicyGuardrails extends Construct {
  /** The pod security initiative's assignment. */
  public readonly podSecurity: SubscriptionPolicyAssignment;
  /** The allowed locations assignment. */
  public readonly allowedLocations: SubscriptionPolicyAssignment;
  /** Per required tag key: the assignment refusing resource groups without it. */
  public readonly requireTag: Readonly<Record<string, SubscriptionPolicyAssignment>>;
  /** Per required tag key: the assignment adding it to resources from their resource group. */
  public readonly inheritTag: Readonly<Record<string, SubscriptionPolicyAssignment>>;

  constructor(scope: Construct, id: string, props: AzurePolicyGuardrailsProps) {
    super(scope, id);
    this.node.addValidation(guardrailProblems(props));

    const subscriptionId = `/subscriptions/${props.subscriptionId}`;
    const notScopes = props.excludedScopes && props.excludedScopes.length > 0 ? [...props.excludedScopes] : undefined;
    const assign = (assignmentId: string, purpose: string, config: {
      policyDefinitionId: string;
      displayName: string;
      description: string;
      nonCompliance: string;
      parameters: Record<string, unknown>;
      identity?: boolean;
    }) => new SubscriptionPolicyAssignment(this, assignmentId, {
      name: assignmentName(props.namePrefix, purpose),
      subscriptionId,
      policyDefinitionId: config.policyDefinitionId,
      displayName: config.displayName,
      description: config.description,
      enforce: true,
      notScopes,
      parameters: JSON.stringify(Object.fromEntries(Object.entries(config.parameters).map(([k, value]) => [k, { value }]))),
      nonComplianceMessage: [{ content: config.nonCompliance }],
      ...(config.identity ? { identity: { type: 'SystemAssigned' }, location: props.location } : {}),
    });

    const effect = props.podSecurityEffect ?? AzurePodSecurityEffect.DENY;
    this.podSecurity = assign('PodSecurityRestricted', 'pod-security-restricted', {
      policyDefinitionId: AZURE_BUILT_IN_POLICIES.podSecurityRestricted,
      displayName: `${props.namePrefix}: Kubernetes pod security restricted standards`,
      description: 'Baseline guardrail: pods on the subscription\'s AKS clusters meet the Pod Security Standards restricted profile (non-root, no privilege escalation, capabilities dropped, seccomp, allowed volume types).',
      nonCompliance: 'Pods must meet the Pod Security Standards restricted profile: run as non-root, no privilege escalation, drop all capabilities, seccomp RuntimeDefault, allowed volume types only.',
      parameters: {
        effect,
        excludedNamespaces: [...(props.podSecurityExcludedNamespaces ?? AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES)],
      },
    });

    this.allowedLocations = assign('AllowedLocations', 'allowed-locations', {
      policyDefinitionId: AZURE_BUILT_IN_POLICIES.allowedLocations,
      displayName: `${props.namePrefix}: allowed locations`,
      // The texts leave the regions to the parameter, so they read the same in every environment.
      description: 'Baseline guardrail: resources are created only in the environment\'s locations (its location and DR location).',
      nonCompliance: 'Resources may only be created in the environment\'s locations: see the assignment\'s listOfAllowedLocations.',
      parameters: { listOfAllowedLocations: [...props.allowedLocations] },
    });

    const requireTag: Record<string, SubscriptionPolicyAssignment> = {};
    const inheritTag: Record<string, SubscriptionPolicyAssignment> = {};
    for (const key of props.requiredTagKeys) {
      requireTag[key] = assign(`RequireTag-${key}`, `rg-tag-${key}`, {
        policyDefinitionId: AZURE_BUILT_IN_POLICIES.requireTagOnResourceGroups,
        displayName: `${props.namePrefix}: resource groups require tag ${key}`,
        description: `Baseline guardrail: a resource group without the mandatory tag "${key}" is refused.`,
        nonCompliance: `Resource groups must carry the mandatory tag "${key}".`,
        parameters: { tagName: key },
      });
      inheritTag[key] = assign(`InheritTag-${key}`, `inherit-tag-${key}`, {
        policyDefinitionId: AZURE_BUILT_IN_POLICIES.inheritTagFromResourceGroup,
        displayName: `${props.namePrefix}: resources inherit tag ${key}`,
        description: `Baseline guardrail: a resource created without the mandatory tag "${key}" gets its resource group's value.`,
        nonCompliance: `Resources must carry the mandatory tag "${key}"; it is inherited from the resource group when missing.`,
        parameters: { tagName: key },
        identity: true,
      });
    }
    this.requireTag = requireTag;
    this.inheritTag = inheritTag;
  }
}

function assignmentName(namePrefix: string, purpose: string): string {
  return `${namePrefix}-${purpose}`;
}

function guardrailProblems(props: AzurePolicyGuardrailsProps): Problems {
  const problems = new Problems('AzurePolicyGuardrails').push(
    ...namePrefixProblems(props.namePrefix),
    ...guidProblems('subscriptionId', props.subscriptionId, 'a subscription ID'),
    ...locationProblems(props.location),
  );
  if (props.allowedLocations.length === 0) {
    problems.push('allowedLocations is empty (expected at least the environment\'s location)');
  }
  props.allowedLocations.forEach((location, i) => problems.push(...locationProblems(location, `allowedLocations[${i}]`)));
  if (props.requiredTagKeys.length === 0) {
    problems.push('requiredTagKeys is empty (expected the mandatory tag keys, like owner)');
  }
  for (const key of props.requiredTagKeys) {
    if (Token.isUnresolved(key)) continue;
    if (!TAG_KEY.test(key)) {
      problems.push(`requiredTagKeys "${key}" is not a plain tag key (expected letters, digits, -, _ and ., like cost-center)`);
      continue;
    }
    for (const purpose of [`rg-tag-${key}`, `inherit-tag-${key}`]) {
      const name = assignmentName(props.namePrefix, purpose);
      if (name.length > MAX_ASSIGNMENT_NAME_LENGTH) {
        problems.push(`requiredTagKeys "${key}" makes the assignment name "${name}" ${name.length} characters long (expected at most ${MAX_ASSIGNMENT_NAME_LENGTH}: use a shorter key or namePrefix)`);
      }
    }
  }
  for (const namespace of props.podSecurityExcludedNamespaces ?? []) {
    if (!NAMESPACE.test(namespace)) {
      problems.push(`podSecurityExcludedNamespaces "${namespace}" is not a namespace name (expected a DNS label like kube-system)`);
    }
  }
  const effect = props.podSecurityEffect;
  if (effect !== undefined && !Object.values(AzurePodSecurityEffect).includes(effect)) {
    problems.push(`podSecurityEffect "${effect}" is not an effect the baseline allows (expected AzurePodSecurityEffect.DENY, or AUDIT during a rollout)`);
  }
  for (const excluded of props.excludedScopes ?? []) {
    if (!Token.isUnresolved(excluded) && !SCOPE.test(excluded)) {
      problems.push(`excludedScopes "${excluded}" is not a resource group or resource ID (expected like /subscriptions/<id>/resourceGroups/<rg>)`);
    }
  }
  return problems;
}
