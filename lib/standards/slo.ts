import type { EscalationRole } from './alerts';
/**
 * Service level objectives and their multi-window, multi-burn-rate alerts, as in the Google SRE workbook
 * ("Alerting on SLOs"). The burn rates are derived, never typed in: a policy says which share of the error budget
 * may be spent within its long window, and the burn rate follows from the SLO period.
 */

/** Default availability objective, in percent, over `SLO_PERIOD_DAYS`. */
export const DEFAULT_AVAILABILITY_PERCENT = 99.9;
/** Default 99th-percentile latency objective, in milliseconds. */
export const DEFAULT_LATENCY_P99_MS = 300;
/** The SLO period: error budgets are counted over 30 days. */
export const SLO_PERIOD_DAYS = 30;

/** One burn-rate alert policy: spending `budgetFraction` of the budget within `longWindowHours`. */
export interface BurnRatePolicy {
  /** Share of the period's error budget spent within the long window, in (0, 1]. */
  readonly budgetFraction: number;
  /** The long window, in hours. */
  readonly longWindowHours: number;
  /** `page` wakes someone up; `ticket` is looked at in working hours. */
  readonly action: 'page' | 'ticket';
}

/**
 * The workbook's four policies: 2 % of the budget in 1 h and 5 % in 6 h page; 10 % in 1 day and 10 % in 3 days
 * open tickets. Their burn rates come out as 14.4, 6, 3 and 1.
 */
export const BURN_RATE_POLICIES: readonly BurnRatePolicy[] = [
  { budgetFraction: 0.02, longWindowHours: 1, action: 'page' },
  { budgetFraction: 0.05, longWindowHours: 6, action: 'page' },
  { budgetFraction: 0.10, longWindowHours: 24, action: 'ticket' },
  { budgetFraction: 0.10, longWindowHours: 72, action: 'ticket' },
];

/** The short window is a twelfth of the long one (1 h -> 5 m, 6 h -> 30 m, 1 d -> 2 h, 3 d -> 6 h). */
export const SHORT_WINDOW_DIVISOR = 12;

/** A burn-rate alert, resolved for one objective. */
export interface BurnRateAlert {
  readonly action: 'page' | 'ticket';
  /** How many times faster than sustainable the budget burns. */
  readonly burnRate: number;
  readonly longWindowMinutes: number;
  readonly shortWindowMinutes: number;
  /** The error ratio above which both windows must be for the alert to fire: burnRate x (1 - objective). */
  readonly errorRatioThreshold: number;
}

/** Rounds away floating-point noise (14.399999999999999 -> 14.4) without hiding real precision. */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/** The error budget of an availability objective in percent, as a ratio: 99.9 -> 0.001. */
export function errorBudget(availabilityPercent: number): number {
  return tidy(1 - availabilityPercent / 100);
}

/** The burn-rate alerts of an availability objective, derived from `BURN_RATE_POLICIES`. */
export function burnRateAlerts(availabilityPercent: number, periodDays = SLO_PERIOD_DAYS): BurnRateAlert[] {
  const budget = errorBudget(availabilityPercent);
  return BURN_RATE_POLICIES.map((p) => {
    const burnRate = tidy((p.budgetFraction * periodDays * 24) / p.longWindowHours);
    const longWindowMinutes = p.longWindowHours * 60;
    return {
      action: p.action,
      burnRate,
      longWindowMinutes,
      shortWindowMinutes: longWindowMinutes / SHORT_WINDOW_DIVISOR,
      errorRatioThreshold: tidy(burnRate * budget),
    };
  });
}

/**
 * Who an SLO alert reaches. A page means the budget burns fast enough to be gone within days: it escalates like a
 * high error rate (on-call, then the team lead after the same response time). A ticket (slow burn, or p99 latency
 * above its objective) goes to the team lead, to be looked at within a working day.
 */
export const SLO_ALERT_ROUTING = {
  page: { severity: 'critical', escalation: ['on-call', 'team-lead'], escalateAfterMinutes: 15, responseTimeMinutes: 15 },
  ticket: { severity: 'warning', escalation: ['team-lead'], escalateAfterMinutes: 0, responseTimeMinutes: 8 * 60 },
} as const satisfies Record<'page' | 'ticket', {
  readonly severity: 'critical' | 'warning';
  readonly escalation: readonly EscalationRole[];
  readonly escalateAfterMinutes: number;
  readonly responseTimeMinutes: number;
}>;

/** How long p99 latency must stay above its objective before the latency SLO alert fires, in minutes. */
export const LATENCY_ALERT_FOR_MINUTES = 15;
/** The quantile of the latency objective. */
export const LATENCY_QUANTILE = 0.99;
