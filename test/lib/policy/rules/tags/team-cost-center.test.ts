import { PassThrough } from 'stream';
import { acme } from '../../../../../examples/acme/org';
import type { Artifact } from '../../../../../lib/artifacts';
import { runPolicy } from '../../../../../lib/cli/gates';
import { Output } from '../../../../../lib/cli/output';
import { select } from '../../../../../lib/cli/selection';
import { synthesizeArtifacts } from '../../../../../lib/platform';
import { evaluate, organizationPack } from '../../../../../lib/policy';
import { teamCostCenterConsistent as rule } from '../../../../../lib/policy/rules/tags/team-cost-center';
import { defineOrganization } from '../../../../../lib/spec';
import { broken, exampleLedger, TODAY } from '../../support';

const cfn = (name: string, tags: Record<string, string>): Artifact => ({
  kind: 'cloudformation',
  cloud: 'aws',
  environment: 'dev',
  name,
  file: `cdk.out/${name}.template.json`,
  document: { Resources: { Repository: { Type: 'AWS::ECR::Repository', Properties: { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) } } } },
});
const azure = (tags: Record<string, string>): Artifact => ({
  kind: 'terraform',
  cloud: 'azure',
  environment: 'dev',
  name: 'acme-dev-azure',
  file: 'cdktf.out/stacks/acme-dev-azure/cdk.tf.json',
  document: { resource: { azurerm_user_assigned_identity: { 'Ci-payments': { name: 'id-ci-payments', tags } } } },
});
const gcp = (labels: Record<string, string>, defaults: Record<string, string> = { 'cost-center': 'cc-1001' }): Artifact => ({
  kind: 'terraform',
  cloud: 'gcp',
  environment: 'dev',
  name: 'acme-dev-gcp',
  file: 'cdktf.out/stacks/acme-dev-gcp/cdk.tf.json',
  document: {
    provider: { google: [{ default_labels: defaults }] },
    resource: { google_artifact_registry_repository: { artifact_registry_payments: { labels } } },
  },
});
const namespace = (labels: Record<string, string>): Artifact => ({
  kind: 'kubernetes',
  cloud: 'aws',
  environment: 'dev',
  name: 'dev/aws/baseline',
  file: 'cdk8s.out/dev/aws/baseline.k8s.yaml',
  document: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments', labels } }],
});
const team = { 'team': 'payments', 'cost-center': 'cc-2001' };

describe('TEAM-COST-CENTER-CONSISTENT', () => {
  test('passes when every team resource on every cloud carries the team\'s cost-center, GCP\'s through its own labels over the defaults', () => {
    expect(rule.check([cfn('acme-dev-team-payments', team), azure(team), gcp(team), namespace(team)])).toEqual([]);
  });

  test('passes on resources that name no team, whatever their cost-center (the environment\'s own resources)', () => {
    expect(rule.check([azure({ 'cost-center': 'cc-1001' }), namespace(team)])).toEqual([]);
  });

  test('fails on an Azure identity of the team billed to the platform\'s cost-center, naming the team and both values', () => {
    expect(rule.check([cfn('acme-dev-team-payments', team), azure({ ...team, 'cost-center': 'cc-1001' }), namespace(team)])).toEqual([{
      artifact: expect.objectContaining({ name: 'acme-dev-azure' }),
      resource: 'azurerm_user_assigned_identity.Ci-payments',
      message: 'team "payments" resource has cost-center "cc-1001" but the team\'s is "cc-2001" on its Kubernetes namespaces (e.g. Namespace/payments in dev/aws/baseline)',
    }]);
  });

  test('fails on a GCP repository of the team whose own labels leave the provider\'s default (the platform\'s) cost-center', () => {
    expect(rule.check([gcp({ team: 'payments' }), namespace(team)])).toEqual([{
      artifact: expect.objectContaining({ name: 'acme-dev-gcp' }),
      resource: 'google_artifact_registry_repository.artifact_registry_payments',
      message: 'team "payments" resource has cost-center "cc-1001" but the team\'s is "cc-2001" on its Kubernetes namespaces (e.g. Namespace/payments in dev/aws/baseline)',
    }]);
  });

  test('fails on a team resource with no cost-center at all', () => {
    expect(rule.check([gcp({ team: 'payments' }, {}), namespace(team)])).toEqual([{
      artifact: expect.objectContaining({ name: 'acme-dev-gcp' }),
      resource: 'google_artifact_registry_repository.artifact_registry_payments',
      message: 'team "payments" resource has no cost-center (expected "cc-2001", the team\'s on its Kubernetes namespaces, e.g. Namespace/payments in dev/aws/baseline)',
    }]);
  });

  test('without a namespace, the value most of the team\'s resources carry is the reference, so the odd one out is reported', () => {
    const violations = rule.check([cfn('acme-dev-team-payments', team), cfn('acme-prod-team-payments', team), azure({ ...team, 'cost-center': 'cc-9' })]);
    expect(violations.map((v) => [v.resource, v.message])).toEqual([[
      'azurerm_user_assigned_identity.Ci-payments',
      'team "payments" resource has cost-center "cc-9" but the team\'s is "cc-2001" on most of its resources (e.g. Repository in acme-dev-team-payments)',
    ]]);
  });

  test('the engine reports it in the artifact holding the resource and counts every environment and cloud it read as evaluated', () => {
    const result = evaluate([cfn('acme-dev-team-payments', team), azure({ ...team, 'cost-center': 'cc-1001' }), namespace(team)], [organizationPack], { today: TODAY });
    expect(result.errors.map((f) => [f.ruleId, f.cloud, f.file, f.resource])).toEqual([
      ['TEAM-COST-CENTER-CONSISTENT', 'azure', 'cdktf.out/stacks/acme-dev-azure/cdk.tf.json', 'azurerm_user_assigned_identity.Ci-payments'],
    ]);
    expect(result.coverage.map((c) => `${c.environment}/${c.cloud}`).sort()).toEqual(['dev/aws', 'dev/azure']);
  });
});

describe('TEAM-COST-CENTER-CONSISTENT on the example organization, through the policy gate of `baseline check`', () => {
  // GIVEN the whole example organization, synthesized once, and the gate `npm run check` runs (every pack)
  const org = defineOrganization(acme);
  const artifacts = synthesizeArtifacts(org);
  const gate = (input: readonly Artifact[]) => {
    const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: process.cwd() };
    const loaded = { organization: org, spec: acme, file: 'examples/acme/org.ts', source: 'test', exceptions: exampleLedger };
    return runPolicy(loaded, select(org, undefined, undefined), input, new Output(io, true), { today: TODAY, nag: false }).result;
  };
  const mine = (input: readonly Artifact[]) => gate(input).findings.filter((f) => f.ruleId === rule.id);

  test('the example\'s teams carry their cost-center on every cloud: payments\' own cc-2001 on Azure identities and its GCP repository', () => {
    const carriers = artifacts.filter((a) => a.kind === 'terraform' && JSON.stringify(a.document).includes('"team":"payments"'));
    expect(carriers.map((a) => a.name).sort()).toEqual(['acme-dev-azure', 'acme-dev-gcp', 'acme-prod-azure', 'acme-prod-gcp', 'acme-staging-azure', 'acme-staging-gcp']);
    expect(mine(artifacts)).toEqual([]);
  });

  test('fails when payments\' GCP repository in prod goes back to the platform\'s cost-center', () => {
    const mutated = artifacts.map((a) => a.name !== 'acme-prod-gcp' ? a : broken(a, (doc) => {
      delete doc.resource.google_artifact_registry_repository.artifact_registry_payments.labels['cost-center'];
    }));
    const result = gate(mutated);
    expect(result.passed).toBe(false);
    expect(result.errors.map((f) => [f.ruleId, f.environment, f.cloud, f.resource, f.message])).toEqual([[
      rule.id, 'prod', 'gcp', 'google_artifact_registry_repository.artifact_registry_payments',
      expect.stringMatching(/^team "payments" resource has cost-center "cc-1001" but the team's is "cc-2001" on its Kubernetes namespaces/),
    ]]);
  });

  test('fails when a payments identity on Azure in dev is billed to another cost-center', () => {
    const mutated = artifacts.map((a) => a.name !== 'acme-dev-azure' ? a : broken(a, (doc) => {
      const identities = doc.resource.azurerm_user_assigned_identity;
      const [address] = Object.entries<any>(identities).find(([, r]) => r.tags?.team === 'payments')!;
      identities[address].tags['cost-center'] = 'cc-7777';
    }));
    const errors = gate(mutated).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ruleId: rule.id, environment: 'dev', cloud: 'azure', resource: expect.stringMatching(/^azurerm_user_assigned_identity\./) });
    expect(errors[0].message).toMatch(/^team "payments" resource has cost-center "cc-7777" but the team's is "cc-2001"/);
  });
});
