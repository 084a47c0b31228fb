import type { ServiceCloudAccessSpec } from './types';

/**
 * The private paths to each cloud's APIs, as data: which AWS interface endpoint serves which IAM service, which AWS
 * managed policy grants which, and the address ranges and names the clusters' NetworkPolicies open.
 */

/**
 * The AWS interface endpoint (service name after `com.amazonaws.<region>.`) that serves the API of each IAM service
 * prefix a grant may name. S3 gets an interface endpoint whose private DNS answers for the whole VPC, so pods reach
 * it in the endpoint subnets rather than through the gateway endpoint (whose addresses are AWS public ranges that a
 * NetworkPolicy cannot name). DynamoDB is missing on purpose: its interface endpoints have no private DNS for the
 * SDKs' default endpoint.
 */
export const AWS_INTERFACE_ENDPOINTS: Readonly<Record<string, string>> = {
  'athena': 'athena',
  'cloudwatch': 'monitoring',
  'ecr': 'ecr.api',
  'events': 'events',
  'execute-api': 'execute-api',
  'firehose': 'kinesis-firehose',
  'glue': 'glue',
  'kinesis': 'kinesis-streams',
  'kms': 'kms',
  'lambda': 'lambda',
  'logs': 'logs',
  's3': 's3',
  'secretsmanager': 'secretsmanager',
  'sns': 'sns',
  'sqs': 'sqs',
  'ssm': 'ssm',
  'states': 'states',
  'sts': 'sts',
  'xray': 'xray',
};

/**
 * AWS managed policies a service may be granted, with the IAM services whose APIs they are for. A managed policy
 * names no actions in the spec, so the API it needs a private path to is known from this table only.
 */
export const AWS_MANAGED_POLICY_SERVICES: Readonly<Record<string, readonly string[]>> = {
  AmazonKinesisReadOnlyAccess: ['kinesis'],
  AmazonKinesisFullAccess: ['kinesis'],
  AmazonKinesisFirehoseReadOnlyAccess: ['firehose'],
  AmazonKinesisFirehoseFullAccess: ['firehose'],
  AmazonSQSReadOnlyAccess: ['sqs'],
  AmazonSQSFullAccess: ['sqs'],
  AmazonS3ReadOnlyAccess: ['s3'],
  AmazonS3FullAccess: ['s3'],
  AmazonSNSReadOnlyAccess: ['sns'],
  AmazonSNSFullAccess: ['sns'],
  AmazonSSMReadOnlyAccess: ['ssm'],
  AmazonEventBridgeFullAccess: ['events'],
  AWSXrayWriteOnlyAccess: ['xray'],
  AWSStepFunctionsReadOnlyAccess: ['states'],
  CloudWatchReadOnlyAccess: ['cloudwatch', 'logs'],
  CloudWatchAgentServerPolicy: ['cloudwatch', 'logs'],
};

/** The AWS managed policy name in an ARN (`arn:aws:iam::aws:policy/<path>/<name>`); undefined for a customer policy. */
export function awsManagedPolicyName(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(arn);
  return match?.[1];
}

/** The AWS interface endpoints a service's grants need, sorted. Unknown services and policies are left out (validation reports them). */
export function awsEndpointsOf(access: ServiceCloudAccessSpec['aws']): string[] {
  const prefixes = [
    ...(access?.statements ?? []).flatMap((s) => s.actions.map((a) => a.split(':')[0])),
    ...(access?.managedPolicyArns ?? []).flatMap((arn) => AWS_MANAGED_POLICY_SERVICES[awsManagedPolicyName(arn) ?? ''] ?? []),
  ];
  return [...new Set(prefixes.map((p) => AWS_INTERFACE_ENDPOINTS[p]).filter((e): e is string => e !== undefined))].sort();
}

/** The interface endpoints every environment's VPC needs for the organization's services, sorted. */
export function awsInterfaceEndpoints(services: readonly { readonly cloudAccess: ServiceCloudAccessSpec }[]): string[] {
  return [...new Set(services.flatMap((s) => awsEndpointsOf(s.cloudAccess.aws)))].sort();
}

/**
 * Entra ID's sign-in endpoint, where Azure workload identity exchanges the pod's federated token for an access
 * token. It has no private endpoint, so the clusters open it by name (a Cilium FQDN rule), not by address.
 */
export const ENTRA_ID_LOGIN_HOST = 'login.microsoftonline.com';

/** HTTPS: every cloud API is reached on it. */
export const CLOUD_API_PORT = 443;
