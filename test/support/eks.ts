import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { EksCluster, IEksCluster } from '../../constructs/aws';

/** The account and region of {@link importedEksCluster}. */
export const EKS_TEST_ENV = { account: '111111111111', region: 'eu-west-1' } as const;

/** A stack in {@link EKS_TEST_ENV}. */
export function eksTestStack(scope: Construct, id: string): Stack {
  return new Stack(scope, id, { env: EKS_TEST_ENV });
}

/** The prod cluster of the example organization, imported by its attributes as a team stack would. */
export function importedEksCluster(scope: Construct, id = 'Cluster', clusterName = 'acme-prod'): IEksCluster {
  return EksCluster.fromClusterAttributes(scope, id, {
    clusterName,
    clusterArn: `arn:aws:eks:${EKS_TEST_ENV.region}:${EKS_TEST_ENV.account}:cluster/${clusterName}`,
    clusterEndpoint: `https://ABC.gr7.${EKS_TEST_ENV.region}.eks.amazonaws.com`,
    clusterSecurityGroupId: 'sg-0123456789abcdef0',
  });
}

/**
 * Asserts that a role of the template trusts EKS Pod Identity for exactly this cluster, namespace and service account:
 * the session tags EKS sets for one association.
 */
export function expectPodIdentityTrust(template: Template, namespace: string, serviceAccount: string, clusterName = 'acme-prod'): void {
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:${EKS_TEST_ENV.region}:${EKS_TEST_ENV.account}:cluster/${clusterName}`,
            'aws:RequestTag/kubernetes-namespace': namespace,
            'aws:RequestTag/kubernetes-service-account': serviceAccount,
          },
        },
      }],
    },
  });
}
