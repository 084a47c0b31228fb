import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acme } from '../../../../examples/acme/org';
import { Artifact, readArtifacts } from '../../../../lib/artifacts';
import { synthesizeArtifacts } from '../../../../lib/platform';
import { synthesizeAws } from '../../../../lib/platform/synth-aws';
import { AWS_NAG_CONTROLS, AWS_NAG_NOT_RUN_RULE, awsNagFindings } from '../../../../lib/policy/packs/aws-nag';
import type { Finding } from '../../../../lib/policy/types';
import { defineOrganization } from '../../../../lib/spec';

const org = defineOrganization(acme);
const dev = org.environments.find((e) => e.name === 'dev')!;

/** The dev environment's AWS stacks, changed by `variant` before synth, checked during it, read back. */
function checkVariant(variant: (app: App) => void): ReturnType<typeof awsNagFindings> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-nag-'));
  try {
    synthesizeAws(org, [dev], path.join(outdir, 'cdk.out'), { validation: false, nag: true, beforeSynth: variant });
    return awsNagFindings(readArtifacts(org, outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** One line per finding, so a failure names the rule, the resource and where it is. */
function readable(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.ruleId} ${f.environment} ${f.file} ${f.resource}: ${f.message}`);
}

/** The construct at `path` under the app. */
function at(app: App, constructPath: string): IConstruct {
  const found = app.node.findAll().find((c) => c.node.path === constructPath);
  if (!found) throw new Error(`no construct at ${constructPath}`);
  return found;
}

/**
 * Takes one acknowledgement back, as if its suppression had never been written. constructs offers no API to remove
 * metadata, so this edits the node's list directly: tests only.
 */
function withdraw(construct: IConstruct, qualifiedRuleId: string): void {
  const node = construct.node as any;
  const before = node._metadata.length;
  node._metadata = node._metadata.filter((m: any) => !(m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && qualifiedRuleId in m.data));
  expect(node._metadata.length).toBe(before - 1);
}

// GIVEN every AWS stack of the example, synthesized once with cdk-nag and the validation engine running in the synth
const artifacts = synthesizeArtifacts(org, { clouds: ['aws'], nag: true });

/** The policy of the role ECR assumes to create DR replicas (EcrRegistrySettings). */
const REPLICA_TEMPLATE_POLICY = 'EcrReplicaTemplateRolePolicy';

describe('awsNagFindings on the example organization', () => {
  // WHEN the findings recorded in the assembly are read
  const result = awsNagFindings(artifacts);

  test('AwsSolutions, NIST 800-53 R5 and the CloudFormation validation engine report nothing unacknowledged', () => {
    // THEN
    expect(readable(result.findings)).toEqual([]);
  });

  test('every AWS stack of every environment is checked: environment, team and DR stacks', () => {
    // THEN 3 environment stacks, 3 x 3 team stacks and the prod DR stack
    expect([...result.stacks].sort()).toEqual([
      'acme-dev', 'acme-dev-team-data-platform', 'acme-dev-team-payments', 'acme-dev-team-storefront',
      'acme-prod', 'acme-prod-dr', 'acme-prod-team-data-platform', 'acme-prod-team-payments', 'acme-prod-team-storefront',
      'acme-staging', 'acme-staging-team-data-platform', 'acme-staging-team-payments', 'acme-staging-team-storefront',
    ]);
  });

  test('the rules that evaluate a baseline control count in the controls matrix of each environment', () => {
    // THEN one coverage entry per mapped rule and environment
    expect(result.coverage).toHaveLength(3 * Object.keys(AWS_NAG_CONTROLS).length);
    expect(result.coverage).toContainEqual({ ruleId: 'AwsSolutions-EKS1', controls: ['cluster-api-private'], environment: 'prod', cloud: 'aws' });
  });
});

describe('a variant of the example', () => {
  test('without one suppression produces exactly that finding, with its rule, resource, file and environment', () => {
    // WHEN the dev stack's first public default route loses its NIST route suppression
    const result = checkVariant((app) => withdraw(at(app, 'acme-dev/Network/Resource/publicSubnet1/DefaultRoute'), 'Annotation::NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'));

    // THEN exactly that route is reported
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toEqual({
      ruleId: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
      severity: 'error',
      controls: [],
      environment: 'dev',
      cloud: 'aws',
      kind: 'cloudformation',
      file: 'cdk.out/acme-dev.template.json',
      resource: 'NetworkpublicSubnet1DefaultRoute46BA3E4C',
      message: expect.stringMatching(/^The route table may contain one or more unrestricted route\(s\) to an IGW .* \(at acme-dev\/Network\/Resource\/publicSubnet1\/DefaultRoute\)$/),
      remediation: expect.stringContaining('suppressNag'),
    });
  });

  test('without one finding of a multi-finding rule reports that finding only, named in the message', () => {
    // WHEN the node role's acknowledgement of the CNI policy is withdrawn
    const result = checkVariant((app) => withdraw(
      at(app, 'acme-dev/Cluster/NodeRole/Resource'),
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonEKS_CNI_Policy]',
    ));

    // THEN one IAM4 finding on the node role, naming the policy
    expect(readable(result.findings)).toEqual([
      expect.stringMatching(/^error AwsSolutions-IAM4 dev cdk\.out\/acme-dev\.template\.json ClusterNodeRole687A61BB: \[Policy::arn:<AWS::Partition>:iam::aws:policy\/AmazonEKS_CNI_Policy\] /),
    ]);
  });

  test('with an invalid template property gets a CloudFormation validation error, kept as an error', () => {
    // WHEN the dev stack holds a queue whose retention is not a number
    const result = checkVariant((app) => new CfnResource(at(app, 'acme-dev') as Stack, 'BrokenQueue', {
      type: 'AWS::SQS::Queue',
      properties: { MessageRetentionPeriod: 'one week' },
    }));

    // THEN the engine's finding is an error on that resource, with its rule id behind CFN-
    expect(readable(result.findings)).toEqual([
      'error CFN-F3012 dev cdk.out/acme-dev.template.json BrokenQueue: MessageRetentionPeriod: \'one week\' is not of type \'integer\' (at acme-dev/BrokenQueue)',
    ]);
  });
});

describe('reading what the synth recorded', () => {
  const template = (name: string, environment: string, validation?: Artifact['validation']): Artifact => ({
    kind: 'cloudformation',
    cloud: 'aws',
    environment,
    name,
    file: `cdk.out/${name}.template.json`,
    document: { Resources: {} },
    ...(validation ? { validation } : {}),
  });

  test('a stack synthesized without the validators is an error, not a pass', () => {
    // WHEN a template has no recorded validation
    const result = awsNagFindings([template('acme-dev', 'dev')]);

    // THEN it is named, with what to do, and covers no control
    expect(readable(result.findings)).toEqual([
      `error ${AWS_NAG_NOT_RUN_RULE} dev cdk.out/acme-dev.template.json acme-dev: cdk-nag and the CloudFormation validation engine did not run on stack "acme-dev": nothing recorded their findings`,
    ]);
    expect(result.findings[0].remediation).toContain('{ nag: true }');
    expect(result.coverage).toEqual([]);
    expect(result.stacks).toEqual([]);
  });

  test('a validator that failed to run fails each environment once, whatever the number of its stacks', () => {
    // GIVEN two stacks of dev on which NIST.800.53.R5 crashed
    const validation = {
      validators: [{ name: 'NIST.800.53.R5', kind: 'cdk-nag' as const, ran: false, error: 'rule crashed' }],
      violations: [],
    };

    // WHEN
    const result = awsNagFindings([template('acme-dev', 'dev', validation), template('acme-dev-dr', 'dev', validation)]);

    // THEN one error for dev
    expect(readable(result.findings)).toEqual(['error NIST.800.53.R5-FAILED dev cdk.out/validation-report.json NIST.800.53.R5: rule crashed']);
  });

  test('informational violations are left out; fatal ones are errors', () => {
    // GIVEN
    const violation = { validator: 'CloudFormation Validate', kind: 'cloudformation-validation' as const, description: 'bad', constructPath: 'acme-dev/Queue', logicalId: 'Queue' };
    const validation = {
      validators: [{ name: 'CloudFormation Validate', kind: 'cloudformation-validation' as const, ran: true }],
      violations: [{ ...violation, rule: 'I1', severity: 'info' }, { ...violation, rule: 'E1', severity: 'fatal' }],
    };

    // WHEN / THEN
    expect(readable(awsNagFindings([template('acme-dev', 'dev', validation)]).findings)).toEqual([
      'error CFN-E1 dev cdk.out/acme-dev.template.json Queue: bad (at acme-dev/Queue)',
    ]);
  });
});

describe('check builds the AWS app once', () => {
  test('one synth records the findings, and reading them synthesizes nothing', () => {
    // GIVEN a count of every synth of an aws-cdk-lib app or stage
    const synth = jest.spyOn(Stage.prototype, 'synth');
    try {
      // WHEN dev is synthesized with the validators, and their findings are read
      const read = synthesizeArtifacts(org, { clouds: ['aws'], environments: ['dev'], nag: true });
      const afterSynth = synth.mock.calls.length;
      const result = awsNagFindings(read);

      // THEN one synth, and none while reading
      expect(afterSynth).toBe(1);
      expect(synth).toHaveBeenCalledTimes(1);
      expect([...result.stacks].sort()).toEqual(['acme-dev', 'acme-dev-team-data-platform', 'acme-dev-team-payments', 'acme-dev-team-storefront']);
    } finally {
      synth.mockRestore();
    }
  });
});

describe('suppressions in the synthesized templates', () => {
  // GIVEN the templates as the check synthesized them (the validators record findings beside them, not in them)
  const templates = artifacts.filter((a) => a.kind === 'cloudformation');
  const suppressions = templates.flatMap((t) => Object.entries<any>(t.document.Resources)
    .flatMap(([logicalId, r]) => (r.Metadata?.cdk_nag?.rules_to_suppress ?? [])
      .map((s: any) => ({ stack: t.name, logicalId, id: s.id as string, reason: s.reason as string }))));

  test('every suppression carries a reason of at least ten words', () => {
    // THEN
    const short = suppressions.filter((s) => typeof s.reason !== 'string' || s.reason.trim().split(/\s+/).length < 10);
    expect(short).toEqual([]);
  });

  test('the suppressed rules are exactly the reviewed ones', () => {
    // THEN (a new rule here is a deviation to review, not a side effect)
    expect([...new Set(suppressions.map((s) => s.id.replace(/\[.*\]$/, '')))].sort()).toEqual([
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-S1',
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'NIST.800.53.R5-S3BucketLoggingEnabled',
      'NIST.800.53.R5-S3BucketReplicationEnabled',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
    ]);
  });

  test('access a service declares in the spec is acknowledged finding by finding, on that service\'s role only', () => {
    // THEN the AWS managed policy of ingest-gateway (on its role), in every environment, and nowhere else;
    // payments-api names its queue with {account}/{region} placeholders, so its statement needs no acknowledgement
    const declared = suppressions.filter((s) => (s.id.startsWith('AwsSolutions-IAM4[Policy::arn:aws:') || s.id.startsWith('AwsSolutions-IAM5'))
      && !s.logicalId.startsWith('ClusterAutoscaler') && !s.logicalId.startsWith('ImageVerificationReader') && !s.logicalId.startsWith('CiRole')
      && !s.logicalId.startsWith('TelemetryCollector') && s.logicalId !== REPLICA_TEMPLATE_POLICY);
    // The platform's own trace writer: X-Ray's documented write-only policy, on the collector's role only
    expect(suppressions.filter((s) => s.logicalId.startsWith('TelemetryCollector')).map((s) => `${s.stack} ${s.id}`).sort()).toEqual(['dev', 'prod', 'staging']
      .map((env) => `acme-${env} AwsSolutions-IAM4[Policy::arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess]`));
    expect(declared.map((s) => `${s.stack} ${s.logicalId.replace(/[0-9A-F]{8}$/, '')} ${s.id}`).sort()).toEqual(['dev', 'prod', 'staging'].flatMap((env) => [
      `acme-${env}-team-data-platform IdentityingestgatewayRole AwsSolutions-IAM4[Policy::arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess]`,
    ]));
    for (const s of declared) expect(s.reason).toMatch(/^The organization spec (grants|declares) (service )?.*(ingest-gateway|payments-api) /);
  });

  test('the node autoscaler\'s wildcards are acknowledged on its role only: the calls without resource-level permissions and its own node groups', () => {
    const autoscaler = suppressions.filter((s) => s.id.startsWith('AwsSolutions-IAM5') && s.logicalId.startsWith('ClusterAutoscaler'));
    expect(autoscaler.map((s) => `${s.stack} ${s.id}`).sort()).toEqual(['dev', 'prod', 'staging'].flatMap((env) => [
      `acme-${env} AwsSolutions-IAM5[Resource::*]`,
      `acme-${env} AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:eks:${env === 'prod' ? 'eu-central-1:333333333333' : env === 'dev' ? 'eu-west-1:111111111111' : 'eu-west-1:222222222222'}:nodegroup/<ClusterEB0386A7>/*/*]`,
    ]));
    for (const s of autoscaler) expect(s.reason).toMatch(/^The Describe calls of Auto Scaling and EC2 support no resource-level permissions/);
  });

  test('the image verifier\'s wildcards are acknowledged on its role only: the registry token and the environment\'s repositories', () => {
    const reader = suppressions.filter((s) => s.id.startsWith('AwsSolutions-IAM5') && s.logicalId.startsWith('ImageVerificationReader'));
    expect(reader.map((s) => `${s.stack} ${s.id}`).sort()).toEqual(['dev', 'prod', 'staging'].flatMap((env) => [
      `acme-${env} AwsSolutions-IAM5[Resource::*]`,
      `acme-${env} AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:${env === 'prod' ? 'eu-central-1:333333333333' : env === 'dev' ? 'eu-west-1:111111111111' : 'eu-west-1:222222222222'}:repository/acme-${env}/*]`,
    ]));
    for (const s of reader) expect(s.reason).toMatch(/^ecr:GetAuthorizationToken supports no resource-level permission/);
  });

  test('each team\'s CI role acknowledges only the registry login, which IAM cannot scope to a repository', () => {
    const ci = suppressions.filter((s) => s.logicalId.startsWith('CiRole'));
    expect(ci.map((s) => `${s.stack} ${s.logicalId.replace(/[0-9A-F]{8}$/, '')} ${s.id}`).sort()).toEqual(['dev', 'prod', 'staging'].flatMap((env) =>
      ['data-platform', 'payments', 'storefront'].flatMap((team) => [
        `acme-${env}-team-${team} CiRoleDefaultPolicy AwsSolutions-IAM5[Resource::*]`,
        `acme-${env}-team-${team} CiRoleDefaultPolicy NIST.800.53.R5-IAMNoInlinePolicy`,
      ])).sort());
    for (const s of ci.filter((x) => x.id.startsWith('AwsSolutions-IAM5'))) expect(s.reason).toMatch(/^ecr:GetAuthorizationToken supports no resource-level permission/);
  });

  test('ECR\'s replica role acknowledges its wildcard on the environment\'s repository prefix in its own region only', () => {
    // THEN one acknowledged resource per stack holding registry settings (each environment, and prod's DR region)
    const replica = suppressions.filter((s) => s.logicalId === REPLICA_TEMPLATE_POLICY && s.id.startsWith('AwsSolutions-IAM5'));
    expect(replica.map((s) => `${s.stack} ${s.id}`).sort()).toEqual([
      'acme-dev AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:eu-west-1:111111111111:repository/acme-dev/*]',
      'acme-prod AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:eu-central-1:333333333333:repository/acme-prod/*]',
      'acme-prod-dr AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:eu-west-1:333333333333:repository/acme-prod/*]',
      'acme-staging AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecr:eu-west-1:222222222222:repository/acme-staging/*]',
    ]);
  });
});
