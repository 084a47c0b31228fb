import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EksClusterAutoscaler, EksClusterAutoscalerProps, IEksCluster } from '../../../constructs/aws';
import { eksTestStack, expectPodIdentityTrust, importedEksCluster } from '../../support/eks';

function newStack(): { app: App; stack: Stack; cluster: IEksCluster } {
  const app = new App();
  const stack = eksTestStack(app, 'Platform');
  const cluster = importedEksCluster(stack);
  return { app, stack, cluster };
}

function synth(props: Partial<EksClusterAutoscalerProps> = {}): Template {
  const { stack, cluster } = newStack();
  new EksClusterAutoscaler(stack, 'ClusterAutoscaler', { cluster, ...props });
  return Template.fromStack(stack);
}

function statements(template: Template): any[] {
  const policies = Object.values<any>(template.findResources('AWS::IAM::Policy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

describe('EksClusterAutoscaler', () => {
  test('gives the autoscaler\'s service account its role through EKS Pod Identity', () => {
    // GIVEN / WHEN the defaults, which are the add-on's namespace and service account
    const template = synth();

    // THEN
    template.resourceCountIs('AWS::EKS::PodIdentityAssociation', 1);
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', {
      ClusterName: 'acme-prod', Namespace: 'cluster-autoscaler', ServiceAccount: 'cluster-autoscaler',
    });
    expectPodIdentityTrust(template, 'cluster-autoscaler', 'cluster-autoscaler');
  });

  test('may resize and remove instances only in this cluster\'s managed node groups', () => {
    // GIVEN / WHEN
    const all = statements(synth());

    // THEN the only mutating actions carry both tag conditions EKS sets on its managed node groups' Auto Scaling groups
    const mutating = all.filter((s) => [s.Action].flat().some((a: string) => !/:(Describe|Get)/.test(a)));
    expect(mutating).toEqual([{
      Sid: 'ScaleOwnNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/eks:cluster-name': 'acme-prod', 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled': 'true' } },
    }]);
    // AND every other statement only reads, the node groups of this cluster only
    const reads = all.filter((s) => !mutating.includes(s));
    for (const s of reads) expect([s.Action].flat().every((a: string) => /:(Describe|Get)/.test(a))).toBe(true);
    const nodeGroups = reads.find((s) => s.Sid === 'DescribeOwnNodeGroups');
    expect(nodeGroups.Action).toBe('eks:DescribeNodegroup');
    expect(JSON.stringify(nodeGroups.Resource)).toContain(':nodegroup/acme-prod/*/*');
  });

  test('names a custom namespace and service account in the association and the trust', () => {
    const template = synth({ namespace: 'autoscaling', serviceAccount: 'ca' });
    template.hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'autoscaling', ServiceAccount: 'ca' });
  });

  test('bad names are reported at synth with the construct path, every problem at once', () => {
    // GIVEN
    const { app, stack, cluster } = newStack();
    new EksClusterAutoscaler(stack, 'ClusterAutoscaler', { cluster, namespace: 'Cluster_Autoscaler', serviceAccount: 'CA!' });

    // WHEN / THEN
    expect(() => app.synth()).toThrow([
      'Validation failed with the following errors:',
      '  [Platform/ClusterAutoscaler] EksClusterAutoscaler: namespace "Cluster_Autoscaler" is not a Kubernetes namespace name (expected a DNS label like cluster-autoscaler)',
      '  [Platform/ClusterAutoscaler] EksClusterAutoscaler: serviceAccount "CA!" is not a Kubernetes service account name (expected a DNS subdomain like cluster-autoscaler)',
    ].join('\n'));
  });
});
