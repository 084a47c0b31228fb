import { escalationLevelProblems, isEmailAddress, Problems } from '../../core';

function problemsOf(levels: any[], rules: Partial<Parameters<typeof escalationLevelProblems>[2]> = {}): readonly string[] {
  const problems = new Problems('Test');
  escalationLevelProblems(problems, levels, { isKnown: (v) => !v.startsWith('${'), ...rules });
  return problems.messages;
}

describe('escalationLevelProblems', () => {
  test('well-formed levels have no problem', () => {
    expect(problemsOf([
      { name: 'devops', emails: ['oncall@example.com'] },
      { name: 'security', webhookUrls: ['https://hooks.example.com/sec'] },
    ])).toEqual([]);
  });

  test('every problem at once, each with its path and value', () => {
    expect(problemsOf([
      { name: 'Dev Ops', emails: ['not-an-address'] },
      { name: 'cto' },
      { name: 'cto', webhookUrls: ['http://hooks.example.com/x'] },
    ])).toEqual([
      'levels[0].name "Dev Ops" is not a level name (expected a DNS label like devops)',
      'levels[0].emails[0] "not-an-address" is not an email address (expected like oncall@example.com)',
      'levels[1] "cto" reaches nobody (expected at least one email or webhook URL)',
      'levels[2].name "cto" is listed twice (expected each level once)',
      'levels[2].webhookUrls[0] "http://hooks.example.com/x" is not an HTTPS URL (expected like https://hooks.example.com/alerts)',
    ]);
    expect(problemsOf([])).toEqual(['levels is empty (expected at least one escalation level)']);
  });

  test('a cloud\'s shorter name limit and its own wording', () => {
    expect(problemsOf([{ name: 'engineering-lead', emails: ['a@example.com'] }], { maxNameLength: 12, nameExpected: 'at most 12 characters' }))
      .toEqual(['levels[0].name "engineering-lead" is not a level name (expected at most 12 characters)']);
  });

  test('values resolved only at deploy time are not judged', () => {
    expect(problemsOf([{ name: 'devops', emails: ['${TfToken[1]}'], webhookUrls: ['${TfToken[2]}'] }])).toEqual([]);
  });

  test('isEmailAddress', () => {
    expect(['oncall@example.com', 'a.b+c@sub.example.org'].map(isEmailAddress)).toEqual([true, true]);
    expect(['oncall', 'a@b', 'a b@example.com', '@example.com'].map(isEmailAddress)).toEqual([false, false, false, false]);
  });
});
