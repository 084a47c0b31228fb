import type { Finding, PolicyException, Severity } from './types';

/** The rule id of the finding an expired exception produces. */
export const EXCEPTION_EXPIRED_RULE_ID = 'POLICY-EXCEPTION-EXPIRED';

/** Something wrong with the ledger itself: an invalid entry (error), an expired one that matches nothing (error), or a stale one (warning). */
export interface ExceptionProblem {
  /** Position of the entry in the ledger. */
  readonly index: number;
  readonly exception: PolicyException;
  readonly severity: Severity;
  readonly message: string;
}

/** Findings after the ledger is applied. */
export interface ExceptionOutcome {
  /** Every finding, with `exception` set where an unexpired exception covers it. */
  readonly findings: Finding[];
  /** One error finding per expired exception that still matches a finding. */
  readonly expired: Finding[];
  readonly problems: ExceptionProblem[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks every entry of a ledger and returns all problems at once. An entry with a problem is rejected: it covers
 * nothing, so the findings it was meant to cover still fail the check.
 */
export function validateExceptions(ledger: readonly PolicyException[]): ExceptionProblem[] {
  const problems: ExceptionProblem[] = [];
  ledger.forEach((exception, index) => {
    const problem = (message: string) => problems.push({ index, exception, severity: 'error', message: `${label(exception, index)}: ${message}` });
    if (!nonEmpty(exception.ruleId)) problem('ruleId is empty (expected the id of the rule it excepts)');
    if (!nonEmpty(exception.resource)) problem('resource is empty (expected the resource as findings name it; `*` matches any characters)');
    if (!nonEmpty(exception.reason)) problem('reason is empty (expected why the deviation is acceptable)');
    if (!nonEmpty(exception.owner)) problem('owner is empty (expected the team or person who answers for it)');
    if (!isDate(exception.expires)) problem(`expires ${JSON.stringify(exception.expires)} is not a date (expected YYYY-MM-DD)`);
  });
  return problems;
}

/** Whether the exception names this finding: same rule, resource matching its `*` pattern, and environment if given. */
export function exceptionMatches(exception: PolicyException, finding: Finding): boolean {
  return exception.ruleId === finding.ruleId
    && (exception.environment === undefined || exception.environment === finding.environment)
    && globToRegExp(exception.resource).test(finding.resource);
}

/** Whether the exception's last valid day is before `today` (compared as UTC calendar days). */
export function isExpired(exception: PolicyException, today: Date): boolean {
  return exception.expires < isoDay(today);
}

/**
 * Applies a ledger to findings. Valid, unexpired exceptions cover the findings they match; expired ones cover
 * nothing and become error findings themselves; entries matching nothing are reported as stale.
 */
export function applyExceptions(findings: readonly Finding[], ledger: readonly PolicyException[], today: Date): ExceptionOutcome {
  const problems = validateExceptions(ledger);
  const rejected = new Set(problems.map((p) => p.index));
  const entries = ledger.map((exception, index) => ({ exception, index })).filter((e) => !rejected.has(e.index));
  const active = entries.filter((e) => !isExpired(e.exception, today));
  const matched = new Set<number>();

  const covered = findings.map((finding) => {
    const hits = entries.filter((e) => exceptionMatches(e.exception, finding));
    hits.forEach((e) => matched.add(e.index));
    const cover = active.find((e) => hits.includes(e));
    return cover ? { ...finding, exception: cover.exception } : finding;
  });

  const expired: Finding[] = [];
  for (const { exception, index } of entries) {
    const message = `exception for ${exception.ruleId} on ${exception.resource} expired on ${exception.expires}; renew it with a new reason or fix the finding`;
    if (!isExpired(exception, today)) {
      if (!matched.has(index)) {
        problems.push({ index, exception, severity: 'warning', message: `${label(exception, index)}: matches no finding (stale; remove it from the ledger)` });
      }
      continue;
    }
    const first = findings.find((f) => exceptionMatches(exception, f));
    if (!first) {
      problems.push({ index, exception, severity: 'error', message: `${label(exception, index)}: ${message}` });
      continue;
    }
    expired.push({
      ruleId: EXCEPTION_EXPIRED_RULE_ID,
      severity: 'error',
      // The excepted findings stay errors in their own controls; this one is about the ledger.
      controls: [],
      environment: first.environment,
      cloud: first.cloud,
      kind: first.kind,
      file: first.file,
      resource: exception.resource,
      message,
      remediation: `Owner ${exception.owner}: fix ${exception.ruleId} on ${exception.resource}, or renew the exception with a new expiry and an up-to-date reason.`,
    });
  }
  problems.sort((a, b) => a.index - b.index);
  return { findings: covered, expired, problems };
}

/** `*` matches any characters (including `/`); everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function label(exception: PolicyException, index: number): string {
  return `exceptions[${index}] (${exception.ruleId || '<no rule>'} on ${exception.resource || '<no resource>'})`;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function isDate(value: unknown): boolean {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
