import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsAlertTopics, AwsAlertTopicsProps } from '../../../constructs/aws';

function synth(props: AwsAlertTopicsProps): { template: Template; topics: AwsAlertTopics; app: App } {
  const app = new App();
  const stack = new Stack(app, 'Alerts', { env: { account: '111111111111', region: 'eu-west-1' } });
  const topics = new AwsAlertTopics(stack, 'AlertTopics', props);
  return { template: Template.fromStack(stack), topics, app };
}

const LEVELS: AwsAlertTopicsProps = {
  levels: [
    { name: 'devops', emails: ['oncall@example.com'] },
    { name: 'security', emails: ['security@example.com', 'soc@example.com'], webhookUrls: ['https://hooks.example.com/sec'] },
  ],
};

test('one KMS-encrypted topic per level, refusing publishes without TLS', () => {
  // GIVEN two levels
  const { template, topics } = synth(LEVELS);
  // THEN there are two topics, each encrypted with the construct's rotated, retained key
  template.resourceCountIs('AWS::SNS::Topic', 2);
  template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertTopicsKey'), 'Arn'] } });
  template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  template.hasResourceProperties('AWS::SNS::TopicPolicy', {
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
  });
  // AND the level names are the construct ids (the logical ids are contract)
  expect(topics.levelNames).toEqual(['devops', 'security']);
  const ids = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>).filter(([, r]) => r.Type === 'AWS::SNS::Topic').map(([id]) => id).sort();
  expect(ids).toEqual(['AlertTopicsdevops45C3E6E0', 'AlertTopicssecurityC9967F1E']);
});

test('every email and webhook of a level subscribes to its topic, and only to it', () => {
  // GIVEN the security level with two emails and a webhook
  const { template, topics } = synth(LEVELS);
  const stack = Stack.of(topics);
  const security = stack.resolve((topics.topic('security') as any).topicArn);
  const subs = Object.values(template.findResources('AWS::SNS::Subscription')).map((r: any) => r.Properties);
  // THEN each reaches the security topic with its protocol
  expect(subs.filter((s) => JSON.stringify(s.TopicArn) === JSON.stringify(security)).map((s) => `${s.Protocol}:${s.Endpoint}`).sort())
    .toEqual(['email:security@example.com', 'email:soc@example.com', 'https:https://hooks.example.com/sec']);
  expect(subs).toHaveLength(4);
});

test('the key lets CloudWatch alarms and EventBridge publish to the encrypted topics of this account', () => {
  const { template } = synth(LEVELS);
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AlarmsAndRulesPublish',
        Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      })]),
    },
  });
});

test('asking for a level it was not given names the levels it has', () => {
  const { topics } = synth(LEVELS);
  expect(() => topics.topic('cto')).toThrow('AwsAlertTopics: no level "cto" (expected one of devops, security)');
});

test('bad levels are all reported at synth, with path, value and what is expected', () => {
  // GIVEN levels with every kind of mistake
  const app = new App();
  const stack = new Stack(app, 'Alerts', { env: { account: '111111111111', region: 'eu-west-1' } });
  new AwsAlertTopics(stack, 'AlertTopics', {
    levels: [
      { name: 'Dev Ops', emails: ['not-an-email'] },
      { name: 'cto' },
      { name: 'cto', webhookUrls: ['http://hooks.example.com/x'] },
    ],
  });
  // THEN synth fails listing every problem under the construct's path
  let message = '';
  try { app.synth(); } catch (e) { message = (e as Error).message; }
  for (const problem of [
    'AwsAlertTopics: levels[0].name "Dev Ops" is not a level name (expected a DNS label like devops)',
    'AwsAlertTopics: levels[0].emails[0] "not-an-email" is not an email address (expected like oncall@example.com)',
    'AwsAlertTopics: levels[1] "cto" reaches nobody (expected at least one email or webhook URL)',
    'AwsAlertTopics: levels[2].name "cto" is listed twice (expected each level once)',
    'AwsAlertTopics: levels[2].webhookUrls[0] "http://hooks.example.com/x" is not an HTTPS URL (expected like https://hooks.example.com/alerts)',
  ]) expect(message).toContain(problem);
  expect(message).toContain('Alerts/AlertTopics');
});
