import type { Artifact } from '../artifacts';
import type { Cloud } from '../spec';
import type { PolicyResult } from './engine';
import type { Control } from './types';

/** A control of the baseline, with what it means and where it cannot apply. */
export interface BaselineControl extends Control {
  /** What the control guarantees, whichever cloud or tool implements it. */
  readonly description: string;
  /**
   * Clouds where the control has no meaning, with the reason (e.g. CloudFormation keeps its own state, so there is
   * no state backend to protect on AWS). The matrix shows these cells as not applicable even if a rule would run.
   * @default - applies on every cloud
   */
  readonly notApplicable?: Partial<Record<Cloud, string>>;
}

/**
 * The cloud-neutral controls of the baseline. Rules name the controls they implement by id; the controls matrix
 * shows each control per environment and cloud. Ids are a contract: exceptions, reports and dashboards refer to
 * them, so add new ids rather than renaming.
 */
export const CONTROLS: readonly BaselineControl[] = [
  {
    id: 'cluster-api-private',
    title: 'Cluster API not public',
    description: 'The Kubernetes API server is reachable only from private networks; public access is an explicit, reviewed opt-in.',
  },
  {
    id: 'secrets-encrypted-cmk',
    title: 'Secrets encrypted with a customer-managed key',
    description: 'Cluster secrets (etcd) are envelope-encrypted with a key the organization controls and can revoke.',
  },
  {
    id: 'no-static-credentials',
    title: 'No static credentials',
    description: 'Workloads get cloud access through workload identity; local admin accounts and long-lived keys are disabled.',
  },
  {
    id: 'nodes-no-public-ip',
    title: 'Nodes have no public IP',
    description: 'Cluster nodes live in private subnets and are never given a public address.',
  },
  {
    id: 'registry-private',
    title: 'Registry private',
    description: 'Image registries are not reachable anonymously or from the public internet, and have no shared admin user.',
  },
  {
    id: 'registry-tags-immutable',
    title: 'Registry tags immutable',
    description: 'A pushed image tag can never be overwritten, so a tag names exactly one image.',
    notApplicable: {
      azure: 'Azure Container Registry has no registry-wide tag immutability that Terraform can set: a tag can only be locked one at a time after it is pushed (az acr repository update --write-enabled false). Lock each release tag in the pushing pipeline; the spec pins releases by tag, and Defender for Containers scans every push.',
    },
  },
  {
    id: 'registry-encrypted-cmk',
    title: 'Registries encrypted with a customer-managed key',
    description: 'Image registries, and the replicas of their images in the DR region, are encrypted with a key the organization controls; replicas expire like their sources.',
  },
  {
    id: 'registry-scan-on-push',
    title: 'Images scanned on push',
    description: 'Every image pushed to a registry is scanned for known vulnerabilities.',
  },
  {
    id: 'flow-logs-on',
    title: 'Flow logs on',
    description: 'Network flows of every virtual network are logged, for incident response.',
  },
  {
    id: 'diagnostics-on',
    title: 'Diagnostics on',
    description: 'Control-plane and platform logs and metrics are collected centrally.',
  },
  {
    id: 'deletion-protection',
    title: 'Deletion protection on stateful resources',
    description: 'Keys, registries, log stores and clusters cannot be destroyed by an ordinary deploy.',
  },
  {
    id: 'mandatory-tags',
    title: 'Mandatory tags and labels',
    description: 'Every taggable resource carries owner, cost-center, environment and data-classification; every resource of a team carries its team and the one cost-center of that team, on every cloud and cluster.',
  },
  {
    id: 'state-locked-encrypted',
    title: 'State backend locked and encrypted',
    description: 'Infrastructure state is stored remotely with locking and encryption at rest under the organization\'s control.',
    notApplicable: { aws: 'CloudFormation keeps the state of its stacks; there is no state backend to configure.' },
  },
  {
    id: 'pod-security-restricted',
    title: 'Pods meet Pod Security "restricted"',
    description: 'Every pod runs as non-root, without privilege escalation, with all capabilities dropped, seccomp RuntimeDefault, a read-only root filesystem and allowed volume types only.',
  },
  {
    id: 'resources-bounded',
    title: 'Container resources bounded',
    description: 'Every container declares CPU, memory and ephemeral-storage requests and limits, and team namespaces bound their totals.',
  },
  {
    id: 'pod-priority',
    title: 'Platform above services',
    description: 'Platform add-ons run at a priority class above every service, and services at the class of their availability objective, so pressure preempts and evicts the least critical pods first.',
  },
  {
    id: 'health-probes',
    title: 'Health probes',
    description: 'Every long-running container has liveness and readiness probes.',
  },
  {
    id: 'images-trusted',
    title: 'Images pinned and from trusted registries',
    description: 'No `latest` or untagged images; images come only from the organization\'s registries.',
  },
  {
    id: 'images-signed',
    title: 'Only signed images run',
    description: 'Clusters admit images of the organization\'s registries only with a valid signature of the organization\'s signer (cosign keyless identity or key), checked at admission in Enforce mode; GKE also requires a Binary Authorization attestation.',
  },
  {
    id: 'network-default-deny',
    title: 'Default-deny network policy',
    description: 'Every namespace denies traffic by default and allows only declared flows.',
  },
  {
    id: 'disruption-budget',
    title: 'Disruption budget',
    description: 'Every multi-replica workload has a PodDisruptionBudget, so maintenance never takes it down.',
  },
  {
    id: 'service-account-token-off',
    title: 'Service account token not mounted by default',
    description: 'Pods mount a Kubernetes API token only when they need one.',
  },
  {
    id: 'no-public-exposure',
    title: 'No unintended public exposure',
    description: 'No NodePort services, and no public load balancer without an explicit annotation.',
  },
  {
    id: 'budget-alert-set',
    title: 'Budget alert set',
    description: 'Every environment has a monthly budget on every cloud, alerting the escalation receivers at 80 % and 100 %.',
  },
  {
    id: 'cloud-guardrails-enforced',
    title: 'Guardrails enforced in the cloud',
    description: 'The cloud itself enforces the baseline where a hand-made change could bypass synth: AWS Config rules, Azure Policy assignments, GCP organization policy constraints.',
  },
  {
    id: 'cluster-policies-enforced',
    title: 'Cluster policies enforced',
    description: 'The Kyverno policies that carry the baseline into the cluster block violations at admission (Enforce), not only report them (Audit).',
  },
  {
    id: 'no-cluster-admin-bindings',
    title: 'No cluster-admin bindings',
    description: 'Nothing in the manifests binds cluster-admin or system:masters; administrators get it through the cloud\'s IAM.',
  },
  {
    id: 'key-stores-private',
    title: 'Key stores private',
    description: 'Vaults holding customer-managed keys have no open public endpoint: public access off, firewall deny, a private endpoint. A consumer the cloud leaves without a private path is a reasoned exception recorded on the vault.',
    notApplicable: {
      aws: 'AWS KMS has no customer-owned endpoint to close: every call is authorized by IAM and the key policy, and the baseline reaches KMS through the VPC.',
      gcp: 'Cloud KMS has no customer-owned endpoint to close: every call is authorized by IAM on the key, and the perimeter is VPC Service Controls.',
    },
  },
  {
    id: 'keys-rotated',
    title: 'Customer-managed keys rotate and expire',
    description: 'Every customer-managed key rotates automatically; where the cloud supports it, each key version also expires.',
  },
  {
    id: 'node-disks-cmk',
    title: 'Node disks encrypted with a customer-managed key',
    description: 'The disks of every cluster node are encrypted with a key the organization controls and can revoke; on AKS, OS disks are ephemeral where the VM size allows, so no node disk outlives its node. A cluster created before the key keeps platform-managed keys only as a reasoned exception recorded on the cluster.',
  },
  {
    id: 'volumes-cmk',
    title: 'Persistent volumes encrypted with a customer-managed key',
    description: 'Every persistent volume of a cluster is created on a StorageClass that encrypts it with a key the organization controls (the cluster\'s disk key), and keeps its disk when the claim goes (Retain). A class without one is a reasoned exception recorded on the class.',
  },
  {
    id: 'log-storage-locked-down',
    title: 'Log storage locked down',
    description: 'Storage holding audit logs takes identity-based access only (no shared keys), is encrypted with a customer-managed key and is reached privately.',
    notApplicable: {
      aws: 'VPC flow logs go to CloudWatch Logs, encrypted with the environment\'s KMS key and reached through IAM only; there is no storage account with keys or a public endpoint.',
      gcp: 'Subnet flow logs go to Cloud Logging, reached through IAM only; there is no bucket with keys or a public endpoint.',
    },
  },
  {
    id: 'admin-ports-closed',
    title: 'Administrative ports closed to the Internet',
    description: 'No security group, network security group or firewall rule admits the Internet on SSH, RDP, the Kubernetes API, databases or other administrative ports.',
  },
  {
    id: 'audit-trail-on',
    title: 'Audit trail on',
    description: 'The cloud control plane of every environment is audited: every call recorded (all regions on AWS, every Activity Log category on Azure, Admin Activity and Data Access on GCP), kept in a store that outlives the stack, is encrypted with a customer-managed key where the cloud allows, and cannot be deleted early.',
  },
  {
    id: 'alert-standards-present',
    title: 'Alert standards on every cloud',
    description: 'Each cloud alerts on the standards it can see (saturation, failed nodes, audit denials, root activity) at the thresholds of lib/standards, and every alert notifies the escalation role the standard names.',
  },
];

/** Looks a control up by id; throws on an unknown id so a typo in a rule fails loudly. */
export function controlById(id: string): BaselineControl {
  const control = CONTROLS.find((c) => c.id === id);
  if (!control) {
    throw new Error(`controlById: "${id}" is not a control (expected one of ${CONTROLS.map((c) => c.id).join(', ')})`);
  }
  return control;
}

/** How a control fares in one environment and cloud. */
export type ControlStatus = 'pass' | 'fail' | 'n/a';

/** One cell of the controls matrix. */
export interface ControlCell {
  readonly environment: string;
  readonly cloud: Cloud;
  /**
   * `pass`: at least one rule implementing the control evaluated this environment and cloud, and none left an
   * unexcepted error; `fail`: some did; `n/a`: no rule evaluates it there, or the control does not apply to the cloud.
   */
  readonly status: ControlStatus;
  /** Rules with unexcepted errors here, sorted. */
  readonly failingRules: readonly string[];
  /** Rules whose errors here are covered by exceptions, sorted: a pass that rests on an exception. */
  readonly exceptedRules: readonly string[];
  /** Why the control does not apply, when the control says so. */
  readonly notApplicableReason?: string;
}

export interface ControlsMatrixRow {
  readonly control: BaselineControl;
  /** One cell per column, in column order. */
  readonly cells: readonly ControlCell[];
}

/** Controls x (environment, cloud). */
export interface ControlsMatrix {
  /** Environments in the order the artifacts list them; clouds in aws, azure, gcp order within each. */
  readonly columns: ReadonlyArray<{ readonly environment: string; readonly cloud: Cloud }>;
  readonly rows: readonly ControlsMatrixRow[];
}

const CLOUD_ORDER: readonly Cloud[] = ['aws', 'azure', 'gcp'];

/**
 * Computes the controls matrix of a policy result: one row per control, one column per environment and cloud
 * that has artifacts.
 */
export function controlsMatrix(
  result: PolicyResult,
  artifacts: readonly Artifact[],
  controls: readonly BaselineControl[] = CONTROLS,
): ControlsMatrix {
  const environments = [...new Set(artifacts.map((a) => a.environment))];
  const columns = environments.flatMap((environment) => CLOUD_ORDER
    .filter((cloud) => artifacts.some((a) => a.environment === environment && a.cloud === cloud))
    .map((cloud) => ({ environment, cloud })));

  const rows = controls.map((control) => ({
    control,
    cells: columns.map(({ environment, cloud }): ControlCell => {
      const here = (f: { environment: string; cloud: Cloud; controls: readonly string[] }) =>
        f.environment === environment && f.cloud === cloud && f.controls.includes(control.id);
      const failingRules = unique(result.errors.filter(here).map((f) => f.ruleId));
      const exceptedRules = unique(result.findings.filter((f) => here(f) && f.severity === 'error' && f.exception).map((f) => f.ruleId));
      const notApplicableReason = control.notApplicable?.[cloud];
      if (notApplicableReason !== undefined) {
        return { environment, cloud, status: 'n/a', failingRules, exceptedRules, notApplicableReason };
      }
      const status: ControlStatus = failingRules.length > 0 ? 'fail' : result.coverage.some(here) ? 'pass' : 'n/a';
      return { environment, cloud, status, failingRules, exceptedRules };
    }),
  }));
  return { columns, rows };
}

const SYMBOL: Record<ControlStatus, string> = { 'pass': '✓', 'fail': '✗', 'n/a': '–' };

/**
 * Renders the matrix for a terminal: ✓ pass, ✗ fail, – not applicable, and `*` where a pass rests on an exception;
 * the failing rules of each red cell are listed below the table.
 */
export function renderControlsMatrix(matrix: ControlsMatrix): string {
  const header = ['CONTROL', ...matrix.columns.map((c) => `${c.environment}/${c.cloud}`)];
  const body = matrix.rows.map((row) => [
    row.control.id,
    ...row.cells.map((cell) => `${SYMBOL[cell.status]}${cell.status === 'pass' && cell.exceptedRules.length > 0 ? '*' : ''}`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const lines = [line(header), ...body.map(line)];

  const notes: string[] = [];
  for (const row of matrix.rows) {
    for (const cell of row.cells) {
      const where = `${row.control.id} ${cell.environment}/${cell.cloud}`;
      if (cell.status === 'fail') notes.push(`✗ ${where}: ${cell.failingRules.join(', ')}`);
      else if (cell.status === 'pass' && cell.exceptedRules.length > 0) notes.push(`* ${where}: passes with exceptions for ${cell.exceptedRules.join(', ')}`);
    }
  }
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
