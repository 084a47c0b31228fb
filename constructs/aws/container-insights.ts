import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { IEksCluster } from './eks-cluster';
import { EksPodIdentity } from './pod-identity';
import { LOG_RETENTION_DAYS } from './private/log-retention';
import { suppressNag } from './private/nag';
import { Problems } from '../../core/problems';

/** One step of an escalation: who is notified, and how long after the condition started. */
export interface EksAlarmEscalationStep {
  /** Minutes the condition must hold before this step is notified (1 or more). */
  readonly afterMinutes: number;
  /** The topics notified at this step. */
  readonly topics: readonly sns.ITopic[];
}

/** Properties of {@link EksContainerInsights}. */
export interface EksContainerInsightsProps {
  /** The cluster to observe. */
  readonly cluster: IEksCluster;
  /** The `amazon-cloudwatch-observability` add-on version, e.g. `v4.4.0-eksbuild.1` (`aws eks describe-addon-versions`). */
  readonly addonVersion: string;
  /**
   * How long the workload, host, data-plane and performance logs are kept, in days: a CloudWatch Logs retention
   * value. The log groups are created here, encrypted and with this retention, before the agent would create them
   * unencrypted and kept forever.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Node CPU or memory utilization above this, in percent, is saturation.
   * @default 80
   */
  readonly saturationThresholdPercent?: number;
  /**
   * How long saturation must last before the alarm fires, in minutes.
   * @default 15
   */
  readonly saturationMinutes?: number;
  /** Topics notified of saturation. */
  readonly saturationTopics: readonly sns.ITopic[];
  /**
   * Who is notified of failed nodes, step by step: one alarm per step, each needing the failure to last longer, so
   * an unresolved failure reaches the next step.
   */
  readonly nodeFailureEscalation: readonly EksAlarmEscalationStep[];
}

/** The add-on's namespace and service account (fixed by the add-on). */
const AGENT_NAMESPACE = 'amazon-cloudwatch';
const AGENT_SERVICE_ACCOUNT = 'cloudwatch-agent';
/** The log groups Container Insights writes, `/aws/containerinsights/<cluster>/<kind>`. */
export const CONTAINER_INSIGHTS_LOG_KINDS = ['application', 'dataplane', 'host', 'performance'] as const;

/**
 * Container Insights for an EKS cluster: the `amazon-cloudwatch-observability` add-on (CloudWatch agent and Fluent
 * Bit, so workload logs leave the nodes) with its own pod identity, its log groups (encrypted, with retention), and
 * CloudWatch alarms on what the cloud sees of the cluster: node CPU and memory saturation, and failed nodes with an
 * escalation.
 */
export class EksContainerInsights extends Construct {
  /** The add-on. */
  public readonly addon: eks.CfnAddon;
  /** The key of the log groups. */
  public readonly key: kms.Key;
  /** The log groups, by kind (`application` holds the workloads' stdout and stderr). */
  public readonly logGroups: Readonly<Record<(typeof CONTAINER_INSIGHTS_LOG_KINDS)[number], logs.LogGroup>>;
  /** The alarms, by construct id. */
  public readonly alarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: EksContainerInsightsProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? 365;
    const thresholdPercent = props.saturationThresholdPercent ?? 80;
    const saturationMinutes = props.saturationMinutes ?? 15;
    this.node.addValidation(validate(props, logRetentionDays, thresholdPercent, saturationMinutes));
    const stack = Stack.of(this);
    const clusterName = props.cluster.clusterName;

    this.key = new kms.Key(this, 'LogKey', {
      description: `Encrypts the Container Insights logs of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ContainerInsightsLogs',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/containerinsights/*` } },
    }));
    const groups: Partial<Record<(typeof CONTAINER_INSIGHTS_LOG_KINDS)[number], logs.LogGroup>> = {};
    for (const kind of CONTAINER_INSIGHTS_LOG_KINDS) {
      const group = new logs.LogGroup(this, `${kind.charAt(0).toUpperCase()}${kind.slice(1)}Logs`, {
        logGroupName: `/aws/containerinsights/${clusterName}/${kind}`,
        encryptionKey: this.key,
        retention: logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      group.node.addDependency(this.key);
      groups[kind] = group;
    }
    this.logGroups = groups as EksContainerInsights['logGroups'];

    const identity = new EksPodIdentity(this, 'AgentIdentity', {
      cluster: props.cluster,
      namespace: AGENT_NAMESPACE,
      serviceAccount: AGENT_SERVICE_ACCOUNT,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')],
    });
    suppressNag(identity.role, [{
      id: 'AwsSolutions-IAM4',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/CloudWatchAgentServerPolicy'],
      reason: 'CloudWatchAgentServerPolicy is the policy the amazon-cloudwatch-observability add-on documents; AWS keeps it in step with the agent, and only the add-on\'s own service account on this cluster can assume the role.',
    }]);

    this.addon = new eks.CfnAddon(this, 'Resource', {
      clusterName,
      addonName: 'amazon-cloudwatch-observability',
      addonVersion: props.addonVersion,
      resolveConflicts: 'OVERWRITE',
      configurationValues: JSON.stringify({ containerLogs: { enabled: true } }),
    });
    // The agent needs its credentials when it starts, and its log groups must exist with their retention first.
    this.addon.node.addDependency(identity, ...Object.values(groups));

    const alarms: Record<string, cloudwatch.Alarm> = {};
    const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
      namespace: 'ContainerInsights', metricName, dimensionsMap: { ClusterName: clusterName }, statistic, period: Duration.minutes(1),
    });
    const alarm = (alarmId: string, description: string, m: cloudwatch.Metric, threshold: number, minutes: number, topics: readonly sns.ITopic[]) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric: m,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: minutes,
        datapointsToAlarm: minutes,
        // No data while the agent is down must not read as healthy nodes; the outage alarm counts failed nodes.
        treatMissingData: cloudwatch.TreatMissingData.MISSING,
      });
      for (const topic of topics) a.addAlarmAction(new actions.SnsAction(topic));
      alarms[alarmId] = a;
    };
    alarm('NodeCpuAlarm', `Resource saturation: node CPU above ${thresholdPercent} % for ${saturationMinutes} minutes.`,
      metric('node_cpu_utilization', 'Maximum'), thresholdPercent, saturationMinutes, props.saturationTopics);
    alarm('NodeMemoryAlarm', `Resource saturation: node memory above ${thresholdPercent} % for ${saturationMinutes} minutes.`,
      metric('node_memory_utilization', 'Maximum'), thresholdPercent, saturationMinutes, props.saturationTopics);
    props.nodeFailureEscalation.forEach((step, i) => {
      alarm(`NodeFailureStep${i + 1}Alarm`, `Critical outage: failed nodes for ${step.afterMinutes} minutes (escalation step ${i + 1}).`,
        metric('cluster_failed_node_count', 'Maximum'), 0, step.afterMinutes, step.topics);
    });
    this.alarms = alarms;
  }
}

function validate(props: EksContainerInsightsProps, logRetentionDays: number, thresholdPercent: number, saturationMinutes: number): Problems {
  const problems = new Problems('EksContainerInsights');
  const known = (n: number) => !Token.isUnresolved(n);
  if (!Token.isUnresolved(props.addonVersion) && !/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(props.addonVersion)) {
    problems.invalid('addonVersion', props.addonVersion, 'is not an EKS add-on version', 'like v4.4.0-eksbuild.1');
  }
  if (known(logRetentionDays) && !LOG_RETENTION_DAYS.includes(logRetentionDays)) {
    problems.invalid('logRetentionDays', logRetentionDays, 'is not a CloudWatch Logs retention', `one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  if (known(thresholdPercent) && !(thresholdPercent > 0 && thresholdPercent < 100)) {
    problems.invalid('saturationThresholdPercent', thresholdPercent, 'is not a utilization threshold', 'a percentage between 0 and 100, like 80');
  }
  // CloudWatch evaluates at most one day of one-minute periods.
  const minutes = (path: string, n: number) => {
    if (known(n) && (!Number.isInteger(n) || n < 1 || n > 1440)) problems.invalid(path, n, 'is not an alarm duration', 'whole minutes from 1 to 1440');
  };
  minutes('saturationMinutes', saturationMinutes);
  if (props.saturationTopics.length === 0) problems.push('saturationTopics is empty (expected at least one topic, or saturation notifies nobody)');
  if (props.nodeFailureEscalation.length === 0) problems.push('nodeFailureEscalation is empty (expected at least one step)');
  props.nodeFailureEscalation.forEach((step, i) => {
    minutes(`nodeFailureEscalation[${i}].afterMinutes`, step.afterMinutes);
    if (i > 0 && step.afterMinutes <= props.nodeFailureEscalation[i - 1].afterMinutes) {
      problems.invalid(`nodeFailureEscalation[${i}].afterMinutes`, step.afterMinutes, 'does not come after the step before', `more than ${props.nodeFailureEscalation[i - 1].afterMinutes}`);
    }
    if (step.topics.length === 0) problems.push(`nodeFailureEscalation[${i}].topics is empty (expected at least one topic)`);
  });
  return problems;
}
