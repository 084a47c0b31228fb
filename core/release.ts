/**
 * Annotation on a service's workload (its Rollout or Deployment) holding when the commit it releases was made, as an
 * RFC 3339 UTC timestamp. kube-state-metrics reads it back as a metric, so each cluster's Prometheus measures the lead
 * time from that commit to the release running there. It is on the workload's own metadata, not on its pod template:
 * changing it alone starts no new revision.
 */
export const RELEASE_COMMITTED_AT_ANNOTATION = 'baseline.io/release-committed-at';

const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * Whether `value` is an RFC 3339 timestamp in UTC to the second, like `2026-12-03T18:45:00Z`: the form the release
 * workflow writes, and one that kube-state-metrics parses into a Unix time. Calendar-checked (no February 30th).
 */
export function isUtcTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = UTC_TIMESTAMP.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
}
