import { isDnsLabel, isLabelKey, isLabelValue } from '../../core/names';

describe('isDnsLabel', () => {
  test.each(['a', 'payments', 'team-1', '1team', 'a'.repeat(63)])('%j is a DNS label', (name) => {
    expect(isDnsLabel(name)).toBe(true);
  });

  test.each(['', 'Payments', 'team_1', '-team', 'team-', 'team.one', 'a'.repeat(64), 3])('%j is not a DNS label', (name) => {
    expect(isDnsLabel(name)).toBe(false);
  });
});

describe('isLabelKey', () => {
  test.each(['team', 'cost-center', 'Team_Name.v2', 'example.com/owner', 'app.kubernetes.io/name', `${'a'.repeat(253)}/x`])('%j is a label key', (key) => {
    expect(isLabelKey(key)).toBe(true);
  });

  test.each(['', 'bad key', '-team', 'team-', '/team', 'example.com/', 'Example.com/owner', 'a/b/c', 'x'.repeat(64), `${'a'.repeat(254)}/x`])('%j is not a label key', (key) => {
    expect(isLabelKey(key)).toBe(false);
  });
});

describe('isLabelValue', () => {
  test.each(['', 'prod', 'cc-1234', 'jane.doe', 'A_b', 'a'.repeat(63)])('%j is a label value', (value) => {
    expect(isLabelValue(value)).toBe(true);
  });

  test.each(['Jane Doe', '-prod', 'prod.', 'a/b', 'a'.repeat(64), 1])('%j is not a label value', (value) => {
    expect(isLabelValue(value)).toBe(false);
  });
});
