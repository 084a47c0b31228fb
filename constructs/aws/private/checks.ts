import * as logs from 'aws-cdk-lib/aws-logs';

/** Retention values CloudWatch Logs accepts, in days (`INFINITE` excluded: the baseline never keeps logs forever). */
export const LOG_RETENTION_DAYS: readonly number[] = Object.values(logs.RetentionDays)
  .filter((v): v is number => typeof v === 'number' && v > 0 && v !== logs.RetentionDays.INFINITE);

/** The prefix length of an IPv4 CIDR such as `203.0.113.0/24`, or undefined when the text is not one. */
export function ipv4CidrPrefix(cidr: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) return undefined;
  return Number(match[5]);
}

/** A Kubernetes namespace name: an RFC 1123 label. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** A Kubernetes service account name: an RFC 1123 subdomain. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && name.split('.').every((part) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(part));
}
