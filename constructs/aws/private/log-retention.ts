import * as logs from 'aws-cdk-lib/aws-logs';

/** Retention values CloudWatch Logs accepts, in days (`INFINITE` excluded: the baseline never keeps logs forever). */
export const LOG_RETENTION_DAYS: readonly number[] = Object.values(logs.RetentionDays)
  .filter((v): v is number => typeof v === 'number' && v > 0 && v !== logs.RetentionDays.INFINITE);
