import { artifact, check, compliant, container, deployment, IMAGE, podSpec, REGISTRY } from './fixtures';
import { kubernetesPack } from '../../../../../lib/policy/packs/kubernetes';

describe('K8S-IMAGES-TRUSTED-REGISTRY', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-IMAGES-TRUSTED-REGISTRY', compliant())).toEqual([]);
  });

  test('an image from Docker Hub is not trusted', () => {
    const spec = podSpec({ containers: [container({ image: 'nginx:1.27' })] });
    expect(check('K8S-IMAGES-TRUSTED-REGISTRY', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: `container "api" image "nginx:1.27" is not from a trusted registry (expected a prefix among ${REGISTRY})` },
    ]);
  });

  test('a registry host that merely starts like a trusted one is not trusted', () => {
    const image = '111111111111.dkr.ecr.eu-west-1.amazonaws.com.evil.example/payments/api:1.4.2';
    expect(check('K8S-IMAGES-TRUSTED-REGISTRY', [deployment(podSpec({ containers: [container({ image })] }))])).toHaveLength(1);
  });

  test('registries can depend on the environment and cloud of the artifact', () => {
    // GIVEN registries resolved per cloud
    const perCloud = kubernetesPack({ trustedRegistries: ({ cloud }) => (cloud === 'azure' ? ['acmeprod.azurecr.io/'] : [REGISTRY]) });
    const trusted = perCloud.rules.find((r) => r.id === 'K8S-IMAGES-TRUSTED-REGISTRY')!;
    // WHEN the same ECR image is checked on AWS and on Azure  THEN only Azure reports it
    expect(trusted.check(artifact([deployment()], 'aws'))).toEqual([]);
    expect(trusted.check(artifact([deployment()], 'azure'))).toEqual([
      { resource: 'Deployment/payments/api', message: `container "api" image ${JSON.stringify(IMAGE)} is not from a trusted registry (expected a prefix among acmeprod.azurecr.io/)` },
    ]);
  });
});
