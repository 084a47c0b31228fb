import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';
import { escalationLevelProblems } from '../../core/receivers';

/** One escalation level and who it reaches. */
export interface AwsAlertLevel {
  /** The level's name, a DNS label such as `devops` or `security`; it names the topic's construct. */
  readonly name: string;
  /**
   * Email addresses subscribed to the level's topic (a paging service's email integration works too). Each
   * address confirms its subscription once, from the email AWS sends.
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * HTTPS endpoints subscribed to the level's topic (chat or incident tools). Plain HTTP is refused: alerts carry
   * account and resource names.
   * @default []
   */
  readonly webhookUrls?: readonly string[];
}

/** Properties of {@link AwsAlertTopics}. */
export interface AwsAlertTopicsProps {
  /** The escalation levels, one SNS topic each. At least one, each with at least one email or webhook. */
  readonly levels: readonly AwsAlertLevel[];
}


/**
 * One SNS topic per escalation level, so a CloudWatch alarm escalates by naming the levels it reaches, the same
 * levels the in-cluster Alertmanager routes to. The topics are encrypted with one customer-managed key (rotated,
 * retained) whose policy lets CloudWatch alarms and EventBridge publish, and they refuse publishing without TLS.
 */
export class AwsAlertTopics extends Construct {
  /** The key the topics are encrypted with. */
  public readonly key: kms.Key;
  private readonly topics = new Map<string, sns.Topic>();

  constructor(scope: Construct, id: string, props: AwsAlertTopicsProps) {
    super(scope, id);
    this.node.addValidation(validate(props));

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the alert topics of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An encrypted topic only receives what its publisher may encrypt: alarms and rules publish as these services.
    const stack = Stack.of(this);
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AlarmsAndRulesPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));

    for (const level of props.levels) {
      if (this.topics.has(level.name)) continue;
      const topic = new sns.Topic(this, level.name, {
        displayName: `${level.name} alerts`,
        masterKey: this.key,
        enforceSSL: true,
      });
      // The address names its subscription, so removing one address leaves the others' subscriptions untouched.
      for (const email of new Set(level.emails ?? [])) {
        new sns.Subscription(topic, `Email${email}`, { topic, protocol: sns.SubscriptionProtocol.EMAIL, endpoint: email });
      }
      for (const url of new Set(level.webhookUrls ?? [])) {
        new sns.Subscription(topic, `Webhook${url}`, { topic, protocol: sns.SubscriptionProtocol.HTTPS, endpoint: url });
      }
      this.topics.set(level.name, topic);
    }
  }

  /** The names of the levels, in the order given. */
  public get levelNames(): string[] {
    return [...this.topics.keys()];
  }

  /** The topic of a level; throws for a level the construct was not given. */
  public topic(level: string): sns.ITopic {
    const topic = this.topics.get(level);
    if (!topic) throw new Error(`AwsAlertTopics: no level "${level}" (expected one of ${this.levelNames.join(', ')})`);
    return topic;
  }
}

function validate(props: AwsAlertTopicsProps): Problems {
  const problems = new Problems('AwsAlertTopics');
  escalationLevelProblems(problems, props.levels, { isKnown: (v) => !Token.isUnresolved(v) });
  return problems;
}
