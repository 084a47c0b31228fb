import { Aspects, CfnResource, IAspect, TagManager, Tags } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * CloudFormation types that take `Tags` but that aws-cdk-lib sometimes creates as a plain `CfnResource` without a
 * tag manager (custom resource providers do), so `Tags.of()` never reaches them.
 */
const UNMANAGED_TAGGABLE_TYPES = new Set(['AWS::IAM::Role', 'AWS::Lambda::Function']);

/**
 * Puts the mandatory tags on every taggable resource in scope: `Tags.of()` for the ones with a tag manager, and a
 * `Tags` property for the few plain `CfnResource`s that aws-cdk-lib creates without one.
 */
export class AwsMandatoryTags implements IAspect {
  /** Tags everything under `scope`, resources added later included. */
  public static apply(scope: IConstruct, tags: Record<string, string>): AwsMandatoryTags {
    for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value);
    const aspect = new AwsMandatoryTags(tags);
    Aspects.of(scope).add(aspect);
    return aspect;
  }

  private constructor(private readonly tags: Record<string, string>) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || TagManager.isTaggable(node)) return;
    if (!UNMANAGED_TAGGABLE_TYPES.has(node.cfnResourceType)) return;
    node.addPropertyOverride('Tags', Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value })));
  }
}
