import { exception, testPack, tfArtifact } from './fixtures';
import { evaluate, EXCEPTION_EXPIRED_RULE_ID, globToRegExp, validateExceptions } from '../../../lib/policy';

const TODAY = new Date('2026-12-01T00:00:00Z');

describe('exceptions ledger', () => {
  // GIVEN two public things in prod and one in dev
  const artifacts = [
    tfArtifact('prod', 'azure', { a: { public: true }, b: { public: true } }),
    tfArtifact('dev', 'azure', { a: { public: true } }),
  ];

  test('an unexpired exception covers its finding, which no longer fails the check', () => {
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: [exception({ resource: 'thing.*' })] });
    expect(result.findings.every((f) => f.exception?.owner === 'platform-team')).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.exceptionProblems).toEqual([]);
    expect(result.passed).toBe(true);
  });

  test('the expiry day itself is still valid', () => {
    const result = evaluate(artifacts, [testPack], { today: new Date('2026-12-31T23:59:00Z'), exceptions: [exception({ resource: 'thing.*' })] });
    expect(result.passed).toBe(true);
  });

  test('`*` matches any characters; everything else is literal', () => {
    expect(globToRegExp('Deployment/payments/*').test('Deployment/payments/checkout')).toBe(true);
    expect(globToRegExp('Deployment/payments/*').test('Deployment/orders/checkout')).toBe(false);
    expect(globToRegExp('azurerm_kubernetes_cluster.aks').test('azurerm_kubernetes_cluster_aks')).toBe(false);
    // AND in a ledger, one glob covers several findings
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: [exception({ resource: 'thing.*', environment: 'prod' })] });
    expect(result.findings.filter((f) => f.exception).map((f) => `${f.environment} ${f.resource}`)).toEqual(['prod thing.a', 'prod thing.b']);
  });

  test('an environment filter limits the exception to that environment', () => {
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: [exception({ environment: 'dev' })] });
    expect(result.errors.map((f) => `${f.environment} ${f.resource}`)).toEqual(['prod thing.a', 'prod thing.b']);
  });

  test('an expired exception covers nothing and is itself an error finding', () => {
    // GIVEN an exception that expired the day before
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: [exception({ environment: 'dev', expires: '2026-11-30' })] });
    // THEN the finding still fails, and the expiry is reported with what to do
    const expired = result.findings.filter((f) => f.ruleId === EXCEPTION_EXPIRED_RULE_ID);
    expect(expired).toEqual([expect.objectContaining({
      severity: 'error',
      environment: 'dev',
      cloud: 'azure',
      file: 'cdktf.out/stacks/acme-dev-azure/cdk.tf.json',
      resource: 'thing.a',
      message: 'exception for TEST-NOT-PUBLIC on thing.a expired on 2026-11-30; renew it with a new reason or fix the finding',
    })]);
    expect(result.errors.map((f) => `${f.ruleId} ${f.environment} ${f.resource}`)).toEqual([
      'POLICY-EXCEPTION-EXPIRED dev thing.a',
      'TEST-NOT-PUBLIC dev thing.a',
      'TEST-NOT-PUBLIC prod thing.a',
      'TEST-NOT-PUBLIC prod thing.b',
    ]);
    expect(result.passed).toBe(false);
  });

  test('an expired exception that matches nothing is a ledger error', () => {
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: [exception({ resource: 'thing.gone', expires: '2026-01-31' })] });
    expect(result.exceptionProblems).toEqual([expect.objectContaining({
      index: 0,
      severity: 'error',
      message: 'exceptions[0] (TEST-NOT-PUBLIC on thing.gone): exception for TEST-NOT-PUBLIC on thing.gone expired on 2026-01-31; renew it with a new reason or fix the finding',
    })]);
    expect(result.passed).toBe(false);
  });

  test('an exception without a reason is rejected: it covers nothing and fails the check', () => {
    // GIVEN a ledger whose second entry has a blank reason
    const ledger = [exception({ resource: 'thing.b' }), exception({ reason: '   ' })];
    // WHEN evaluating
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: ledger });
    // THEN the entry is named by index and rule, and thing.a is still an error
    expect(result.exceptionProblems.map((p) => [p.severity, p.message])).toEqual([
      ['error', 'exceptions[1] (TEST-NOT-PUBLIC on thing.a): reason is empty (expected why the deviation is acceptable)'],
    ]);
    expect(result.errors.map((f) => `${f.environment} ${f.resource}`)).toEqual(['dev thing.a', 'prod thing.a']);
    expect(result.passed).toBe(false);
  });

  test('malformed dates and missing fields are rejected, every problem at once', () => {
    expect(validateExceptions([
      exception({ expires: '2026-02-30' }),
      exception({ expires: '31/12/2026', owner: '' }),
      exception({ ruleId: '', resource: '' }),
    ]).map((p) => p.message)).toEqual([
      'exceptions[0] (TEST-NOT-PUBLIC on thing.a): expires "2026-02-30" is not a date (expected YYYY-MM-DD)',
      'exceptions[1] (TEST-NOT-PUBLIC on thing.a): owner is empty (expected the team or person who answers for it)',
      'exceptions[1] (TEST-NOT-PUBLIC on thing.a): expires "31/12/2026" is not a date (expected YYYY-MM-DD)',
      'exceptions[2] (<no rule> on <no resource>): ruleId is empty (expected the id of the rule it excepts)',
      'exceptions[2] (<no rule> on <no resource>): resource is empty (expected the resource as findings name it; `*` matches any characters)',
    ]);
  });

  test('an exception that matches nothing is a stale warning, which does not fail the check', () => {
    const result = evaluate(artifacts, [testPack], { today: TODAY, exceptions: [exception({ resource: 'thing.*' }), exception({ resource: 'thing.gone' })] });
    expect(result.exceptionProblems.map((p) => [p.index, p.severity, p.message])).toEqual([
      [1, 'warning', 'exceptions[1] (TEST-NOT-PUBLIC on thing.gone): matches no finding (stale; remove it from the ledger)'],
    ]);
    expect(result.passed).toBe(true);
  });
});
