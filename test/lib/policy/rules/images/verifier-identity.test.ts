import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { acme } from '../../../../../examples/acme/org';
import type { Artifact } from '../../../../../lib/artifacts';
import { EnvironmentAwsStack } from '../../../../../lib/platform/aws-stack';
import { cfnImageVerifierIdentity as rule } from '../../../../../lib/policy/rules/images/verifier-identity';
import { defineOrganization } from '../../../../../lib/spec';
import { broken } from '../../support';

// GIVEN the example's prod environment stack, as the policy engine reads it
const org = defineOrganization(acme);
const prod = org.environments.find((e) => e.name === 'prod')!;
const template = Template.fromStack(new EnvironmentAwsStack(new App(), 'acme-prod', { organization: org, environment: prod })).toJSON();
const artifact: Artifact = { kind: 'cloudformation', cloud: 'aws', environment: 'prod', name: 'acme-prod', file: 'acme-prod.template.json', document: template };
const logicalIdOf = (type: string, where: (properties: any) => boolean = () => true) =>
  Object.entries<any>(template.Resources).find(([, r]) => r.Type === type && where(r.Properties ?? {}))![0];
const CLUSTER = logicalIdOf('AWS::EKS::Cluster');
const ASSOCIATION = logicalIdOf('AWS::EKS::PodIdentityAssociation', (p) => p.Namespace === 'kyverno');

describe('CFN-EKS-IMAGE-VERIFIER-IDENTITY', () => {
  test('passes on the environment stack: Kyverno\'s admission controller reads the registry through its own pod identity', () => {
    expect(rule.check(artifact)).toEqual([]);
  });

  test('fails on the cluster when no association names Kyverno\'s service account', () => {
    const without = broken(artifact, (doc) => { delete doc.Resources[ASSOCIATION]; });
    expect(rule.check(without)).toEqual([{
      resource: CLUSTER,
      message: 'no Pod Identity association for kyverno/kyverno-admission-controller (expected one whose role may call ecr:BatchGetImage on the environment\'s repositories, like EksRegistryReader\'s)',
    }]);
  });

  test('fails on the association when its role may not read images', () => {
    const tokenOnly = broken(artifact, (doc) => {
      for (const resource of Object.values<any>(doc.Resources)) {
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        resource.Properties.PolicyDocument.Statement = resource.Properties.PolicyDocument.Statement.filter((s: any) => ![s.Action].flat().includes('ecr:BatchGetImage'));
      }
    });
    expect(rule.check(tokenOnly)).toEqual([{
      resource: ASSOCIATION,
      message: 'the role of kyverno/kyverno-admission-controller may not call ecr:BatchGetImage (expected an allow on the environment\'s repositories)',
    }]);
  });

  test('a wildcard action counts, a Deny does not; a stack without a cluster is not concerned', () => {
    const widened = broken(artifact, (doc) => {
      for (const resource of Object.values<any>(doc.Resources)) {
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        for (const s of resource.Properties.PolicyDocument.Statement) if ([s.Action].flat().includes('ecr:BatchGetImage')) s.Action = 'ecr:Batch*';
      }
    });
    expect(rule.check(widened)).toEqual([]);
    const denied = broken(artifact, (doc) => {
      for (const resource of Object.values<any>(doc.Resources)) {
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        for (const s of resource.Properties.PolicyDocument.Statement) if ([s.Action].flat().includes('ecr:BatchGetImage')) s.Effect = 'Deny';
      }
    });
    expect(rule.check(denied).map((v) => v.resource)).toEqual([ASSOCIATION]);
    expect(rule.check({ ...artifact, document: { Resources: {} } })).toEqual([]);
  });
});
