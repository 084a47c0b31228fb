import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The problems a cdktf synth reports for what `build` adds to a fresh stack, as the message its validation throws
 * (every construct's problems, each under its path). Fails when the synth passes.
 */
export function tfValidationMessage(build: (scope: Construct) => void): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  try {
    Testing.synth(stack, true);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to report validation problems');
}
