import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, CloudFormationValidatePlugin, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { buildAwsApp } from '../../platform/synth-aws';
import type { Organization } from '../../spec';
import type { RuleCoverage } from '../engine';
import type { Finding, Severity } from '../types';

/** Options of {@link awsNagFindings}. */
export interface AwsNagOptions {
  /**
   * Only these environments.
   * @default - every environment with an AWS placement
   */
  readonly environments?: readonly string[];
  /**
   * Changes the app after the platform built it and before it is checked. For tests of variants (a stack with
   * one suppression removed, a resource added) that must be checked exactly like the real app.
   * @default - none
   */
  readonly variant?: (app: App) => void;
}

/** What {@link awsNagFindings} found, in the terms of `evaluate`'s `extraFindings` and `extraCoverage`. */
export interface AwsNagResult {
  /** Unacknowledged cdk-nag errors and warnings, and CloudFormation validation errors and unacknowledged warnings. */
  readonly findings: readonly Finding[];
  /** The cdk-nag rules that map to a baseline control, per environment checked, so the controls matrix counts them. */
  readonly coverage: readonly RuleCoverage[];
  /** The stacks checked, by stack name. */
  readonly stacks: readonly string[];
  /** Wall time of the build, synth and checks, in milliseconds. */
  readonly durationMs: number;
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

/**
 * Runs cdk-nag's `AwsSolutions` and `NIST.800-53.R5` packs and aws-cdk-lib's CloudFormation validation engine over
 * every AWS stack of the organization (`<org>-<env>`, `<org>-<env>-team-<team>`, `<org>-<env>-dr`), and returns
 * what they report as policy findings.
 *
 * The app is built and synthesized in memory into a temporary folder, removed afterwards. cdk-nag 3 is a validation
 * plugin: it walks the construct tree at synth and leaves out what `Validations.of(...).acknowledge` acknowledged
 * (which `suppressNag` writes). The CloudFormation engine runs as an explicit plugin, so it runs whatever
 * `CDK_VALIDATION` says, and with its errors kept as errors (aws-cdk-lib downgrades them to warnings by default).
 *
 * It costs a full AWS synth with validation (seconds): `npm run check` and its own test run it, `npm run synth`
 * does not.
 */
export function awsNagFindings(org: Organization, options: AwsNagOptions = {}): AwsNagResult {
  const start = performance.now();
  const environments = selectAwsEnvironments(org, options.environments);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-nag-'));
  try {
    const app = new App({
      outdir,
      analyticsReporting: false,
      builtinCloudFormationValidation: false,
      context: {
        // The report is read below; synth must not throw on the first error.
        '@aws-cdk/core:failSynthOnValidationErrors': false,
        '@aws-cdk/core:validateAgainstDefaultRules': true,
      },
    });
    const environmentOfStack = new Map<string, string>();
    for (const environment of environments) {
      const before = new Set(app.node.children);
      buildAwsApp(org, [environment], app);
      for (const stack of app.node.children.filter((c) => !before.has(c))) environmentOfStack.set(stack.node.id, environment.name);
    }
    options.variant?.(app);
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true }),
      new NIST80053R5Checks(app, { verbose: true }),
      new CloudFormationValidatePlugin(),
    );
    app.synth();

    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
    const findings = [
      ...findingsOf(report, app, environmentOfStack),
      ...pluginFailures(report, environments.map((e) => e.name)),
    ];
    const coverage = environments.flatMap((e) => Object.entries(AWS_NAG_CONTROLS)
      .map(([ruleId, controls]) => ({ ruleId, controls, environment: e.name, cloud: 'aws' as const })));
    return { findings, coverage, stacks: [...environmentOfStack.keys()], durationMs: performance.now() - start };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function selectAwsEnvironments(org: Organization, names: readonly string[] | undefined) {
  const unknown = (names ?? []).filter((n) => !org.environments.some((e) => e.name === n));
  if (unknown.length > 0) {
    throw new Error(`awsNagFindings: unknown environment ${unknown.map((n) => `"${n}"`).join(', ')} (expected one of ${org.environments.map((e) => e.name).join(', ')})`);
  }
  return org.environments.filter((e) => e.aws !== undefined && (names === undefined || names.includes(e.name)));
}

function findingsOf(report: any, app: App, environmentOfStack: ReadonlyMap<string, string>): Finding[] {
  const resources = new Map<string, CfnResource>();
  for (const c of app.node.findAll()) if (CfnResource.isCfnResource(c)) resources.set(c.node.path, c);
  const findings: Finding[] = [];
  for (const plugin of report.pluginReports ?? []) {
    const isCfn = plugin.pluginName === CloudFormationValidatePlugin.PLUGIN_NAME;
    for (const violation of plugin.violations ?? []) {
      const severity = severityOf(violation.severity);
      if (!severity) continue;
      const { ruleId, finding } = isCfn ? { ruleId: `${CFN_VALIDATION_RULE_PREFIX}${violation.ruleName}`, finding: undefined } : splitRuleId(violation.ruleName);
      for (const construct of violation.violatingConstructs ?? []) {
        const constructPath: string = construct.constructPath ?? '';
        const stackId = constructPath.split('/')[0];
        const resource = resources.get(constructPath);
        const logicalId = construct.cloudFormationResource?.logicalId ?? (resource ? Stack.of(resource).resolve(resource.logicalId) : undefined);
        const templatePath = construct.cloudFormationResource?.templatePath ?? `${stackId}.template.json`;
        findings.push({
          ruleId,
          severity,
          controls: AWS_NAG_CONTROLS[ruleId] ?? [],
          environment: environmentOfStack.get(stackId) ?? stackId,
          cloud: 'aws',
          kind: 'cloudformation',
          file: path.join('cdk.out', templatePath),
          resource: logicalId ?? constructPath,
          message: `${finding ? `[${finding}] ` : ''}${violation.description} (at ${constructPath})`,
          remediation: isCfn ? CFN_REMEDIATION : NAG_REMEDIATION,
        });
      }
    }
  }
  return findings.sort((a, b) => a.environment.localeCompare(b.environment) || a.file.localeCompare(b.file)
    || a.resource.localeCompare(b.resource) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

// A plugin that crashed checked nothing: that fails every environment rather than passing silently.
function pluginFailures(report: any, environments: readonly string[]): Finding[] {
  return (report.pluginReports ?? [])
    .filter((p: any) => p.conclusion === 'failure' && (p.violations ?? []).length === 0)
    .flatMap((p: any) => environments.map((environment): Finding => ({
      ruleId: `${p.pluginName.replace(/ /g, '-')}-FAILED`,
      severity: 'error',
      controls: [],
      environment,
      cloud: 'aws',
      kind: 'cloudformation',
      file: 'cdk.out/validation-report.json',
      resource: p.pluginName,
      message: String(p.metadata?.error ?? `validation plugin "${p.pluginName}" failed without violations`),
      remediation: 'Fix the validation plugin or the template it cannot read; until then nothing it covers is checked.',
    })));
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
