import type { EnvironmentSketch } from './checks/sketch';
import type { SpecIssue } from './errors';
import { formatPath } from './errors';

/** Azure flow logs keep at most this many days (a Network Watcher limit); CloudWatch Logs and GCP accept more. */
export const AZURE_MAX_FLOW_LOG_RETENTION_DAYS = 365;

/** Knob values a cloud an environment runs on cannot honour. */
export function cloudLimitIssues(environments: readonly EnvironmentSketch[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const reported = new Set<string>();
  for (const env of environments) {
    const days = env.profile.network.flowLogRetentionDays;
    if (env.azure && days > AZURE_MAX_FLOW_LOG_RETENTION_DAYS && !reported.has(env.tier)) {
      reported.add(env.tier);
      issues.push({
        path: formatPath(['tierProfiles', env.tier, 'network', 'flowLogRetentionDays']),
        message: `${days} is more than Azure flow logs keep, and environment "${env.name}" runs on Azure (expected at most ${AZURE_MAX_FLOW_LOG_RETENTION_DAYS} days)`,
      });
    }
  }
  return issues;
}
