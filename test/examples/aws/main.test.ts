import { PLATFORM_OWNED_CONTROLS, controlsWith, resourcesOfType, runExample } from '../../support/examples';

jest.setTimeout(5 * 60_000);

describe('examples/aws', () => {
  // WHEN the example runs as a user's copy of it would (with the CloudFormation validation engine of `cdk synth`)
  const run = runExample('aws');
  const template = run.outputs.find((o) => o.name === 'shop-dev')!.document;

  test('writes one stack with a private EKS cluster, its node groups and the baseline network', () => {
    expect(run.outputs.map((o) => `${o.kind} ${o.name}`)).toEqual(['cloudformation shop-dev']);
    const [cluster] = resourcesOfType(template, 'AWS::EKS::Cluster');
    expect(cluster.ResourcesVpcConfig).toMatchObject({ EndpointPrivateAccess: true, EndpointPublicAccess: false });
    expect(cluster.EncryptionConfig).toHaveLength(1);
    expect(resourcesOfType(template, 'AWS::EKS::Nodegroup').map((n) => n.ScalingConfig)).toEqual([
      { MinSize: 3, DesiredSize: 3, MaxSize: 3 },
      { MinSize: 3, DesiredSize: 3, MaxSize: 6 },
    ]);
    expect(resourcesOfType(template, 'AWS::EC2::VPC').map((v) => v.CidrBlock)).toEqual(['10.40.0.0/16']);
    expect(resourcesOfType(template, 'AWS::EC2::NatGateway')).toHaveLength(1);
    expect(resourcesOfType(template, 'AWS::EC2::VPCEndpoint').map((e) => JSON.stringify(e.ServiceName))).toContainEqual(expect.stringContaining('.sqs'));
  });

  test('one immutable, scanned, encrypted repository per service', () => {
    const repositories = resourcesOfType(template, 'AWS::ECR::Repository');
    expect(repositories.map((r) => r.RepositoryName).sort()).toEqual(['shop-dev/catalog', 'shop-dev/checkout']);
    for (const r of repositories) {
      expect(r).toMatchObject({ ImageTagMutability: 'IMMUTABLE', ImageScanningConfiguration: { ScanOnPush: true }, EncryptionConfiguration: { EncryptionType: 'KMS' } });
    }
  });

  test('the workload role may send to its queue only, through a pod identity association', () => {
    const associations = resourcesOfType(template, 'AWS::EKS::PodIdentityAssociation').map((a) => `${a.Namespace}/${a.ServiceAccount}`);
    expect(associations).toEqual(['kube-system/ebs-csi-controller-sa', 'shop/checkout']);
    const statements = resourcesOfType(template, 'AWS::IAM::Policy').flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toContainEqual({ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: 'arn:aws:sqs:eu-west-1:111111111111:orders' });
  });

  test('passes every baseline control its constructs implement; only the platform-owned ones are left', () => {
    // The image verifier's registry identity is the platform environment stack's (EksRegistryReader, images-signed).
    expect(controlsWith(run, 'fail')).toEqual([...PLATFORM_OWNED_CONTROLS, 'images-signed']);
    expect(controlsWith(run, 'pass')).toEqual([
      'admin-ports-closed', 'cluster-api-private', 'deletion-protection', 'diagnostics-on', 'flow-logs-on', 'keys-rotated', 'mandatory-tags',
      'no-static-credentials', 'node-disks-cmk', 'nodes-no-public-ip', 'registry-encrypted-cmk', 'registry-private', 'registry-scan-on-push', 'registry-tags-immutable',
      'secrets-encrypted-cmk',
    ]);
  });
});
