import { isDnsLabel } from './names';
import type { Problems } from './problems';

/**
 * Who an escalation level reaches, as every cloud's alerting construct takes it (SNS topics, Azure action groups,
 * GCP notification channels): the same receivers the in-cluster Alertmanager routes to.
 */
export interface EscalationLevelReceivers {
  readonly name: string;
  readonly emails?: readonly string[];
  readonly webhookUrls?: readonly string[];
}

/** How a construct checks the levels its cloud can take. */
export interface EscalationLevelRules {
  /** False for a value the engine resolves only at deploy time (a token), which is not checked. */
  readonly isKnown: (value: string) => boolean;
  /**
   * The longest level name the cloud takes (Azure's action group short name holds 12 characters).
   * @default 63 - a DNS label
   */
  readonly maxNameLength?: number;
  /** What a level name must be, as the problem says it. @default 'a DNS label like devops' */
  readonly nameExpected?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HTTPS_URL = /^https:\/\/[^\s/]+/;

/** An email address as the clouds' notification services accept it (one `@`, a dot in the domain, no spaces). */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}

/**
 * The problems of a list of escalation levels, pushed to `problems`: an empty list, a level name that is not a DNS
 * label (or too long for the cloud), a name listed twice, a level that reaches nobody, an email that is not one and a
 * webhook that is not HTTPS. Every problem at once, each with its path (`levels[i]...`) and value.
 */
export function escalationLevelProblems(problems: Problems, levels: readonly EscalationLevelReceivers[], rules: EscalationLevelRules): void {
  const maxNameLength = rules.maxNameLength ?? 63;
  if (levels.length === 0) problems.push('levels is empty (expected at least one escalation level)');
  const seen = new Set<string>();
  levels.forEach((level, i) => {
    const path = `levels[${i}]`;
    if (!isDnsLabel(level.name) || level.name.length > maxNameLength) {
      problems.invalid(`${path}.name`, level.name, 'is not a level name', rules.nameExpected ?? 'a DNS label like devops');
    }
    if (seen.has(level.name)) problems.invalid(`${path}.name`, level.name, 'is listed twice', 'each level once');
    seen.add(level.name);
    if ((level.emails ?? []).length + (level.webhookUrls ?? []).length === 0) {
      problems.push(`${path} "${level.name}" reaches nobody (expected at least one email or webhook URL)`);
    }
    (level.emails ?? []).forEach((email, j) => {
      if (rules.isKnown(email) && !isEmailAddress(email)) problems.invalid(`${path}.emails[${j}]`, email, 'is not an email address', 'like oncall@example.com');
    });
    (level.webhookUrls ?? []).forEach((url, j) => {
      if (rules.isKnown(url) && !HTTPS_URL.test(url)) problems.invalid(`${path}.webhookUrls[${j}]`, url, 'is not an HTTPS URL', 'like https://hooks.example.com/alerts');
    });
  });
}
