import { isEnvironmentArtifact } from './environment';
import { RESOURCE_SATURATION, SECURITY_EVENT } from '../../../standards/alerts';
import { controlById } from '../../controls';
import { cfnResources, refersTo } from '../../private/cloudformation';
import type { Rule } from '../../types';

/** The CloudWatch metrics each standard AWS can see is measured on, by what the alarm is for. */
const REQUIRED_ALARMS: ReadonlyArray<{ readonly what: string; readonly metric: string; readonly threshold?: number }> = [
  { what: 'node CPU saturation', metric: 'node_cpu_utilization', threshold: (RESOURCE_SATURATION.thresholdRatio ?? 0) * 100 },
  { what: 'node memory saturation', metric: 'node_memory_utilization', threshold: (RESOURCE_SATURATION.thresholdRatio ?? 0) * 100 },
  { what: 'failed nodes (outage)', metric: 'cluster_failed_node_count' },
  { what: 'unauthorized API calls', metric: 'UnauthorizedCalls', threshold: SECURITY_EVENT.burst?.count },
  { what: 'root activity', metric: 'RootActivity' },
];

/**
 * The alert standards AWS can see are alarmed on in every environment, and every such alarm notifies an encrypted
 * SNS topic of the stack, so an alert reaches its escalation role and stays readable only to those allowed.
 */
export const cfnAlertStandards: Rule = {
  id: 'CFN-ALERT-STANDARDS',
  severity: 'error',
  controls: [controlById('alert-standards-present').id],
  kind: 'cloudformation',
  clouds: ['aws'],
  description: 'The environment stack alarms on node saturation, failed nodes, unauthorized calls and root activity at the standards\' thresholds, each alarm notifying a KMS-encrypted SNS topic.',
  remediation: 'Add AwsAlertTopics, EksContainerInsights and AwsAuditTrail (the platform\'s AWS stack does), with thresholds from lib/standards.',
  check: (artifact) => {
    if (!isEnvironmentArtifact(artifact)) return [];
    const alarms = cfnResources(artifact.document, 'AWS::CloudWatch::Alarm');
    const topics = cfnResources(artifact.document, 'AWS::SNS::Topic');
    const violations = REQUIRED_ALARMS.flatMap((required) => {
      const found = alarms.filter((a) => a.properties.MetricName === required.metric);
      if (found.length === 0) return [{ resource: artifact.name, message: `no alarm on ${required.metric} (expected one for ${required.what})` }];
      return found.filter((a) => required.threshold !== undefined && a.properties.Threshold !== required.threshold)
        .map((a) => ({ resource: a.logicalId, message: `Threshold ${a.properties.Threshold} on ${required.metric} (expected ${required.threshold}, the standard's)` }));
    });
    for (const alarm of alarms) {
      const actions: unknown[] = Array.isArray(alarm.properties.AlarmActions) ? alarm.properties.AlarmActions : [];
      if (actions.length === 0) violations.push({ resource: alarm.logicalId, message: 'has no AlarmActions (expected the topic of its escalation role)' });
      for (const action of actions) {
        const topic = topics.find((t) => refersTo(action, t.logicalId));
        if (topic && topic.properties.KmsMasterKeyId === undefined) {
          violations.push({ resource: topic.logicalId, message: 'the alert topic has no KmsMasterKeyId (expected a customer-managed KMS key)' });
        }
      }
    }
    return violations;
  },
};
