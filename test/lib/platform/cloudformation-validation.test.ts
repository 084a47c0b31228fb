import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, synthesize } from '../../../lib';

/**
 * The CloudFormation validation engine bundled in aws-cdk-lib (`CloudFormationValidatePlugin`) runs once here,
 * over every template of the example organization, exactly as it runs inside `cdk synth`. The main `npm run synth`
 * and the unit tests skip it because it triples synth time (see README, "Performance").
 */
test('the CloudFormation validation engine finds no errors in any AWS template', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  const exitCode = process.exitCode;
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    // WHEN the example is synthesized with the engine on
    synthesize(defineOrganization(acme), { outdir, clouds: ['aws'], cloudFormationValidation: true });

    // THEN the engine ran over all three templates and reported no error
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'cdk.out', 'validation-report.json'), 'utf-8'));
    const plugin = report.pluginReports.find((r: any) => r.pluginName === 'CloudFormation Validate');
    expect(plugin).toBeDefined();
    const errors = plugin.violations.filter((v: any) => v.severity === 'error' || v.severity === 'fatal');
    expect(errors).toEqual([]);
    expect(plugin.conclusion).toBe('success');
    // Only the warnings the platform acknowledged on purpose are suppressed, each with its reason.
    const acknowledged = new Map<string, string>((plugin.suppressedViolations ?? []).map((s: any) => [s.ruleName, s.reason]));
    expect([...acknowledged.keys()].sort()).toEqual(['W3010', 'W9009']);
    expect(acknowledged.get('W3010')).toMatch(/^Availability zones come from the organization spec/);
    expect(acknowledged.get('W9009')).toMatch(/^EKS EncryptionConfig/);
  } finally {
    process.env.CDK_VALIDATION = previous;
    process.exitCode = exitCode;
    error.mockRestore();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
