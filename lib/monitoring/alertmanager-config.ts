import {
  ALERT_STANDARDS, CHANGE_FAILURE_RATE, ESCALATION_ROLES, EscalationRole, notificationTiming, RESOURCE_SATURATION, SLO_ALERT_ROUTING,
  type NotificationTiming,
} from '../standards';
import { promDuration } from './duration';
import { ALERT_LABELS, SLO_STANDARD_LABEL } from './rule-types';

/** A receiver of the organization: how to reach one team or rotation. */
export interface AlertReceiver {
  readonly name: string;
  readonly emails: readonly string[];
  readonly webhooks?: readonly string[];
  /** Kubernetes Secret (mounted into Alertmanager) and key holding a PagerDuty Events v2 routing key. */
  readonly pagerDuty?: { readonly secretName: string; readonly secretKey: string };
}

/** What the Alertmanager configuration is rendered from: the organization's receivers and roles. */
export interface AlertmanagerInput {
  readonly receivers: readonly AlertReceiver[];
  readonly roles: Readonly<Record<EscalationRole, readonly string[]>>;
  readonly smtp: { readonly smarthost: string; readonly from: string };
}

/** Where Alertmanager mounts the Secrets listed in its `secrets` (the Prometheus Operator's convention). */
export const ALERTMANAGER_SECRETS_DIR = '/etc/alertmanager/secrets';

/** Receiver that drops what it gets: for the always-firing Watchdog and InfoInhibitor of the chart's default rules. */
export const NULL_RECEIVER = 'null';

/** The Secrets whose keys Alertmanager reads (PagerDuty routing keys), to mount into it. */
export function alertmanagerSecrets(input: AlertmanagerInput): string[] {
  return [...new Set(input.receivers.flatMap((r) => (r.pagerDuty ? [r.pagerDuty.secretName] : [])))].sort();
}

function timing(t: NotificationTiming) {
  return {
    group_wait: `${t.groupWaitSeconds}s`,
    group_interval: promDuration(t.groupIntervalMinutes),
    repeat_interval: promDuration(t.repeatIntervalMinutes),
  };
}

function matcher(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/**
 * The Alertmanager configuration (`alertmanager.yaml`) of the baseline.
 *
 * One Alertmanager receiver per escalation role, named after the role, reaching every address, webhook and paging
 * key of the organization receivers the spec maps to it. The routing tree has one branch per alert standard (and
 * one for SLO alerts), with group and repeat intervals derived from the standard's response time; under it, a
 * sequential standard routes each escalation step by its `escalate_to` label (the rules fire the later steps
 * later), and a standard notified together fans out to every role with `continue`. Alerts outside the baseline
 * (the chart's default rules) go to `devops`.
 */
export function alertmanagerConfig(input: AlertmanagerInput): Record<string, unknown> {
  const byName = new Map(input.receivers.map((r) => [r.name, r]));
  const receivers = ESCALATION_ROLES.map((role) => {
    const members = input.roles[role].map((name) => {
      const found = byName.get(name);
      if (!found) throw new Error(`alertmanagerConfig: role ${role} names receiver ${JSON.stringify(name)}, which is not among the receivers (expected one of ${[...byName.keys()].join(', ')})`);
      return found;
    });
    const emails = [...new Set(members.flatMap((m) => m.emails))];
    const webhooks = [...new Set(members.flatMap((m) => m.webhooks ?? []))];
    const pagers = members.flatMap((m) => (m.pagerDuty ? [m.pagerDuty] : []));
    return {
      name: role,
      ...(emails.length > 0 && { email_configs: emails.map((to) => ({ to, send_resolved: true })) }),
      ...(webhooks.length > 0 && { webhook_configs: webhooks.map((url) => ({ url, send_resolved: true })) }),
      ...(pagers.length > 0 && {
        pagerduty_configs: pagers.map((p) => ({ routing_key_file: `${ALERTMANAGER_SECRETS_DIR}/${p.secretName}/${p.secretKey}`, send_resolved: true })),
      }),
    };
  });

  const standardRoutes = ALERT_STANDARDS.map((standard) => ({
    matchers: [matcher(ALERT_LABELS.standard, standard.id)],
    receiver: standard.escalation[0],
    ...timing(notificationTiming(standard.responseTimeMinutes)),
    routes: standard.escalationMode === 'sequential'
      ? standard.escalation.map((role) => ({ matchers: [matcher(ALERT_LABELS.escalateTo, role)], receiver: role }))
      : standard.escalation.map((role, i) => ({ receiver: role, ...(i < standard.escalation.length - 1 && { continue: true }) })),
  }));

  const sloRoutes = (['page', 'ticket'] as const).map((action) => {
    const routing = SLO_ALERT_ROUTING[action];
    return {
      matchers: [matcher(ALERT_LABELS.standard, SLO_STANDARD_LABEL), matcher(ALERT_LABELS.action, action)],
      receiver: routing.escalation[0],
      ...timing(notificationTiming(routing.responseTimeMinutes)),
      routes: routing.escalation.map((role) => ({ matchers: [matcher(ALERT_LABELS.escalateTo, role)], receiver: role })),
    };
  });

  // A team's change failure rate above the standard: a ticket for its lead, like a slow budget burn.
  const deliveryRoute = {
    matchers: [matcher(ALERT_LABELS.standard, CHANGE_FAILURE_RATE.id)],
    receiver: CHANGE_FAILURE_RATE.escalation[0],
    ...timing(notificationTiming(CHANGE_FAILURE_RATE.responseTimeMinutes)),
  };

  return {
    global: {
      smtp_smarthost: input.smtp.smarthost,
      smtp_from: input.smtp.from,
      smtp_require_tls: true,
    },
    route: {
      receiver: 'devops',
      group_by: ['alertname', 'namespace', 'job', ALERT_LABELS.standard],
      // Alerts outside the standards are the chart's own capacity and health warnings: reviewed like saturation.
      ...timing(notificationTiming(RESOURCE_SATURATION.responseTimeMinutes)),
      routes: [
        { matchers: ['alertname=~"Watchdog|InfoInhibitor"'], receiver: NULL_RECEIVER },
        ...standardRoutes,
        ...sloRoutes,
        deliveryRoute,
      ],
    },
    // A page about a service makes the warnings of the same service noise. Only alerts about a service inhibit:
    // `equal` treats a label missing on both sides as equal, so a cluster-wide page would silence every node warning.
    inhibit_rules: [{
      source_matchers: [matcher(ALERT_LABELS.severity, 'critical'), 'job=~".+"'],
      target_matchers: [matcher(ALERT_LABELS.severity, 'warning')],
      equal: ['namespace', 'job'],
    }],
    receivers: [{ name: NULL_RECEIVER }, ...receivers],
  };
}
