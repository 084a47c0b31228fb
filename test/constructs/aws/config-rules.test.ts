import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AWS_CONFIG_BASELINE_RULES, AwsConfigGuardrails, AwsConfigGuardrailsProps, DEFAULT_REQUIRED_TAGS_RESOURCE_TYPES } from '../../../constructs/aws/config-rules';
import { cloudFormationValidationReport } from '../../support/cdk';
import { synthProblems, under } from '../../support/validation';

const TAG_KEYS = ['owner', 'cost-center', 'environment', 'data-classification'];

function newStack(app = new App()): Stack {
  return new Stack(app, 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function synth(props: Partial<AwsConfigGuardrailsProps> = {}): Template {
  const stack = newStack();
  new AwsConfigGuardrails(stack, 'Guardrails', { requiredTagKeys: TAG_KEYS, ...props });
  return Template.fromStack(stack);
}

function rulesOf(template: Template): Record<string, any> {
  return template.findResources('AWS::Config::ConfigRule');
}

describe('AwsConfigGuardrails', () => {
  const template = synth();

  test('one AWS managed rule per baseline control, plus REQUIRED_TAGS', () => {
    // THEN the identifiers are exactly the baseline's, all owned by AWS (no Lambda-backed custom rule)
    const identifiers = Object.values(rulesOf(template)).map((r) => [r.Properties.Source.Owner, r.Properties.Source.SourceIdentifier]);
    expect(identifiers).toEqual([...AWS_CONFIG_BASELINE_RULES.map((r) => ['AWS', r.identifier]), ['AWS', 'REQUIRED_TAGS']]);
    expect(identifiers.map(([, id]) => id)).toEqual(expect.arrayContaining([
      'EKS_ENDPOINT_NO_PUBLIC_ACCESS', 'EKS_SECRETS_ENCRYPTED', 'EKS_CLUSTER_LOG_ENABLED', 'ECR_PRIVATE_IMAGE_SCANNING_ENABLED',
      'ECR_PRIVATE_TAG_IMMUTABILITY_ENABLED', 'VPC_FLOW_LOGS_ENABLED', 'VPC_DEFAULT_SECURITY_GROUP_CLOSED', 'EC2_IMDSV2_CHECK',
      'CLOUDWATCH_LOG_GROUP_ENCRYPTED', 'CMK_BACKING_KEY_ROTATION_ENABLED',
    ]));
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('rules with parameters ask for all traffic and all five control-plane log types', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' }, InputParameters: { trafficType: 'ALL' },
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'EKS_CLUSTER_LOG_ENABLED' }, InputParameters: { logTypes: 'api,audit,authenticator,controllerManager,scheduler' },
    });
  });

  test('REQUIRED_TAGS names the tag keys in order, scoped to the default resource types', () => {
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { SourceIdentifier: 'REQUIRED_TAGS' },
      InputParameters: { tag1Key: 'owner', tag2Key: 'cost-center', tag3Key: 'environment', tag4Key: 'data-classification' },
      Scope: { ComplianceResourceTypes: [...DEFAULT_REQUIRED_TAGS_RESOURCE_TYPES] },
    });
  });

  test('a recorder of every supported type, global types included, delivering daily to its KMS-encrypted bucket', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
      RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GuardrailsRecorderRole'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: { Ref: Match.stringLikeRegexp('^GuardrailsBucket') },
      S3KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GuardrailsBucketKey'), 'Arn'] },
      ConfigSnapshotDeliveryProperties: { DeliveryFrequency: 'TwentyFour_Hours' },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'config.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWS_ConfigRole']] }],
    });
  });

  test('the bucket is encrypted with a rotating key, versioned, private, retained, and kept seven years', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 2557, NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('the bucket refuses plain HTTP and lets the recorder role deliver to this account\'s prefix only', () => {
    // GIVEN the bucket policy
    const statements = Object.values<any>(template.findResources('AWS::S3::BucketPolicy'))[0].Properties.PolicyDocument.Statement;
    // THEN TLS is enforced, and the role may check the bucket and write under AWSLogs/<account>/Config/ only
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Sid: 'ConfigBucketCheck', Effect: 'Allow', Action: ['s3:GetBucketAcl', 's3:ListBucket'] }),
      expect.objectContaining({
        Sid: 'ConfigDelivery',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { AWS: { 'Fn::GetAtt': [expect.stringMatching(/^GuardrailsRecorderRole/), 'Arn'] } },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^GuardrailsBucket/), 'Arn'] }, '/AWSLogs/111111111111/Config/*']] },
      }),
    ]);
    // AND the role has no inline policy: the key policy lets it encrypt the deliveries
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ConfigDeliveryEncryption', Action: ['kms:GenerateDataKey', 'kms:Decrypt'] })]) },
    });
  });

  test('rules wait for the recorder and the delivery channel, which waits for its bucket and bucket policy', () => {
    const resources = template.toJSON().Resources;
    const recorder = Object.keys(template.findResources('AWS::Config::ConfigurationRecorder'))[0];
    const channel = Object.keys(template.findResources('AWS::Config::DeliveryChannel'))[0];
    for (const rule of Object.values<any>(rulesOf(template))) expect(rule.DependsOn).toEqual([channel, recorder].sort());
    expect(resources[channel].DependsOn).toEqual([
      Object.keys(template.findResources('AWS::S3::BucketPolicy'))[0],
      Object.keys(template.findResources('AWS::S3::Bucket'))[0],
    ]);
  });

  test('cdk-nag deviations carry their reasons: the AWS managed recorder policy and the bucket\'s access logs and replication', () => {
    const suppressed = (type: string) => Object.values<any>(template.findResources(type))
      .flatMap((r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [])
      .map((s: any) => s.id);
    expect(suppressed('AWS::IAM::Role')).toEqual(['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWS_ConfigRole]']);
    expect(suppressed('AWS::S3::Bucket')).toEqual(['AwsSolutions-S1', 'NIST.800.53.R5-S3BucketLoggingEnabled', 'NIST.800.53.R5-S3BucketReplicationEnabled']);
  });

  test('with the organization\'s recorder, only the rules are created, without dependencies', () => {
    // WHEN the account already records
    const existing = synth({ useExistingRecorder: true });
    // THEN no recorder, channel, bucket, key or role
    for (const type of ['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::IAM::Role']) {
      existing.resourceCountIs(type, 0);
    }
    expect(Object.values<any>(rulesOf(existing)).map((r) => r.DependsOn)).toEqual(Object.values(rulesOf(existing)).map(() => undefined));
    expect(Object.keys(rulesOf(existing))).toHaveLength(AWS_CONFIG_BASELINE_RULES.length + 1);
  });

  test('global resource types, the tag scope and the retention follow the props', () => {
    const custom = synth({ includeGlobalResourceTypes: false, requiredTagsResourceTypes: ['AWS::EC2::Instance'], historyRetentionDays: 365 });
    custom.hasResourceProperties('AWS::Config::ConfigurationRecorder', { RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false } });
    custom.hasResourceProperties('AWS::Config::ConfigRule', { Source: { SourceIdentifier: 'REQUIRED_TAGS' }, Scope: { ComplianceResourceTypes: ['AWS::EC2::Instance'] } });
    custom.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365 })] } });
  });

  test('logical ids of the recorder, its channel, bucket, key, role and rules are pinned (renaming replaces them)', () => {
    const ids = (type: string) => Object.keys(template.findResources(type));
    expect(ids('AWS::Config::ConfigurationRecorder')).toEqual(['GuardrailsRecorderBAD9D19A']);
    expect(ids('AWS::Config::DeliveryChannel')).toEqual(['GuardrailsDeliveryChannel7773F4CD']);
    expect(ids('AWS::S3::Bucket')).toEqual(['GuardrailsBucket184AE2D0']);
    expect(ids('AWS::KMS::Key')).toEqual(['GuardrailsBucketKey2AF20896']);
    expect(ids('AWS::IAM::Role')).toEqual(['GuardrailsRecorderRole20314236']);
    expect(ids('AWS::Config::ConfigRule')).toEqual([
      'GuardrailsEksEndpointNoPublicAccess96F4A66F',
      'GuardrailsEksSecretsEncryptedA8FF71A7',
      'GuardrailsEksClusterLogEnabledCE5F0A14',
      'GuardrailsEcrPrivateImageScanningEnabled2E05C33E',
      'GuardrailsEcrPrivateTagImmutabilityEnabled9900C29E',
      'GuardrailsVpcFlowLogsEnabled772A6418',
      'GuardrailsVpcDefaultSecurityGroupClosedF1B8F9B4',
      'GuardrailsSubnetAutoAssignPublicIpDisabledB03BC4CD',
      'GuardrailsEc2InstanceNoPublicIp2729B258',
      'GuardrailsEc2Imdsv2Check559ABD36',
      'GuardrailsCloudwatchLogGroupEncrypted8A1EB844',
      'GuardrailsCmkBackingKeyRotationEnabled1404F9DB',
      'GuardrailsKmsCmkNotScheduledForDeletion68A17105',
      'GuardrailsIamRootAccessKeyCheck9837CC88',
      'GuardrailsS3BucketLevelPublicAccessProhibited7CEA3FA6',
      'GuardrailsS3BucketSslRequestsOnly7B09390A',
      'GuardrailsRequiredTagsA8BC307E',
    ]);
  });

  test('the CloudFormation validation engine finds nothing in it', () => {
    const report = cloudFormationValidationReport((app) => {
      new AwsConfigGuardrails(newStack(app), 'Guardrails', { requiredTagKeys: TAG_KEYS });
    });
    expect(report.pluginReports.flatMap((r: any) => r.violations)).toEqual([]);
  });

  test('invalid props are reported at once, each quoting the bad value and what is expected', () => {
    expect(synthProblems(() => synth({
      requiredTagKeys: ['a', 'b', 'c', 'd', 'aws:x', 'a', 'g'],
      requiredTagsResourceTypes: ['EC2::Instance'],
      historyRetentionDays: 0,
    }))).toEqual(under('Test/Guardrails', 'AwsConfigGuardrails: requiredTagKeys has 7 keys (expected at most 6, the limit of the REQUIRED_TAGS managed rule)\n'
      + 'AwsConfigGuardrails: requiredTagKeys[4] "aws:x" is not a tag key (expected 1 to 128 characters, not starting with aws:)\n'
      + 'AwsConfigGuardrails: requiredTagKeys[5] "a" is listed twice (expected unique keys)\n'
      + 'AwsConfigGuardrails: requiredTagsResourceTypes entry "EC2::Instance" is not a resource type (expected like AWS::EC2::Instance)\n'
      + 'AwsConfigGuardrails: historyRetentionDays 0 is not a number of days (expected a positive integer)'));
    expect(synthProblems(() => synth({ requiredTagKeys: [], requiredTagsResourceTypes: [] }))).toEqual(under('Test/Guardrails', 'AwsConfigGuardrails: requiredTagKeys is empty (expected the mandatory tag keys, 1 to 6)\n'
      + 'AwsConfigGuardrails: requiredTagsResourceTypes has 0 types (expected 1 to 100, the limit of a rule scope)'));
  });
});
