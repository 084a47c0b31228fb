// Organization-wide standards as data: alert thresholds and escalation, SLO defaults and burn rates.
export * from './alerts';
export * from './slo';
