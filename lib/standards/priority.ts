/**
 * Pod priority: who keeps running when a cluster is short of capacity. Under pressure the scheduler preempts
 * lower-priority pods to place higher ones, and the kubelet evicts lower-priority pods first when a node runs out of
 * memory or disk. Without classes every pod is equal, so a burst of one team's pods can push out the policy engine
 * (whose webhook fails closed: no pod is admitted while it is down), Argo CD or the monitoring that pages about it.
 *
 * The order: the cloud's own `system-node-critical` and `system-cluster-critical` (2 billion, the API server's
 * reserved range) above the platform's add-ons, above the services by their availability objective. Pods with no
 * class get priority 0, below every class here, and the policy check refuses a service pod without one.
 */

/** A PriorityClass the baseline creates in every cluster. */
export interface PriorityClassStandard {
  /** Object name, which pods reference in `priorityClassName`. */
  readonly name: string;
  /** Priority; a user-defined class may be at most one billion. */
  readonly value: number;
  /** Why pods get it, shown in `kubectl get priorityclass`. */
  readonly description: string;
}

/** A service class: the lowest availability objective, in percent, that gets it. */
export interface ServicePriorityClassStandard extends PriorityClassStandard {
  readonly minAvailabilityPercent: number;
}

/** The platform's add-ons: the policy engine, GitOps, progressive delivery, monitoring, autoscaling. */
export const PLATFORM_PRIORITY_CLASS: PriorityClassStandard = {
  name: 'baseline-platform',
  value: 1_000_000,
  description: 'Platform add-ons (policy engine, GitOps, delivery, monitoring): scheduled before and evicted after every service.',
};

/** Every service class name starts with this; a team's pods may use no other. */
export const SERVICE_PRIORITY_CLASS_PREFIX = 'baseline-service-';

/**
 * Services by the tier of their availability objective, highest first. The thresholds follow the budget: 99.95 %
 * leaves 22 minutes a month, 99.5 % leaves 3.6 hours, so the tighter the budget, the later the pod is preempted.
 */
export const SERVICE_PRIORITY_CLASSES: readonly ServicePriorityClassStandard[] = [
  {
    name: `${SERVICE_PRIORITY_CLASS_PREFIX}critical`,
    value: 100_000,
    minAvailabilityPercent: 99.95,
    description: 'Services with an availability objective of 99.95 % or more.',
  },
  {
    name: `${SERVICE_PRIORITY_CLASS_PREFIX}standard`,
    value: 10_000,
    minAvailabilityPercent: 99.5,
    description: 'Services with an availability objective from 99.5 % to below 99.95 % (the default objective is 99.9 %).',
  },
  {
    name: `${SERVICE_PRIORITY_CLASS_PREFIX}low`,
    value: 1_000,
    minAvailabilityPercent: 0,
    description: 'Services with an availability objective below 99.5 %: the first preempted under pressure.',
  },
];

/** The class of a service with this availability objective. */
export function servicePriorityClass(availabilityPercent: number): ServicePriorityClassStandard {
  return SERVICE_PRIORITY_CLASSES.find((c) => availabilityPercent >= c.minAvailabilityPercent)
    ?? SERVICE_PRIORITY_CLASSES[SERVICE_PRIORITY_CLASSES.length - 1];
}

/** Every class the baseline creates, highest first. */
export const BASELINE_PRIORITY_CLASSES: readonly PriorityClassStandard[] = [PLATFORM_PRIORITY_CLASS, ...SERVICE_PRIORITY_CLASSES];
