import { Testing } from 'cdk8s';
import { PrometheusAnalysisTemplate, ServiceWorkload, ServiceWorkloadCanary, ServiceWorkloadProps } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, objectIds, PLATFORM_LABELS } from '../../support/k8s';

// The canary release of ServiceWorkload: the same workload as a Deployment, as an Argo Rollouts Rollout.

const CANARY: ServiceWorkloadCanary = {
  analysisTemplateName: 'payments-api',
  stepWeightsPercent: [10, 25, 50],
  stepPauseSeconds: 300,
  progressDeadlineSeconds: 600,
};

function props(overrides: Partial<ServiceWorkloadProps> = {}): ServiceWorkloadProps {
  return {
    name: 'payments-api',
    namespace: 'payments',
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.4.2',
    port: 8080,
    replicas: 3,
    resources: { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
    labels: PLATFORM_LABELS,
    ...overrides,
  };
}

function synth(p: ServiceWorkloadProps): any[] {
  const chart = Testing.chart();
  new ServiceWorkload(chart, 'PaymentsApi', p);
  return Testing.synth(chart);
}

function only(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('ServiceWorkload with canary', () => {
  const manifests = synth(props({ canary: CANARY }));
  const rollout = only(manifests, 'Rollout');

  test('the workload is a Rollout instead of a Deployment, with the same Service, budget and autoscaler', () => {
    expect(objectIds(manifests)).toEqual([
      ['v1', 'ServiceAccount', 'payments', 'payments-api'],
      ['argoproj.io/v1alpha1', 'Rollout', 'payments', 'payments-api'],
      ['v1', 'Service', 'payments', 'payments-api'],
      ['policy/v1', 'PodDisruptionBudget', 'payments', 'payments-api'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler', 'payments', 'payments-api'],
    ]);
  });

  test('the Rollout is the primary child, and no Deployment is made', () => {
    const workload = new ServiceWorkload(Testing.chart(), 'PaymentsApi', props({ canary: CANARY }));
    expect(workload.node.defaultChild).toBe(workload.rollout);
    expect(workload.apiObject).toBe(workload.rollout);
    expect(workload.deployment).toBeUndefined();
    expect(workload.rollout!.node.id).toBe('Resource');
  });

  test('the pod template is the Deployment\'s, field for field, but for the revision label spreads are counted by', () => {
    // GIVEN the same props without canary
    const deployment = only(synth(props()), 'Deployment');

    // THEN every pod guarantee carries over (security contexts, probes, resources, identity, volumes)
    const expected = structuredClone(deployment.spec.template);
    for (const constraint of expected.spec.topologySpreadConstraints) {
      expect(constraint.matchLabelKeys).toEqual(['pod-template-hash']);
      // Argo Rollouts labels its pods with rollouts-pod-template-hash, not pod-template-hash
      constraint.matchLabelKeys = ['rollouts-pod-template-hash'];
    }
    expect(rollout.spec.template).toEqual(expected);
    expect(rollout.spec.selector).toEqual(deployment.spec.selector);
    expect(rollout.spec.replicas).toBeUndefined(); // the autoscaler's, as with the Deployment
  });

  test('a fixed-size workload keeps its replica count', () => {
    const fixed = only(synth(props({ canary: CANARY, maxReplicas: 3 })), 'Rollout');
    expect(fixed.spec.replicas).toBe(3);
  });

  test('the canary goes through each weight with a pause, then to 100 %', () => {
    expect(rollout.spec.strategy.canary.steps).toEqual([
      { setWeight: 10 }, { pause: { duration: '300s' } },
      { setWeight: 25 }, { pause: { duration: '300s' } },
      { setWeight: 50 }, { pause: { duration: '300s' } },
    ]);
    // Capacity never drops: surge only, as with the Deployment
    expect(rollout.spec.strategy.canary.maxUnavailable).toBe(0);
    expect(rollout.spec.strategy.canary.maxSurge).toBe('25%');
  });

  test('background analysis judges the new pods from the first step, and unready pods abort the rollout', () => {
    expect(rollout.spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'payments-api' }],
      startingStep: 1,
      args: [{ name: PrometheusAnalysisTemplate.CANARY_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }],
    });
    expect(ServiceWorkload.CANARY_HASH_ARG).toBe(PrometheusAnalysisTemplate.CANARY_HASH_ARG);
    expect(rollout.spec.progressDeadlineSeconds).toBe(600);
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
  });

  test('the autoscaler targets the Rollout and the budget selects its pods', () => {
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'payments-api' });
    expect(hpa.spec.minReplicas).toBe(3);
    const pdb = only(manifests, 'PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(rollout.spec.selector.matchLabels);
    expect(rollout.spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
  });

  test('every manifest validates against its schema (Rollout CRD from @kubernetes-models/argo-rollouts)', () => {
    expect(crdSchemaProblems(manifests)).toEqual([]);
    // and the schema check is real: a bad step is caught
    const broken = { ...rollout, spec: { ...rollout.spec, strategy: { canary: { ...rollout.spec.strategy.canary, steps: [{ setWeight: 'ten' }] } } } };
    expect(crdSchemaProblems([broken])).toEqual([expect.stringMatching(/^argoproj\.io\/v1alpha1 Rollout "payments-api": .*setWeight must be integer/)]);
  });

  test('bad canary settings are reported together, each with the value and what is expected', () => {
    const message = chartProblemsOf('PaymentsApi', (chart) => new ServiceWorkload(chart, 'PaymentsApi', props({
      canary: { analysisTemplateName: 'Not_A_Name', stepWeightsPercent: [50, 25], stepPauseSeconds: 0, progressDeadlineSeconds: 1.5 },
    })));
    expect(message.split('\n')).toEqual([
      'ServiceWorkload "payments-api": canary.analysisTemplateName "Not_A_Name" is not a Kubernetes object name (expected a DNS subdomain, like checkout)',
      'ServiceWorkload "payments-api": canary.stepWeightsPercent [50,25] is not a strictly increasing list of percentages (expected at least one integer from 1 to 99, like [10, 25, 50])',
      'ServiceWorkload "payments-api": canary.stepPauseSeconds 0 is not a positive number of seconds (expected an integer of at least 1, like 300)',
      'ServiceWorkload "payments-api": canary.progressDeadlineSeconds 1.5 is not a positive number of seconds (expected an integer of at least 1, like 300)',
    ]);
  });

  test.each([[[]], [[0, 50]], [[10, 100]], [[10, 10]]])('step weights %j are refused', (weights) => {
    const message = chartProblemsOf('PaymentsApi', (chart) => new ServiceWorkload(chart, 'PaymentsApi', props({
      canary: { ...CANARY, stepWeightsPercent: weights },
    })));
    expect(message).toContain('canary.stepWeightsPercent');
  });
});

describe('ServiceWorkload releaseCommittedAt', () => {
  const AT = '2026-12-01T08:30:00Z';

  test('annotates the Rollout itself, never its pod template, so a new commit time alone restarts nothing', () => {
    const rollout = only(synth(props({ canary: CANARY, releaseCommittedAt: AT })), 'Rollout');
    expect(rollout.metadata.annotations).toEqual({ [ServiceWorkload.RELEASE_COMMITTED_AT_ANNOTATION]: AT });
    expect(ServiceWorkload.RELEASE_COMMITTED_AT_ANNOTATION).toBe('baseline.io/release-committed-at');
    expect(rollout.spec.template).toEqual(only(synth(props({ canary: CANARY })), 'Rollout').spec.template);
  });

  test('annotates a Deployment the same way, and only the workload: not its Service, budget or autoscaler', () => {
    const manifests = synth(props({ releaseCommittedAt: AT }));
    expect(manifests.filter((m) => m.metadata.annotations).map((m) => m.kind)).toEqual(['Deployment']);
    expect(only(manifests, 'Deployment').metadata.annotations).toEqual({ 'baseline.io/release-committed-at': AT });
  });

  test('refuses what kube-state-metrics could not read as a time', () => {
    const message = chartProblemsOf('PaymentsApi', (chart) => new ServiceWorkload(chart, 'PaymentsApi', props({ canary: CANARY, releaseCommittedAt: '2026-12-01 08:30' })));
    expect(message).toContain('ServiceWorkload "payments-api": releaseCommittedAt "2026-12-01 08:30" is not an RFC 3339 UTC timestamp (expected a date and time to the second ending in Z, like 2026-12-03T18:45:00Z)');
  });
});
