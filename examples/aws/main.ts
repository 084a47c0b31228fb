/**
 * An AWS team app: a VPC, an EKS cluster on it, ECR repositories its nodes pull from, and a workload's IAM role
 * through EKS Pod Identity. Copy this file into your CDK app and import from `cdk-enterprise-baseline/aws` instead of
 * the relative path.
 *
 *   npx cdk synth --app 'npx tsx main.ts'      # or: npx tsx main.ts   (writes cdk.out/)
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsMandatoryTags, AwsNetwork, EcrRegistry, EksCluster, EksPodIdentity } from '../../constructs/aws';

const app = new App();
// An explicit account and region: synth never asks AWS for anything.
const stack = new Stack(app, 'shop-dev', { env: { account: '111111111111', region: 'eu-west-1' } });
// Cost allocation and ownership on every resource, node instances and volumes included.
AwsMandatoryTags.apply(stack, { 'owner': 'shop-team', 'cost-center': 'cc-2001', 'environment': 'dev', 'data-classification': 'internal' });

const network = new AwsNetwork(stack, 'Network', {
  cidr: '10.40.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  natGateways: 1,
  flowLogRetentionDays: 90,
  // The AWS APIs the workloads call, reached through interface endpoints rather than the internet.
  interfaceEndpoints: ['sqs'],
});

// Private API endpoint, secrets encrypted with a customer key, control-plane logs, managed node groups.
const cluster = new EksCluster(stack, 'Cluster', {
  vpc: network.vpc,
  clusterName: 'shop-dev',
  adminRoleArn: 'arn:aws:iam::111111111111:role/platform-admin',
  logRetentionDays: 90,
  systemNodes: { minSize: 3, maxSize: 3 },
  generalNodes: { minSize: 3, maxSize: 6 },
});

// One repository per service: immutable tags, scan on push, a customer key, pulled by the cluster's nodes only.
new EcrRegistry(stack, 'Registry', {
  repositoryPrefix: 'shop-dev',
  services: [{ name: 'checkout' }, { name: 'catalog' }],
  pullPrincipalArns: [cluster.nodeRole.roleArn],
});

// The checkout service's pods may send to one queue, and nothing else.
new EksPodIdentity(stack, 'CheckoutIdentity', {
  cluster,
  namespace: 'shop',
  serviceAccount: 'checkout',
  policyStatements: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:111111111111:orders'] })],
});

// `cdk synth` runs aws-cdk-lib's CloudFormation validation engine: acknowledge its one warning, with the reason.
Validations.of(stack).acknowledge({
  id: 'CloudFormation-Validate::W9009',
  reason: 'EKS EncryptionConfig Resources ["secrets"] is the value the EKS API documents for envelope encryption of Secrets.',
});

app.synth();
