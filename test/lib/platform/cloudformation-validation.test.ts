import { acme } from '../../../examples/acme/org';
import { defineOrganization } from '../../../lib';
import { buildAwsApp } from '../../../lib/platform/synth-aws';
import { cloudFormationValidationReport } from '../../support/cdk';

/**
 * The CloudFormation validation engine bundled in aws-cdk-lib (`CloudFormationValidatePlugin`) runs once here,
 * over every template of the example organization, exactly as it runs inside `cdk synth`. The main `npm run synth`
 * and the unit tests skip it because it doubles synth time (see README, "Performance").
 */
test('the CloudFormation validation engine finds no errors in any AWS template', () => {
  // WHEN the example's AWS app is synthesized with the engine on
  const org = defineOrganization(acme);
  const report = cloudFormationValidationReport((app) => buildAwsApp(org, org.environments, app));

  // THEN the engine ran over all templates and reported no error
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
});
