import type { Cloud } from '../spec';
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
    description: 'Every taggable resource carries owner, cost-center, environment and data-classification.',
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
    description: 'Every container declares CPU and memory requests and limits.',
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
];

/** Looks a control up by id; throws on an unknown id so a typo in a rule fails loudly. */
export function controlById(id: string): BaselineControl {
  const control = CONTROLS.find((c) => c.id === id);
  if (!control) {
    throw new Error(`controlById: "${id}" is not a control (expected one of ${CONTROLS.map((c) => c.id).join(', ')})`);
  }
  return control;
}
