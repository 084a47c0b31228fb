import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';

/**
 * Synthesizes the app that `build` fills with the CloudFormation validation engine bundled in aws-cdk-lib on,
 * as in `cdk synth`, and returns the parsed `validation-report.json` (which lists only the plugins that found
 * something).
 *
 * The engine is off in the unit tests (`CDK_VALIDATION`) because it triples synth time, and it reports through
 * `console.error` and `process.exitCode`: all three are restored, and the output folder removed, afterwards.
 */
export function cloudFormationValidationReport(build: (app: App) => void): any {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-validate-'));
  const previous = process.env.CDK_VALIDATION;
  delete process.env.CDK_VALIDATION;
  const exitCode = process.exitCode;
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const app = new App({
      outdir,
      analyticsReporting: false,
      builtinCloudFormationValidation: true,
      // As in the platform's synth: the engine's errors count as errors, not warnings; the report is read here
      // instead of synth throwing on the first one.
      context: { '@aws-cdk/core:validateAgainstDefaultRules': true, '@aws-cdk/core:failSynthOnValidationErrors': false },
    } as any);
    build(app);
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf-8'));
  } finally {
    process.env.CDK_VALIDATION = previous;
    process.exitCode = exitCode;
    error.mockRestore();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
