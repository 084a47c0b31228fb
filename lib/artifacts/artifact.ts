import type { Cloud } from '../spec';

/** The three kinds of synthesized output. */
export type ArtifactKind = 'cloudformation' | 'terraform' | 'kubernetes';

/**
 * One synthesized file, parsed, with the environment and cloud it belongs to.
 *
 * Policies and parity read these, never the construct tree, so they judge what will actually be deployed
 * whichever construct (ours or a team's) produced it.
 */
export interface Artifact {
  readonly kind: ArtifactKind;
  /** The cloud it deploys to; for Kubernetes manifests, the cloud of the cluster they are applied to. */
  readonly cloud: Cloud;
  /** Environment name, e.g. `prod`. */
  readonly environment: string;
  /** Stack name (`acme-prod`, `acme-prod-azure`) or manifest name (`prod/aws/baseline`). */
  readonly name: string;
  /** Path of the file, relative to the synth output folder. */
  readonly file: string;
  /**
   * The parsed content: a CloudFormation template, a `cdk.tf.json` document, or the list of Kubernetes objects
   * of a manifest file.
   */
  readonly document: any;
  /**
   * What validators that ran inside the engine's own synth recorded for this stack (cdk-nag and the CloudFormation
   * validation engine on AWS stacks, with `synthesize(org, { nag: true })`), read from `<file>.validation.json`
   * next to the template.
   * @default - none: no validator ran during the synth
   */
  readonly validation?: StackValidation;
}

/**
 * The findings of the validators that ran during one stack's synth, as the synth recorded them in the assembly
 * (`cdk.out/<stack>.validation.json`). The synth has the construct tree at hand, so each violation already names
 * its logical id; a reader needs no engine to make sense of it.
 */
export interface StackValidation {
  /** Every validator that ran on the app, and whether it completed. */
  readonly validators: readonly RecordedValidator[];
  /** What they reported on this stack, acknowledged findings left out. */
  readonly violations: readonly RecordedViolation[];
}

/** Which engine a validator is. */
export type ValidatorKind = 'cdk-nag' | 'cloudformation-validation';

/** A validator that ran during the synth. */
export interface RecordedValidator {
  /** Its name, e.g. `AwsSolutions`, `NIST.800.53.R5`, `CloudFormation Validate`. */
  readonly name: string;
  readonly kind: ValidatorKind;
  /** False when the validator itself failed (a failure with no violation anywhere): it checked nothing. */
  readonly ran: boolean;
  /** The validator's own error, when it failed to run. */
  readonly error?: string;
}

/** One finding of a validator on one resource of the stack. */
export interface RecordedViolation {
  /** Name of the validator that reported it. */
  readonly validator: string;
  readonly kind: ValidatorKind;
  /** The rule as the validator names it: `AwsSolutions-IAM4[Policy::arn:...]`, or the engine's `F3012`. */
  readonly rule: string;
  /** As the validator reported it: `error`, `fatal`, `warning`, `info`... */
  readonly severity: string;
  readonly description: string;
  /** Path of the violating construct, e.g. `acme-dev/Network/Resource/publicSubnet1/DefaultRoute`. */
  readonly constructPath: string;
  /** The resource's logical id in the template, when the construct is a resource. */
  readonly logicalId?: string;
}
