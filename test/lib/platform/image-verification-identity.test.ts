import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Testing } from 'cdk8s';
import { acme } from '../../../examples/acme/org';
import { KYVERNO_ADDON, KYVERNO_ADMISSION_SERVICE_ACCOUNT } from '../../../lib/addons';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentAwsStack } from '../../../lib/platform/aws-stack';
import { defineOrganization } from '../../../lib/spec';

const org = defineOrganization(acme);

describe('the image verifier\'s registry identity on EKS', () => {
  test.each(org.environments.map((e) => [e.name, e] as const))('%s: Kyverno\'s admission controller reads the environment\'s repositories as itself', (_, env) => {
    // GIVEN the environment's AWS stack and its add-ons chart
    const template = Template.fromStack(new EnvironmentAwsStack(new App(), 'aws', { organization: org, environment: env }));
    const kyverno = Testing.synth(new EnvironmentAddonsChart(Testing.app(), 'addons', {
      organization: org, environment: env, cloud: 'aws', trustedRegistries: ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/'],
    })).find((m) => m.kind === 'Application' && m.metadata.name === KYVERNO_ADDON.name);

    // THEN the chart names the service account, and a pod identity association gives exactly it the reader role
    expect(kyverno.spec.source.helm.valuesObject.admissionController.rbac.serviceAccount.name).toBe(KYVERNO_ADMISSION_SERVICE_ACCOUNT);
    const associations = Object.values<any>(template.findResources('AWS::EKS::PodIdentityAssociation'))
      .filter((a) => a.Properties.Namespace === KYVERNO_ADDON.namespace);
    expect(associations.map((a) => a.Properties.ServiceAccount)).toEqual([KYVERNO_ADMISSION_SERVICE_ACCOUNT]);
    const reader = Object.entries<any>(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('ImageVerificationReader'))![1];
    const read = reader.Properties.PolicyDocument.Statement.find((s: any) => s.Sid === 'ReadImagesAndSignatures');
    expect(JSON.stringify(read.Resource)).toContain(`:repository/acme-${env.name}/*`);
  });
});
