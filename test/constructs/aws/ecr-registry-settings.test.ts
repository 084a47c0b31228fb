import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EcrRegistrySettings, EcrRegistrySettingsProps, EcrScanFrequency } from '../../../constructs/aws';
import { ACCOUNT, DENY_OUTSIDE_ACCOUNT } from '../../support/ecr';
import { synthProblems, under } from '../../support/validation';

function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: ACCOUNT, region: 'eu-west-1' } });
}

function synth(props: Partial<EcrRegistrySettingsProps> = {}): { stack: Stack; template: Template; settings: EcrRegistrySettings } {
  const stack = newStack();
  const settings = new EcrRegistrySettings(stack, 'EcrSettings', { repositoryPrefixes: ['acme-dev'], ...props });
  return { stack, template: Template.fromStack(stack), settings };
}

function resources(template: Template): Record<string, { Type: string; Properties: any }> {
  return template.toJSON().Resources;
}

describe('enhanced scanning', () => {
  test('scans the prefixes continuously by default', () => {
    // GIVEN the defaults
    const { template } = synth({ repositoryPrefixes: ['acme-dev', 'acme-shared'] });
    // THEN one ENHANCED configuration with a wildcard filter per prefix
    template.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 1);
    expect(resources(template).EcrRegistryScanningConfiguration.Properties).toEqual({
      ScanType: 'ENHANCED',
      Rules: [{
        ScanFrequency: 'CONTINUOUS_SCAN',
        RepositoryFilters: [
          { Filter: 'acme-dev/*', FilterType: 'WILDCARD' },
          { Filter: 'acme-shared/*', FilterType: 'WILDCARD' },
        ],
      }],
    });
  });

  test('can scan on push only', () => {
    // WHEN a tier chooses scan on push
    const { template } = synth({ scanFrequency: EcrScanFrequency.SCAN_ON_PUSH });
    // THEN the rule says so
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      Rules: [Match.objectLike({ ScanFrequency: 'SCAN_ON_PUSH' })],
    });
  });

  test('a frequency ECR adds later is reachable through EcrScanFrequency.of', () => {
    // WHEN a frequency this library does not list yet is named
    const { template } = synth({ scanFrequency: EcrScanFrequency.of('SCAN_DAILY') });
    // THEN it goes to ECR as written
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      Rules: [Match.objectLike({ ScanFrequency: 'SCAN_DAILY' })],
    });
  });
});

describe('replication', () => {
  test('is off without a replication region', () => {
    const { template, settings } = synth();
    template.resourceCountIs('AWS::ECR::ReplicationConfiguration', 0);
    expect(settings.replicationConfiguration).toBeUndefined();
  });

  test('copies the prefixes to the DR region of the same account', () => {
    // WHEN a DR region is given
    const { template, settings } = synth({ replicationRegion: 'eu-central-1', repositoryPrefixes: ['acme-dev', 'acme-shared'] });
    // THEN one rule replicates the prefixes (with their '/') to that region of this account
    expect(resources(template).EcrReplicationConfiguration.Properties).toEqual({
      ReplicationConfiguration: {
        Rules: [{
          Destinations: [{ Region: 'eu-central-1', RegistryId: '111111111111' }],
          RepositoryFilters: [
            { Filter: 'acme-dev/', FilterType: 'PREFIX_MATCH' },
            { Filter: 'acme-shared/', FilterType: 'PREFIX_MATCH' },
          ],
        }],
      },
    });
    expect(settings.replicationConfiguration).toBeDefined();
  });
});

describe('replica creation template', () => {
  test('makes replicas immutable, encrypted with a customer key of the region, expiring, and closed to other accounts', () => {
    // GIVEN the settings
    const { template, settings } = synth({ repositoryPrefixes: ['acme-dev', 'acme-shared'] });
    // THEN one template per prefix, applied for replication
    template.resourceCountIs('AWS::ECR::RepositoryCreationTemplate', 2);
    const properties = resources(template).EcrReplicaTemplateAcmeDev.Properties;
    const parsed = { RepositoryPolicy: JSON.parse(properties.RepositoryPolicy), LifecyclePolicy: JSON.parse(properties.LifecyclePolicy) };
    expect({ ...properties, ...parsed }).toEqual({
      Prefix: 'acme-dev',
      AppliedFor: ['REPLICATION'],
      Description: 'Replicas under acme-dev/: immutable tags, customer-managed KMS key, lifecycle rules, no access from other accounts',
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': ['EcrReplicaKey', 'Arn'] } },
      CustomRoleArn: { 'Fn::GetAtt': ['EcrReplicaTemplateRole', 'Arn'] },
      LifecyclePolicy: {
        rules: [
          {
            rulePriority: 1,
            description: 'Expire untagged images 14 days after their push',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: 'Keep the newest 50 release images tagged v*',
            selection: { tagStatus: 'tagged', tagPrefixList: ['v'], countType: 'imageCountMoreThan', countNumber: 50 },
            action: { type: 'expire' },
          },
        ],
      },
      RepositoryPolicy: DENY_OUTSIDE_ACCOUNT,
    });
    expect(resources(template).EcrReplicaTemplateAcmeShared.Properties.Prefix).toBe('acme-shared');
    expect(Object.keys(settings.replicaTemplates)).toEqual(['acme-dev', 'acme-shared']);
  });

  test('the replica key rotates and is retained; ECR\'s role may create repositories under the prefixes only and use that key', () => {
    // GIVEN / WHEN
    const { template } = synth({ repositoryPrefixes: ['acme-dev', 'acme-shared'] });
    // THEN
    const all = resources(template);
    expect(all.EcrReplicaKey).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(all.EcrReplicaTemplateRole.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecr.amazonaws.com' } },
    ]);
    const statements = all.EcrReplicaTemplateRolePolicy.Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      {
        Action: ['ecr:CreateRepository', 'ecr:ReplicateImage', 'ecr:TagResource'],
        Effect: 'Allow',
        Resource: ['acme-dev', 'acme-shared'].map((prefix) => ({
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecr:eu-west-1:${ACCOUNT}:repository/${prefix}/*`]],
        })),
      },
      { Action: ['kms:CreateGrant', 'kms:RetireGrant', 'kms:DescribeKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': ['EcrReplicaKey', 'Arn'] } },
    ]);
    // The templates wait for the role's policy: ECR checks the role when the template is written.
    expect(template.toJSON().Resources.EcrReplicaTemplateAcmeDev.DependsOn).toEqual(expect.arrayContaining(['EcrReplicaTemplateRole', 'EcrReplicaTemplateRolePolicy']));
  });

  test('a given key is used, and the lifecycle follows the props', () => {
    // GIVEN a key of the stack and tier-like lifecycle values
    const stack = newStack();
    const key = new kms.Key(stack, 'Given');
    new EcrRegistrySettings(stack, 'EcrSettings', {
      repositoryPrefixes: ['acme-dev'],
      replicaEncryptionKey: key,
      replicaUntaggedImageExpiryDays: 7,
      replicaKeepReleaseImages: 20,
      releaseTagPrefixes: ['v', 'release-'],
    });
    const all = Template.fromStack(stack).toJSON().Resources;
    // THEN no key is created here, and the rules carry the values
    expect(all.EcrReplicaKey).toBeUndefined();
    const properties = all.EcrReplicaTemplateAcmeDev.Properties;
    expect(properties.EncryptionConfiguration.KmsKey).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] });
    const rules = JSON.parse(properties.LifecyclePolicy).rules;
    expect(rules.map((r: any) => [r.selection.tagPrefixList ?? r.selection.tagStatus, r.selection.countNumber])).toEqual([
      ['untagged', 7], [['v'], 20], [['release-'], 20],
    ]);
  });
});

describe('logical ids', () => {
  test('are fixed, whatever the construct is called or wherever it sits', () => {
    // GIVEN the settings under two different paths
    const first = synth({ replicationRegion: 'eu-central-1' }).template;
    const stack = newStack();
    new EcrRegistrySettings(new Construct(stack, 'Platform'), 'Renamed', { repositoryPrefixes: ['acme-dev'], replicationRegion: 'eu-central-1' });
    const second = Template.fromStack(stack);
    // THEN the ids are pinned and the resources identical
    expect(Object.keys(resources(first)).sort()).toEqual([
      'EcrRegistryScanningConfiguration', 'EcrReplicaKey', 'EcrReplicaTemplateAcmeDev', 'EcrReplicaTemplateRole', 'EcrReplicaTemplateRolePolicy', 'EcrReplicationConfiguration',
    ]);
    expect(resources(second)).toEqual(resources(first));
  });
});

describe('validation', () => {
  test('every problem is reported at once', () => {
    const stack = newStack();
    new EcrRegistrySettings(stack, 'Bad', {
      repositoryPrefixes: ['Acme', 'acme-dev', 'acme-dev', 'acme_dev'],
      scanFrequency: 'HOURLY' as any,
      replicationRegion: 'Frankfurt',
      replicaUntaggedImageExpiryDays: 0,
      replicaKeepReleaseImages: 2.5,
      releaseTagPrefixes: ['v', 'bad prefix'],
    });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Bad', [
      'EcrRegistrySettings: repositoryPrefixes[0] "Acme" is not an ECR repository namespace (expected lowercase path components separated by \'/\', each letters and digits separated by single \'.\', \'_\' or \'-\', like acme-dev)',
      'EcrRegistrySettings: repositoryPrefixes[2] "acme-dev" is listed twice (expected unique prefixes)',
      'EcrRegistrySettings: repositoryPrefixes[3] "acme_dev" and "acme-dev" both map to the logical id EcrReplicaTemplateAcmeDev (expected prefixes that differ in more than their separators)',
      'EcrRegistrySettings: scanFrequency "HOURLY" is not of type EcrScanFrequency (expected like EcrScanFrequency.CONTINUOUS_SCAN, or EcrScanFrequency.of(\'...\') for a value this library does not list yet)',
      'EcrRegistrySettings: replicationRegion "Frankfurt" is not an AWS region (expected like eu-central-1)',
      'EcrRegistrySettings: replicaUntaggedImageExpiryDays 0 is out of range (expected an integer of at least 1)',
      'EcrRegistrySettings: replicaKeepReleaseImages 2.5 is out of range (expected an integer of at least 1)',
      'EcrRegistrySettings: releaseTagPrefixes[1] "bad prefix" is not an image tag prefix (expected letters, digits, "_", "." or "-", like v)',
    ].join('\n')));
  });

  test('a misspelt EcrScanFrequency.of value is refused before deploy', () => {
    const stack = newStack();
    new EcrRegistrySettings(stack, 'Bad', { repositoryPrefixes: ['acme-dev'], scanFrequency: EcrScanFrequency.of('scan on push') });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Bad',
      'EcrRegistrySettings: scanFrequency "scan on push" does not look like a value of EcrScanFrequency (expected upper-case words joined by _, like CONTINUOUS_SCAN)'));
  });

  test('replicating to the stack\'s own region is refused', () => {
    const stack = newStack();
    new EcrRegistrySettings(stack, 'Same', { repositoryPrefixes: ['acme-dev'], replicationRegion: 'eu-west-1' });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Same', 'EcrRegistrySettings: replicationRegion "eu-west-1" is the stack\'s own region (expected another region, for disaster recovery)'));
  });

  test('no prefix, or a Token prefix, is refused', () => {
    const stack = newStack();
    new EcrRegistrySettings(stack, 'Empty', { repositoryPrefixes: [] });
    new EcrRegistrySettings(stack, 'Token', { repositoryPrefixes: [Lazy.string({ produce: () => 'acme-dev' })] });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual([
      '[Test/Empty] EcrRegistrySettings: repositoryPrefixes is empty (expected the namespaces of the platform\'s repositories, like acme-dev)',
      '[Test/Token] EcrRegistrySettings: repositoryPrefixes[0] is a Token (expected a literal, like acme-dev: a logical id derives from it)',
    ]);
  });

  test('more prefixes than ECR filters per rule are refused', () => {
    const stack = newStack();
    const prefixes = Array.from({ length: 101 }, (_, i) => `team${i}`);
    new EcrRegistrySettings(stack, 'Many', { repositoryPrefixes: prefixes });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Many', 'EcrRegistrySettings: repositoryPrefixes has 101 entries (expected at most 100, ECR\'s limit of filters per rule)'));
  });
});
