import { MonitorAlertPrometheusRuleGroup, MonitorAlertPrometheusRuleGroupRule } from '@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group';
import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { resourceIdProblems } from './private/value-rules';
import { isDnsLabel } from '../../core/names';
import { Problems } from '../../core/problems';
import { crashLoopQuery, deploymentOutageQuery } from '../../core/workload-health-queries';

/** One step of an outage's escalation: who is notified once the outage has lasted this long. */
export interface AksOutageEscalationStep {
  /** Name of the step, e.g. its escalation role ("eng-lead"): the `escalate_to` label of its rule. */
  readonly name: string;
  /** Minutes a service has had no available replica before this step is notified (0: at once). */
  readonly afterMinutes: number;
  /** Action groups of this step. */
  readonly actionGroupIds: readonly string[];
}

/** When container restarts count as a crash loop, and whom they notify. */
export interface AksRestartBurst {
  /** More than this many restarts of one pod's containers within `windowMinutes` is a crash loop. */
  readonly count: number;
  /** The window the restarts are counted over, in minutes. */
  readonly windowMinutes: number;
  /**
   * How long the burst must last before the rule fires, in minutes.
   * @default 0
   */
  readonly afterMinutes?: number;
  /** Action groups of a crash loop. */
  readonly actionGroupIds: readonly string[];
}

/** Where the outage rules are evaluated: the cluster's managed Prometheus (`AksManagedPrometheus`). */
export interface AksOutageAlerting {
  /** Azure region of the rule group, the workspace's. */
  readonly location: string;
  /** The Azure Monitor workspace the cluster's managed Prometheus sends to. */
  readonly prometheusWorkspaceId: string;
  /** The cluster's name: the rules read only its series (the workspace's `cluster` label). */
  readonly clusterName: string;
  /** The namespaces of the services watched (the platform's team namespaces). */
  readonly workloadNamespaces: readonly string[];
  /** One rule per step: a Deployment that should run has had no available replica for the step's minutes. */
  readonly escalation: readonly AksOutageEscalationStep[];
  /**
   * A rule on container restarts per pod of `workloadNamespaces`.
   * @default no crash-loop rule
   */
  readonly restartBurst?: AksRestartBurst;
}

/** Properties of {@link AksClusterAlerts}. */
export interface AksClusterAlertsProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** The resource group that holds the alerts. */
  readonly resourceGroupName: string;
  /** The AKS cluster's resource ID. */
  readonly clusterId: string;
  /**
   * Node CPU or memory use above this, in percent, is saturation.
   * @default 80
   */
  readonly saturationThresholdPercent?: number;
  /**
   * The window saturation is averaged over, in minutes: one of Azure Monitor's metric alert windows (1, 5, 15, 30,
   * 60, 360, 720, 1440).
   * @default 15
   */
  readonly saturationMinutes?: number;
  /** Action groups notified of saturation. */
  readonly saturationActionGroupIds: readonly string[];
  /**
   * Outages and crash loops of the services, as a Prometheus rule group (`prg-<prefix>-outage`) on the cluster's
   * managed Prometheus. Unlike metric alerts, whose windows are fixed (1, 5, 15, 30, 60 minutes ...), a Prometheus
   * rule's `for` takes any number of minutes, so every escalation step fires at its own minute.
   * @default no outage rules
   */
  readonly outage?: AksOutageAlerting;
  /**
   * Tags of the alerts.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/** The windows Azure Monitor accepts for a metric alert, in minutes. */
export const METRIC_ALERT_WINDOW_MINUTES = [1, 5, 15, 30, 60, 360, 720, 1440];

/** The AKS platform metrics of node saturation, by alert. */
const SATURATION_METRICS = { cpu: 'node_cpu_usage_percentage', memory: 'node_memory_working_set_percentage' } as const;

/**
 * Azure Monitor alerts on an AKS cluster for what the cloud sees of it: CPU and memory saturation of each node
 * (`ma-<prefix>-node-cpu`, `ma-<prefix>-node-memory`, AKS platform metrics) and, with `outage`, the services'
 * outages (one rule per escalation step) and crash loops, from the cluster's managed Prometheus. None of them needs
 * the in-cluster Prometheus, so they still fire when it is down.
 */
export class AksClusterAlerts extends Construct {
  /** The alerts, by resource (`cpu`, `memory`). */
  public readonly alerts: Readonly<Record<keyof typeof SATURATION_METRICS, MonitorMetricAlert>>;
  /** The outage and crash-loop rules, when `outage` is given. */
  public readonly outageRules?: MonitorAlertPrometheusRuleGroup;

  constructor(scope: Construct, id: string, props: AksClusterAlertsProps) {
    super(scope, id);
    const threshold = props.saturationThresholdPercent ?? 80;
    const minutes = props.saturationMinutes ?? 15;
    this.node.addValidation(validate(props, threshold, minutes));
    const alert = (resource: keyof typeof SATURATION_METRICS) => new MonitorMetricAlert(this, `Node${resource === 'cpu' ? 'Cpu' : 'Memory'}`, {
      name: azureName('ma', props.namePrefix, `node-${resource}`),
      resourceGroupName: props.resourceGroupName,
      scopes: [props.clusterId],
      description: `Resource saturation: node ${resource} above ${threshold} % over ${minutes} minutes.`,
      severity: 2,
      frequency: 'PT1M',
      windowSize: `PT${minutes}M`,
      criteria: [{
        metricNamespace: 'Microsoft.ContainerService/managedClusters',
        metricName: SATURATION_METRICS[resource],
        aggregation: 'Average',
        operator: 'GreaterThan',
        threshold,
        // One time series per node: one saturated node alerts even when the cluster's average is fine.
        dimension: [{ name: 'node', operator: 'Include', values: ['*'] }],
      }],
      action: props.saturationActionGroupIds.map((actionGroupId) => ({ actionGroupId })),
      tags: props.tags,
    });
    this.alerts = { cpu: alert('cpu'), memory: alert('memory') };
    if (props.outage) this.outageRules = this.outageRuleGroup(props, props.outage);
  }

  private outageRuleGroup(props: AksClusterAlertsProps, outage: AksOutageAlerting): MonitorAlertPrometheusRuleGroup {
    const namespaces = [...new Set(outage.workloadNamespaces)].sort();
    const where = namespaces.join(', ');
    const actions = (ids: readonly string[]) => ids.map((actionGroupId) => ({ actionGroupId }));
    const forMinutes = (minutes: number) => (minutes > 0 ? { for: `PT${minutes}M` } : {});
    const resolution = { autoResolved: true, timeToResolve: 'PT10M' };
    const rules: MonitorAlertPrometheusRuleGroupRule[] = outage.escalation.map((step) => ({
      alert: 'CriticalOutage',
      expression: deploymentOutageQuery(namespaces),
      ...forMinutes(step.afterMinutes),
      severity: 0,
      labels: { standard: 'critical-outage', cause: 'no-healthy-replicas', escalate_to: step.name },
      annotations: {
        summary: 'Critical outage: a Deployment has no available replica',
        description: `Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had no available replica for ${step.afterMinutes} minutes (failing probes, crashing or unschedulable pods). Escalation step "${step.name}".`,
      },
      action: actions(step.actionGroupIds),
      alertResolution: resolution,
    }));
    const burst = outage.restartBurst;
    if (burst) {
      rules.push({
        alert: 'CrashLoop',
        expression: crashLoopQuery(namespaces, burst.count, burst.windowMinutes),
        ...forMinutes(burst.afterMinutes ?? 0),
        severity: 0,
        labels: { standard: 'critical-outage', cause: 'crash-loop' },
        annotations: {
          summary: 'Critical outage, failing probes: a pod is crash-looping',
          description: `The containers of {{ $labels.namespace }}/{{ $labels.pod }} restarted more than ${burst.count} times within ${burst.windowMinutes} minutes.`,
        },
        action: actions(burst.actionGroupIds),
        alertResolution: resolution,
      });
    }
    return new MonitorAlertPrometheusRuleGroup(this, 'OutageRules', {
      name: azureName('prg', props.namePrefix, 'outage'),
      resourceGroupName: props.resourceGroupName,
      location: outage.location,
      description: `Critical outage of the services in ${where}, from the cluster's managed Prometheus: still alerts when the in-cluster Prometheus is down.`,
      clusterName: outage.clusterName,
      scopes: [outage.prometheusWorkspaceId, props.clusterId],
      interval: 'PT1M',
      ruleGroupEnabled: true,
      rule: rules,
      tags: props.tags,
    });
  }
}

function validate(props: AksClusterAlertsProps, threshold: number, minutes: number): Problems {
  const problems = new Problems('AksClusterAlerts');
  problems.push(...namePrefixProblems(props.namePrefix), ...tagProblems('tags', props.tags ?? {}));
  if (!Token.isUnresolved(threshold) && !(threshold > 0 && threshold < 100)) {
    problems.invalid('saturationThresholdPercent', threshold, 'is not a utilization threshold', 'a percentage between 0 and 100, like 80');
  }
  if (!Token.isUnresolved(minutes) && !METRIC_ALERT_WINDOW_MINUTES.includes(minutes)) {
    problems.invalid('saturationMinutes', minutes, 'is not a metric alert window', `one of ${METRIC_ALERT_WINDOW_MINUTES.join(', ')}`);
  }
  if (props.saturationActionGroupIds.length === 0) problems.push('saturationActionGroupIds is empty (expected at least one action group, or saturation notifies nobody)');
  if (props.outage) outageProblems(problems, props.outage);
  return problems;
}

function wholeMinutes(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min && value <= 1440;
}

function outageProblems(problems: Problems, outage: AksOutageAlerting): void {
  problems.push(
    ...locationProblems(outage.location, 'outage.location'),
    ...resourceIdProblems('outage.prometheusWorkspaceId', outage.prometheusWorkspaceId, 'Azure Monitor workspace'),
  );
  if (outage.workloadNamespaces.length === 0) problems.push('outage.workloadNamespaces is empty (expected the namespaces of the services, or the outage rules watch nothing)');
  outage.workloadNamespaces.forEach((ns, i) => {
    if (!Token.isUnresolved(ns) && !isDnsLabel(ns)) problems.invalid(`outage.workloadNamespaces[${i}]`, ns, 'is not a namespace name', 'a lowercase DNS label, like payments');
  });
  if (outage.escalation.length === 0) problems.push('outage.escalation is empty (expected at least one step, or an outage notifies nobody)');
  outage.escalation.forEach((step, i) => {
    const path = `outage.escalation[${i}]`;
    if (!/^[a-z][a-z0-9-]*$/.test(step.name)) problems.invalid(`${path}.name`, step.name, 'is not a step name', 'lowercase letters, digits and hyphens, like eng-lead');
    if (!wholeMinutes(step.afterMinutes, 0)) {
      problems.invalid(`${path}.afterMinutes`, step.afterMinutes, 'is not an alert duration', 'whole minutes from 0 to 1440');
    } else if (i > 0 && step.afterMinutes <= outage.escalation[i - 1].afterMinutes) {
      problems.invalid(`${path}.afterMinutes`, step.afterMinutes, 'is not later than the step before', `more than ${outage.escalation[i - 1].afterMinutes}`);
    }
    if (step.actionGroupIds.length === 0) problems.push(`${path}.actionGroupIds is empty (expected at least one action group, or step "${step.name}" notifies nobody)`);
  });
  const burst = outage.restartBurst;
  if (burst) {
    if (!(Number.isInteger(burst.count) && burst.count >= 0)) problems.invalid('outage.restartBurst.count', burst.count, 'is not a restart count', 'a whole number, like 3');
    if (!wholeMinutes(burst.windowMinutes, 1)) problems.invalid('outage.restartBurst.windowMinutes', burst.windowMinutes, 'is not a counting window', 'whole minutes from 1 to 1440');
    if (!wholeMinutes(burst.afterMinutes ?? 0, 0)) problems.invalid('outage.restartBurst.afterMinutes', burst.afterMinutes, 'is not an alert duration', 'whole minutes from 0 to 1440');
    if (burst.actionGroupIds.length === 0) problems.push('outage.restartBurst.actionGroupIds is empty (expected at least one action group, or a crash loop notifies nobody)');
  }
}
