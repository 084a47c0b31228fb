/** A Prometheus recording or alerting rule, as a rule file (and a PrometheusRule's `spec.groups`) holds it. */
export interface PrometheusRule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rule group: evaluated together, at one interval. */
export interface PrometheusRuleGroup {
  readonly name: string;
  /** @default - Prometheus' global evaluation interval */
  readonly interval?: string;
  readonly rules: readonly PrometheusRule[];
}

/** Labels every baseline alert carries, which Alertmanager routes on. */
export const ALERT_LABELS = {
  /** The alert standard (`critical-outage`, ...) or `slo`. */
  standard: 'standard',
  /** `critical` or `warning`. */
  severity: 'severity',
  /** The escalation role this copy of a sequential alert is for. */
  escalateTo: 'escalate_to',
  /** For SLO alerts: `page` or `ticket`. */
  action: 'action',
} as const;

/** The value of the `standard` label on SLO alerts. */
export const SLO_STANDARD_LABEL = 'slo';
