import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { EcrRegistrySettings, EcrRegistrySettingsProps } from '../../../constructs/aws';
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
    const { template } = synth({ scanFrequency: 'SCAN_ON_PUSH' });
    // THEN the rule says so
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      Rules: [Match.objectLike({ ScanFrequency: 'SCAN_ON_PUSH' })],
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
  test('makes replicas immutable, KMS-encrypted and closed to other accounts', () => {
    // GIVEN the settings
    const { template, settings } = synth({ repositoryPrefixes: ['acme-dev', 'acme-shared'] });
    // THEN one template per prefix, applied for replication
    template.resourceCountIs('AWS::ECR::RepositoryCreationTemplate', 2);
    const properties = resources(template).EcrReplicaTemplateAcmeDev.Properties;
    expect({ ...properties, RepositoryPolicy: JSON.parse(properties.RepositoryPolicy) }).toEqual({
      Prefix: 'acme-dev',
      AppliedFor: ['REPLICATION'],
      Description: 'Replicas under acme-dev/: immutable tags, KMS encryption, no access from other accounts',
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS' },
      RepositoryPolicy: DENY_OUTSIDE_ACCOUNT,
    });
    expect(resources(template).EcrReplicaTemplateAcmeShared.Properties.Prefix).toBe('acme-shared');
    expect(Object.keys(settings.replicaTemplates)).toEqual(['acme-dev', 'acme-shared']);
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
      'EcrRegistryScanningConfiguration', 'EcrReplicaTemplateAcmeDev', 'EcrReplicationConfiguration',
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
    });
    expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Test/Bad', [
      'EcrRegistrySettings: repositoryPrefixes[0] "Acme" is not an ECR repository namespace (expected lowercase path components separated by \'/\', each letters and digits separated by single \'.\', \'_\' or \'-\', like acme-dev)',
      'EcrRegistrySettings: repositoryPrefixes[2] "acme-dev" is listed twice (expected unique prefixes)',
      'EcrRegistrySettings: repositoryPrefixes[3] "acme_dev" and "acme-dev" both map to the logical id EcrReplicaTemplateAcmeDev (expected prefixes that differ in more than their separators)',
      'EcrRegistrySettings: scanFrequency "HOURLY" is not an enhanced scanning frequency (expected one of CONTINUOUS_SCAN, SCAN_ON_PUSH)',
      'EcrRegistrySettings: replicationRegion "Frankfurt" is not an AWS region (expected like eu-central-1)',
    ].join('\n')));
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
