import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EksPodIdentity, EksPodIdentityProps, IEksCluster } from '../../../constructs/aws';
import { eksTestStack, expectPodIdentityTrust, importedEksCluster } from '../../support/eks';
import { synthProblems, under } from '../../support/validation';

function newStack(): { stack: Stack; cluster: IEksCluster } {
  const stack = eksTestStack(new App(), 'Team');
  const cluster = importedEksCluster(stack, 'Platform');
  return { stack, cluster };
}

function synth(props: Partial<EksPodIdentityProps> = {}): { template: Template; identity: EksPodIdentity } {
  const { stack, cluster } = newStack();
  const identity = new EksPodIdentity(stack, 'Orders', { cluster, namespace: 'orders', serviceAccount: 'orders-api', ...props });
  return { template: Template.fromStack(stack), identity };
}

test('the association binds the service account to the role, as the primary child', () => {
  // GIVEN a pod identity for orders/orders-api
  const { template, identity } = synth();
  // THEN the association names the cluster, namespace, service account and role
  template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
  template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
    ClusterName: 'acme-prod',
    Namespace: 'orders',
    ServiceAccount: 'orders-api',
    RoleArn: { 'Fn::GetAtt': ['OrdersRoleF1878990', 'Arn'] },
    DisableSessionTags: Match.absent(),
  });
  expect((identity.node.defaultChild as any).cfnResourceType).toBe('AWS::EKS::PodIdentityAssociation');
  // AND the logical ids are pinned
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  expect(resources.OrdersA9B65338.Type).toBe('AWS::EKS::PodIdentityAssociation');
  expect(resources.OrdersRoleF1878990.Type).toBe('AWS::IAM::Role');
  expect(Stack.of(identity).resolve(identity.role.roleArn)).toEqual({ 'Fn::GetAtt': ['OrdersRoleF1878990', 'Arn'] });
});

test('the role trusts EKS Pod Identity for this cluster, namespace and service account only', () => {
  // GIVEN a pod identity
  const { template } = synth();
  // THEN the trust policy needs the session tags EKS sets for exactly this association
  expectPodIdentityTrust(template, 'orders', 'orders-api');
});

test('without policies the role can do nothing', () => {
  // GIVEN a pod identity without permissions
  const { template } = synth();
  // THEN no managed and no inline policy
  template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  template.resourceCountIs('AWS::IAM::Policy', 0);
});

test('managed policies and statements are attached, before the association exists', () => {
  // WHEN the workload gets a managed policy and a statement
  const { template } = synth({
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')],
    policyStatements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111111111111:orders'] })],
  });
  // THEN the role holds both
  template.hasResourceProperties('AWS::IAM::Role', {
    ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonS3ReadOnlyAccess']] }],
  });
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: 'OrdersRoleF1878990' }],
    PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111111111111:orders' }] },
  });
  // AND pods cannot get credentials before the permissions are in place
  const association = template.toJSON().Resources.OrdersA9B65338;
  expect(association.DependsOn).toEqual(expect.arrayContaining(['OrdersRoleF1878990', 'OrdersRoleDefaultPolicyDF5DE915']));
});

test('the inline policy of the statements is acknowledged for NIST IAMNoInlinePolicy; managed policies are left to the caller', () => {
  // WHEN the workload gets a managed policy and a statement
  const { template } = synth({
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')],
    policyStatements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111111111111:orders'] })],
  });
  // THEN the inline policy carries the one suppression with its reason
  const resources = template.toJSON().Resources;
  expect(resources.OrdersRoleDefaultPolicyDF5DE915.Metadata.cdk_nag.rules_to_suppress).toEqual([{
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason: expect.stringMatching(/^The statements belong to this one workload/),
  }]);
  // AND the role's AWS managed policy is not acknowledged here: whoever chose it answers for it
  expect(resources.OrdersRoleF1878990.Metadata).toBeUndefined();
});

test('names that are not Kubernetes names are refused, all at once', () => {
  // GIVEN bad names
  const { stack, cluster } = newStack();
  // THEN both are reported
  new EksPodIdentity(stack, 'Bad', { cluster, namespace: 'Orders_Team', serviceAccount: 'orders..api' });
  expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Team/Bad', [
    'EksPodIdentity: namespace "Orders_Team" is not a Kubernetes namespace name (expected a DNS label like team-a, at most 63 characters)',
    'EksPodIdentity: serviceAccount "orders..api" is not a Kubernetes service account name (expected a DNS subdomain like my-app, at most 253 characters)',
  ].join('\n')));
});

test('a namespace longer than 63 characters is refused', () => {
  const { stack, cluster } = newStack();
  const long = 'a'.repeat(64);
  new EksPodIdentity(stack, 'Long', { cluster, namespace: long, serviceAccount: 'sa' });
  expect(synthProblems(() => Template.fromStack(stack))).toEqual(under('Team/Long', `EksPodIdentity: namespace "${long}" is not a Kubernetes namespace name (expected a DNS label like team-a, at most 63 characters)`));
});
