import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EksCluster, EksContainerInsights, EksContainerInsightsProps } from '../../../constructs/aws';

function build(props: Partial<EksContainerInsightsProps> = {}): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Obs', { env: { account: '111111111111', region: 'eu-west-1' } });
  const cluster = EksCluster.fromClusterAttributes(stack, 'Platform', {
    clusterName: 'acme-prod',
    clusterArn: 'arn:aws:eks:eu-west-1:111111111111:cluster/acme-prod',
    clusterEndpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
    clusterSecurityGroupId: 'sg-0123456789abcdef0',
  });
  const topic = (name: string) => sns.Topic.fromTopicArn(stack, name, `arn:aws:sns:eu-west-1:111111111111:${name}`);
  new EksContainerInsights(stack, 'ContainerInsights', {
    cluster,
    addonVersion: 'v4.4.0-eksbuild.1',
    saturationTopics: [topic('devops')],
    nodeFailureEscalation: [{ afterMinutes: 2, topics: [topic('first')] }, { afterMinutes: 17, topics: [topic('second')] }],
    ...props,
  });
  return { app, stack };
}

const template = (props: Partial<EksContainerInsightsProps> = {}) => Template.fromStack(build(props).stack);

test('the add-on ships workload logs with its own pod identity, as the primary child', () => {
  const t = template();
  t.hasResourceProperties('AWS::EKS::Addon', {
    ClusterName: 'acme-prod',
    AddonName: 'amazon-cloudwatch-observability',
    AddonVersion: 'v4.4.0-eksbuild.1',
    ConfigurationValues: JSON.stringify({ containerLogs: { enabled: true } }),
  });
  t.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'amazon-cloudwatch', ServiceAccount: 'cloudwatch-agent' });
  const addon = Object.entries(t.findResources('AWS::EKS::Addon'));
  expect(addon.map(([id]) => id)).toEqual(['ContainerInsights5BFBDDE2']);
  // AND it waits for its identity and log groups
  const dependsOn: string[] = addon[0][1].DependsOn;
  expect(dependsOn.some((d) => d.startsWith('ContainerInsightsAgentIdentity'))).toBe(true);
  expect(dependsOn.filter((d) => d.startsWith('ContainerInsights') && d.includes('Logs'))).toHaveLength(4);
});

test('the log groups exist first, encrypted, retained and with the given retention', () => {
  const t = template({ logRetentionDays: 30 });
  for (const kind of ['application', 'dataplane', 'host', 'performance']) {
    t.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { LogGroupName: `/aws/containerinsights/acme-prod/${kind}`, RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ContainerInsightsLogKey'), 'Arn'] } },
    });
  }
});

test('saturation alarms fire above the threshold for the whole duration, and failed nodes escalate step by step', () => {
  const t = template({ saturationThresholdPercent: 75, saturationMinutes: 10 });
  for (const metric of ['node_cpu_utilization', 'node_memory_utilization']) {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ContainerInsights',
      MetricName: metric,
      Dimensions: [{ Name: 'ClusterName', Value: 'acme-prod' }],
      Threshold: 75,
      ComparisonOperator: 'GreaterThanThreshold',
      Period: 60,
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
      AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:devops'],
    });
  }
  t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'cluster_failed_node_count', Threshold: 0, EvaluationPeriods: 2, AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:first'] });
  t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'cluster_failed_node_count', Threshold: 0, EvaluationPeriods: 17, AlarmActions: ['arn:aws:sns:eu-west-1:111111111111:second'] });
  t.resourceCountIs('AWS::CloudWatch::Alarm', 4);
});

test('bad props are all reported at synth, with path, value and what is expected', () => {
  const { app } = build({ addonVersion: '4.4', logRetentionDays: 10, saturationThresholdPercent: 120, saturationMinutes: 0, saturationTopics: [], nodeFailureEscalation: [{ afterMinutes: 5, topics: [] }, { afterMinutes: 5, topics: [] }] });
  let message = '';
  try { app.synth(); } catch (e) { message = (e as Error).message; }
  for (const problem of [
    'EksContainerInsights: addonVersion "4.4" is not an EKS add-on version (expected like v4.4.0-eksbuild.1)',
    'EksContainerInsights: logRetentionDays 10 is not a CloudWatch Logs retention (expected one of ',
    'EksContainerInsights: saturationThresholdPercent 120 is not a utilization threshold (expected a percentage between 0 and 100, like 80)',
    'EksContainerInsights: saturationMinutes 0 is not an alarm duration (expected whole minutes from 1 to 1440)',
    'EksContainerInsights: saturationTopics is empty (expected at least one topic, or saturation notifies nobody)',
    'EksContainerInsights: nodeFailureEscalation[1].afterMinutes 5 does not come after the step before (expected more than 5)',
    'EksContainerInsights: nodeFailureEscalation[0].topics is empty (expected at least one topic)',
  ]) expect(message).toContain(problem);
});
