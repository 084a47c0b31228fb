import type { AlertReceiverSpec, Organization } from '../spec';
import { ESCALATION_ROLES, EscalationRole } from '../standards/alerts';

/** Who an escalation role reaches on a cloud: every address and webhook of the role's receivers. */
export interface RoleContacts {
  readonly role: EscalationRole;
  readonly emails: string[];
  readonly webhookUrls: string[];
}

/**
 * The contacts of every escalation role, from the spec's `alerting.roles`: what each cloud's topics, action groups
 * and notification channels subscribe. PagerDuty keys stay in the cluster (a Kubernetes Secret the in-cluster
 * Alertmanager mounts); the clouds reach a paging service by its email integration.
 */
export function roleContacts(org: Organization): RoleContacts[] {
  const byName = new Map<string, AlertReceiverSpec>(org.alerting.escalation.map((r) => [r.name, r]));
  return ESCALATION_ROLES.map((role) => {
    const receivers = org.alerting.roles[role].map((name) => byName.get(name)).filter((r): r is AlertReceiverSpec => r !== undefined);
    return {
      role,
      emails: [...new Set(receivers.flatMap((r) => r.emails))],
      webhookUrls: [...new Set(receivers.flatMap((r) => r.webhooks ?? []))],
    };
  });
}
