import { MonitoringAlertPolicy } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import { Construct } from 'constructs';
import { checkPlacement, isKnown } from './private/placement';
import { isDnsLabel } from '../../core/names';
import { Problems } from '../../core/problems';
import { deploymentOutageQuery, KUBE_STATE_METRICS } from '../../core/workload-health-queries';

/** One step of an outage's escalation: who is notified once the outage has lasted this long. */
export interface GkeOutageEscalationStep {
  /**
   * Name of the step, e.g. its escalation role ("eng-lead"): it names the policy and its construct id
   * (`Outage<Name>`), so keep it stable.
   */
  readonly name: string;
  /** Minutes a service has had no available replica before this step is notified (0: at once). */
  readonly afterMinutes: number;
  /** Notification channels (IDs) of this step. */
  readonly channelIds: readonly string[];
}

/** When container restarts count as a crash loop, and whom they notify. */
export interface GkeRestartBurst {
  /** More than this many restarts of one pod's containers within `windowMinutes` is a crash loop. */
  readonly count: number;
  /** The window the restarts are counted over, in minutes. */
  readonly windowMinutes: number;
  /**
   * How long the burst must last before the policy fires, in minutes.
   * @default 0
   */
  readonly afterMinutes?: number;
  /** Notification channels (IDs) of a crash loop. */
  readonly channelIds: readonly string[];
}

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
   * The namespaces of the services watched for outages and crash loops (the platform's team namespaces). GKE's own
   * namespaces are left to Google.
   * @default [] (no outage or restart policy)
   */
  readonly workloadNamespaces?: readonly string[];
  /**
   * The outage escalation: one policy per step, each firing once a Deployment of `workloadNamespaces` that should
   * run has had no available replica for the step's minutes. Measured on GKE's managed kube state metrics (the
   * cluster's `DEPLOYMENT` monitoring component with managed Prometheus), so the policies still fire when the
   * in-cluster Prometheus is down with the workloads.
   * @default [] (no outage policy)
   */
  readonly outageEscalation?: readonly GkeOutageEscalationStep[];
  /**
   * A policy on container restarts (GKE system metric `kubernetes.io/container/restart_count`) per pod of
   * `workloadNamespaces`.
   * @default no restart policy
   */
  readonly restartBurst?: GkeRestartBurst;
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

/** The GKE system metric of container restarts (cumulative, per container). */
export const GKE_RESTART_METRIC = 'kubernetes.io/container/restart_count';

/**
 * The managed kube state metrics an outage is measured on, as PromQL names (Cloud Monitoring stores them as
 * `prometheus.googleapis.com/<name>/gauge` on `prometheus_target`).
 */
export const GKE_DEPLOYMENT_METRICS = {
  available: KUBE_STATE_METRICS.deploymentAvailable,
  desired: KUBE_STATE_METRICS.deploymentDesired,
} as const;

/**
 * Cloud Monitoring alert policies on a GKE cluster for what the cloud sees of it: CPU and memory saturation of each
 * node, and, for the services' namespaces, outages (a Deployment with no available replica, one policy per
 * escalation step) and crash loops (bursts of container restarts). They use GKE system and managed kube state
 * metrics, so they work without the in-cluster Prometheus and still fire when it is down.
 */
export class GkeClusterAlertPolicies extends Construct {
  /** The saturation policies, by resource (`cpu`, `memory`). */
  public readonly policies: Readonly<Record<keyof typeof GKE_SATURATION_METRICS, MonitoringAlertPolicy>>;
  /** The outage policies, one per escalation step, in step order. */
  public readonly outagePolicies: readonly MonitoringAlertPolicy[];
  /** The crash-loop policy, when `restartBurst` is given. */
  public readonly restartPolicy?: MonitoringAlertPolicy;

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

    const namespaces = [...new Set(props.workloadNamespaces ?? [])].sort();
    // A step whose name is empty or repeated is reported by the validation; it gets no policy (its id would clash).
    const seen = new Set<string>();
    const steps = (props.outageEscalation ?? []).filter((step) => {
      const stepId = pascal(step.name);
      const fresh = stepId !== '' && !seen.has(stepId);
      seen.add(stepId);
      return fresh;
    });
    this.outagePolicies = steps.map((step) => new MonitoringAlertPolicy(this, `Outage${pascal(step.name)}`, {
      project: props.project,
      displayName: `${props.namePrefix} outage: no available replica (${step.name})`,
      combiner: 'OR',
      severity: 'CRITICAL',
      documentation: {
        content: `Critical outage: a Deployment of ${props.clusterName} in ${namespaces.join(', ')} has had no available replica for ${step.afterMinutes} minutes (failing probes, crashing or unschedulable pods). Escalation step "${step.name}".`,
        mimeType: 'text/markdown',
      },
      conditions: [{
        displayName: `no available replica for ${step.afterMinutes} min`,
        conditionPrometheusQueryLanguage: {
          query: outageQuery(props.clusterName, namespaces),
          duration: `${step.afterMinutes * 60}s`,
          evaluationInterval: '60s',
          alertRule: 'CriticalOutage',
          ruleGroup: 'baseline-cloud-outage',
          labels: { cause: 'no-healthy-replicas', escalate_to: step.name },
        },
      }],
      notificationChannels: [...step.channelIds],
      userLabels: props.labels,
    }));

    const burst = props.restartBurst;
    if (burst) {
      const after = burst.afterMinutes ?? 0;
      this.restartPolicy = new MonitoringAlertPolicy(this, 'ContainerRestarts', {
        project: props.project,
        displayName: `${props.namePrefix} crash loop: container restarts`,
        combiner: 'OR',
        severity: 'CRITICAL',
        documentation: {
          content: `Critical outage, failing probes: the containers of a pod of ${props.clusterName} in ${namespaces.join(', ')} restarted more than ${burst.count} times within ${burst.windowMinutes} minutes (crash loop or failing liveness probe).`,
          mimeType: 'text/markdown',
        },
        conditions: [{
          displayName: `more than ${burst.count} restarts in ${burst.windowMinutes} min`,
          conditionThreshold: {
            filter: `resource.type = "k8s_container" AND resource.labels.cluster_name = "${props.clusterName}" AND resource.labels.namespace_name = one_of(${namespaces.map((n) => JSON.stringify(n)).join(', ')}) AND metric.type = "${GKE_RESTART_METRIC}"`,
            comparison: 'COMPARISON_GT',
            thresholdValue: burst.count,
            duration: `${after * 60}s`,
            // Restarts within the window, summed over the pod's containers.
            aggregations: [{
              alignmentPeriod: `${burst.windowMinutes * 60}s`,
              perSeriesAligner: 'ALIGN_DELTA',
              crossSeriesReducer: 'REDUCE_SUM',
              groupByFields: ['resource.label.namespace_name', 'resource.label.pod_name'],
            }],
            trigger: { count: 1 },
          },
        }],
        notificationChannels: [...burst.channelIds],
        userLabels: props.labels,
      });
    }
  }
}

/**
 * The outage condition in PromQL, as the in-cluster rule writes it, for one cluster (Cloud Monitoring holds every
 * cluster of the project): a Deployment that should run with no available replica.
 */
export function outageQuery(clusterName: string, namespaces: readonly string[]): string {
  return deploymentOutageQuery(namespaces, { cluster: clusterName });
}

function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
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
  const namespaces = props.workloadNamespaces ?? [];
  namespaces.forEach((ns, i) => {
    if (isKnown(ns) && !isDnsLabel(ns)) problems.invalid(`workloadNamespaces[${i}]`, ns, 'is not a namespace name', 'a lowercase DNS label, like payments');
  });
  const steps = props.outageEscalation ?? [];
  const watched = steps.length > 0 || props.restartBurst !== undefined;
  if (watched && namespaces.length === 0) problems.push('workloadNamespaces is empty (expected the namespaces of the services, or the outage and restart policies watch nothing)');
  const names = new Set<string>();
  steps.forEach((step, i) => {
    const id = pascal(step.name);
    if (id === '' || names.has(id)) problems.invalid(`outageEscalation[${i}].name`, step.name, id === '' ? 'has no letter or digit' : 'repeats an earlier step', 'a unique step name, like eng-lead');
    names.add(id);
    if (isKnown(step.afterMinutes) && !(Number.isInteger(step.afterMinutes) && step.afterMinutes >= 0 && step.afterMinutes <= 1440)) {
      problems.invalid(`outageEscalation[${i}].afterMinutes`, step.afterMinutes, 'is not an alert duration', 'whole minutes from 0 to 1440');
    } else if (i > 0 && isKnown(steps[i - 1].afterMinutes) && step.afterMinutes <= steps[i - 1].afterMinutes) {
      problems.invalid(`outageEscalation[${i}].afterMinutes`, step.afterMinutes, 'is not later than the step before', `more than ${steps[i - 1].afterMinutes}`);
    }
    if (step.channelIds.length === 0) problems.push(`outageEscalation[${i}].channelIds is empty (expected at least one notification channel, or step "${step.name}" notifies nobody)`);
  });
  const burst = props.restartBurst;
  if (burst) {
    if (isKnown(burst.count) && !(Number.isInteger(burst.count) && burst.count >= 0)) problems.invalid('restartBurst.count', burst.count, 'is not a restart count', 'a whole number, like 3');
    if (isKnown(burst.windowMinutes) && !(Number.isInteger(burst.windowMinutes) && burst.windowMinutes >= 1 && burst.windowMinutes <= 1440)) {
      problems.invalid('restartBurst.windowMinutes', burst.windowMinutes, 'is not a counting window', 'whole minutes from 1 to 1440');
    }
    const after = burst.afterMinutes ?? 0;
    if (isKnown(after) && !(Number.isInteger(after) && after >= 0 && after <= 1440)) problems.invalid('restartBurst.afterMinutes', after, 'is not an alert duration', 'whole minutes from 0 to 1440');
    if (burst.channelIds.length === 0) problems.push('restartBurst.channelIds is empty (expected at least one notification channel, or a crash loop notifies nobody)');
  }
  return problems;
}
