import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** One acknowledged cdk-nag rule on one resource. */
export interface NagSuppression {
  /** The rule, e.g. `AwsSolutions-IAM4` or `NIST.800.53.R5-IAMNoInlinePolicy`. */
  readonly id: string;
  /** Why the deviation is right for this baseline: at least {@link MIN_REASON_WORDS} words, read at review and audit. */
  readonly reason: string;
  /**
   * Only these findings of the rule, e.g. `Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy` for
   * `AwsSolutions-IAM4`. cdk-nag 3 acknowledges each finding of a multi-finding rule on its own.
   * @default - the rule as a whole (rules that report one finding per resource)
   */
  readonly appliesTo?: readonly string[];
}

/** A reason shorter than this says what, not why. */
export const MIN_REASON_WORDS = 10;

/** The CloudFormation metadata key cdk-nag writes its audit trail under. */
export const NAG_METADATA_KEY = 'cdk_nag';

// `AwsSolutions-IAM4`, `NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW`: pack, dash, rule.
const RULE_ID = /^[A-Za-z][A-Za-z0-9.]*-[A-Za-z0-9]+$/;

/**
 * Acknowledges cdk-nag rules on a CloudFormation resource (the construct itself, or its default child), with a reason.
 *
 * `constructs/aws` must not depend on cdk-nag, so this writes what cdk-nag 3 reads and writes, through aws-cdk-lib:
 * - `Validations.of(resource).acknowledge(...)`, which cdk-nag 3 checks on the resource and its ancestors
 *   (`Rule[finding]` for each `appliesTo` entry);
 * - the `cdk_nag: { rules_to_suppress: [{ id, reason }] }` metadata on the resource, in the format of cdk-nag's own
 *   `WriteNagSuppressionsToCloudFormationAspect`, merged with what is there, so every template carries its
 *   suppressions and their reasons for audit without running cdk-nag.
 *
 * Throws one Error listing every problem (unknown target, bad rule id, missing or too short reason).
 */
export function suppressNag(construct: IConstruct, suppressions: readonly NagSuppression[]): void {
  const resource = CfnResource.isCfnResource(construct) ? construct : construct.node.defaultChild;
  const problems: string[] = [];
  if (!resource || !CfnResource.isCfnResource(resource)) {
    problems.push(`${construct.node.path} is not a CloudFormation resource and has no default child that is one (expected a CfnResource or a construct wrapping one)`);
  }
  for (const s of suppressions) {
    if (!RULE_ID.test(s.id)) {
      problems.push(`rule id "${s.id}" is not a cdk-nag rule id (expected like AwsSolutions-IAM4 or NIST.800.53.R5-IAMNoInlinePolicy)`);
    }
    const words = s.reason.trim().split(/\s+/).filter((w) => w.length > 0).length;
    if (words === 0) {
      problems.push(`the suppression of ${s.id} has no reason (expected at least ${MIN_REASON_WORDS} words saying why the deviation is right for this baseline)`);
    } else if (words < MIN_REASON_WORDS) {
      problems.push(`the reason "${s.reason.trim()}" of ${s.id} has ${words} word${words === 1 ? '' : 's'} (expected at least ${MIN_REASON_WORDS} words saying why the deviation is right for this baseline)`);
    }
    if (s.appliesTo?.length === 0 || s.appliesTo?.some((a) => a.trim() === '')) {
      problems.push(`appliesTo of ${s.id} has no finding or an empty one (expected finding ids like Policy::arn:..., or leave appliesTo out)`);
    }
  }
  if (problems.length > 0) throw new Error(problems.map((p) => `suppressNag: ${p}`).join('\n'));

  const target = resource as CfnResource;
  const rules = suppressions.flatMap((s) => (s.appliesTo ?? [undefined]).map((finding) => ({
    id: finding === undefined ? s.id : `${s.id}[${finding}]`,
    reason: s.reason.trim(),
  })));
  for (const rule of rules) Validations.of(target).acknowledge(rule);
  const existing: { id: string; reason: string }[] = target.getMetadata(NAG_METADATA_KEY)?.rules_to_suppress ?? [];
  const merged = [...existing.filter((e) => !rules.some((r) => r.id === e.id)), ...rules];
  target.addMetadata(NAG_METADATA_KEY, { rules_to_suppress: merged });
}

/** How cdk-nag writes a resolved value in a finding: a `Ref` as `<LogicalId>`, the parts of an `Fn::Join` joined. */
export function nagText(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved;
  const value = resolved as { 'Ref'?: string; 'Fn::Join'?: [string, unknown[]] };
  if (value.Ref !== undefined) return `<${value.Ref}>`;
  if (value['Fn::Join'] !== undefined) return value['Fn::Join'][1].map(nagText).join(value['Fn::Join'][0]);
  return JSON.stringify(resolved);
}
