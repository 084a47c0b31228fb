import type { ControlsMatrix } from './controls';
import type { PolicyResult } from './engine';
import type { Finding } from './types';

/** Counts that sum up a result. */
export interface PolicySummary {
  readonly passed: boolean;
  /** Unexcepted error findings. */
  readonly errors: number;
  /** Unexcepted warning findings. */
  readonly warnings: number;
  /** Findings an exception covers. */
  readonly excepted: number;
  /** Ledger problems (invalid, expired without a match, stale). */
  readonly exceptionProblems: number;
}

export function summarize(result: PolicyResult): PolicySummary {
  return {
    passed: result.passed,
    errors: result.errors.length,
    warnings: result.findings.filter((f) => f.severity === 'warning' && !f.exception).length,
    excepted: result.findings.filter((f) => f.exception).length,
    exceptionProblems: result.exceptionProblems.length,
  };
}

/**
 * The report as plain data with a stable key order and findings in a stable order, so two runs over the same
 * output produce the same file and a diff shows only what changed.
 */
export function jsonReport(result: PolicyResult, matrix?: ControlsMatrix): object {
  const summary = summarize(result);
  return {
    passed: summary.passed,
    summary: {
      errors: summary.errors,
      warnings: summary.warnings,
      excepted: summary.excepted,
      exceptionProblems: summary.exceptionProblems,
    },
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      status: status(f),
      environment: f.environment,
      cloud: f.cloud,
      kind: f.kind,
      file: f.file,
      resource: f.resource,
      message: f.message,
      remediation: f.remediation,
      controls: [...f.controls],
      ...(f.exception ? { exception: { owner: f.exception.owner, expires: f.exception.expires, reason: f.exception.reason } } : {}),
    })),
    exceptionProblems: result.exceptionProblems.map((p) => ({ index: p.index, severity: p.severity, message: p.message })),
    ...(matrix ? {
      controls: matrix.rows.map((row) => ({
        control: row.control.id,
        title: row.control.title,
        cells: row.cells.map((c) => ({
          environment: c.environment,
          cloud: c.cloud,
          status: c.status,
          failingRules: [...c.failingRules],
          exceptedRules: [...c.exceptedRules],
        })),
      })),
    } : {}),
  };
}

/** {@link jsonReport} as the text of `policy-report.json`. */
export function renderJsonReport(result: PolicyResult, matrix?: ControlsMatrix): string {
  return `${JSON.stringify(jsonReport(result, matrix), null, 2)}\n`;
}

/**
 * The findings as a table for a terminal: rule, severity, environment/cloud, resource, message. Excepted findings
 * show their owner and expiry; each unexcepted one is followed by its file and how to fix it.
 */
export function renderTable(result: PolicyResult): string {
  if (result.findings.length === 0 && result.exceptionProblems.length === 0) return 'No findings.';
  const header = ['RULE', 'SEVERITY', 'ENV/CLOUD', 'RESOURCE', 'MESSAGE'];
  const rows = result.findings.map((f) => [
    f.ruleId,
    f.exception ? `${f.severity} (excepted)` : f.severity,
    `${f.environment}/${f.cloud}`,
    f.resource,
    f.exception ? `${f.message} [exception: owner ${f.exception.owner}, expires ${f.exception.expires}]` : f.message,
  ]);
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => [...cells.slice(0, 4).map((c, i) => c.padEnd(widths[i])), cells[4]].join('  ');
  const lines = [line(header)];
  result.findings.forEach((f, i) => {
    lines.push(line(rows[i]));
    if (!f.exception) lines.push(`    at ${f.file}; fix: ${f.remediation}`);
  });
  if (result.exceptionProblems.length > 0) {
    lines.push('', 'Exceptions ledger:');
    for (const p of result.exceptionProblems) lines.push(`  ${p.severity.padEnd(7)}  ${p.message}`);
  }
  return lines.join('\n');
}

/** One line for the end of a run, e.g. `policy check FAILED: 2 errors, 0 warnings, 1 excepted, 0 exception problems`. */
export function summaryLine(result: PolicyResult): string {
  const s = summarize(result);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `policy check ${s.passed ? 'passed' : 'FAILED'}: ${count(s.errors, 'error')}, ${count(s.warnings, 'warning')}, ${s.excepted} excepted, ${count(s.exceptionProblems, 'exception problem')}`;
}

/** One finding in one line, naming the rule, the resource and the file (for logs and error messages). */
export function formatFinding(f: Finding): string {
  return `${f.file}: ${f.ruleId} ${f.resource}: ${f.message}`;
}

function status(f: Finding): 'error' | 'warning' | 'excepted' {
  return f.exception ? 'excepted' : f.severity;
}
