import { exception, testPack, tfArtifact } from './fixtures';
import { controlsMatrix, evaluate, formatFinding, jsonReport, renderJsonReport, renderTable, summaryLine } from '../../../lib/policy';

const TODAY = new Date('2026-12-01T00:00:00Z');

describe('policy report', () => {
  // GIVEN one excepted and two unexcepted findings, and a stale exception
  const artifacts = [tfArtifact('prod', 'gcp', { b: { public: true }, a: { public: true } }), tfArtifact('dev', 'azure', { a: { public: true } })];
  const result = evaluate(artifacts, [testPack], {
    today: TODAY,
    exceptions: [exception({ environment: 'dev' }), exception({ resource: 'thing.gone' })],
  });

  test('JSON: stable key order, sorted findings, exceptions with owner and expiry', () => {
    const report: any = jsonReport(result);
    expect(Object.keys(report)).toEqual(['passed', 'summary', 'findings', 'exceptionProblems']);
    expect(report.passed).toBe(false);
    expect(report.summary).toEqual({ errors: 2, warnings: 0, excepted: 1, exceptionProblems: 1 });
    expect(report.findings.map((f: any) => `${f.environment}/${f.cloud} ${f.resource} ${f.status}`)).toEqual([
      'dev/azure thing.a excepted', 'prod/gcp thing.a error', 'prod/gcp thing.b error',
    ]);
    expect(Object.keys(report.findings[0])).toEqual([
      'ruleId', 'severity', 'status', 'environment', 'cloud', 'kind', 'file', 'resource', 'message', 'remediation', 'controls', 'exception',
    ]);
    expect(report.findings[0].exception).toEqual({ owner: 'platform-team', expires: '2026-12-31', reason: 'Migrating to a private endpoint in Q1.' });
    expect(report.findings[1].exception).toBeUndefined();
    expect(report.exceptionProblems).toEqual([
      { index: 1, severity: 'warning', message: 'exceptions[1] (TEST-NOT-PUBLIC on thing.gone): matches no finding (stale; remove it from the ledger)' },
    ]);
  });

  test('JSON carries the controls matrix when given one', () => {
    const report: any = jsonReport(result, controlsMatrix(result, artifacts));
    expect(Object.keys(report)).toEqual(['passed', 'summary', 'findings', 'exceptionProblems', 'controls']);
    const registry = report.controls.find((c: any) => c.control === 'registry-private');
    expect(registry.cells).toEqual([
      { environment: 'prod', cloud: 'gcp', status: 'fail', failingRules: ['TEST-NOT-PUBLIC'], exceptedRules: [] },
      { environment: 'dev', cloud: 'azure', status: 'pass', failingRules: [], exceptedRules: ['TEST-NOT-PUBLIC'] },
    ]);
  });

  test('JSON text is identical for identical results', () => {
    const again = evaluate([...artifacts].reverse(), [testPack], { today: TODAY, exceptions: [exception({ environment: 'dev' }), exception({ resource: 'thing.gone' })] });
    expect(renderJsonReport(again)).toBe(renderJsonReport(result));
    expect(renderJsonReport(result).endsWith('}\n')).toBe(true);
  });

  test('the table has rule, severity, env/cloud, resource and message; exceptions show owner and expiry; errors show file and fix', () => {
    const lines = renderTable(result).split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+ENV\/CLOUD\s+RESOURCE\s+MESSAGE$/);
    expect(lines[1]).toMatch(/^TEST-NOT-PUBLIC\s+error \(excepted\)\s+dev\/azure\s+thing\.a\s+public is true \(expected false\) \[exception: owner platform-team, expires 2026-12-31\]$/);
    expect(lines[2]).toMatch(/^TEST-NOT-PUBLIC\s+error\s+prod\/gcp\s+thing\.a\s+public is true \(expected false\)$/);
    expect(lines[3]).toBe('    at cdktf.out/stacks/acme-prod-gcp/cdk.tf.json; fix: Set public = false.');
    expect(lines.slice(-2)).toEqual([
      'Exceptions ledger:',
      '  warning  exceptions[1] (TEST-NOT-PUBLIC on thing.gone): matches no finding (stale; remove it from the ledger)',
    ]);
  });

  test('summary line', () => {
    expect(summaryLine(result)).toBe('policy check FAILED: 2 errors, 0 warnings, 1 excepted, 1 exception problem');
    expect(summaryLine(evaluate([], [testPack], { today: TODAY }))).toBe('policy check passed: 0 errors, 0 warnings, 0 excepted, 0 exception problems');
  });

  test('one finding in one line names the file, the rule and the resource', () => {
    expect(formatFinding(result.errors[0])).toBe('cdktf.out/stacks/acme-prod-gcp/cdk.tf.json: TEST-NOT-PUBLIC thing.a: public is true (expected false)');
  });

  test('an empty result says so', () => {
    expect(renderTable(evaluate([], [testPack], { today: TODAY }))).toBe('No findings.');
  });
});
