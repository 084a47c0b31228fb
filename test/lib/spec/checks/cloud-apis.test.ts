import { acme } from '../../../../examples/acme/org';
import { awsEndpointsOf, awsInterfaceEndpoints, defineOrganization, OrganizationSpec, SpecValidationError } from '../../../../lib/spec';

function issuesOf(spec: OrganizationSpec): string[] {
  try {
    defineOrganization(spec);
  } catch (e) {
    return (e as SpecValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}

describe('AWS grants and the private paths to their APIs', () => {
  test('each grant names the interface endpoints its APIs need, from actions and known managed policies', () => {
    expect(awsEndpointsOf({
      statements: [{ actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'kms:Decrypt'], resources: ['arn:aws:sqs:eu-west-1:111111111111:q'] }],
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonKinesisReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    })).toEqual(['kinesis-streams', 'kms', 's3', 'sqs']);
    expect(awsEndpointsOf(undefined)).toEqual([]);
  });

  test('the example needs SQS (payments-api) and Kinesis (ingest-gateway)', () => {
    expect(awsInterfaceEndpoints(defineOrganization(acme).services)).toEqual(['kinesis-streams', 'sqs']);
  });

  test('an action of an API without a private path, and a managed policy of unknown APIs, are named with path and value', () => {
    const spec: OrganizationSpec = {
      ...acme,
      services: [{
        name: 'web',
        team: 'storefront',
        cloudAccess: {
          aws: {
            statements: [{ actions: ['sqs:SendMessage', 'dynamodb:GetItem'], resources: ['arn:aws:dynamodb:eu-west-1:111111111111:table/t'] }],
            managedPolicyArns: ['arn:aws:iam::111111111111:policy/custom'],
          },
        },
      }],
    };
    const issues = issuesOf(spec);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^services\[0\]\.cloudAccess\.aws\.statements\[0\]\.actions\[1\]: "dynamodb:GetItem" is an action of an API the cluster cannot reach privately \(expected an action of athena, .*; DynamoDB goes through the gateway endpoint, whose public ranges a NetworkPolicy cannot name\)$/);
    expect(issues[1]).toMatch(/^services\[0\]\.cloudAccess\.aws\.managedPolicyArns\[0\]: "arn:aws:iam::111111111111:policy\/custom" does not tell which APIs the service needs a private path to \(expected one of AmazonKinesisReadOnlyAccess, .*, or statements with named actions\)$/);
  });
});
