import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { Problems } from '../../core/problems';

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
 * Azure Monitor metric alerts on an AKS cluster for what the cloud sees of it: CPU and memory saturation of each
 * node (`ma-<prefix>-node-cpu`, `ma-<prefix>-node-memory`). The metrics are AKS platform metrics, so the alerts
 * work without the in-cluster Prometheus, and still fire when it is down.
 */
export class AksClusterAlerts extends Construct {
  /** The alerts, by resource (`cpu`, `memory`). */
  public readonly alerts: Readonly<Record<keyof typeof SATURATION_METRICS, MonitorMetricAlert>>;

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
  return problems;
}
