import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { Construct } from 'constructs';
import { checkPlacement, isKnown } from './private/placement';
import { Problems } from '../../core/problems';

/** Properties of {@link GkeClusterAlertPolicies}. */
export interface GkeClusterAlertPoliciesProps {
  /** Name prefix derived by the caller from organization and environment, e.g. "acme-dev". */
  readonly namePrefix: string;
  /** GCP project id. */
  readonly project: string;
  /** The GKE cluster's name. */
  readonly clusterName: string;
  /**
   * Node CPU or memory use above this share of the allocatable amount, in (0, 1), is saturation.
   * @default 0.8
   */
  readonly saturationThresholdRatio?: number;
  /**
   * How long saturation must last before the policy fires, in minutes.
   * @default 15
   */
  readonly saturationMinutes?: number;
  /** Notification channels (IDs) of saturation. */
  readonly saturationChannelIds: readonly string[];
  /**
   * User labels of the policies.
   * @default {}
   */
  readonly labels?: Record<string, string>;
}

/** The GKE system metrics of node saturation, by resource: shares of the node's allocatable amount. */
export const GKE_SATURATION_METRICS = {
  cpu: 'kubernetes.io/node/cpu/allocatable_utilization',
  memory: 'kubernetes.io/node/memory/allocatable_utilization',
} as const;

/**
 * Cloud Monitoring alert policies on a GKE cluster for what the cloud sees of it: CPU and memory saturation of each
 * node. They use GKE system metrics, so they work without the in-cluster Prometheus and still fire when it is down.
 */
export class GkeClusterAlertPolicies extends Construct {
  /** The policies, by resource (`cpu`, `memory`). */
  public readonly policies: Readonly<Record<keyof typeof GKE_SATURATION_METRICS, MonitoringAlertPolicy>>;

  constructor(scope: Construct, id: string, props: GkeClusterAlertPoliciesProps) {
    super(scope, id);
    const threshold = props.saturationThresholdRatio ?? 0.8;
    const minutes = props.saturationMinutes ?? 15;
    this.node.addValidation(validate(props, threshold, minutes));
    const policy = (resource: keyof typeof GKE_SATURATION_METRICS) => new MonitoringAlertPolicy(this, `Node${resource === 'cpu' ? 'Cpu' : 'Memory'}`, {
      project: props.project,
      displayName: `${props.namePrefix} node ${resource} saturation`,
      combiner: 'OR',
      severity: 'WARNING',
      documentation: { content: `Resource saturation: a node of ${props.clusterName} uses more than ${threshold * 100} % of its allocatable ${resource} for ${minutes} minutes.`, mimeType: 'text/markdown' },
      conditions: [{
        displayName: `node ${resource} above ${threshold}`,
        conditionThreshold: {
          filter: `resource.type = "k8s_node" AND resource.labels.cluster_name = "${props.clusterName}" AND metric.type = "${GKE_SATURATION_METRICS[resource]}"`,
          comparison: 'COMPARISON_GT',
          thresholdValue: threshold,
          duration: `${minutes * 60}s`,
          // Per node (memory: summed over its evictable and non-evictable parts), measured each minute.
          aggregations: [{
            alignmentPeriod: '60s', perSeriesAligner: 'ALIGN_MEAN', crossSeriesReducer: 'REDUCE_SUM', groupByFields: ['resource.label.node_name'],
          }],
          trigger: { count: 1 },
        },
      }],
      notificationChannels: [...props.saturationChannelIds],
      userLabels: props.labels,
    });
    this.policies = { cpu: policy('cpu'), memory: policy('memory') };
  }
}

function validate(props: GkeClusterAlertPoliciesProps, threshold: number, minutes: number): Problems {
  const problems = new Problems('GkeClusterAlertPolicies');
  checkPlacement(problems, props);
  if (isKnown(threshold) && !(threshold > 0 && threshold < 1)) {
    problems.invalid('saturationThresholdRatio', threshold, 'is not a utilization threshold', 'a ratio between 0 and 1, like 0.8');
  }
  if (isKnown(minutes) && (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)) {
    problems.invalid('saturationMinutes', minutes, 'is not an alert duration', 'whole minutes from 1 to 1440');
  }
  if (props.saturationChannelIds.length === 0) problems.push('saturationChannelIds is empty (expected at least one notification channel, or saturation notifies nobody)');
  return problems;
}
