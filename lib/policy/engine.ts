import type { Artifact } from '../artifacts';
import type { Cloud } from '../spec';
import { CONTROLS } from './controls';
import { applyExceptions, ExceptionProblem } from './exceptions';
import type { ArtifactViolation, CrossArtifactRule, Finding, PolicyException, Rule, RulePack, Violation } from './types';

/** That a rule was evaluated on some artifact of an environment and cloud; the controls matrix reads it. */
export interface RuleCoverage {
  readonly ruleId: string;
  readonly controls: readonly string[];
  readonly environment: string;
  readonly cloud: Cloud;
}

export interface EvaluateOptions {
  /** The exceptions ledger. @default - no exceptions */
  readonly exceptions?: readonly PolicyException[];
  /** The day exceptions are judged on; pass it explicitly so a check is reproducible. */
  readonly today: Date;
  /**
   * Findings from other engines (e.g. cdk-nag on the AWS stacks). The ledger applies to them like to any other
   * finding, and their controls count in the matrix.
   * @default - none
   */
  readonly extraFindings?: readonly Finding[];
  /**
   * What the other engines evaluated, so a control they cover shows as passing where they found nothing.
   * @default - only what `extraFindings` implies
   */
  readonly extraCoverage?: readonly RuleCoverage[];
}

/** The outcome of a policy check. */
export interface PolicyResult {
  /** Every finding, sorted, with the exception that covers it if any, plus one error per expired exception. */
  readonly findings: readonly Finding[];
  /** Error findings no exception covers: what fails the check. */
  readonly errors: readonly Finding[];
  /** Problems of the ledger itself: invalid entries and expired ones that match nothing (errors), stale ones (warnings). */
  readonly exceptionProblems: readonly ExceptionProblem[];
  /** Which rules ran on which environment and cloud. */
  readonly coverage: readonly RuleCoverage[];
  /** No unexcepted error and no ledger error. */
  readonly passed: boolean;
}

/**
 * Runs every rule of every pack over the artifacts it applies to (its kind and clouds), adds the extra findings,
 * then applies the exceptions ledger.
 *
 * A rule that throws does not stop the check: the crash is reported as an error finding of that rule, since a rule
 * that cannot run has not shown the artifact complies.
 */
export function evaluate(artifacts: readonly Artifact[], packs: readonly RulePack[], options: EvaluateOptions): PolicyResult {
  const rules = validatePacks(packs);
  const findings: Finding[] = [...(options.extraFindings ?? [])];
  const coverage = new Map<string, RuleCoverage>();
  const cover = (c: RuleCoverage) => coverage.set(`${c.ruleId}\u0000${c.environment}\u0000${c.cloud}`, c);
  (options.extraCoverage ?? []).forEach(cover);
  for (const f of options.extraFindings ?? []) cover({ ruleId: f.ruleId, controls: f.controls, environment: f.environment, cloud: f.cloud });

  for (const rule of rules) {
    for (const artifact of artifacts.filter((a) => applies(rule, a))) {
      cover({ ruleId: rule.id, controls: rule.controls, environment: artifact.environment, cloud: artifact.cloud });
      for (const violation of run(rule, artifact)) findings.push(finding(rule, artifact, violation));
    }
  }

  for (const rule of packs.flatMap((p) => p.crossArtifactRules ?? [])) {
    const read = artifacts.filter((a) => rule.kinds.includes(a.kind));
    if (read.length === 0) continue;
    for (const a of read) cover({ ruleId: rule.id, controls: rule.controls, environment: a.environment, cloud: a.cloud });
    for (const { artifact, ...violation } of runAcross(rule, read)) findings.push(finding(rule, artifact, violation));
  }

  const outcome = applyExceptions(findings, options.exceptions ?? [], options.today);
  const all = [...outcome.findings, ...outcome.expired].sort(compareFindings);
  const errors = all.filter((f) => f.severity === 'error' && !f.exception);
  return {
    findings: all,
    errors,
    exceptionProblems: outcome.problems,
    coverage: [...coverage.values()],
    passed: errors.length === 0 && !outcome.problems.some((p) => p.severity === 'error'),
  };
}

/** A violation of a rule (single- or cross-artifact) in one artifact, as the report and the ledger read it. */
function finding(rule: Rule | CrossArtifactRule, artifact: Artifact, violation: Violation): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    controls: rule.controls,
    environment: artifact.environment,
    cloud: artifact.cloud,
    kind: artifact.kind,
    file: artifact.file,
    resource: violation.resource,
    message: violation.message,
    remediation: rule.remediation,
  };
}

/** Whether the rule reads this artifact: same kind, and one of its clouds (every cloud when it names none). */
export function applies(rule: Rule, artifact: Artifact): boolean {
  return rule.kind === artifact.kind && (rule.clouds === undefined || rule.clouds.includes(artifact.cloud));
}

/**
 * Checks that rule ids (cross-artifact rules included) are unique across packs and that every control a rule names
 * exists, reporting every problem at once. Returns the single-artifact rules in pack order.
 */
export function validatePacks(packs: readonly RulePack[]): Rule[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const known = new Set(CONTROLS.map((c) => c.id));
  for (const pack of packs) {
    for (const rule of [...pack.rules, ...pack.crossArtifactRules ?? []]) {
      const previous = seen.get(rule.id);
      if (previous !== undefined) problems.push(`rule "${rule.id}" of pack "${pack.name}" is already defined by pack "${previous}" (expected unique rule ids)`);
      seen.set(rule.id, pack.name);
      for (const control of rule.controls.filter((c) => !known.has(c))) {
        problems.push(`rule "${rule.id}" names control "${control}", which is not in CONTROLS (expected one of ${[...known].join(', ')})`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`evaluate: invalid rule packs:\n${problems.join('\n')}`);
  return packs.flatMap((p) => [...p.rules]);
}

/** The stable order of findings: environment, cloud, file, rule, resource, message. */
export function compareFindings(a: Finding, b: Finding): number {
  const keys = (f: Finding) => [f.environment, f.cloud, f.file, f.ruleId, f.resource, f.message];
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  }
  return 0;
}

function run(rule: Rule, artifact: Artifact) {
  try {
    return rule.check(artifact);
  } catch (e) {
    return [{ resource: artifact.name, message: `rule failed to run: ${e instanceof Error ? e.message : String(e)}` }];
  }
}

function runAcross(rule: CrossArtifactRule, artifacts: readonly Artifact[]): ArtifactViolation[] {
  try {
    return rule.check(artifacts);
  } catch (e) {
    // Reported on the first artifact it read: the finding needs a place, and every environment it covers is unproven.
    return [{ artifact: artifacts[0], resource: '(all artifacts)', message: `rule failed to run: ${e instanceof Error ? e.message : String(e)}` }];
  }
}
