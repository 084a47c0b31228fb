import { App, Chart, Testing } from 'cdk8s';
import { ServiceWorkload, TeamNamespace } from '../../../constructs/k8s';
import { PLATFORM_LABELS } from '../../support/k8s';
import { synthProblems } from '../../support/validation';

describe('construct problems of a cdk8s app', () => {
  test('two broken constructs in two charts are reported by one synth, each under its path', () => {
    // GIVEN an app whose namespace chart and workload chart each hold a construct with a bad prop
    const app = new App({ outdir: Testing.app().outdir });
    new TeamNamespace(new Chart(app, 'baseline'), 'Payments', {
      name: 'payments',
      labels: PLATFORM_LABELS,
      quota: { requestsCpu: 'four', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 },
      containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
    });
    // WHEN building them, nothing throws
    new ServiceWorkload(new Chart(app, 'services'), 'Checkout', {
      name: 'checkout',
      namespace: 'payments',
      image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/acme-dev/checkout:v2.3.1',
      port: 80800,
      replicas: 2,
      resources: { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
      labels: PLATFORM_LABELS,
    });

    // THEN the synth reports both, with the construct path, the bad value and what is expected
    expect(synthProblems(() => app.synth())).toEqual([
      '[baseline/Payments] TeamNamespace "payments": quota.requestsCpu "four" is not a Kubernetes quantity (expected like 500m or 2)',
      '[services/Checkout] ServiceWorkload "checkout": port 80800 is not a port number (expected an integer from 1 to 65535, like 8080)',
    ]);
  });
});
