import { acme } from '../../../../examples/acme/org';
import { defineOrganization } from '../../../../lib/spec';
import { issuesOf, withEnvironment } from '../../../support/spec-issues';

describe('placements that cannot deploy are rejected', () => {
  test('three identical availability zones', () => {
    const spec = withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, availabilityZones: ['eu-west-1a', 'eu-west-1a', 'eu-west-1a'] } }));
    expect(issuesOf(spec)).toEqual([
      'environments[0].aws.availabilityZones[1]: "eu-west-1a" repeats environments[0].aws.availabilityZones[0] (expected three different zones, so one zone\'s outage leaves two)',
      'environments[0].aws.availabilityZones[2]: "eu-west-1a" repeats environments[0].aws.availabilityZones[0] (expected three different zones, so one zone\'s outage leaves two)',
    ]);
  });

  test('a zone of another region', () => {
    const spec = withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, availabilityZones: ['eu-west-1a', 'us-east-1b', 'eu-west-1c'] } }));
    expect(issuesOf(spec)).toEqual(['environments[0].aws.availabilityZones[1]: "us-east-1b" is not a zone of region "eu-west-1" (expected like eu-west-1b)']);
  });

  test('a GCP DR region that shares no Artifact Registry multi-region with the region', () => {
    const spec = withEnvironment(2, (e) => ({ ...e, gcp: { ...e.gcp, region: 'europe-west3', drRegion: 'us-east1' } }));
    expect(issuesOf(spec)).toEqual([
      'environments[2].gcp.drRegion: "us-east1" shares no Artifact Registry multi-region with region "europe-west3" (expected a DR region in the same multi-region as the region, asia-*, europe-*, us-*: repositories move there to be replicated)',
    ]);
  });

  test.each([
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('an AWS region of a partition the baseline does not deploy to (%s) is rejected, naming the partition', (region, partition) => {
    const [issue, ...rest] = issuesOf(withEnvironment(0, (e) => ({ ...e, aws: { ...e.aws, region, availabilityZones: undefined } })));
    expect(rest).toEqual([]);
    expect(issue).toMatch(new RegExp(`^environments\\[0\\]\\.aws\\.region: "${region}" is in the ${partition} partition, where the baseline cannot deploy yet: .* \\(expected a region of the aws partition, like eu-west-1\\)$`));
  });

  test('a DR region in another partition is rejected', () => {
    const [issue] = issuesOf(withEnvironment(2, (e) => ({ ...e, aws: { ...e.aws, drRegion: 'cn-northwest-1' } })));
    expect(issue).toMatch(/^environments\[2\]\.aws\.drRegion: "cn-northwest-1" is in the aws-cn partition/);
  });

  test('two environments in one AWS account and region', () => {
    expect(issuesOf(withEnvironment(1, (e) => ({ ...e, aws: { ...e.aws, account: '111111111111' } })))).toEqual([
      'environments[1].aws.account: "111111111111" in "eu-west-1" is already where environments[0] runs (expected an account and region for one environment only: guardrails, budgets and policy assignments are per account and region)',
    ]);
  });

  test('two environments in one Azure subscription', () => {
    const sameSubscription = acme.environments[0].azure!.subscriptionId.toUpperCase();
    expect(issuesOf(withEnvironment(1, (e) => ({ ...e, azure: { ...e.azure, subscriptionId: sameSubscription } })))).toEqual([
      'environments[1].azure.subscriptionId: "11111111-1111-4111-8111-111111111111" is already where environments[0] runs (expected a subscription for one environment only: guardrails, budgets and policy assignments are per subscription)',
    ]);
  });

  test('two environments in one GCP project', () => {
    expect(issuesOf(withEnvironment(1, (e) => ({ ...e, gcp: { ...e.gcp, project: 'acme-dev-4821' } })))).toEqual([
      'environments[1].gcp.project: "acme-dev-4821" is already where environments[0] runs (expected a project for one environment only: guardrails, budgets and policy assignments are per project)',
    ]);
  });

  test('an environment on no cloud', () => {
    expect(issuesOf({ ...acme, environments: [...acme.environments, { name: 'perf', tier: 'dev' }] })).toEqual([
      'environments[3]: has no placement (expected at least one of aws, azure, gcp: an environment on no cloud deploys nothing)',
    ]);
  });

  test('an AKS cluster that keeps platform-managed keys on its node disks says why, in a tag-sized reason', () => {
    const keep = (reason: string) => withEnvironment(0, (e) => ({ ...e, azure: { ...e.azure, platformManagedNodeDisks: { reason } } }));
    expect(defineOrganization(keep('created before CMK node disks; CHG-1234')).environments[0].azure!.platformManagedNodeDisks)
      .toEqual({ reason: 'created before CMK node disks; CHG-1234' });
    expect(issuesOf(keep('  '))).toEqual([
      'environments[0].azure.platformManagedNodeDisks.reason: "  " is empty (expected why this cluster keeps platform-managed keys on its node disks, e.g. a ticket reference)',
    ]);
    expect(issuesOf(keep('x'.repeat(257)))).toEqual([
      // (the value is shown cut short)
      `environments[0].azure.platformManagedNodeDisks.reason: "${'x'.repeat(56)}... is longer than 256 characters (expected a short reason: it is stored in a tag)`,
    ]);
  });
});

describe('aws.nodeGroupsCreated', () => {
  test('is a boolean, resolved only where it is true', () => {
    expect(issuesOf(withEnvironment(0, (env) => ({ ...env, aws: { ...env.aws, nodeGroupsCreated: 'yes' } })))).toEqual([
      'environments[0].aws.nodeGroupsCreated: "yes" is not a boolean',
    ]);
    const org = defineOrganization(withEnvironment(2, (env) => ({ ...env, aws: { ...env.aws, nodeGroupsCreated: true } })));
    expect(org.environments.map((e) => e.aws?.nodeGroupsCreated)).toEqual([undefined, undefined, true]);
  });
});

