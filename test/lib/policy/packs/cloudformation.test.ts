import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EksCluster } from '../../../../constructs/aws';
import { acme } from '../../../../examples/acme/org';
import { synthesizeArtifacts } from '../../../../lib/platform';
import { AWS_CONFIG_GUARDRAIL_RULES, AWS_TAGGABLE_TYPES, cloudFormationPack } from '../../../../lib/policy/packs/cloudformation';
import { defineOrganization } from '../../../../lib/spec';
import { broken, cfnResource, ruleOf } from '../support';

const TAGS = [
  { Key: 'owner', Value: 'platform-team' }, { Key: 'cost-center', Value: 'cc-1001' },
  { Key: 'environment', Value: 'prod' }, { Key: 'data-classification', Value: 'confidential' },
];
/** A repository as EcrRegistry writes it, for templates that have none yet. */
const COMPLIANT_REPOSITORY = {
  DeletionPolicy: 'Retain',
  UpdateReplacePolicy: 'Retain',
  Properties: { RepositoryName: 'acme-prod/payments/api', ImageTagMutability: 'IMMUTABLE', ImageScanningConfiguration: { ScanOnPush: true }, EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: 'arn:aws:kms:eu-central-1:333333333333:key/1' }, Tags: TAGS },
};

describe('CloudFormation pack', () => {
  // GIVEN the example organization's AWS stacks, synthesized once
  const artifacts = synthesizeArtifacts(defineOrganization(acme), { clouds: ['aws'] }).filter((a) => a.kind === 'cloudformation');
  const prod = artifacts.find((a) => a.name === 'acme-prod')!;

  test('every environment has its CloudFormation stack', () => {
    expect(artifacts.map((a) => a.environment)).toEqual(expect.arrayContaining(['dev', 'staging', 'prod']));
  });

  test.each(cloudFormationPack.rules.map((r) => [r.id, r] as const))('%s passes on the clean example', (_id, rule) => {
    expect(artifacts.flatMap((a) => rule.check(a))).toEqual([]);
  });

  test.each<[string, string, (template: any) => string, string]>([
    ['CFN-EKS-PRIVATE-API', 'public endpoint', (t) => eks(t, (p) => { p.ResourcesVpcConfig.EndpointPublicAccess = true; }),
      'ResourcesVpcConfig.EndpointPublicAccess is true (expected false)'],
    ['CFN-EKS-PRIVATE-API', 'public access left to the EKS default', (t) => eks(t, (p) => { delete p.ResourcesVpcConfig.EndpointPublicAccess; }),
      'ResourcesVpcConfig.EndpointPublicAccess is unset (expected false)'],
    ['CFN-EKS-PRIVATE-API', 'no private endpoint', (t) => eks(t, (p) => { p.ResourcesVpcConfig.EndpointPrivateAccess = false; }),
      'ResourcesVpcConfig.EndpointPrivateAccess is false (expected true)'],
    ['CFN-EKS-SECRETS-CMK', 'no encryption config', (t) => eks(t, (p) => { delete p.EncryptionConfig; }),
      'EncryptionConfig is unset (expected secrets encrypted with a KMS key ARN)'],
    ['CFN-NO-STATIC-CREDENTIALS', 'aws-auth ConfigMap', (t) => eks(t, (p) => { p.AccessConfig.AuthenticationMode = 'API_AND_CONFIG_MAP'; }),
      'AccessConfig.AuthenticationMode is "API_AND_CONFIG_MAP" (expected "API")'],
    ['CFN-NO-STATIC-CREDENTIALS', 'an access key', (t) => { t.Resources.CiKey = { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } }; return 'CiKey'; },
      'an IAM access key is a static credential (expected a role assumed through Pod Identity or federation)'],
    ['CFN-EKS-NODES-NO-PUBLIC-IP', 'a launch template asking for a public IP', (t) => first(t, 'AWS::EC2::LaunchTemplate', (p) => {
      p.LaunchTemplateData.NetworkInterfaces = [{ DeviceIndex: 0, AssociatePublicIpAddress: true }];
    }), 'LaunchTemplateData.NetworkInterfaces[].AssociatePublicIpAddress is true (expected false or unset)'],
    ['CFN-ECR-PRIVATE', 'a policy open to everyone', (t) => repository(t, (r) => {
      r.Properties.RepositoryPolicyText = { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'ecr:BatchGetImage' }] };
    }), 'RepositoryPolicyText allows "ecr:BatchGetImage" to principal "*" without a condition (expected named principals or an aws:PrincipalOrgID condition)'],
    ['CFN-ECR-IMMUTABLE-TAGS', 'mutable tags', (t) => repository(t, (r) => { r.Properties.ImageTagMutability = 'MUTABLE'; }),
      'ImageTagMutability is "MUTABLE" (expected "IMMUTABLE")'],
    ['CFN-ECR-CMK', 'a repository on AES256', (t) => repository(t, (r) => { r.Properties.EncryptionConfiguration = { EncryptionType: 'AES256' }; }),
      'EncryptionConfiguration.EncryptionType is "AES256" (expected "KMS")'],
    ['CFN-ECR-CMK', 'a replica template on the AWS-managed key', (t) => first(t, 'AWS::ECR::RepositoryCreationTemplate', (p) => { p.EncryptionConfiguration = { EncryptionType: 'KMS' }; }),
      'EncryptionConfiguration.KmsKey is unset (expected a customer-managed KMS key (unset means the AWS-managed aws/ecr key))'],
    ['CFN-ECR-CMK', 'a replica template without lifecycle rules', (t) => first(t, 'AWS::ECR::RepositoryCreationTemplate', (p) => { delete p.LifecyclePolicy; }),
      'LifecyclePolicy is unset (expected lifecycle rules, like the source repositories\' (replicas would otherwise keep every image))'],
    ['CFN-ECR-CMK', 'a replica template with a key but no role', (t) => first(t, 'AWS::ECR::RepositoryCreationTemplate', (p) => { delete p.CustomRoleArn; }),
      'CustomRoleArn is unset (expected a role ECR assumes to create replicas with the key (its service-linked role cannot use a customer key))'],
    ['CFN-ECR-IMMUTABLE-TAGS', 'a replica template with mutable tags', (t) => first(t, 'AWS::ECR::RepositoryCreationTemplate', (p) => { delete p.ImageTagMutability; }),
      'ImageTagMutability is unset (expected "IMMUTABLE")'],
    ['CFN-ECR-SCAN-ON-PUSH', 'no scan on push and no registry rule', (t) => {
      for (const [id, r] of Object.entries<any>(t.Resources)) if (r.Type === 'AWS::ECR::RegistryScanningConfiguration') delete t.Resources[id];
      return repository(t, (r) => { r.Properties.RepositoryName = 'other/api'; r.Properties.ImageScanningConfiguration = { ScanOnPush: false }; });
    }, 'ImageScanningConfiguration.ScanOnPush is false and no registry scanning rule of the stack matches "other/api" (expected one of them)'],
    ['CFN-VPC-FLOW-LOGS', 'no flow log', (t) => {
      for (const [id, r] of Object.entries<any>(t.Resources)) if (r.Type === 'AWS::EC2::FlowLog') delete t.Resources[id];
      return firstId(t, 'AWS::EC2::VPC');
    }, 'no AWS::EC2::FlowLog of TrafficType ALL refers to this VPC (expected one with ResourceType VPC)'],
    ['CFN-EKS-CONTROL-PLANE-LOGS', 'audit logs off', (t) => eks(t, (p) => { p.Logging.ClusterLogging.EnabledTypes = p.Logging.ClusterLogging.EnabledTypes.filter((e: any) => e.Type !== 'audit'); }),
      'Logging.ClusterLogging.EnabledTypes lack audit (expected all of api, audit, authenticator, controllerManager, scheduler)'],
    ['CFN-DELETION-PROTECTION', 'a key destroyed with the stack', (t) => {
      const id = firstId(t, 'AWS::KMS::Key');
      t.Resources[id].DeletionPolicy = 'Delete';
      return id;
    }, 'DeletionPolicy is "Delete" (expected "Retain")'],
    ['CFN-DELETION-PROTECTION', 'cluster deletion protection off', (t) => eks(t, (p) => { p.DeletionProtection = false; }),
      'DeletionProtection is false (expected true)'],
    ['CFN-MANDATORY-TAGS', 'a tag missing', (t) => first(t, 'AWS::EC2::VPC', (p) => { p.Tags = p.Tags.filter((tag: any) => tag.Key !== 'cost-center'); }),
      'Tags lack cost-center'],
    ['CFN-MANDATORY-TAGS', 'a map-tagged node group without tags', (t) => first(t, 'AWS::EKS::Nodegroup', (p) => { delete p.Tags; }),
      'Tags lack owner, cost-center, environment, data-classification'],
    ['CFN-BUDGET-ALERTS', 'no budget', (t) => { removeAll(t, 'AWS::Budgets::Budget'); return 'acme-prod'; },
      'the environment stack has no AWS::Budgets::Budget (expected a monthly COST budget alerting at 80 % and 100 %)'],
    ['CFN-BUDGET-ALERTS', 'no alert at 100 %', (t) => first(t, 'AWS::Budgets::Budget', (p) => {
      p.NotificationsWithSubscribers = p.NotificationsWithSubscribers.filter((n: any) => !(n.Notification.NotificationType === 'ACTUAL' && n.Notification.Threshold === 100));
    }), 'NotificationsWithSubscribers has no ACTUAL GREATER_THAN 100 PERCENTAGE alert with a subscriber (expected one)'],
    ['CFN-BUDGET-ALERTS', 'an 80 % alert nobody receives', (t) => first(t, 'AWS::Budgets::Budget', (p) => {
      p.NotificationsWithSubscribers.find((n: any) => n.Notification.Threshold === 80).Subscribers = [];
    }), 'NotificationsWithSubscribers has no ACTUAL GREATER_THAN 80 PERCENTAGE alert with a subscriber (expected one)'],
    ['CFN-BUDGET-ALERTS', 'a quarterly budget', (t) => first(t, 'AWS::Budgets::Budget', (p) => { p.Budget.TimeUnit = 'QUARTERLY'; }),
      'Budget.TimeUnit is "QUARTERLY" (expected "MONTHLY")'],
    ['CFN-CONFIG-GUARDRAILS', 'the EKS endpoint rule removed', (t) => {
      for (const [id, r] of Object.entries<any>(t.Resources)) if (r.Properties?.Source?.SourceIdentifier === 'EKS_ENDPOINT_NO_PUBLIC_ACCESS') delete t.Resources[id];
      return 'acme-prod';
    }, 'no AWS Config rule EKS_ENDPOINT_NO_PUBLIC_ACCESS (expected an AWS::Config::ConfigRule with Source.Owner AWS and SourceIdentifier EKS_ENDPOINT_NO_PUBLIC_ACCESS, enforcing cluster-api-private)'],
    ['CFN-CONFIG-GUARDRAILS', 'REQUIRED_TAGS without cost-center', (t) => {
      const id = Object.entries<any>(t.Resources).find(([, r]) => r.Properties?.Source?.SourceIdentifier === 'REQUIRED_TAGS')![0];
      t.Resources[id].Properties.InputParameters = JSON.stringify({ tag1Key: 'owner', tag2Key: 'environment', tag3Key: 'data-classification' });
      return id;
    }, 'REQUIRED_TAGS InputParameters lack cost-center (expected tag1Key to tag6Key naming every mandatory tag: owner, cost-center, environment, data-classification)'],
    ['CFN-EKS-NODE-DISKS-CMK', 'a node volume on the AWS-managed key', (t) => first(t, 'AWS::EC2::LaunchTemplate', (p) => {
      delete p.LaunchTemplateData.BlockDeviceMappings[0].Ebs.KmsKeyId;
    }), 'LaunchTemplateData.BlockDeviceMappings[0].Ebs.KmsKeyId is unset (expected a customer-managed KMS key)'],
    ['CFN-KMS-KEY-ROTATION', 'a key without rotation', (t) => first(t, 'AWS::KMS::Key', (p) => { p.EnableKeyRotation = false; }),
      'EnableKeyRotation is false (expected true)'],
  ])('%s fails on %s', (ruleId, _case, mutate, message) => {
    // GIVEN the real prod template with one property broken
    let resource = '';
    const artifact = broken(prod, (template) => { resource = mutate(template); });
    // WHEN the rule reads it / THEN it reports exactly that resource and value
    expect(ruleOf(cloudFormationPack, ruleId).check(artifact)).toEqual([{ resource, message }]);
  });

  test('an EksCluster with a public endpoint fails with the reason it records', () => {
    // GIVEN a team's cluster opened through the shared ClusterPublicEndpoint
    const stack = new Stack(new App(), 'payments-prod', { env: { account: '333333333333', region: 'eu-central-1' } });
    new EksCluster(stack, 'Cluster', {
      vpc: new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'] }),
      clusterName: 'payments-prod',
      adminRoleArn: 'arn:aws:iam::333333333333:role/platform-admin',
      publicEndpoint: { allowedCidrs: ['203.0.113.0/24'], reason: 'SEC-1234: CI runners outside the VPC' },
    });
    const template = Template.fromStack(stack).toJSON();
    const artifact = { ...prod, name: 'payments-prod', document: template };
    const clusterId = Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::EKS::Cluster');
    // WHEN the rule reads the synthesized template / THEN the finding says what is public and why
    expect(ruleOf(cloudFormationPack, 'CFN-EKS-PRIVATE-API').check(artifact)).toEqual([{
      resource: clusterId,
      message: 'ResourcesVpcConfig.EndpointPublicAccess is true (expected false); the cluster records why: "SEC-1234: CI runners outside the VPC"',
    }]);
  });

  test('a repository matched by a registry scanning rule needs no per-repository scan on push', () => {
    // GIVEN a repository without ScanOnPush, under a wildcard rule of the stack's registry scanning configuration
    const artifact = broken(prod, (t) => {
      t.Resources.Scanning = { Type: 'AWS::ECR::RegistryScanningConfiguration', Properties: { ScanType: 'ENHANCED', Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'acme-prod/*', FilterType: 'WILDCARD' }] }] } };
      t.Resources.Repo = { Type: 'AWS::ECR::Repository', ...structuredClone(COMPLIANT_REPOSITORY) };
      delete t.Resources.Repo.Properties.ImageScanningConfiguration;
    });
    // THEN the rule is satisfied
    expect(ruleOf(cloudFormationPack, 'CFN-ECR-SCAN-ON-PUSH').check(artifact)).toEqual([]);
  });

  test('a public subnet under a node group is a finding on the node group', () => {
    // GIVEN the first node group's first subnet mapping public IPs
    let nodegroup = '';
    let subnet = '';
    const artifact = broken(prod, (t) => {
      nodegroup = firstId(t, 'AWS::EKS::Nodegroup');
      subnet = t.Resources[nodegroup].Properties.Subnets[0].Ref;
      t.Resources[subnet].Properties.MapPublicIpOnLaunch = true;
    });
    // THEN the node group is reported, naming the subnet
    const violations = ruleOf(cloudFormationPack, 'CFN-EKS-NODES-NO-PUBLIC-IP').check(artifact);
    expect(violations.filter((v) => v.resource === nodegroup)).toEqual([
      { resource: nodegroup, message: `Subnets include ${subnet}, which has MapPublicIpOnLaunch true (expected private subnets only)` },
    ]);
  });

  test('every AWS Config rule the guardrails rule asks for is missing from a stack without them, one finding each', () => {
    // GIVEN the prod stack without any Config rule
    const artifact = broken(prod, (t) => removeAll(t, 'AWS::Config::ConfigRule'));
    // WHEN the rule reads it
    const violations = ruleOf(cloudFormationPack, 'CFN-CONFIG-GUARDRAILS').check(artifact);
    // THEN each identifier of AWS_CONFIG_GUARDRAIL_RULES is reported once, on the stack
    const identifiers = Object.values(AWS_CONFIG_GUARDRAIL_RULES).flat();
    expect(violations.map((v) => [v.resource, v.message.split(' ')[4]])).toEqual(identifiers.map((id) => ['acme-prod', id]));
  });

  test('team and DR stacks need no budget and no Config rules of their own', () => {
    // GIVEN the example's stacks other than the environment stacks
    const others = artifacts.filter((a) => a.name !== `acme-${a.environment}`);
    expect(others.map((a) => a.name)).toEqual(expect.arrayContaining(['acme-prod-dr', 'acme-dev-team-payments']));
    // THEN neither rule asks anything of them, though they contain no budget or Config rule
    for (const ruleId of ['CFN-BUDGET-ALERTS', 'CFN-CONFIG-GUARDRAILS']) {
      expect(others.flatMap((a) => ruleOf(cloudFormationPack, ruleId).check(a))).toEqual([]);
    }
    expect(others.flatMap((a) => Object.values<any>(a.document.Resources)).filter((r) => ['AWS::Budgets::Budget', 'AWS::Config::ConfigRule'].includes(r.Type))).toEqual([]);
  });

  test('AWS_TAGGABLE_TYPES covers the types the example tags', () => {
    const tagged = new Set(artifacts.flatMap((a) => Object.values<any>(a.document.Resources).filter((r) => r.Properties?.Tags).map((r) => r.Type)));
    expect([...tagged].filter((t) => !AWS_TAGGABLE_TYPES.includes(t))).toEqual([]);
  });
});

function removeAll(template: any, type: string): void {
  for (const [id, r] of Object.entries<any>(template.Resources)) if (r.Type === type) delete template.Resources[id];
}

function firstId(template: any, type: string): string {
  return Object.entries<any>(template.Resources).find(([, r]) => r.Type === type)![0];
}

function first(template: any, type: string, mutate: (properties: any) => void): string {
  const id = firstId(template, type);
  mutate(template.Resources[id].Properties);
  return id;
}

function eks(template: any, mutate: (properties: any) => void): string {
  return first(template, 'AWS::EKS::Cluster', mutate);
}

function repository(template: any, mutate: (resource: any) => void): string {
  const { logicalId, body } = cfnResource(template, 'AWS::ECR::Repository', 'RepositoryAcmeProdPaymentsApi', COMPLIANT_REPOSITORY);
  mutate(body);
  return logicalId;
}
