// Organization-wide standards as data: alert thresholds and escalation, SLO defaults and burn rates, the request
// metrics they are measured on, how releases progress, pod priority and the storage class.
export * from './alerts';
export * from './slo';
export * from './metrics';
export * from './request-metrics';
export * from './delivery';
export * from './priority';
export * from './storage';
