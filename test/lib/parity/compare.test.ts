import type { Artifact } from '../../../lib/artifacts';
import { compareEnvironments, controlGaps, describeControlGap, describeDrift, environmentFields, normalizeDocument } from '../../../lib/parity';
import { ControlsMatrix, controlById } from '../../../lib/policy';
import { OrganizationSpec, defineOrganization } from '../../../lib/spec';

// A two-environment organization and hand-written artifacts: these tests need no synth.
const spec: OrganizationSpec = {
  name: 'acme',
  tags: { 'owner': 'platform-team', 'cost-center': 'cc-1001', 'data-classification': 'internal' },
  teams: [{ name: 'payments' }],
  alerting: {
    escalation: [{ name: 'platform-team', emails: ['platform@acme.example'] }],
    roles: { 'devops': ['platform-team'], 'eng-lead': ['platform-team'], 'cto': ['platform-team'], 'on-call': ['platform-team'], 'team-lead': ['platform-team'], 'security': ['platform-team'] },
    smtp: { smarthost: 'smtp.acme.example:587', from: 'alertmanager@acme.example' },
  },
  environments: [
    { name: 'dev', tier: 'dev', aws: { account: '111111111111', region: 'eu-west-1', cidr: '10.10.0.0/16' } },
    { name: 'prod', tier: 'prod', tags: { 'data-classification': 'confidential' }, aws: { account: '333333333333', region: 'eu-central-1', cidr: '10.30.0.0/16', drRegion: 'eu-west-1' } },
  ],
};
const org = defineOrganization(spec);

function stack(env: string, resources: Record<string, unknown>): Artifact {
  return { kind: 'cloudformation', cloud: 'aws', environment: env, name: `acme-${env}`, file: `cdk.out/acme-${env}.template.json`, document: { Resources: resources } };
}

describe('environmentFields', () => {
  test('walks name, tier, placements, knobs and tags generically', () => {
    // WHEN
    const fields = environmentFields(org.environments[1]);

    // THEN
    expect(fields).toEqual(expect.arrayContaining([
      { path: 'name', source: 'environment', value: 'prod' },
      { path: 'aws.account', source: 'placement', value: '333333333333' },
      { path: 'aws.drRegion', source: 'placement', value: 'eu-west-1' },
      { path: 'aws.availabilityZones.2', source: 'placement', value: 'eu-central-1c' },
      { path: 'aws.subnets.private1', source: 'placement', value: '10.30.0.0/18' },
      { path: 'network.natGateways', source: 'knob', value: 3 },
      { path: 'registry.keepReleaseImages', source: 'knob', value: 100 },
      { path: 'tags.data-classification', source: 'tag', value: 'confidential' },
    ]));
  });
});

describe('normalizeDocument', () => {
  test('replaces identity values (longest first) and synth noise, in keys and values; leaves knob values alone', () => {
    // GIVEN
    const doc = {
      Arn: 'arn:aws:logs:eu-central-1:333333333333:log-group:/aws/eks/acme-prod/cluster',
      Zone: 'eu-central-1a',
      Cidr: '10.30.0.0/16',
      Replica: 'eu-west-1',
      RepositoryAcmeProdCheckout: 'keep',
      Key: 'assets/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.zip',
      Retention: 365,
      Metadata: { 'aws:cdk:path': 'acme-prod/Network/Resource' },
    };

    // WHEN
    const out = normalizeDocument(doc, environmentFields(org.environments[1]));

    // THEN
    expect(out).toEqual({
      'Arn': 'arn:aws:logs:<<aws.region>>:<<aws.account>>:log-group:/aws/eks/acme-<<name>>/cluster',
      'Zone': '<<aws.availabilityZones.0>>',
      'Cidr': '<<aws.cidr>>',
      'Replica': '<<aws.drRegion>>',
      'RepositoryAcme<<name>>Checkout': 'keep',
      'Key': 'assets/<<asset-hash>>.zip',
      'Retention': 365,
      'Metadata': {},
    });
  });
});

describe('compareEnvironments', () => {
  test('values equal in both environments are never substituted (/dev/xvda stays a device in dev)', () => {
    // GIVEN
    const lt = (env: string) => ({ Type: 'AWS::EC2::LaunchTemplate', Properties: { DeviceName: '/dev/xvda', Name: `acme-${env}-nodes` } });
    const artifacts = [stack('dev', { LaunchTemplate: lt('dev') }), stack('prod', { LaunchTemplate: lt('prod') })];

    // WHEN
    const result = compareEnvironments(org, artifacts, 'dev', 'prod');

    // THEN
    expect(result.drifts).toEqual([]);
    expect(result.differences.map((d) => [d.path, d.allowedBy])).toEqual([['Properties.Name', ['name', 'tier']]]);
  });

  test('a string differing in an identity value and elsewhere is drift, with both values', () => {
    // GIVEN
    const artifacts = [
      stack('dev', { Bucket: { Type: 'AWS::S3::Bucket', Properties: { Description: 'logs of acme-dev, kept' } } }),
      stack('prod', { Bucket: { Type: 'AWS::S3::Bucket', Properties: { Description: 'logs of acme-prod, deleted' } } }),
    ];

    // WHEN
    const result = compareEnvironments(org, artifacts, 'dev', 'prod');

    // THEN
    expect(result.drifts.map(describeDrift)).toEqual([
      'dev/prod aws acme-<<name>> Bucket (AWS::S3::Bucket) Properties.Description: dev "logs of acme-dev, kept", prod "logs of acme-prod, deleted"',
    ]);
  });

  test('a name cut to a length limit after the environment name, before a computed hash, is explained', () => {
    // GIVEN a 24-character name whose purpose is cut in the environment with the longer name
    const name = (env: string, purpose: string) => ({
      Vault: { Type: 'AWS::S3::Bucket', Properties: { BucketName: `kv-acme-${env}-${purpose}-\${substr(sha1("acme-${env}-acr"), 0, 7)}` } },
    });
    const artifacts = [stack('dev', name('dev', 'acr')), stack('prod', name('prod', 'ac'))];

    // WHEN / THEN no drift; a cut that is not a prefix of the other (acr / xyz) still is
    expect(compareEnvironments(org, artifacts, 'dev', 'prod').drifts).toEqual([]);
    const other = [stack('dev', name('dev', 'acr')), stack('prod', name('prod', 'xy'))];
    expect(compareEnvironments(org, other, 'dev', 'prod').drifts).toHaveLength(1);
  });

  test('declared tags may differ under their key only', () => {
    // GIVEN
    const r = (value: string, other: string) => ({ Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'data-classification', Value: value }], Note: other } });
    const artifacts = [stack('dev', { B: r('internal', 'internal') }), stack('prod', { B: r('confidential', 'confidential') })];

    // WHEN
    const result = compareEnvironments(org, artifacts, 'dev', 'prod');

    // THEN
    expect(result.differences.map((d) => [d.path, d.allowedBy])).toEqual([
      ['Properties.Tags[Key=data-classification].Value', ['tags.data-classification']],
      ['Properties.Note', []],
    ]);
  });

  test('a resource present only where the DR placement is set is allowed; any other is drift', () => {
    // GIVEN
    const artifacts = [
      stack('dev', {}),
      stack('prod', { EcrReplicationConfiguration: { Type: 'AWS::ECR::ReplicationConfiguration', Properties: {} }, Extra: { Type: 'AWS::SNS::Topic' } }),
    ];

    // WHEN
    const result = compareEnvironments(org, artifacts, 'dev', 'prod');

    // THEN
    expect(result.differences.map((d) => [d.resource, d.change, d.allowedBy])).toEqual([
      ['EcrReplicationConfiguration', 'added', ['aws.drRegion']],
      ['Extra', 'added', []],
    ]);
  });

  test('an artifact of a cloud the other environment is not placed on is allowed', () => {
    // GIVEN prod on AWS only, dev also on GCP
    const artifacts = [stack('dev', {}), stack('prod', {}), { kind: 'terraform', cloud: 'gcp', environment: 'dev', name: 'acme-dev-gcp', file: 'x', document: {} } as Artifact];

    // WHEN
    const result = compareEnvironments(org, artifacts, 'dev', 'prod');

    // THEN
    expect(result.drifts).toEqual([]);
    expect(result.differences.map((d) => [d.artifact, d.change, d.allowedBy])).toEqual([['acme-<<name>>-gcp', 'removed', ['gcp']]]);
  });

  test('an unknown environment is an error naming the known ones', () => {
    expect(() => compareEnvironments(org, [], 'dev', 'qa')).toThrow('parity: environment "qa" is not in "acme" (expected one of dev, prod)');
  });
});

describe('controlGaps (cross-cloud parity)', () => {
  test('lists every environment/cloud that does not satisfy a control the others do', () => {
    // GIVEN a matrix where dev fails flow logs on Azure, prod's Azure is not evaluated for it, and AWS has no state backend
    const cell = (environment: string, cloud: 'aws' | 'azure', status: 'pass' | 'fail' | 'n/a', extra: object = {}) =>
      ({ environment, cloud, status, failingRules: [], exceptedRules: [], ...extra });
    const matrix: ControlsMatrix = {
      columns: [{ environment: 'dev', cloud: 'aws' }, { environment: 'dev', cloud: 'azure' }, { environment: 'prod', cloud: 'aws' }, { environment: 'prod', cloud: 'azure' }],
      rows: [
        {
          control: controlById('flow-logs-on'),
          cells: [cell('dev', 'aws', 'pass'), cell('dev', 'azure', 'fail', { failingRules: ['TF-AZURE-FLOW-LOGS'] }), cell('prod', 'aws', 'pass'), cell('prod', 'azure', 'n/a')],
        },
        {
          control: controlById('state-locked-encrypted'),
          cells: [
            cell('dev', 'aws', 'n/a', { notApplicableReason: 'CloudFormation keeps state' }),
            cell('dev', 'azure', 'pass', { exceptedRules: ['TF-AZURE-STATE'] }),
            cell('prod', 'aws', 'n/a', { notApplicableReason: 'CloudFormation keeps state' }),
            cell('prod', 'azure', 'pass'),
          ],
        },
      ],
    };

    // WHEN
    const gaps = controlGaps(matrix);

    // THEN
    expect(gaps.map(describeControlGap)).toEqual([
      'flow-logs-on: dev on azure fails (TF-AZURE-FLOW-LOGS)',
      'flow-logs-on: prod on azure is not evaluated (other clouds or environments are)',
      'state-locked-encrypted: dev on azure passes only by exception (TF-AZURE-STATE)',
    ]);
  });
});
