import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Construct } from 'constructs';
import { gcpNameWithin } from './private/names';
import { checkPlacement, isKnown } from './private/placement';
import { Problems } from '../../core/problems';

/** Properties of a {@link GcpWorkloadIdentity}. */
export interface GcpWorkloadIdentityProps {
  /** GCP project id (not domain-scoped) in which the Google service account is created and the roles granted. */
  readonly project: string;

  /** Name prefix derived by the caller from org and environment, e.g. "acme-dev". */
  readonly namePrefix: string;

  /**
   * Account id of the Google service account (6 to 30 characters).
   *
   * @default - `<namePrefix>-<namespace>-<serviceAccount>`, cut to 30 characters with a hash when longer
   */
  readonly accountId?: string;

  /** Kubernetes namespace of the workload. */
  readonly namespace: string;

  /** Name of the workload's Kubernetes service account. */
  readonly serviceAccount: string;

  /** The cluster's Workload Identity pool, `<project>.svc.id.goog` (`GkeCluster.workloadPool`). */
  readonly workloadPool: string;

  /**
   * Project-level roles granted to the Google service account, e.g. `roles/cloudsql.client`.
   * Basic roles (`roles/owner`, `roles/editor`) are refused: grant narrower roles, or on the resource itself.
   *
   * @default - none
   */
  readonly projectRoles?: string[];
}

const SERVICE_ACCOUNT_ID_MAX_LENGTH = 30;
const ACCOUNT_ID_PATTERN = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const KSA_NAME_PATTERN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WORKLOAD_POOL_PATTERN = /^[a-z][-a-z0-9]{4,28}[a-z0-9]\.svc\.id\.goog$/;
const ROLE_PATTERN = /^(roles|projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/roles|organizations\/[0-9]+\/roles)\/[a-zA-Z0-9_.]+$/;
const BASIC_ROLES = ['roles/owner', 'roles/editor'];

/**
 * A Google service account for one Kubernetes service account of a GKE cluster with Workload Identity.
 *
 * Pods running as `<namespace>/<serviceAccount>` act as the Google service account once the Kubernetes service
 * account carries the annotation `iam.gke.io/gcp-service-account: <email>`. It creates:
 * - the Google service account (the primary child, `Resource`);
 * - `roles/iam.workloadIdentityUser` on it for exactly that Kubernetes service account, and for no other;
 * - one binding per project role. Each binding's address is derived from its role, so reordering the list
 *   changes nothing.
 */
export class GcpWorkloadIdentity extends Construct {
  /**
   * The email the Google service account will have, as a plain string known at synth time (the `email` attribute is
   * only known after apply). Kubernetes manifests use it for the `iam.gke.io/gcp-service-account` annotation.
   */
  public static emailOf(props: Pick<GcpWorkloadIdentityProps, 'project' | 'namePrefix' | 'accountId' | 'namespace' | 'serviceAccount'>): string {
    return `${props.accountId ?? deriveAccountId(props)}@${props.project}.iam.gserviceaccount.com`;
  }

  /** The Google service account. */
  public readonly googleServiceAccount: ServiceAccount;

  /** Email of the Google service account: the value of the Kubernetes annotation `iam.gke.io/gcp-service-account`. */
  public readonly email: string;

  /** The IAM member of the Google service account, `serviceAccount:<email>`, for granting it access to resources. */
  public readonly member: string;

  constructor(scope: Construct, id: string, props: GcpWorkloadIdentityProps) {
    super(scope, id);
    const accountId = props.accountId ?? deriveAccountId(props);
    this.node.addValidation(validateProps(props, accountId));

    const { project, namespace, serviceAccount } = props;

    this.googleServiceAccount = new ServiceAccount(this, 'Resource', {
      project,
      accountId,
      displayName: `Workload ${namespace}/${serviceAccount}`,
      description: `Workload Identity of the Kubernetes service account ${namespace}/${serviceAccount}.`,
    });
    this.email = this.googleServiceAccount.email;
    this.member = this.googleServiceAccount.member;

    new ServiceAccountIamMember(this, 'WorkloadIdentityUser', {
      serviceAccountId: this.googleServiceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${props.workloadPool}[${namespace}/${serviceAccount}]`,
    });

    // A duplicate is a reported problem; building it twice would be a construct error instead.
    for (const role of new Set(props.projectRoles ?? [])) {
      new ProjectIamMember(this, `ProjectRole-${role.replace(/^roles\//, '')}`, {
        project,
        role,
        member: this.member,
      });
    }
  }
}

/** Kubernetes names may hold dots; account ids may not. */
function deriveAccountId(props: Pick<GcpWorkloadIdentityProps, 'namePrefix' | 'namespace' | 'serviceAccount'>): string {
  const sanitize = (part: string) => (isKnown(part) ? part.replace(/[^-a-z0-9]/g, '-') : part);
  return gcpNameWithin(SERVICE_ACCOUNT_ID_MAX_LENGTH, props.namePrefix, sanitize(props.namespace), sanitize(props.serviceAccount));
}

/** Every problem of `props`. Unresolved tokens are not checked. */
function validateProps(props: GcpWorkloadIdentityProps, accountId: string): Problems {
  const problems = new Problems('GcpWorkloadIdentity');
  checkPlacement(problems, props);

  const { namespace, serviceAccount, workloadPool } = props;
  if (isKnown(namespace) && !NAMESPACE_PATTERN.test(namespace)) {
    problems.push(`namespace "${namespace}" is not a Kubernetes namespace name (expected a DNS label like payments)`);
  }
  if (isKnown(serviceAccount) && !KSA_NAME_PATTERN.test(serviceAccount)) {
    problems.push(`serviceAccount "${serviceAccount}" is not a Kubernetes service account name (expected a DNS subdomain like payments-api)`);
  }
  if (isKnown(workloadPool) && !WORKLOAD_POOL_PATTERN.test(workloadPool)) {
    problems.push(`workloadPool "${workloadPool}" is not a Workload Identity pool (expected <project>.svc.id.goog, like acme-dev-1234.svc.id.goog)`);
  }
  if (isKnown(accountId) && !ACCOUNT_ID_PATTERN.test(accountId)) {
    const source = props.accountId === undefined ? 'derived accountId' : 'accountId';
    problems.push(`${source} "${accountId}" is not a service account id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter and ending with a letter or digit)`);
  }

  const seen = new Set<string>();
  for (const role of props.projectRoles ?? []) {
    if (!isKnown(role)) continue;
    if (BASIC_ROLES.includes(role)) {
      problems.push(`projectRoles "${role}" is a basic role (expected a predefined or custom role, like roles/storage.objectViewer)`);
    } else if (!ROLE_PATTERN.test(role)) {
      problems.push(`projectRoles "${role}" is not an IAM role (expected like roles/storage.objectViewer)`);
    }
    if (seen.has(role)) {
      problems.push(`projectRoles "${role}" is listed twice`);
    }
    seen.add(role);
  }

  return problems;
}
