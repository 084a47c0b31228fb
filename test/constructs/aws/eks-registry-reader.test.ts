import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EksRegistryReader, EksRegistryReaderProps, IEksCluster } from '../../../constructs/aws';
import { eksTestStack, expectPodIdentityTrust, importedEksCluster } from '../../support/eks';

function newStack(): { app: App; stack: Stack; cluster: IEksCluster } {
  const app = new App();
  const stack = eksTestStack(app, 'Platform');
  const cluster = importedEksCluster(stack);
  return { app, stack, cluster };
}

function synth(props: Partial<EksRegistryReaderProps> = {}): Template {
  const { stack, cluster } = newStack();
  new EksRegistryReader(stack, 'ImageVerificationReader', {
    cluster, namespace: 'kyverno', serviceAccount: 'kyverno-admission-controller', repositoryPrefixes: ['acme-prod'], ...props,
  });
  return Template.fromStack(stack);
}

describe('EksRegistryReader', () => {
  test('gives the service account a role of its own through EKS Pod Identity', () => {
    // GIVEN / WHEN Kyverno's admission controller
    const template = synth();

    // THEN one association, and a role only that cluster, namespace and service account can assume
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'acme-prod', Namespace: 'kyverno', ServiceAccount: 'kyverno-admission-controller',
    });
    expectPodIdentityTrust(template, 'kyverno', 'kyverno-admission-controller');
  });

  test('reads images and signatures under the prefixes only, and writes nothing', () => {
    // GIVEN / WHEN two prefixes
    const template = synth({ repositoryPrefixes: ['acme-prod', 'acme-shared'] });
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const [token, read] = policies[0].Properties.PolicyDocument.Statement;

    // THEN a registry token (no resource-level permission exists for it), and reads on the repositories under each prefix
    expect(token).toEqual({ Sid: 'RegistryToken', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' });
    expect(read.Sid).toBe('ReadImagesAndSignatures');
    expect(read.Action).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer', 'ecr:ListImages']);
    const resources = JSON.stringify(read.Resource);
    expect(resources).toContain(':ecr:eu-west-1:111111111111:repository/acme-prod/*');
    expect(resources).toContain(':ecr:eu-west-1:111111111111:repository/acme-shared/*');
    expect(read.Action.some((a: string) => /Put|Upload|Delete|Set|Create|Tag/.test(a))).toBe(false);
  });

  test('bad names and prefixes are reported at synth with the construct path, every problem at once', () => {
    // GIVEN
    const { app, stack, cluster } = newStack();
    new EksRegistryReader(stack, 'Reader', { cluster, namespace: 'Kyverno', serviceAccount: 'SA!', repositoryPrefixes: ['acme-prod/', 'acme-*'] });

    // WHEN / THEN
    expect(() => app.synth()).toThrow([
      'Validation failed with the following errors:',
      '  [Platform/Reader] EksRegistryReader: namespace "Kyverno" is not a Kubernetes namespace name (expected a DNS label like kyverno)',
      '  [Platform/Reader] EksRegistryReader: serviceAccount "SA!" is not a Kubernetes service account name (expected a DNS subdomain like kyverno-admission-controller)',
      '  [Platform/Reader] EksRegistryReader: repositoryPrefixes[0] "acme-prod/" is not an ECR repository name prefix (expected lowercase path segments without a trailing slash or wildcard, like acme-prod)',
      '  [Platform/Reader] EksRegistryReader: repositoryPrefixes[1] "acme-*" is not an ECR repository name prefix (expected lowercase path segments without a trailing slash or wildcard, like acme-prod)',
    ].join('\n'));
  });

  test('no prefix is refused', () => {
    const { app, stack, cluster } = newStack();
    new EksRegistryReader(stack, 'Reader', { cluster, namespace: 'kyverno', serviceAccount: 'kyverno-admission-controller', repositoryPrefixes: [] });
    expect(() => app.synth()).toThrow('[Platform/Reader] EksRegistryReader: repositoryPrefixes [] is empty (expected at least one repository name prefix, like acme-prod)');
  });
});
