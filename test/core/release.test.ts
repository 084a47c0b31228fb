import { isUtcTimestamp, RELEASE_COMMITTED_AT_ANNOTATION } from '../../core/release';

describe('isUtcTimestamp: what the release workflow writes and kube-state-metrics reads as a time', () => {
  test.each([
    '2026-12-03T18:45:00Z',
    '2028-02-29T00:00:00Z', // a leap day
    '1970-01-01T00:00:00Z',
    '2026-12-31T23:59:59Z',
  ])('%s is one', (value) => {
    expect(isUtcTimestamp(value)).toBe(true);
  });

  test.each([
    ['another offset than UTC', '2026-12-03T19:45:00+01:00'],
    ['fractions of a second', '2026-12-03T18:45:00.123Z'],
    ['no zone', '2026-12-03T18:45:00'],
    ['a space for T', '2026-12-03 18:45:00Z'],
    ['a day the calendar lacks', '2027-02-29T10:00:00Z'],
    ['February 30th', '2026-02-30T10:00:00Z'],
    ['hour 24', '2026-12-03T24:00:00Z'],
    ['minute 60', '2026-12-03T18:60:00Z'],
    ['a date alone', '2026-12-03'],
    ['Unix seconds', '1764787500'],
  ])('%s is not one: %s', (_, value) => {
    expect(isUtcTimestamp(value)).toBe(false);
  });

  test('nor is anything but a string', () => {
    expect([1764787500, null, undefined, new Date(0)].map(isUtcTimestamp)).toEqual([false, false, false, false]);
  });

  test('the annotation key is a qualified name under the baseline\'s prefix (Kubernetes annotation key rules)', () => {
    expect(RELEASE_COMMITTED_AT_ANNOTATION).toMatch(/^baseline\.io\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});
