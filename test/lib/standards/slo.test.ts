import { ALERT_STANDARDS, burnRateAlerts, errorBudget, HIGH_ERROR_RATE, RESOURCE_SATURATION } from '../../../lib/standards';

describe('SLO burn-rate alerts', () => {
  test('derive the SRE workbook rates and windows from the policies', () => {
    // GIVEN the default objective
    const alerts = burnRateAlerts(99.9);
    // THEN the workbook's four alerts come out
    expect(alerts.map((a) => [a.action, a.burnRate, a.longWindowMinutes, a.shortWindowMinutes])).toEqual([
      ['page', 14.4, 60, 5],
      ['page', 6, 360, 30],
      ['ticket', 3, 1440, 120],
      ['ticket', 1, 4320, 360],
    ]);
  });

  test.each([
    [99.9, [0.0144, 0.006, 0.003, 0.001]],
    [99.5, [0.072, 0.03, 0.015, 0.005]],
  ])('error-ratio thresholds scale with the budget of %p %%', (target, expected) => {
    expect(burnRateAlerts(target).map((a) => a.errorRatioThreshold)).toEqual(expected);
  });

  test('the error budget of 99.9 % is 0.1 %', () => {
    expect(errorBudget(99.9)).toBe(0.001);
  });
});

describe('alert standards', () => {
  test('hold the organization table', () => {
    expect(ALERT_STANDARDS.map((s) => [s.id, s.responseTimeMinutes, s.escalation.join(' -> ')])).toEqual([
      ['critical-outage', 0, 'devops -> eng-lead -> cto'],
      ['high-error-rate', 15, 'on-call -> team-lead'],
      ['resource-saturation', 60, 'devops'],
      ['security-event', 0, 'devops -> security'],
    ]);
    expect(HIGH_ERROR_RATE.thresholdRatio).toBe(0.05);
    expect(RESOURCE_SATURATION.thresholdRatio).toBe(0.8);
  });
});
