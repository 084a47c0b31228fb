import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnLaunchTemplate } from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsMandatoryTags } from '../../../constructs/aws';

describe('AwsMandatoryTags', () => {
  // GIVEN a stack with an L2 role and a plain CfnResource role (as custom resource providers create them)
  const stack = new Stack(new App(), 'Test');
  AwsMandatoryTags.apply(stack, { 'owner': 'platform-team', 'cost-center': 'cc-1' });
  new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  new CfnResource(stack, 'PlainRole', { type: 'AWS::IAM::Role', properties: { AssumeRolePolicyDocument: {} } });
  new CfnResource(stack, 'Other', { type: 'AWS::SNS::TopicPolicy', properties: { Topics: [], PolicyDocument: {} } });
  const template = Template.fromStack(stack);
  const tagsOf = (id: string) => template.toJSON().Resources[id].Properties.Tags;

  test('resources with a tag manager get the tags, also when added after apply()', () => {
    expect(tagsOf('Role1ABCC5F0')).toEqual([{ Key: 'cost-center', Value: 'cc-1' }, { Key: 'owner', Value: 'platform-team' }]);
  });

  test('plain CfnResources of taggable types get a Tags property', () => {
    expect(tagsOf('PlainRole')).toEqual([{ Key: 'owner', Value: 'platform-team' }, { Key: 'cost-center', Value: 'cc-1' }]);
  });

  test('types that take no tags are left alone', () => {
    expect(tagsOf('Other')).toBeUndefined();
  });
});

describe('AwsMandatoryTags on launch templates', () => {
  test('instances, volumes and ENIs launched from a template carry the tags, and so does the template', () => {
    // GIVEN a launch template (as EKS node groups use)
    const stack = new Stack(new App(), 'Test');
    AwsMandatoryTags.apply(stack, { owner: 'platform-team' });
    new CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { metadataOptions: { httpTokens: 'required' } } });
    // WHEN synthesized THEN tag specifications are added and the template data is kept
    const properties = Template.fromStack(stack).toJSON().Resources.Template.Properties;
    const tags = [{ Key: 'owner', Value: 'platform-team' }];
    expect(properties.TagSpecifications).toEqual([{ ResourceType: 'launch-template', Tags: tags }]);
    expect(properties.LaunchTemplateData).toEqual({
      MetadataOptions: { HttpTokens: 'required' },
      TagSpecifications: [
        { ResourceType: 'instance', Tags: tags }, { ResourceType: 'volume', Tags: tags }, { ResourceType: 'network-interface', Tags: tags },
      ],
    });
  });
});
