import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { suppressNag } from '../../../../constructs/aws/private/nag';

const REASON = 'The queue is a test fixture and this reason has more than ten words in it.';

function stack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function acknowledged(construct: Construct): Record<string, string> {
  return Object.assign({}, ...construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map((m) => m.data));
}

test('an L2 construct is suppressed on its default child: acknowledged for cdk-nag and recorded in the template', () => {
  // GIVEN a queue
  const s = stack();
  const queue = new sqs.Queue(s, 'Queue');

  // WHEN a rule is suppressed on it
  suppressNag(queue, [{ id: 'AwsSolutions-SQS3', reason: REASON }]);

  // THEN the CfnQueue carries the acknowledgement cdk-nag 3 reads, and the cdk_nag metadata for audit
  const resource = queue.node.defaultChild as Construct;
  expect(acknowledged(resource)).toEqual({ 'Annotation::AwsSolutions-SQS3': REASON });
  const [queueResource] = Object.values(Template.fromStack(s).findResources('AWS::SQS::Queue')) as any[];
  expect(queueResource.Metadata.cdk_nag).toEqual({ rules_to_suppress: [{ id: 'AwsSolutions-SQS3', reason: REASON }] });
});

test('appliesTo acknowledges each finding of a multi-finding rule on its own, merged with earlier suppressions', () => {
  // GIVEN a role already carrying one suppression
  const s = stack();
  const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  suppressNag(role, [{ id: 'NIST.800.53.R5-IAMNoInlinePolicy', reason: REASON }]);

  // WHEN two findings of IAM4 are suppressed too
  suppressNag(role, [{ id: 'AwsSolutions-IAM4', appliesTo: ['Policy::a', 'Policy::b'], reason: REASON }]);

  // THEN all three are acknowledged and recorded, in order
  expect(Object.keys(acknowledged(role.node.defaultChild as Construct))).toEqual([
    'Annotation::NIST.800.53.R5-IAMNoInlinePolicy',
    'Annotation::AwsSolutions-IAM4[Policy::a]',
    'Annotation::AwsSolutions-IAM4[Policy::b]',
  ]);
  const [roleResource] = Object.values(Template.fromStack(s).findResources('AWS::IAM::Role')) as any[];
  expect(roleResource.Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id)).toEqual([
    'NIST.800.53.R5-IAMNoInlinePolicy',
    'AwsSolutions-IAM4[Policy::a]',
    'AwsSolutions-IAM4[Policy::b]',
  ]);
});

test('an empty reason is refused', () => {
  // GIVEN a queue
  const queue = new sqs.Queue(stack(), 'Queue');

  // WHEN / THEN
  expect(() => suppressNag(queue, [{ id: 'AwsSolutions-SQS3', reason: '  ' }])).toThrow(new Error(
    'suppressNag: the suppression of AwsSolutions-SQS3 has no reason (expected at least 10 words saying why the deviation is right for this baseline)',
  ));
});

test('every problem is reported at once: a short reason, a bad rule id, an empty finding, a target without a resource', () => {
  // GIVEN a plain construct, which wraps no CloudFormation resource
  const plain = new Construct(stack(), 'Plain');

  // WHEN / THEN
  expect(() => suppressNag(plain, [
    { id: 'AwsSolutions-SQS3', reason: 'not needed' },
    { id: 'IAM4', reason: REASON },
    { id: 'AwsSolutions-IAM4', appliesTo: [''], reason: REASON },
  ])).toThrow(new Error([
    'suppressNag: Test/Plain is not a CloudFormation resource and has no default child that is one (expected a CfnResource or a construct wrapping one)',
    'suppressNag: the reason "not needed" of AwsSolutions-SQS3 has 2 words (expected at least 10 words saying why the deviation is right for this baseline)',
    'suppressNag: rule id "IAM4" is not a cdk-nag rule id (expected like AwsSolutions-IAM4 or NIST.800.53.R5-IAMNoInlinePolicy)',
    'suppressNag: appliesTo of AwsSolutions-IAM4 has no finding or an empty one (expected finding ids like Policy::arn:..., or leave appliesTo out)',
  ].join('\n')));
});
