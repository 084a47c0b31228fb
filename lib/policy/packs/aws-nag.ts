import type { Artifact, RecordedViolation } from '../../artifacts';
import type { RuleCoverage } from '../engine';
import type { Finding, Severity } from '../types';

/** What {@link awsNagFindings} found, in the terms of `evaluate`'s `extraFindings` and `extraCoverage`. */
export interface AwsNagResult {
  /**
   * Unacknowledged cdk-nag errors and warnings, CloudFormation validation errors and unacknowledged warnings, a
   * validator that failed to run, and a stack on which none ran.
   */
  readonly findings: readonly Finding[];
  /** The cdk-nag rules that map to a baseline control, per environment checked, so the controls matrix counts them. */
  readonly coverage: readonly RuleCoverage[];
  /** The stacks whose recorded findings were read, by stack name. */
  readonly stacks: readonly string[];
}

/**
 * cdk-nag rules that evaluate a baseline control on AWS. Only rules whose failure means the control is broken are
 * listed; the others still produce findings, without a control.
 */
export const AWS_NAG_CONTROLS: Readonly<Record<string, readonly string[]>> = {
  'AwsSolutions-EKS1': ['cluster-api-private'],
  'AwsSolutions-EKS2': ['diagnostics-on'],
  'AwsSolutions-VPC7': ['flow-logs-on'],
  'NIST.800.53.R5-VPCFlowLogsEnabled': ['flow-logs-on'],
  'AwsSolutions-ECR1': ['registry-private'],
  'NIST.800.53.R5-VPCSubnetAutoAssignPublicIpDisabled': ['nodes-no-public-ip'],
};

/** Prefix of the rule ids of CloudFormation validation engine findings, e.g. `CFN-E3012`. */
export const CFN_VALIDATION_RULE_PREFIX = 'CFN-';

const NAG_REMEDIATION = 'Fix the resource; if the deviation is right for the baseline, acknowledge this finding next to the resource with suppressNag (constructs/aws/private/nag.ts) and a reason that says why.';
const CFN_REMEDIATION = 'Fix the property the CloudFormation validation engine names; a warning that is right on purpose is acknowledged with Validations.of(stack).acknowledge and a reason.';

/** Rule id of the finding on an AWS stack that no validator checked. */
export const AWS_NAG_NOT_RUN_RULE = 'AWS-NAG-NOT-RUN';

/**
 * The findings that cdk-nag's `AwsSolutions` and `NIST.800-53.R5` packs and aws-cdk-lib's CloudFormation validation
 * engine recorded in the assembly while the AWS app was synthesized (`synthesize(org, { nag: true })`), as policy
 * findings and coverage for `evaluate`. It reads artifacts only: no engine, no second build of the app.
 *
 * A CloudFormation stack without a record was not checked, which is an error (`AWS-NAG-NOT-RUN`) rather than a pass;
 * a validator that crashed checked nothing, which fails every environment it ran on.
 */
export function awsNagFindings(artifacts: readonly Artifact[]): AwsNagResult {
  const stacks = artifacts.filter((a) => a.kind === 'cloudformation');
  const findings: Finding[] = [];
  const checked = new Set<string>();
  const failed = new Map<string, Finding>();
  for (const stack of stacks) {
    if (!stack.validation) {
      findings.push({
        ruleId: AWS_NAG_NOT_RUN_RULE,
        severity: 'error',
        controls: [],
        environment: stack.environment,
        cloud: 'aws',
        kind: 'cloudformation',
        file: stack.file,
        resource: stack.name,
        message: `cdk-nag and the CloudFormation validation engine did not run on stack "${stack.name}": nothing recorded their findings`,
        remediation: 'Synthesize with the validators on: synthesize(org, { nag: true }) or synthesizeArtifacts(org, { nag: true }), as `npm run check` does.',
      });
      continue;
    }
    checked.add(stack.environment);
    for (const violation of stack.validation.violations) {
      const finding = findingOf(violation, stack);
      if (finding) findings.push(finding);
    }
    // A validator that crashed checked nothing: that fails every environment it was to check.
    for (const validator of stack.validation.validators.filter((v) => !v.ran)) {
      const key = `${stack.environment}\u0000${validator.name}`;
      if (failed.has(key)) continue;
      failed.set(key, {
        ruleId: `${validator.name.replace(/ /g, '-')}-FAILED`,
        severity: 'error',
        controls: [],
        environment: stack.environment,
        cloud: 'aws',
        kind: 'cloudformation',
        file: 'cdk.out/validation-report.json',
        resource: validator.name,
        message: validator.error ?? `validation plugin "${validator.name}" failed without violations`,
        remediation: 'Fix the validation plugin or the template it cannot read; until then nothing it covers is checked.',
      });
    }
  }
  const coverage = [...checked].flatMap((environment) => Object.entries(AWS_NAG_CONTROLS)
    .map(([ruleId, controls]) => ({ ruleId, controls, environment, cloud: 'aws' as const })));
  return {
    findings: [...findings, ...failed.values()].sort((a, b) => a.environment.localeCompare(b.environment) || a.file.localeCompare(b.file)
      || a.resource.localeCompare(b.resource) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message)),
    coverage,
    stacks: stacks.filter((s) => s.validation).map((s) => s.name),
  };
}

function findingOf(violation: RecordedViolation, stack: Artifact): Finding | undefined {
  const severity = severityOf(violation.severity);
  if (!severity) return undefined;
  const isCfn = violation.kind === 'cloudformation-validation';
  const { ruleId, finding } = isCfn ? { ruleId: `${CFN_VALIDATION_RULE_PREFIX}${violation.rule}`, finding: undefined } : splitRuleId(violation.rule);
  return {
    ruleId,
    severity,
    controls: AWS_NAG_CONTROLS[ruleId] ?? [],
    environment: stack.environment,
    cloud: 'aws',
    kind: 'cloudformation',
    file: stack.file,
    resource: violation.logicalId ?? violation.constructPath,
    message: `${finding ? `[${finding}] ` : ''}${violation.description} (at ${violation.constructPath})`,
    remediation: isCfn ? CFN_REMEDIATION : NAG_REMEDIATION,
  };
}

/** `AwsSolutions-IAM4[Policy::arn:...]` → the rule `AwsSolutions-IAM4` and its finding `Policy::arn:...`. */
function splitRuleId(name: string): { ruleId: string; finding?: string } {
  const bracket = name.indexOf('[');
  return bracket < 0 || !name.endsWith(']') ? { ruleId: name } : { ruleId: name.slice(0, bracket), finding: name.slice(bracket + 1, -1) };
}

function severityOf(severity: string): Severity | undefined {
  if (severity === 'error' || severity === 'fatal') return 'error';
  if (severity === 'warning') return 'warning';
  return undefined;
}
