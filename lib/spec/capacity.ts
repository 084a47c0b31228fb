import type { EnvironmentSketch, ServiceSketch } from './checks/sketch';
import type { SpecIssue } from './errors';
import { formatPath } from './errors';
import type { Service } from './organization';
import { EPHEMERAL_STORAGE_PER_POD_MIB } from './tiers';
import { parseQuantity } from '../../core/quantity';
import { ROLLOUT_MAX_SURGE_PERCENT } from '../../core/rollout';


const FIELDS = [
  { knob: 'requestsCpu', of: 'cpuRequest', what: 'CPU requests', unit: 'cores' },
  { knob: 'requestsMemory', of: 'memoryRequest', what: 'memory requests', unit: 'GiB' },
  { knob: 'limitsCpu', of: 'cpuLimit', what: 'CPU limits', unit: 'cores' },
  { knob: 'limitsMemory', of: 'memoryLimit', what: 'memory limits', unit: 'GiB' },
  { knob: 'requestsEphemeralStorage', of: 'ephemeralStorageRequest', what: 'ephemeral-storage requests', unit: 'GiB', perPodMiB: EPHEMERAL_STORAGE_PER_POD_MIB.requests },
  { knob: 'limitsEphemeralStorage', of: 'ephemeralStorageLimit', what: 'ephemeral-storage limits', unit: 'GiB', perPodMiB: EPHEMERAL_STORAGE_PER_POD_MIB.limits },
] as const;
const MIB = 1024 * 1024;

/**
 * Checks that each team's services fit its namespace quota in every environment at their autoscaling maximum, during
 * a rollout too: every service at `maxReplicas`, plus the pods a rolling update adds on top of that.
 *
 * A ResourceQuota that is too small does not fail a deploy: it silently keeps pods from being created, so an
 * autoscaler stops short of its maximum under load, or a rollout stalls, in the one environment whose tier is
 * smallest. Checking here turns that into a spec error naming the team, the environment and the shortfall.
 */
export function capacityIssues(environments: readonly EnvironmentSketch[], services: readonly Pick<Service, 'team' | 'maxReplicas' | 'resources'>[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const teams = [...new Set(services.map((s) => s.team))];
  const reported = new Set<string>();
  for (const env of environments) {
    const quota = env.profile.namespace;
    for (const team of teams) {
      const mine = services.filter((s) => s.team === team);
      const pods = mine.reduce((sum, s) => sum + podsDuringRollout(s.maxReplicas), 0);
      const key = (field: string) => `${env.tier}:${team}:${field}`;
      if (pods > quota.pods && !reported.has(key('pods'))) {
        reported.add(key('pods'));
        issues.push({
          path: formatPath(['tierProfiles', env.tier, 'namespace', 'pods']),
          message: `${quota.pods} is too small for team "${team}" in environment "${env.name}" by ${pods - quota.pods} (expected at least ${pods}: its services run ${pods} pods at their autoscaling maximum during a rollout)`,
        });
      }
      for (const field of FIELDS) {
        const allowed = parseQuantity(quota[field.knob])?.value ?? 0;
        // A disk quota at the per-pod default follows the pods (an override of pods scales it): when the pods are
        // short, that one problem is reported, and the disk is judged at the pods the team needs.
        const followsPods = 'perPodMiB' in field && pods > quota.pods && Math.abs(allowed - quota.pods * field.perPodMiB * MIB) < 1;
        const judged = followsPods ? pods * field.perPodMiB * MIB : allowed;
        const needed = mine.reduce((sum, s) => sum + podsDuringRollout(s.maxReplicas) * (parseQuantity(s.resources[field.of])?.value ?? 0), 0);
        if (needed > judged * (1 + 1e-9) && !reported.has(key(field.knob))) {
          reported.add(key(field.knob));
          issues.push({
            path: formatPath(['tierProfiles', env.tier, 'namespace', field.knob]),
            message: `"${quota[field.knob]}" is too small for team "${team}" in environment "${env.name}" by ${display(needed - allowed, field.unit)} ${field.unit} (expected at least ${display(needed, field.unit)} ${field.unit}: the ${field.what} of its services at their autoscaling maximum during a rollout)`,
          });
        }
      }
    }
  }
  return issues;
}

/** A `maxReplicas` below `replicas`: the autoscaler's API object would be refused. */
export function autoscalingIssues(services: readonly ServiceSketch[]): SpecIssue[] {
  return services
    .filter(({ service: s }) => Number.isInteger(s.maxReplicas) && s.maxReplicas < s.replicas)
    .map(({ index, service: s }) => ({
      path: formatPath(['services', index, 'maxReplicas']),
      message: `${s.maxReplicas} is below replicas ${s.replicas} (expected at least ${s.replicas}; equal to it turns autoscaling off)`,
    }));
}

function podsDuringRollout(replicas: number): number {
  return replicas + Math.ceil((replicas * ROLLOUT_MAX_SURGE_PERCENT) / 100);
}

function display(value: number, unit: 'cores' | 'GiB'): string {
  const scaled = unit === 'GiB' ? value / 1024 ** 3 : value;
  return String(Math.ceil(scaled * 100) / 100);
}
