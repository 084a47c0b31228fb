import { Aspects, CfnResource, IAspect, TagManager, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/**
 * CloudFormation types that take `Tags` but that aws-cdk-lib sometimes creates as a plain `CfnResource` without a
 * tag manager (custom resource providers do), so `Tags.of()` never reaches them.
 */
const UNMANAGED_TAGGABLE_TYPES = new Set(['AWS::IAM::Role', 'AWS::Lambda::Function']);

/**
 * Puts the mandatory tags on every taggable resource in scope: `Tags.of()` for the ones with a tag manager, a
 * `Tags` property for the few plain `CfnResource`s that aws-cdk-lib creates without one, and tag specifications on
 * launch templates so the instances and volumes they launch carry the tags too.
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
    if (node instanceof ec2.CfnLaunchTemplate) {
      this.tagLaunchTemplate(node);
      return;
    }
    if (!CfnResource.isCfnResource(node) || TagManager.isTaggable(node)) return;
    if (!UNMANAGED_TAGGABLE_TYPES.has(node.cfnResourceType)) return;
    node.addPropertyOverride('Tags', this.tagList());
  }

  /**
   * Instances and volumes launched from a template (EKS managed node groups among them) do not inherit the
   * template's or the node group's tags, and cost allocation needs them there.
   */
  private tagLaunchTemplate(template: ec2.CfnLaunchTemplate): void {
    const tags = this.tagList();
    template.addPropertyOverride('TagSpecifications', [{ ResourceType: 'launch-template', Tags: tags }]);
    template.addPropertyOverride('LaunchTemplateData.TagSpecifications',
      ['instance', 'volume', 'network-interface'].map((ResourceType) => ({ ResourceType, Tags: tags })));
  }

  private tagList(): { Key: string; Value: string }[] {
    return Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value }));
  }
}
