import { ApiObject } from 'cdk8s';
import { KubePriorityClass } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { isDnsSubdomain, labelProblems } from '../../core/names';
import { Problems } from '../../core/problems';

/** Props for {@link WorkloadPriorityClass}. */
export interface WorkloadPriorityClassProps {
  /** Name pods reference in `priorityClassName` (a DNS subdomain; `system-` is reserved by Kubernetes). */
  readonly name: string;
  /**
   * Priority: higher is scheduled first and evicted last. At most 1,000,000,000; above that is the range
   * Kubernetes reserves for `system-cluster-critical` and `system-node-critical`.
   */
  readonly value: number;
  /**
   * Which pods should use it, and why, for whoever reads `kubectl get priorityclass`.
   * @default - none
   */
  readonly description?: string;
  /**
   * Labels on the object (the mandatory labels).
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** The highest value of a user-defined PriorityClass; the two system classes sit above it. */
const MAX_USER_PRIORITY = 1_000_000_000;
const MIN_PRIORITY = -2_147_483_648;

/**
 * A cluster-wide `PriorityClass` (`scheduling.k8s.io/v1`): under pressure the scheduler preempts pods of lower
 * priority to place higher ones, and the kubelet evicts lower ones first when a node runs short of memory or disk.
 *
 * Never the global default: only one class in a cluster may be, and managed clusters or other tools may already
 * hold it; a pod without a class gets priority 0. Preemption is on (`PreemptLowerPriority`), as for every class
 * meant to protect what runs in it.
 */
export class WorkloadPriorityClass extends Construct {
  /** The PriorityClass (the construct's `Resource` child). */
  public readonly apiObject: ApiObject;
  /** The name pods reference. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadPriorityClassProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!isDnsSubdomain(props.name) || props.name.startsWith('system-')) {
      problems.push(`name ${JSON.stringify(props.name)} is not a priority class name (expected a DNS subdomain not starting with "system-", which Kubernetes reserves, like baseline-platform)`);
    }
    if (!Number.isInteger(props.value) || props.value < MIN_PRIORITY || props.value > MAX_USER_PRIORITY) {
      problems.push(`value ${JSON.stringify(props.value)} is not a priority (expected an integer from ${MIN_PRIORITY} to ${MAX_USER_PRIORITY}; above is reserved for the system classes)`);
    }
    problems.push(...labelProblems('labels', props.labels ?? {}));
    this.node.addValidation(new Problems(`WorkloadPriorityClass ${JSON.stringify(props.name)}`).push(...problems));

    this.name = props.name;
    this.apiObject = new KubePriorityClass(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      value: props.value,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: props.description,
    });
  }
}
