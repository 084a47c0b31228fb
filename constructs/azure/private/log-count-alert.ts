import type { MonitorScheduledQueryRulesAlertV2Config } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';

/** A log alert that fires when a query counts more than `threshold` rows within one window. */
export interface LogCountAlertOptions {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly description: string;
  /** What the query reads: a Log Analytics workspace or a resource with diagnostic logs. */
  readonly scope: string;
  readonly query: string;
  readonly threshold: number;
  /** The window, which is also the evaluation frequency: each row is counted once. */
  readonly windowMinutes: number;
  readonly actionGroupIds: readonly string[];
  readonly tags?: Record<string, string>;
}

/**
 * The settings every security-event log alert of the baseline shares: severity 0 (they are all "immediate" in the
 * organization's standards), evaluated once per window, firing on the first failing window.
 */
export function logCountAlertConfig(options: LogCountAlertOptions): MonitorScheduledQueryRulesAlertV2Config {
  return {
    name: options.name,
    resourceGroupName: options.resourceGroupName,
    location: options.location,
    description: options.description,
    scopes: [options.scope],
    severity: 0,
    evaluationFrequency: `PT${options.windowMinutes}M`,
    windowDuration: `PT${options.windowMinutes}M`,
    criteria: [{
      query: options.query,
      timeAggregationMethod: 'Count',
      operator: 'GreaterThan',
      threshold: options.threshold,
      failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
    }],
    action: { actionGroups: [...options.actionGroupIds] },
    tags: options.tags,
  };
}
