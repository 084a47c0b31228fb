/**
 * Reads the alert standards back out of synthesized outputs, one reader per target, into one shape, so a test can
 * compare every target with `lib/standards` and a threshold that drifted in one renderer fails.
 *
 * Readers see only the artifacts (JSON and YAML), never the construct tree or the renderers' code.
 */
import type { AlertStandardId } from '../../lib/standards';

/** One rendered alert (or one escalation step of it), as a target holds it. */
export interface RenderedAlert {
  /** Where it was found, for failure messages: `<target> <name>`. */
  readonly where: string;
  readonly standard: AlertStandardId;
  /** The threshold as a ratio in [0, 1], for standards that have one. */
  readonly thresholdRatio?: number;
  /** For bursts: more than `count` events within `windowMinutes`. */
  readonly count?: number;
  readonly windowMinutes?: number;
  /** Minutes the condition holds before this alert (step) notifies. */
  readonly afterMinutes: number;
  /** The escalation roles it notifies. */
  readonly roles: readonly string[];
}

function minutesOf(duration: string | undefined): number {
  if (!duration) return 0;
  const m = /^(\d+)([smh])$/.exec(duration);
  if (!m) throw new Error(`not a Prometheus duration: ${duration}`);
  const n = Number(m[1]);
  return m[2] === 's' ? n / 60 : m[2] === 'h' ? n * 60 : n;
}

/** The number an expression is compared against at its end: `... > 0.05` -> 0.05. */
function trailingThreshold(expr: string): number | undefined {
  const m = />\s*([0-9.]+)\s*$/.exec(expr.trim());
  return m ? Number(m[1]) : undefined;
}

/** In-cluster: the alerting rules of PrometheusRule objects that carry a `standard` label of the table. */
export function readPrometheusRules(objects: readonly any[], standards: readonly AlertStandardId[]): RenderedAlert[] {
  const out: RenderedAlert[] = [];
  for (const o of objects.filter((x) => x?.kind === 'PrometheusRule')) {
    for (const group of o.spec.groups) {
      for (const rule of group.rules) {
        const standard = rule.labels?.standard;
        if (!rule.alert || !standards.includes(standard)) continue;
        const threshold = trailingThreshold(rule.expr);
        const windowMatch = /\[(\d+[smh])\]\)\)\s*>\s*[0-9.]+\s*$/.exec(rule.expr);
        const isBurst = standard === 'security-event';
        out.push({
          where: `PrometheusRule ${o.metadata.name} ${rule.alert}`,
          standard,
          thresholdRatio: !isBurst && standard !== 'critical-outage' ? threshold : undefined,
          count: isBurst ? threshold : undefined,
          windowMinutes: isBurst && windowMatch ? minutesOf(windowMatch[1]) : undefined,
          afterMinutes: minutesOf(rule.for),
          // A step names its role; an alert notifying its roles together is routed by its standard.
          roles: rule.labels.escalate_to ? [rule.labels.escalate_to] : ['*'],
        });
      }
    }
  }
  return out;
}

/** The escalation role a topic stands for: AwsAlertTopics names each topic `<role> alerts`. */
function topicRoles(template: any, actions: readonly any[]): string[] {
  return actions.map((a) => {
    const id = a?.Ref;
    const topic = id && template.Resources[id];
    if (topic?.Type !== 'AWS::SNS::Topic') throw new Error(`alarm action ${JSON.stringify(a)} is not a topic of this template`);
    return String(topic.Properties.DisplayName).replace(/ alerts$/, '');
  }).sort();
}

/** CloudWatch: the alarms of an AWS template whose metric one of the standards is measured on. */
export function readCloudWatchAlarms(template: any): RenderedAlert[] {
  const out: RenderedAlert[] = [];
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
    const p = r.Properties;
    const roles = topicRoles(template, p.AlarmActions ?? []);
    const periodsMinutes = (p.Period / 60) * (p.DatapointsToAlarm ?? p.EvaluationPeriods);
    const where = `CloudWatch ${id}`;
    if (p.Namespace === 'ContainerInsights' && /^node_(cpu|memory)_utilization$/.test(p.MetricName)) {
      out.push({ where, standard: 'resource-saturation', thresholdRatio: p.Threshold / 100, afterMinutes: periodsMinutes, roles });
    } else if (p.Namespace === 'ContainerInsights' && p.MetricName === 'cluster_failed_node_count') {
      out.push({ where, standard: 'critical-outage', afterMinutes: periodsMinutes, roles });
    } else if (p.MetricName === 'UnauthorizedCalls' || p.MetricName === 'RootActivity') {
      // A count is measured over its period (the burst window); periods beyond the first are a `for`.
      const afterMinutes = periodsMinutes - p.Period / 60;
      const windowMinutes = p.MetricName === 'UnauthorizedCalls' ? p.Period / 60 : undefined;
      out.push({ where, standard: 'security-event', count: p.Threshold, windowMinutes, afterMinutes, roles });
    }
  }
  return out;
}

/** The escalation role of an action group reference: AzureActionGroups gives each group its role as short name. */
function actionGroupRoles(json: any, refs: readonly string[]): string[] {
  return refs.map((ref) => {
    const m = /^\$\{azurerm_monitor_action_group\.([^.]+)\.id\}$/.exec(ref);
    const group = m && json.resource.azurerm_monitor_action_group?.[m[1]];
    if (!group) throw new Error(`action ${ref} is not an action group of this stack`);
    return String(group.short_name);
  }).sort();
}

/** ISO 8601 minutes and hours (`PT15M`, `PT1H`) in minutes. */
function isoMinutes(duration: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  if (!m) throw new Error(`not an ISO 8601 duration in hours and minutes: ${duration}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/**
 * Azure Monitor: node saturation metric alerts, the outage and crash-loop Prometheus rules, and the denied-operations
 * log alert of a Terraform stack.
 */
export function readAzureMonitorAlerts(json: any): RenderedAlert[] {
  const out: RenderedAlert[] = [];
  for (const [name, alert] of Object.entries<any>(json.resource.azurerm_monitor_metric_alert ?? {})) {
    for (const c of alert.criteria) {
      if (!/^node_(cpu_usage|memory_working_set)_percentage$/.test(c.metric_name)) continue;
      out.push({
        where: `azurerm_monitor_metric_alert.${name}`,
        standard: 'resource-saturation',
        thresholdRatio: c.threshold / 100,
        afterMinutes: isoMinutes(alert.window_size),
        roles: actionGroupRoles(json, alert.action.map((a: any) => a.action_group_id)),
      });
    }
  }
  for (const [name, group] of Object.entries<any>(json.resource.azurerm_monitor_alert_prometheus_rule_group ?? {})) {
    for (const rule of group.rule) {
      const standard = rule.labels?.standard;
      if (standard !== 'critical-outage') continue;
      const where = `azurerm_monitor_alert_prometheus_rule_group.${name} ${rule.alert}`;
      const afterMinutes = rule.for ? isoMinutes(rule.for) : 0;
      const roles = actionGroupRoles(json, rule.action.map((a: any) => a.action_group_id));
      // A burst counts events over a range: `increase(...[10m])) > 3`.
      const burst = /\[(\d+[smh])\]\)\)\s*>\s*([0-9.]+)\s*$/.exec(rule.expression);
      out.push(burst
        ? { where, standard, count: Number(burst[2]), windowMinutes: minutesOf(burst[1]), afterMinutes, roles }
        : { where, standard, afterMinutes, roles });
    }
  }
  for (const [name, alert] of Object.entries<any>(json.resource.azurerm_monitor_scheduled_query_rules_alert_v2 ?? {})) {
    const c = alert.criteria[0];
    const activityDenied = /AzureActivity/.test(c.query) && /Forbidden/.test(c.query);
    const registryDenied = /ContainerRegistryLoginEvents/.test(c.query) && /"401"/.test(c.query);
    if (!activityDenied && !registryDenied) continue;
    const periods = c.failing_periods.minimum_failing_periods_to_trigger_alert;
    out.push({
      where: `azurerm_monitor_scheduled_query_rules_alert_v2.${name}`,
      standard: 'security-event',
      count: c.threshold,
      windowMinutes: isoMinutes(alert.window_duration),
      afterMinutes: (periods - 1) * isoMinutes(alert.evaluation_frequency),
      roles: actionGroupRoles(json, alert.action.action_groups),
    });
  }
  return out;
}

/** The escalation roles of notification channel references: GcpNotificationChannels labels each with its level. */
function channelRoles(json: any, refs: readonly string[]): string[] {
  return [...new Set(refs.map((ref) => {
    const m = /^\$\{google_monitoring_notification_channel\.([^.]+)\.id\}$/.exec(ref);
    const channel = m && json.resource.google_monitoring_notification_channel?.[m[1]];
    if (!channel) throw new Error(`channel ${ref} is not a notification channel of this stack`);
    return String(channel.user_labels['escalation-level']);
  }))].sort();
}

/** Cloud Monitoring: node saturation, outage, crash-loop and permission-denial alert policies of a Terraform stack. */
export function readCloudMonitoringPolicies(json: any): RenderedAlert[] {
  const out: RenderedAlert[] = [];
  const seconds = (d: string) => Number(/^(\d+)s$/.exec(d)![1]);
  for (const [name, policy] of Object.entries<any>(json.resource.google_monitoring_alert_policy ?? {})) {
    const roles = channelRoles(json, policy.notification_channels ?? []);
    for (const condition of policy.conditions) {
      const where = `google_monitoring_alert_policy.${name}`;
      const promql = condition.condition_prometheus_query_language;
      if (promql && /\bkube_deployment_status_replicas_available\b[^)]*== 0\)/.test(promql.query)) {
        out.push({ where, standard: 'critical-outage', afterMinutes: seconds(promql.duration) / 60, roles });
        continue;
      }
      const t = condition.condition_threshold;
      if (!t) continue;
      if (/metric\.type = "kubernetes\.io\/container\/restart_count"/.test(t.filter)) {
        out.push({
          where,
          standard: 'critical-outage',
          count: t.threshold_value,
          windowMinutes: seconds(t.aggregations[0].alignment_period) / 60,
          afterMinutes: seconds(t.duration) / 60,
          roles,
        });
      } else if (/kubernetes\.io\/node\/(cpu|memory)\/allocatable_utilization/.test(t.filter)) {
        out.push({ where, standard: 'resource-saturation', thresholdRatio: t.threshold_value, afterMinutes: seconds(t.duration) / 60, roles });
      } else if (/logging\.googleapis\.com\/user\//.test(t.filter)) {
        const metricName = /user\/(.+)"$/.exec(t.filter)![1];
        const ref = /^\$\{google_logging_metric\.([^.]+)\.name\}$/.exec(metricName);
        const metrics = json.resource.google_logging_metric ?? {};
        const metric = ref ? metrics[ref[1]] : Object.values<any>(metrics).find((m) => m.name === metricName);
        if (!metric || !/protoPayload\.status\.code=7/.test(metric.filter)) continue;
        out.push({
          where,
          standard: 'security-event',
          count: t.threshold_value,
          windowMinutes: seconds(t.aggregations[0].alignment_period) / 60,
          afterMinutes: seconds(t.duration) / 60,
          roles,
        });
      }
    }
  }
  return out;
}
