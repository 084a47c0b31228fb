import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, CloudFormationValidatePlugin, IPolicyValidationContext, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPackProps, NIST80053R5Checks } from 'cdk-nag';
import { ThreadedCloudFormationValidation } from './cloudformation-validation-thread';
import { RecordedValidator, RecordedViolation, StackValidation, validationFileOf, ValidatorKind } from '../../artifacts';

export { ThreadedCloudFormationValidation };

/**
 * App context for a synth that records validation: the report is read after synth, so the first error must not
 * abort it, and aws-cdk-lib must keep the CloudFormation engine's errors as errors (it downgrades them by default).
 */
export const AWS_VALIDATION_CONTEXT: Readonly<Record<string, unknown>> = {
  '@aws-cdk/core:failSynthOnValidationErrors': false,
  '@aws-cdk/core:validateAgainstDefaultRules': true,
};

/**
 * Adds cdk-nag's `AwsSolutions` and `NIST.800-53.R5` packs and the CloudFormation validation engine to the app as
 * validation plugins. cdk-nag 3 walks the construct tree at synth and leaves out what `Validations.of(...)
 * .acknowledge` acknowledged (which `suppressNag` writes). The engine runs as an explicit plugin, so it runs
 * whatever `CDK_VALIDATION` says, on a thread of its own (`ThreadedCloudFormationValidation`, best made before the
 * app is built so that it is ready when the templates are), in the order aws-cdk-lib would run it: last.
 */
export function addAwsValidators(app: App, engine: ThreadedCloudFormationValidation = new ThreadedCloudFormationValidation()): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecksStartingEngine(app, { verbose: true }, engine),
    new NIST80053R5Checks(app, { verbose: true }),
    engine,
  );
}

/**
 * The `AwsSolutions` pack, which aws-cdk-lib runs first, once the templates are written: it hands them to the
 * engine's thread before walking the tree, so the engine validates while cdk-nag's packs run.
 */
class AwsSolutionsChecksStartingEngine extends AwsSolutionsChecks {
  constructor(app: App, props: NagPackProps, private readonly engine: ThreadedCloudFormationValidation) {
    super(app, props);
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.engine.start(context);
    return super.validate(context);
  }
}

/**
 * After `app.synth()`: splits aws-cdk-lib's `validation-report.json` by stack and writes each stack's part next
 * to its template (`<stack>.validation.json`, see `validationFileOf`), with logical ids resolved from the construct
 * tree, so the policy engine reads findings from the assembly and never builds the app again.
 */
export function recordAwsValidation(app: App, outdir: string): void {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
  const resources = new Map<string, CfnResource>();
  for (const c of app.node.findAll()) if (CfnResource.isCfnResource(c)) resources.set(c.node.path, c);

  const validators: RecordedValidator[] = [];
  const byStack = new Map<string, RecordedViolation[]>();
  for (const plugin of report.pluginReports ?? []) {
    const name = String(plugin.pluginName);
    const kind = kindOf(name);
    validators.push({
      name,
      kind,
      ran: !(plugin.conclusion === 'failure' && (plugin.violations ?? []).length === 0),
      ...(plugin.metadata?.error !== undefined ? { error: String(plugin.metadata.error) } : {}),
    });
    for (const violation of plugin.violations ?? []) {
      for (const construct of violation.violatingConstructs ?? []) {
        const constructPath = String(construct.constructPath ?? '');
        const resource = resources.get(constructPath);
        const logicalId = construct.cloudFormationResource?.logicalId ?? (resource ? Stack.of(resource).resolve(resource.logicalId) : undefined);
        const stack = constructPath.split('/')[0];
        const list = byStack.get(stack) ?? [];
        list.push({
          validator: name,
          kind,
          rule: String(violation.ruleName),
          severity: String(violation.severity),
          description: String(violation.description),
          constructPath,
          ...(logicalId !== undefined ? { logicalId } : {}),
        });
        byStack.set(stack, list);
      }
    }
  }

  for (const stack of app.node.children.filter(Stack.isStack)) {
    const record: StackValidation = { validators, violations: byStack.get(stack.node.id) ?? [] };
    fs.writeFileSync(path.join(outdir, validationFileOf(stack.templateFile)), JSON.stringify(record, undefined, 1));
  }
}

function kindOf(pluginName: string): ValidatorKind {
  return pluginName === CloudFormationValidatePlugin.PLUGIN_NAME ? 'cloudformation-validation' : 'cdk-nag';
}
