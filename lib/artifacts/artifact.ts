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
}
