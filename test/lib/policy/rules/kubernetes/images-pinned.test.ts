import { check, compliant, container, deployment, podSpec, REGISTRY } from './fixtures';

describe('K8S-IMAGES-PINNED', () => {
  test('passes on compliant objects', () => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-IMAGES-PINNED', compliant())).toEqual([]);
  });

  test.each([
    [`${REGISTRY}payments/api`, 'has neither a tag nor a digest (expected a pinned version, like :1.4.2 or @sha256:...)'],
    [`${REGISTRY}payments/api:latest`, 'is tagged latest (expected a pinned version, like :1.4.2 or @sha256:...)'],
    ['registry.example.com:5000/payments/api', 'has neither a tag nor a digest (expected a pinned version, like :1.4.2 or @sha256:...)'],
    ['not an image', 'is not an image reference (expected like registry.example.com/team/app:1.4.2)'],
  ])('%s is not pinned', (image, problem) => {
    const spec = podSpec({ containers: [container({ image })] });
    expect(check('K8S-IMAGES-PINNED', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: `container "api" image ${JSON.stringify(image)} ${problem}` },
    ]);
  });

  test.each([
    `${REGISTRY}payments/api:1.4.2`,
    `${REGISTRY}payments/api@sha256:${'a'.repeat(64)}`,
    `${REGISTRY}payments/api:latest@sha256:${'a'.repeat(64)}`,
    'registry.example.com:5000/payments/api:2.0',
  ])('%s is pinned', (image) => {
    expect(check('K8S-IMAGES-PINNED', [deployment(podSpec({ containers: [container({ image })] }))])).toEqual([]);
  });
});
