/**
 * A duration in minutes as Prometheus and Alertmanager write it, in the largest unit that divides it: 5 -> `5m`,
 * 60 -> `1h`, 1440 -> `1d`, 0 -> `0s`.
 */
export function promDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new Error(`duration ${JSON.stringify(minutes)} is not a whole number of minutes (expected an integer of at least 0)`);
  }
  if (minutes === 0) return '0s';
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
