import { acme } from '../../../examples/acme/org';
import { alertmanagerConfig, alertmanagerSecrets, NULL_RECEIVER, promDuration } from '../../../lib/monitoring';
import { defineOrganization } from '../../../lib/spec';
import { ALERT_STANDARDS, CHANGE_FAILURE_RATE, escalationDelays, notificationTiming, SLO_ALERT_ROUTING } from '../../../lib/standards';
import { runTool, writeFiles } from '../../support/prometheus-tools';

const org = defineOrganization({
  ...acme,
  alerting: {
    ...acme.alerting,
    escalation: acme.alerting.escalation.map((r) => (r.name === 'platform-oncall'
      ? { ...r, pagerDuty: { secretName: 'pagerduty-platform', secretKey: 'routing-key' } }
      : r)),
  },
});
const input = { receivers: org.alerting.escalation, roles: org.alerting.roles, smtp: org.alerting.smtp };
const config = alertmanagerConfig(input);
const dir = writeFiles({ 'alertmanager.yaml': config });

/** The receivers `amtool config routes test` reaches for an alert with these labels, in order. */
function routesOf(labels: Record<string, string>): string[] {
  const run = runTool('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yaml', ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)], dir);
  if (run.status !== 0) throw new Error(`amtool config routes test failed:\n${run.output}`);
  return run.stdout.trim().split(',').filter(Boolean);
}

test('amtool check-config accepts the rendered configuration', () => {
  const run = runTool('amtool', ['check-config', 'alertmanager.yaml'], dir);
  if (run.status !== 0) throw new Error(run.output);
  expect(run.output).toContain('SUCCESS');
  expect(run.output).toMatch(/- 7 receivers/);
});

test('amtool check-config rejects a route to a receiver that does not exist (the check is real)', () => {
  const broken = writeFiles({ 'alertmanager.yaml': { ...config, route: { receiver: 'nobody' } } });
  expect(runTool('amtool', ['check-config', 'alertmanager.yaml'], broken).status).not.toBe(0);
});

describe.each(ALERT_STANDARDS.map((s) => [s.title, s] as const))('%s reaches exactly its escalation path', (_title, standard) => {
  if (standard.escalationMode === 'sequential') {
    test.each(escalationDelays(standard).map((s) => [s.role, s] as const))('step %s', (role) => {
      expect(routesOf({ alertname: 'X', standard: standard.id, severity: standard.severity, escalate_to: role })).toEqual([role]);
    });
  } else {
    test(`${standard.escalation.join(' + ')} together`, () => {
      expect(routesOf({ alertname: 'X', standard: standard.id, severity: standard.severity })).toEqual([...standard.escalation]);
    });
  }

  test('with grouping and repeat intervals from its response time', () => {
    const route = (config.route as any).routes.find((r: any) => r.matchers.includes(`standard="${standard.id}"`));
    const timing = notificationTiming(standard.responseTimeMinutes);
    expect([route.group_wait, route.group_interval, route.repeat_interval])
      .toEqual([`${timing.groupWaitSeconds}s`, promDuration(timing.groupIntervalMinutes), promDuration(timing.repeatIntervalMinutes)]);
  });
});

describe('SLO alerts', () => {
  test.each(['page', 'ticket'] as const)('a %s reaches its roles step by step', (action) => {
    for (const role of SLO_ALERT_ROUTING[action].escalation) {
      expect(routesOf({ alertname: 'ErrorBudgetBurn', standard: 'slo', action, escalate_to: role })).toEqual([role]);
    }
  });
});

test('a team\'s change failure rate above the standard reaches its team lead as a ticket, repeated once per working day', () => {
  expect(routesOf({ alertname: 'ChangeFailureRateHigh', standard: CHANGE_FAILURE_RATE.id, severity: 'warning', escalate_to: 'team-lead', namespace: 'payments' }))
    .toEqual(['team-lead']);
  const route = (config.route as any).routes.find((r: any) => r.matchers.includes(`standard="${CHANGE_FAILURE_RATE.id}"`));
  expect(route.repeat_interval).toBe(promDuration(CHANGE_FAILURE_RATE.responseTimeMinutes));
});

test('alerts outside the standards go to devops; the always-firing Watchdog to nobody', () => {
  expect(routesOf({ alertname: 'KubePodCrashLooping', severity: 'warning' })).toEqual(['devops']);
  expect(routesOf({ alertname: 'Watchdog', severity: 'none' })).toEqual([NULL_RECEIVER]);
});

test('each role receiver reaches every address, webhook and paging key the spec maps to the role', () => {
  const receivers = new Map((config.receivers as any[]).map((r) => [r.name, r]));
  expect(receivers.get('security').email_configs.map((e: any) => e.to)).toEqual(['security@acme.example']);
  expect(receivers.get('security').webhook_configs.map((w: any) => w.url)).toEqual(['https://hooks.acme.example/security']);
  expect(receivers.get('devops').pagerduty_configs).toEqual([
    { routing_key_file: '/etc/alertmanager/secrets/pagerduty-platform/routing-key', send_resolved: true },
  ]);
  expect(receivers.get('cto').email_configs.map((e: any) => e.to)).toEqual(['cto-office@acme.example']);
  // The key itself never appears in the configuration; the Secret is mounted into Alertmanager
  expect(alertmanagerSecrets(input)).toEqual(['pagerduty-platform']);
  expect(config.global).toEqual({ smtp_smarthost: 'smtp.acme.example:587', smtp_from: 'alertmanager@acme.example', smtp_require_tls: true });
});
