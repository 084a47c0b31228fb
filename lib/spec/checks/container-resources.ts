import { parseQuantity } from '../../../core/quantity';
import { show } from '../../../core/show';
import { formatPath, SpecIssue } from '../errors';
import { SERVICE_DEFAULTS } from '../organization';
import { TIERS, Tier, TierProfile } from '../tiers';
import type { ServiceSketch } from './sketch';

/** The orders the API server enforces on a LimitRange, and that a defaulted container fits the namespace quota. */
const NAMESPACE_ORDERS = [
  { small: 'containerCpuRequest', large: 'containerCpuLimit', expected: 'a default request no larger than the default limit' },
  { small: 'containerMemoryRequest', large: 'containerMemoryLimit', expected: 'a default request no larger than the default limit' },
  { small: 'containerCpuRequest', large: 'requestsCpu', expected: 'one defaulted container to fit in the namespace quota' },
  { small: 'containerMemoryRequest', large: 'requestsMemory', expected: 'one defaulted container to fit in the namespace quota' },
  { small: 'containerCpuLimit', large: 'limitsCpu', expected: 'one defaulted container to fit in the namespace quota' },
  { small: 'containerMemoryLimit', large: 'limitsMemory', expected: 'one defaulted container to fit in the namespace quota' },
  { small: 'containerEphemeralStorageRequest', large: 'containerEphemeralStorageLimit', expected: 'a default request no larger than the default limit' },
  { small: 'containerEphemeralStorageRequest', large: 'requestsEphemeralStorage', expected: 'one defaulted container to fit in the namespace quota' },
  { small: 'containerEphemeralStorageLimit', large: 'limitsEphemeralStorage', expected: 'one defaulted container to fit in the namespace quota' },
] as const;

/**
 * Requests and limits the API server would refuse: namespace container defaults of every tier, and each
 * service's resources with the defaults applied (a `cpuLimit: '100m'` under the default `250m` request).
 */
export function containerResourceIssues(profiles: Readonly<Record<Tier, TierProfile>>, services: readonly ServiceSketch[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const tier of TIERS) {
    const ns = profiles[tier].namespace;
    const blamed = new Set<string>();
    for (const order of NAMESPACE_ORDERS) {
      const small = parseQuantity(ns[order.small])?.value;
      const large = parseQuantity(ns[order.large])?.value;
      if (small === undefined || large === undefined || small <= large * (1 + 1e-9) || blamed.has(order.small)) continue;
      blamed.add(order.small);
      issues.push({
        path: formatPath(['tierProfiles', tier, 'namespace', order.small]),
        message: `${show(ns[order.small])} is more than ${order.large} ${show(ns[order.large])} (expected ${order.expected})`,
      });
    }
  }
  for (const { index, service, given } of services) {
    for (const [request, limit] of [['cpuRequest', 'cpuLimit'], ['memoryRequest', 'memoryLimit'], ['ephemeralStorageRequest', 'ephemeralStorageLimit']] as const) {
      const r = parseQuantity(service.resources[request])?.value;
      const l = parseQuantity(service.resources[limit])?.value;
      if (r === undefined || l === undefined || r <= l * (1 + 1e-9)) continue;
      // Blame the field the spec set: a limit under the default request, or a request over the default limit.
      const blame = given.has(limit) && !given.has(request) ? limit : request;
      const other = blame === request ? limit : request;
      const otherText = `${other} ${show(service.resources[other])}${given.has(other) ? '' : ' (the default)'}`;
      issues.push({
        path: formatPath(['services', index, 'resources', blame]),
        message: blame === request
          ? `${show(service.resources[request])} is more than ${otherText} (expected a request no larger than the limit)`
          : `${show(service.resources[limit])} is less than ${otherText} (expected a limit no smaller than the request)`,
      });
    }
    // The /tmp emptyDir lives on the node's disk and counts towards the limit: a smaller limit evicts the pod first.
    const storageLimit = parseQuantity(service.resources.ephemeralStorageLimit)?.value;
    const tmp = parseQuantity(SERVICE_DEFAULTS.tmpSizeLimit)!.value;
    if (given.has('ephemeralStorageLimit') && storageLimit !== undefined && storageLimit < tmp * (1 - 1e-9)) {
      issues.push({
        path: formatPath(['services', index, 'resources', 'ephemeralStorageLimit']),
        message: `${show(service.resources.ephemeralStorageLimit)} is less than the ${SERVICE_DEFAULTS.tmpSizeLimit} of the service's /tmp volume (expected room for it: the kubelet would evict the pod before /tmp is full)`,
      });
    }
  }
  return issues;
}
