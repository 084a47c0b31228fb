import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { LOG_ALERT_WINDOW_MINUTES } from './activity-log-export';
import { logCountAlertConfig } from './private/log-count-alert';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { Problems } from '../../core/problems';

/** Properties of {@link AcrRegistryAlerts}. */
export interface AcrRegistryAlertsProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** Azure region of the alert rule, e.g. "westeurope". */
  readonly location: string;
  /** The resource group that holds the alert rule. */
  readonly resourceGroupName: string;
  /**
   * The registry's resource ID. Its resource logs (`ContainerRegistryLoginEvents`,
   * `ContainerRegistryRepositoryEvents`) must go to a Log Analytics workspace: `AcrRegistry` does so when given
   * `logAnalyticsWorkspaceId`. The alert queries them in the registry's own context, whichever workspace holds them.
   */
  readonly registryId: string;
  /** Action groups notified of refused registry requests, all at once. */
  readonly deniedActionGroupIds: readonly string[];
  /**
   * More than this many refused (401/403) sign-ins, pulls or pushes within `deniedWindowMinutes` raise the alert.
   * @default 20
   */
  readonly deniedThreshold?: number;
  /**
   * The window refusals are counted in, in minutes: one of the log alert windows (5, 10, 15, 30, 45, 60).
   * @default 5
   */
  readonly deniedWindowMinutes?: number;
  /**
   * Tags of the alert.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * Registry requests refused for lack of authentication or authorization: sign-ins (`ContainerRegistryLoginEvents`)
 * and repository pulls and pushes (`ContainerRegistryRepositoryEvents`), whose `ResultType` is the HTTP status.
 */
export const REGISTRY_DENIED_QUERY = [
  'union ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents',
  '| where ResultType in ("401", "403")',
].join('\n');

/**
 * Azure Monitor alerts on a container registry: a security event (`sqr-<prefix>-acr-denied`) when more than
 * `deniedThreshold` sign-ins, pulls or pushes are refused (401/403) within `deniedWindowMinutes` — someone probing
 * the registry with a stolen or expired credential, or a workload whose pull identity lost its role. The registry
 * answers only on its private endpoint, so the requests come from inside the network.
 */
export class AcrRegistryAlerts extends Construct {
  /** The refused-requests log alert. */
  public readonly deniedRequestsAlert: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: AcrRegistryAlertsProps) {
    super(scope, id);
    const threshold = props.deniedThreshold ?? 20;
    const windowMinutes = props.deniedWindowMinutes ?? 5;
    this.node.addValidation(validate(props, threshold, windowMinutes));
    this.deniedRequestsAlert = new MonitorScheduledQueryRulesAlertV2(this, 'DeniedRequestsAlert', {
      ...logCountAlertConfig({
        name: azureName('sqr', props.namePrefix, 'acr-denied'),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        description: `Security event: more than ${threshold} registry requests refused (401/403) within ${windowMinutes} minutes.`,
        scope: props.registryId,
        query: REGISTRY_DENIED_QUERY,
        threshold,
        windowMinutes,
        actionGroupIds: props.deniedActionGroupIds,
        tags: props.tags,
      }),
      // The registry's log tables exist only once its first events arrive; validating the query on a new
      // environment's first apply would fail on a table that is not there yet.
      skipQueryValidation: true,
    });
  }
}

function validate(props: AcrRegistryAlertsProps, threshold: number, windowMinutes: number): Problems {
  const problems = new Problems('AcrRegistryAlerts');
  problems.push(...namePrefixProblems(props.namePrefix), ...locationProblems(props.location), ...tagProblems('tags', props.tags ?? {}));
  if (!Token.isUnresolved(props.registryId) && !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i.test(props.registryId)) {
    problems.invalid('registryId', props.registryId, 'is not a container registry resource ID', 'like /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>');
  }
  if (!Token.isUnresolved(threshold) && (!Number.isInteger(threshold) || threshold < 0)) {
    problems.invalid('deniedThreshold', threshold, 'is not a count of requests', 'a whole number like 20');
  }
  if (!Token.isUnresolved(windowMinutes) && !LOG_ALERT_WINDOW_MINUTES.includes(windowMinutes)) {
    problems.invalid('deniedWindowMinutes', windowMinutes, 'is not a log alert window', `one of ${LOG_ALERT_WINDOW_MINUTES.join(', ')}`);
  }
  if (props.deniedActionGroupIds.length === 0) problems.push('deniedActionGroupIds is empty (expected at least one action group, or refused requests notify nobody)');
  return problems;
}
