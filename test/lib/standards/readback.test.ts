/**
 * Every target renders the alert standards from `lib/standards`; this reads the thresholds, durations and escalation
 * back from the synthesized outputs of each target and compares them with the table, so a threshold retyped or
 * drifted in one renderer fails here.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, synthesize } from '../../../lib';
import { ALERT_STANDARDS, AlertStandard, alertStandard, escalationDelays } from '../../../lib/standards';
import { readAzureMonitorAlerts, readCloudMonitoringPolicies, readCloudWatchAlarms, readPrometheusRules, RenderedAlert } from '../../support/alert-readback';

const org = defineOrganization(acme);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readback-'));
synthesize(org, { outdir, cloudFormationValidation: false });
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const ENVIRONMENTS = org.environments.map((e) => e.name);
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf-8'));
const yamlDocs = (file: string) => parseAllDocuments(fs.readFileSync(path.join(outdir, file), 'utf-8')).map((d) => d.toJSON());

/** What the table says each notification of a standard is: its step's role and minutes. */
function expectedSteps(standard: AlertStandard): string[] {
  if (standard.escalationMode === 'together') return [`${[...standard.escalation].sort().join('+')}@${standard.forMinutes}`];
  return escalationDelays(standard).map((d) => `${d.role}@${d.afterMinutes}`);
}

/** Compares what a target rendered for each standard it covers with the table; every mismatch is listed. */
function compare(alerts: readonly RenderedAlert[], covered: readonly string[]): string[] {
  const problems: string[] = [];
  for (const id of covered) {
    const standard = alertStandard(id as any);
    const mine = alerts.filter((a) => a.standard === id);
    if (mine.length === 0) problems.push(`${id}: no alert rendered`);
    for (const a of mine) {
      if (standard.thresholdRatio !== undefined && a.thresholdRatio !== undefined && a.thresholdRatio !== standard.thresholdRatio) {
        problems.push(`${a.where}: threshold ${a.thresholdRatio}, the standard says ${standard.thresholdRatio}`);
      }
      if (standard.thresholdRatio !== undefined && a.thresholdRatio === undefined && a.count === undefined) {
        problems.push(`${a.where}: no threshold read back, the standard says ${standard.thresholdRatio}`);
      }
      if (standard.burst && a.count !== undefined && a.windowMinutes !== undefined
        && (a.count !== standard.burst.count || a.windowMinutes !== standard.burst.windowMinutes)) {
        problems.push(`${a.where}: more than ${a.count} in ${a.windowMinutes} min, the standard says more than ${standard.burst.count} in ${standard.burst.windowMinutes} min`);
      }
      const roles = a.roles[0] === '*' ? [...standard.escalation].sort() : [...a.roles];
      const step = `${roles.join('+')}@${a.afterMinutes}`;
      if (!expectedSteps(standard).includes(step)) {
        problems.push(`${a.where}: notifies ${step}, the standard says one of ${expectedSteps(standard).join(', ')}`);
      }
    }
    // Every step of the escalation is rendered.
    const rendered = new Set(mine.map((a) => `${(a.roles[0] === '*' ? [...standard.escalation].sort() : a.roles).join('+')}@${a.afterMinutes}`));
    for (const step of expectedSteps(standard)) {
      if (mine.length > 0 && !rendered.has(step)) problems.push(`${id}: step ${step} is not rendered`);
    }
  }
  return problems;
}

describe.each(ENVIRONMENTS)('alert standards read back from %s', (env) => {
  test('in the cluster: every PrometheusRule of the standards matches the table, on every cloud', () => {
    for (const cloud of ['aws', 'azure', 'gcp']) {
      const alerts = readPrometheusRules(yamlDocs(`cdk8s.out/${env}/${cloud}/monitoring.k8s.yaml`), ALERT_STANDARDS.map((s) => s.id));
      expect(compare(alerts, ALERT_STANDARDS.map((s) => s.id))).toEqual([]);
      // Both thresholds are rendered: error rate and saturation, not just some rule of theirs.
      expect(alerts.filter((a) => a.thresholdRatio !== undefined).map((a) => a.standard)).toEqual(expect.arrayContaining(['high-error-rate', 'resource-saturation']));
    }
  });

  test('on AWS: CloudWatch alarms for saturation, failed nodes and security events match the table', () => {
    const alerts = readCloudWatchAlarms(readJson(`cdk.out/acme-${env}.template.json`));
    // The high error rate needs request metrics, which only the cluster has.
    expect(compare(alerts, ['critical-outage', 'resource-saturation', 'security-event'])).toEqual([]);
    expect(alerts.filter((a) => a.standard === 'resource-saturation')).toHaveLength(2);
    expect(alerts.find((a) => a.count !== undefined && a.windowMinutes !== undefined)).toMatchObject({ standard: 'security-event' });
  });

  test('on Azure: outage steps and crash loops (managed Prometheus), node saturation, denied operations and refused registry requests match the table', () => {
    const alerts = readAzureMonitorAlerts(readJson(`cdktf.out/stacks/acme-${env}-azure/cdk.tf.json`));
    expect(compare(alerts, ['critical-outage', 'resource-saturation', 'security-event'])).toEqual([]);
    expect(alerts.map((a) => a.standard).sort()).toEqual([
      'critical-outage', 'critical-outage', 'critical-outage', 'critical-outage', 'resource-saturation', 'resource-saturation', 'security-event', 'security-event',
    ]);
    expect(alerts.find((a) => a.standard === 'critical-outage' && a.count !== undefined)).toMatchObject({
      count: alertStandard('critical-outage').burst!.count, windowMinutes: alertStandard('critical-outage').burst!.windowMinutes,
    });
    // The subscription's denied operations and the registry's refused requests.
    expect(alerts.filter((a) => a.standard === 'security-event').map((a) => a.where)).toEqual([
      expect.stringMatching(/^azurerm_monitor_scheduled_query_rules_alert_v2\.ActivityLog_/),
      expect.stringMatching(/^azurerm_monitor_scheduled_query_rules_alert_v2\.RegistryAlerts_/),
    ]);
  });

  test('on Google Cloud: outage steps, crash loops, node saturation and permission denials match the table', () => {
    const alerts = readCloudMonitoringPolicies(readJson(`cdktf.out/stacks/acme-${env}-gcp/cdk.tf.json`));
    expect(compare(alerts, ['critical-outage', 'resource-saturation', 'security-event'])).toEqual([]);
    // Three outage steps and the crash loop (a burst of restarts, counted like the standard says).
    expect(alerts.map((a) => a.standard).sort()).toEqual([
      'critical-outage', 'critical-outage', 'critical-outage', 'critical-outage', 'resource-saturation', 'resource-saturation', 'security-event',
    ]);
    expect(alerts.find((a) => a.standard === 'critical-outage' && a.count !== undefined)).toMatchObject({
      count: alertStandard('critical-outage').burst!.count, windowMinutes: alertStandard('critical-outage').burst!.windowMinutes,
    });
  });
});

describe('the read-back is not blind', () => {
  test('a drifted threshold, window or step is reported', () => {
    const template = readJson('cdk.out/acme-prod.template.json');
    const drifted = JSON.parse(JSON.stringify(template));
    for (const r of Object.values<any>(drifted.Resources)) {
      if (r.Type !== 'AWS::CloudWatch::Alarm') continue;
      if (r.Properties.MetricName === 'node_cpu_utilization') r.Properties.Threshold = 85;
      if (r.Properties.MetricName === 'UnauthorizedCalls') r.Properties.Period = 600;
      if (r.Properties.MetricName === 'cluster_failed_node_count' && r.Properties.EvaluationPeriods === 32) {
        r.Properties.EvaluationPeriods = 40;
        r.Properties.DatapointsToAlarm = 40;
      }
    }
    const problems = compare(readCloudWatchAlarms(drifted), ['critical-outage', 'resource-saturation', 'security-event']);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/NodeCpuAlarm.*threshold 0.85, the standard says 0.8/),
      expect.stringMatching(/UnauthorizedCallsAlarm.*more than 20 in 10 min, the standard says more than 20 in 5 min/),
      'critical-outage: step cto@32 is not rendered',
    ]));
  });

  test('a drifted outage step or restart burst on Google Cloud is reported', () => {
    const json = readJson('cdktf.out/stacks/acme-prod-gcp/cdk.tf.json');
    for (const p of Object.values<any>(json.resource.google_monitoring_alert_policy)) {
      const promql = p.conditions[0].condition_prometheus_query_language;
      if (promql?.duration === '1920s') promql.duration = '2400s';
      const t = p.conditions[0].condition_threshold;
      if (t?.filter.includes('restart_count')) t.threshold_value = 5;
    }
    expect(compare(readCloudMonitoringPolicies(json), ['critical-outage'])).toEqual(expect.arrayContaining([
      'critical-outage: step cto@32 is not rendered',
      expect.stringMatching(/cto@40, the standard says one of devops@2, eng-lead@17, cto@32/),
      expect.stringMatching(/more than 5 in 10 min, the standard says more than 3 in 10 min/),
    ]));
  });

  test('a drifted outage step or restart burst on Azure is reported', () => {
    const json = readJson('cdktf.out/stacks/acme-prod-azure/cdk.tf.json');
    for (const group of Object.values<any>(json.resource.azurerm_monitor_alert_prometheus_rule_group)) {
      for (const rule of group.rule) {
        if (rule.for === 'PT17M') rule.for = 'PT30M';
        if (rule.alert === 'CrashLoop') rule.expression = rule.expression.replace(/\[10m\]/, '[15m]');
      }
    }
    expect(compare(readAzureMonitorAlerts(json), ['critical-outage'])).toEqual(expect.arrayContaining([
      'critical-outage: step eng-lead@17 is not rendered',
      expect.stringMatching(/more than 3 in 15 min, the standard says more than 3 in 10 min/),
    ]));
  });

  test('a drifted in-cluster threshold is reported', () => {
    const docs = yamlDocs('cdk8s.out/prod/aws/monitoring.k8s.yaml');
    for (const o of docs.filter((x: any) => x?.kind === 'PrometheusRule')) {
      for (const g of o.spec.groups) for (const r of g.rules) if (r.labels?.standard === 'high-error-rate') r.expr = r.expr.replace(/> 0\.05$/, '> 0.1');
    }
    expect(compare(readPrometheusRules(docs, ALERT_STANDARDS.map((s) => s.id)), ['high-error-rate']))
      .toEqual(expect.arrayContaining([expect.stringMatching(/threshold 0.1, the standard says 0.05/)]));
  });
});

describe.each(ENVIRONMENTS)('retention read back from %s', (name) => {
  const env = org.environments.find((e) => e.name === name)!;

  test('audit evidence is kept and locked for the tier\'s audit.retentionDays on AWS and Google Cloud', () => {
    const days = env.profile.audit.retentionDays;
    const buckets = Object.entries<any>(readJson(`cdk.out/acme-${name}.template.json`).Resources)
      .filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('AuditTrail'));
    expect(buckets).toHaveLength(1);
    const [, trailBucket] = buckets[0];
    expect(trailBucket.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'GOVERNANCE', Days: days });
    expect(trailBucket.Properties.LifecycleConfiguration.Rules.map((r: any) => r.ExpirationInDays)).toContain(days);

    const gcs = Object.values<any>(readJson(`cdktf.out/stacks/acme-${name}-gcp/cdk.tf.json`).resource.google_storage_bucket)
      .filter((b) => b.retention_policy);
    expect(gcs).toHaveLength(1);
    expect(gcs[0].retention_policy).toEqual({ retention_period: days * 86400, is_locked: true });
    expect(gcs[0].lifecycle_rule.map((r: any) => r.condition.age)).toEqual([days]);
  });

  test('Prometheus keeps the tier\'s prometheusRetentionDays and frees its volume before it fills', () => {
    for (const cloud of ['aws', 'azure', 'gcp']) {
      const app = yamlDocs(`cdk8s.out/${name}/${cloud}/addons.k8s.yaml`).find((o: any) => o?.kind === 'Application' && o.metadata.name === 'kube-prometheus-stack');
      const spec = app.spec.source.helm.valuesObject.prometheus.prometheusSpec;
      expect(spec.retention).toBe(`${env.profile.monitoring.prometheusRetentionDays}d`);
      const sizeGiB = Number(/^(\d+)GiB$/.exec(spec.retentionSize)![1]);
      expect(sizeGiB).toBeLessThan(env.profile.monitoring.prometheusStorageGiB);
      expect(sizeGiB).toBeGreaterThanOrEqual(env.profile.monitoring.prometheusStorageGiB * 0.8);
    }
  });
});

describe.each(ENVIRONMENTS)('break-glass use read back from %s', (name) => {
  const together = [...alertStandard('security-event').escalation].sort();

  test('on Azure: any Activity Log operation of a break-glass account alerts devops and security together', () => {
    const json = readJson(`cdktf.out/stacks/acme-${name}-azure/cdk.tf.json`);
    const alerts = Object.values<any>(json.resource.azurerm_monitor_scheduled_query_rules_alert_v2).filter((a) => a.name.endsWith('-break-glass'));
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    for (const account of org.alerting.breakGlass!.azure!) expect(alert.criteria[0].query).toContain(JSON.stringify(account));
    expect(alert.criteria[0]).toMatchObject({ operator: 'GreaterThan', threshold: 0 });
    const groups = alert.action.action_groups.map((ref: string) => {
      const m = /^\$\{azurerm_monitor_action_group\.([^.]+)\.id\}$/.exec(ref)!;
      return json.resource.azurerm_monitor_action_group[m[1]].short_name;
    }).sort();
    expect(groups).toEqual(together);
  });

  test('on Google Cloud: any audited call of a break-glass account alerts devops and security together', () => {
    const json = readJson(`cdktf.out/stacks/acme-${name}-gcp/cdk.tf.json`);
    const metric = Object.entries<any>(json.resource.google_logging_metric).find(([, m]) => m.name.endsWith('-break-glass'))!;
    for (const account of org.alerting.breakGlass!.gcp!) expect(metric[1].filter).toContain(JSON.stringify(account));
    const policy = Object.values<any>(json.resource.google_monitoring_alert_policy)
      .find((p) => p.conditions[0].condition_threshold.filter.includes(`google_logging_metric.${metric[0]}.name`));
    expect(policy.conditions[0].condition_threshold).toMatchObject({ comparison: 'COMPARISON_GT', threshold_value: 0, duration: '0s' });
    const roles = [...new Set(policy.notification_channels.map((ref: string) => {
      const m = /^\$\{google_monitoring_notification_channel\.([^.]+)\.id\}$/.exec(ref)!;
      return json.resource.google_monitoring_notification_channel[m[1]].user_labels['escalation-level'];
    }))].sort();
    expect(roles).toEqual(together);
  });
});
