import { OrgPolicyPolicy, OrgPolicyPolicySpec } from '@cdktf/provider-google/lib/org-policy-policy';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { Construct } from 'constructs';
import { GCP_PROJECT_ID_PATTERN, GCP_REGION_PATTERN, isKnown } from './private/placement';
import { Problems } from '../../core/problems';

/** Properties of a {@link GcpOrgPolicyGuardrails}. */
export interface GcpOrgPolicyGuardrailsProps {
  /** GCP project id the policies are set on. */
  readonly project: string;

  /**
   * Regions where location-bound resources may be created, e.g. the environment's region and its DR region. Each
   * allows the region and its zones (the `in:<region>-locations` value group).
   */
  readonly allowedRegions: string[];

  /**
   * Multi-regions allowed as such, e.g. `europe` when Artifact Registry repositories and their key live in the
   * multi-region spanning the region and the DR region. Allowing a multi-region allows no region inside it.
   *
   * @default - none
   */
  readonly allowedMultiRegions?: string[];
}

/** The constraints set, and what each forbids. Exported so policy tests and docs name the same list. */
export const GCP_GUARDRAIL_CONSTRAINTS = {
  /** No VM gets an external IP; GKE nodes are private and egress through Cloud NAT. */
  vmExternalIpAccess: 'compute.vmExternalIpAccess',
  /** Buckets use IAM only: no object ACLs that could make one object public. */
  uniformBucketLevelAccess: 'storage.uniformBucketLevelAccess',
  /** Nothing is ever made public on a bucket. */
  publicAccessPrevention: 'storage.publicAccessPrevention',
  /** Location-bound resources only in the allowed regions. */
  resourceLocations: 'gcp.resourceLocations',
  /** No service account keys: workloads use Workload Identity, people impersonate. */
  disableServiceAccountKeyCreation: 'iam.disableServiceAccountKeyCreation',
  disableServiceAccountKeyUpload: 'iam.disableServiceAccountKeyUpload',
  /** VMs boot verified images only (GKE nodes have secure boot and integrity monitoring). */
  requireShieldedVm: 'compute.requireShieldedVm',
  /** No interactive serial console, which bypasses network controls. */
  disableSerialPortAccess: 'compute.disableSerialPortAccess',
} as const;

const MULTI_REGION_PATTERN = /^[a-z]+[0-9]*$/;

/**
 * Organization policy constraints set on one project (Organization Policy API v2), so that the baseline is enforced
 * by Google Cloud itself, where a hand-made change in the console or with gcloud cannot bypass it:
 * - `compute.vmExternalIpAccess`: no VM may have an external IP (deny all);
 * - `storage.uniformBucketLevelAccess` and `storage.publicAccessPrevention`: enforced;
 * - `gcp.resourceLocations`: only the allowed regions (with their zones) and multi-regions. It does not inherit
 *   from the parent: the project's list is the whole list, so a broader list set on a folder cannot widen it;
 * - `iam.disableServiceAccountKeyCreation` and `iam.disableServiceAccountKeyUpload`: enforced;
 * - `compute.requireShieldedVm` and `compute.disableSerialPortAccess`: enforced.
 *
 * Left out on purpose: `compute.requireOsLogin` (GKE nodes do not support OS Login), and constraints that only act
 * when a project or its default service accounts are created (`compute.skipDefaultNetworkCreation`,
 * `iam.automaticIamGrantsForDefaultServiceAccounts`): on an existing project they change nothing, and they belong to
 * the organization or folder that creates projects.
 *
 * The policies only affect resources created or updated after they are set; existing resources are not changed.
 * It also enables the Organization Policy API (left enabled on destroy). Each policy is addressed by its construct
 * id, one per constraint, so there is no single primary resource and no child is named `Resource`.
 *
 * Permissions: the identity that applies it needs `roles/orgpolicy.policyAdmin`, which Google grants only at the
 * organization level (a project owner cannot set its own policies). A policy set here replaces, for this project,
 * what the organization or a folder sets for the same constraint: if the organization already enforces the same
 * rules, these policies restate them on the project, so they hold if the project moves.
 */
export class GcpOrgPolicyGuardrails extends Construct {
  /** The policies, by constraint name (`compute.vmExternalIpAccess`). */
  public readonly policies: Readonly<Record<string, OrgPolicyPolicy>>;

  /** Values of the `gcp.resourceLocations` policy, e.g. `['in:europe-west3-locations', 'europe']`. */
  public readonly allowedLocations: readonly string[];

  constructor(scope: Construct, id: string, props: GcpOrgPolicyGuardrailsProps) {
    super(scope, id);
    this.node.addValidation(validateProps(props));

    const { project } = props;
    // Turning the API off breaks whatever else manages policies in the project; it stays on.
    const api = new ProjectService(this, 'OrgPolicyApi', { project, service: 'orgpolicy.googleapis.com', disableOnDestroy: false });

    this.allowedLocations = [
      ...props.allowedRegions.map((region) => `in:${region}-locations`),
      ...(props.allowedMultiRegions ?? []),
    ];

    const enforce: OrgPolicyPolicySpec = { rules: [{ enforce: 'TRUE' }] };
    const C = GCP_GUARDRAIL_CONSTRAINTS;
    const specs: [string, string, OrgPolicyPolicySpec][] = [
      ['VmExternalIpAccess', C.vmExternalIpAccess, { rules: [{ denyAll: 'TRUE' }] }],
      ['UniformBucketLevelAccess', C.uniformBucketLevelAccess, enforce],
      ['PublicAccessPrevention', C.publicAccessPrevention, enforce],
      ['ResourceLocations', C.resourceLocations, { inheritFromParent: false, rules: [{ values: { allowedValues: [...this.allowedLocations] } }] }],
      ['DisableServiceAccountKeyCreation', C.disableServiceAccountKeyCreation, enforce],
      ['DisableServiceAccountKeyUpload', C.disableServiceAccountKeyUpload, enforce],
      ['RequireShieldedVm', C.requireShieldedVm, enforce],
      ['DisableSerialPortAccess', C.disableSerialPortAccess, enforce],
    ];

    const policies: Record<string, OrgPolicyPolicy> = {};
    for (const [constructId, constraint, spec] of specs) {
      policies[constraint] = new OrgPolicyPolicy(this, constructId, {
        // Google accepts the project id in place of the number (and answers with the number); the provider's own
        // project-level example names the policy by id too. The id keeps the constraint readable in plans and policy.
        name: `projects/${project}/policies/${constraint}`,
        parent: `projects/${project}`,
        spec,
        dependsOn: [api],
      });
    }
    this.policies = policies;
  }
}

/** Every problem of `props`. Unresolved tokens are not checked. */
function validateProps(props: GcpOrgPolicyGuardrailsProps): Problems {
  const problems = new Problems('GcpOrgPolicyGuardrails');
  if (isKnown(props.project) && !GCP_PROJECT_ID_PATTERN.test(props.project)) {
    problems.push(`project "${props.project}" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)`);
  }

  if (props.allowedRegions.length === 0) {
    problems.push('allowedRegions is empty (expected at least the environment\'s region, like europe-west1)');
  }
  const seen = new Set<string>();
  props.allowedRegions.forEach((region, i) => {
    if (!isKnown(region)) return;
    if (!GCP_REGION_PATTERN.test(region)) {
      problems.push(`allowedRegions[${i}] "${region}" is not a GCP region (expected like europe-west1)`);
    } else if (seen.has(region)) {
      problems.push(`allowedRegions[${i}] "${region}" is listed twice`);
    }
    seen.add(region);
  });
  (props.allowedMultiRegions ?? []).forEach((location, i) => {
    if (!isKnown(location)) return;
    if (!MULTI_REGION_PATTERN.test(location)) {
      problems.push(`allowedMultiRegions[${i}] "${location}" is not a multi-region (expected like europe, us or asia; regions go in allowedRegions)`);
    } else if (seen.has(location)) {
      problems.push(`allowedMultiRegions[${i}] "${location}" is listed twice`);
    }
    seen.add(location);
  });

  return problems;
}
