import type { Artifact } from '../../../../../lib/artifacts';
import { azureAlertStandards } from '../../../../../lib/policy/rules/observability/azure-alert-standards';
import { cfnAlertStandards } from '../../../../../lib/policy/rules/observability/cfn-alert-standards';
import { gcpAlertStandards } from '../../../../../lib/policy/rules/observability/gcp-alert-standards';

const cfn = (resources: Record<string, unknown>): Artifact => ({ kind: 'cloudformation', cloud: 'aws', environment: 'prod', name: 'acme-prod', file: 'x', document: { Resources: resources } });
const tf = (cloud: 'azure' | 'gcp', resource: Record<string, unknown>): Artifact => ({ kind: 'terraform', cloud, environment: 'prod', name: `acme-prod-${cloud}`, file: 'x', document: { resource } });

describe('CFN-ALERT-STANDARDS', () => {
  const alarm = (MetricName: string, Threshold: number) => ({ Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName, Threshold, AlarmActions: [{ Ref: 'Topic' }] } });
  const all = (topic: Record<string, unknown>) => ({
    Topic: { Type: 'AWS::SNS::Topic', Properties: topic },
    Cpu: alarm('node_cpu_utilization', 80),
    Mem: alarm('node_memory_utilization', 80),
    Fail: alarm('cluster_failed_node_count', 0),
    Denied: alarm('UnauthorizedCalls', 20),
    Root: alarm('RootActivity', 0),
  });

  test('passes when every alarm is there at the standard\'s threshold, notifying an encrypted topic', () => {
    expect(cfnAlertStandards.check(cfn(all({ KmsMasterKeyId: 'k' })))).toEqual([]);
  });

  test('fails on a drifted threshold, a missing alarm, an alarm without action and an unencrypted topic', () => {
    const resources: Record<string, any> = all({});
    resources.Cpu = alarm('node_cpu_utilization', 90);
    delete resources.Root;
    resources.Fail.Properties.AlarmActions = [];
    expect(cfnAlertStandards.check(cfn(resources))).toEqual(expect.arrayContaining([
      { resource: 'Cpu', message: 'Threshold 90 on node_cpu_utilization (expected 80, the standard\'s)' },
      { resource: 'acme-prod', message: 'no alarm on RootActivity (expected one for root activity)' },
      { resource: 'Fail', message: 'has no AlarmActions (expected the topic of its escalation role)' },
      { resource: 'Topic', message: 'the alert topic has no KmsMasterKeyId (expected a customer-managed KMS key)' },
    ]));
  });
});

describe('TF-AZURE-ALERT-STANDARDS', () => {
  const metric = (name: string, threshold: number) => ({ criteria: [{ metric_name: name, threshold }], action: [{ action_group_id: 'ag' }] });
  const denied = (threshold: number) => ({ q: { criteria: [{ query: 'AzureActivity | where x in~ ("Forbidden")', threshold }], action: { action_groups: ['ag'] } } });

  const outageRule = (duration: string | undefined, actions = [{ action_group_id: 'ag' }]) => ({
    alert: 'CriticalOutage',
    expression: '(kube_deployment_status_replicas_available{namespace=~"shop"} == 0) and on (namespace, deployment) (kube_deployment_spec_replicas{namespace=~"shop"} > 0)',
    ...(duration ? { for: duration } : {}),
    action: actions,
  });
  const outage = { g: { rule: [outageRule('PT2M'), outageRule('PT17M'), outageRule('PT32M')] } };
  const registryDenied = (threshold: number) => ({ criteria: [{ query: 'union ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents | where ResultType in ("401", "403")', threshold }], action: { action_groups: ['ag'] } });

  test('passes on an outage rule per escalation step, saturation alerts at 80 %, and denied-operations and refused-registry alerts at the burst', () => {
    expect(azureAlertStandards.check(tf('azure', {
      azurerm_monitor_alert_prometheus_rule_group: outage,
      azurerm_monitor_metric_alert: { cpu: metric('node_cpu_usage_percentage', 80), mem: metric('node_memory_working_set_percentage', 80) },
      azurerm_monitor_scheduled_query_rules_alert_v2: { ...denied(20), acr: registryDenied(20) },
      azurerm_container_registry: { r: {} },
    }))).toEqual([]);
  });

  test('fails on a drifted threshold and missing alerts', () => {
    expect(azureAlertStandards.check(tf('azure', { azurerm_monitor_metric_alert: { cpu: metric('node_cpu_usage_percentage', 95) } }))).toEqual([
      { resource: 'azurerm_monitor_metric_alert.cpu', message: 'threshold 95 on node_cpu_usage_percentage (expected 80, the standard\'s)' },
      { resource: 'acme-prod-azure', message: 'no metric alert on node_memory_working_set_percentage (expected one for node saturation)' },
      { resource: 'acme-prod-azure', message: 'no log alert on denied operations in the Activity Log (expected one for security events)' },
      { resource: 'acme-prod-azure', message: 'no outage rule for escalation step devops after 2 min (expected a managed-Prometheus rule on kube_deployment_status_replicas_available with for PT2M)' },
      { resource: 'acme-prod-azure', message: 'no outage rule for escalation step eng-lead after 17 min (expected a managed-Prometheus rule on kube_deployment_status_replicas_available with for PT17M)' },
      { resource: 'acme-prod-azure', message: 'no outage rule for escalation step cto after 32 min (expected a managed-Prometheus rule on kube_deployment_status_replicas_available with for PT32M)' },
    ]);
  });

  test('fails on a drifted outage step, an outage rule without action, and a registry without its alert', () => {
    expect(azureAlertStandards.check(tf('azure', {
      azurerm_monitor_alert_prometheus_rule_group: { g: { rule: [outageRule('PT2M', []), outageRule('PT20M'), outageRule('PT32M')] } },
      azurerm_monitor_metric_alert: { cpu: metric('node_cpu_usage_percentage', 80), mem: metric('node_memory_working_set_percentage', 80) },
      azurerm_monitor_scheduled_query_rules_alert_v2: denied(20),
      azurerm_container_registry: { r: {} },
    }))).toEqual([
      { resource: 'azurerm_monitor_alert_prometheus_rule_group.g', message: 'the outage rule of step devops has no action (expected the action group of devops)' },
      { resource: 'acme-prod-azure', message: 'no outage rule for escalation step eng-lead after 17 min (expected a managed-Prometheus rule on kube_deployment_status_replicas_available with for PT17M)' },
      { resource: 'acme-prod-azure', message: 'no log alert on refused registry requests (expected one for security events, like AcrRegistryAlerts)' },
    ]);
  });
});

describe('TF-GCP-ALERT-STANDARDS', () => {
  const policy = (metric: string, threshold: number, channels = ['c']) => ({ conditions: [{ condition_threshold: { filter: `metric.type = "${metric}"`, threshold_value: threshold } }], notification_channels: channels });
  const outagePolicy = (duration: string, channels = ['c']) => ({
    conditions: [{ condition_prometheus_query_language: { query: '(kube_deployment_status_replicas_available{cluster="c",namespace=~"shop"} == 0) and on (namespace, deployment) (kube_deployment_spec_replicas{cluster="c",namespace=~"shop"} > 0)', duration } }],
    notification_channels: channels,
  });
  const outages = { devops: outagePolicy('120s'), lead: outagePolicy('1020s'), cto: outagePolicy('1920s') };

  const metrics = {
    denied: { name: 'acme-prod-permission-denied', filter: 'logName:"/logs/cloudaudit.googleapis.com%2F" AND protoPayload.status.code=7' },
    breakglass: { name: 'acme-prod-break-glass', filter: 'logName:"/logs/cloudaudit.googleapis.com%2F" AND protoPayload.authenticationInfo.principalEmail=("bg@acme.example")' },
  };

  test('passes on saturation policies at 0.8 and a permission-denial policy at the burst, next to a break-glass policy at 0', () => {
    expect(gcpAlertStandards.check(tf('gcp', {
      google_logging_metric: metrics,
      google_monitoring_alert_policy: {
        ...outages,
        cpu: policy('kubernetes.io/node/cpu/allocatable_utilization', 0.8),
        mem: policy('kubernetes.io/node/memory/allocatable_utilization', 0.8),
        denied: policy('logging.googleapis.com/user/${google_logging_metric.denied.name}', 20),
        breakglass: policy('logging.googleapis.com/user/${google_logging_metric.breakglass.name}', 0),
      },
    }))).toEqual([]);
  });

  test('a policy on another log-based metric is not the permission-denial policy', () => {
    expect(gcpAlertStandards.check(tf('gcp', {
      google_logging_metric: metrics,
      google_monitoring_alert_policy: {
        ...outages,
        cpu: policy('kubernetes.io/node/cpu/allocatable_utilization', 0.8),
        mem: policy('kubernetes.io/node/memory/allocatable_utilization', 0.8),
        breakglass: policy('logging.googleapis.com/user/acme-prod-break-glass', 0),
        drifted: policy('logging.googleapis.com/user/acme-prod-permission-denied', 50),
      },
    }))).toEqual([
      { resource: 'google_monitoring_alert_policy.drifted', message: 'threshold 50 for permission denials (expected 20, the standard\'s)' },
    ]);
  });

  test('fails on a drifted outage step and an outage policy without channels', () => {
    expect(gcpAlertStandards.check(tf('gcp', {
      google_logging_metric: metrics,
      google_monitoring_alert_policy: {
        devops: outagePolicy('120s', []),
        lead: outagePolicy('1200s'),
        cto: outagePolicy('1920s'),
        cpu: policy('kubernetes.io/node/cpu/allocatable_utilization', 0.8),
        mem: policy('kubernetes.io/node/memory/allocatable_utilization', 0.8),
        denied: policy('logging.googleapis.com/user/${google_logging_metric.denied.name}', 20),
      },
    }))).toEqual([
      { resource: 'google_monitoring_alert_policy.devops', message: 'the outage policy of step devops has no notification_channels (expected the channels of devops)' },
      { resource: 'acme-prod-gcp', message: 'no outage policy for escalation step eng-lead after 17 min (expected a PromQL policy on kube_deployment_status_replicas_available with duration 1020s)' },
    ]);
  });

  test('fails on a drifted threshold, a policy without channels and a missing policy', () => {
    expect(gcpAlertStandards.check(tf('gcp', {
      google_monitoring_alert_policy: {
        ...outages,
        cpu: policy('kubernetes.io/node/cpu/allocatable_utilization', 0.9),
        mem: policy('kubernetes.io/node/memory/allocatable_utilization', 0.8, []),
      },
    }))).toEqual([
      { resource: 'google_monitoring_alert_policy.cpu', message: 'threshold 0.9 for node CPU saturation (expected 0.8, the standard\'s)' },
      { resource: 'google_monitoring_alert_policy.mem', message: 'has no notification_channels (expected the channels of its escalation roles)' },
      { resource: 'acme-prod-gcp', message: 'no alert policy for permission denials (expected one at the standard\'s threshold)' },
    ]);
  });
});
