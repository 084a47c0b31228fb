import { check, compliant, cronJob, deployment, LABELS, podSpec, rule } from './fixtures';
import { BASELINE_PRIORITY_CLASSES, PLATFORM_PRIORITY_CLASS, SERVICE_PRIORITY_CLASSES, servicePriorityClass } from '../../../../../lib/standards';

const SERVICE_CLASSES = 'baseline-service-critical, baseline-service-standard, baseline-service-low';

function addonApplication(values: Record<string, unknown>, chart = 'kyverno'): any {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: chart, namespace: 'argocd', labels: LABELS },
    spec: { source: { repoURL: 'https://kyverno.github.io/kyverno/', chart, targetRevision: '3.7.2', helm: { valuesObject: values } } },
  };
}

function priorityClass(name: string, value: number): any {
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name, labels: LABELS }, value, globalDefault: false };
}

describe('K8S-PRIORITY-CLASS', () => {
  test('passes on compliant objects, add-ons at the platform class and the classes in order', () => {
    // GIVEN service pods at a service class, an add-on at the platform class, and the baseline's classes
    const objects = [
      ...compliant(),
      addonApplication({ admissionController: { priorityClassName: PLATFORM_PRIORITY_CLASS.name } }),
      addonApplication({ priorityClassName: 'system-cluster-critical' }, 'metrics-server'),
      ...BASELINE_PRIORITY_CLASSES.map((c) => priorityClass(c.name, c.value)),
    ];
    // WHEN the rule checks them  THEN it finds nothing
    expect(check('K8S-PRIORITY-CLASS', objects)).toEqual([]);
  });

  test('the Envoy proxies of every Gateway: an EnvoyProxy must patch its Deployment to the platform class', () => {
    const envoyProxy = (patch?: unknown): any => ({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'baseline-proxy', namespace: 'envoy-gateway-system', labels: LABELS },
      spec: { provider: { type: 'Kubernetes', kubernetes: { envoyDeployment: { replicas: 2, ...(patch ? { patch } : {}) } } } },
    });
    const at = (name: string) => ({ type: 'StrategicMerge', value: { spec: { template: { spec: { priorityClassName: name } } } } });
    expect(check('K8S-PRIORITY-CLASS', [envoyProxy(at(PLATFORM_PRIORITY_CLASS.name))])).toEqual([]);
    expect(check('K8S-PRIORITY-CLASS', [envoyProxy(), envoyProxy(at('baseline-service-low'))])).toEqual([
      { resource: 'EnvoyProxy/envoy-gateway-system/baseline-proxy', message: 'has priorityClassName unset in its Deployment patch (expected baseline-platform, so the proxies carrying every service\'s ingress run above every service)' },
      { resource: 'EnvoyProxy/envoy-gateway-system/baseline-proxy', message: 'has priorityClassName "baseline-service-low" in its Deployment patch (expected baseline-platform, so the proxies carrying every service\'s ingress run above every service)' },
    ]);
  });

  test('a service pod without a class, or claiming the platform\'s or a system one, is named', () => {
    // GIVEN three workloads
    const none = deployment(podSpec({ priorityClassName: undefined }));
    const platform = cronJob(podSpec({ priorityClassName: 'baseline-platform', restartPolicy: 'Never' }));
    const system = { ...deployment(podSpec({ priorityClassName: 'system-node-critical' })), metadata: { name: 'agent', namespace: 'payments', labels: LABELS } };
    // WHEN checked  THEN each is reported with what it should name
    expect(check('K8S-PRIORITY-CLASS', [none, platform, system])).toEqual([
      { resource: 'Deployment/payments/api', message: `has no priorityClassName (expected one of ${SERVICE_CLASSES}, by the service's availability objective; without one it is preempted before every service)` },
      { resource: 'CronJob/payments/report', message: `priorityClassName "baseline-platform" is not a service class (expected one of ${SERVICE_CLASSES}; baseline-platform, system-cluster-critical, system-node-critical are for the platform and the cluster)` },
      { resource: 'Deployment/payments/agent', message: `priorityClassName "system-node-critical" is not a service class (expected one of ${SERVICE_CLASSES}; baseline-platform, system-cluster-critical, system-node-critical are for the platform and the cluster)` },
    ]);
  });

  test('an add-on without a class, or at a service class, is named', () => {
    expect(check('K8S-PRIORITY-CLASS', [
      addonApplication({ admissionController: { replicas: 3 } }),
      addonApplication({ controller: { priorityClassName: 'baseline-service-critical' } }, 'argo-rollouts'),
    ])).toEqual([
      { resource: 'Application/argocd/kyverno', message: 'installs chart "kyverno" with no priorityClassName in its values (expected baseline-platform, so its pods run above every service)' },
      { resource: 'Application/argocd/argo-rollouts', message: 'installs chart "argo-rollouts" with priorityClassName "baseline-service-critical" (expected baseline-platform or a system class, above every service)' },
    ]);
  });

  test('a service class at or above the platform\'s is named', () => {
    expect(check('K8S-PRIORITY-CLASS', [
      priorityClass(PLATFORM_PRIORITY_CLASS.name, 1_000_000),
      priorityClass('baseline-service-critical', 1_000_000),
      priorityClass('baseline-service-standard', 10_000),
    ])).toEqual([
      { resource: 'PriorityClass/baseline-service-critical', message: 'value 1000000 is not below baseline-platform\'s 1000000 (expected every service class below the platform\'s)' },
    ]);
  });

  test('Kyverno admits a service class or none, and refuses the rest (the pattern it enforces)', () => {
    // GIVEN the generated Kyverno rule
    const [kyverno] = rule('K8S-PRIORITY-CLASS').kyverno!({ environment: 'prod', cloud: 'aws' });
    // THEN the class is optional (an equality anchor) and, when set, must be a service class
    expect(kyverno.validate.pattern).toEqual({ spec: { '=(priorityClassName)': 'baseline-service-*' } });
    for (const c of SERVICE_PRIORITY_CLASSES) expect(c.name).toMatch(/^baseline-service-/);
    expect(PLATFORM_PRIORITY_CLASS.name).not.toMatch(/^baseline-service-/);
  });
});

describe('priority standards', () => {
  test('the platform outranks every service class, which are ordered by availability objective', () => {
    const values = BASELINE_PRIORITY_CLASSES.map((c) => c.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(new Set(values).size).toBe(values.length);
    expect(Math.max(...values)).toBeLessThanOrEqual(1_000_000_000);
  });

  test.each([
    [99.99, 'baseline-service-critical'],
    [99.95, 'baseline-service-critical'],
    [99.9, 'baseline-service-standard'],
    [99.5, 'baseline-service-standard'],
    [99.0, 'baseline-service-low'],
    [90, 'baseline-service-low'],
  ])('an objective of %d %% gets %s', (availability, name) => {
    expect(servicePriorityClass(availability).name).toBe(name);
  });
});
