/** Objects for the Kubernetes rule tests: a compliant namespace, and builders to break one field at a time. */
import type { Artifact } from '../../../../../lib/artifacts';
import { kubernetesPack } from '../../../../../lib/policy/packs/kubernetes';
import { type KubernetesRule } from '../../../../../lib/policy/rules/kubernetes';
import type { Cloud } from '../../../../../lib/spec';

export const REGISTRY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/';
export const IMAGE = `${REGISTRY}payments/api:1.4.2`;
export const LABELS = { 'owner': 'platform-team', 'cost-center': 'cc-1001', 'environment': 'prod', 'data-classification': 'internal' };
export const POD_LABELS = { ...LABELS, 'app.kubernetes.io/name': 'api' };

export function container(overrides: Record<string, unknown> = {}): any {
  return {
    name: 'api',
    image: IMAGE,
    resources: { requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' }, limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
    ...overrides,
  };
}

export function podSpec(overrides: Record<string, unknown> = {}): any {
  return {
    automountServiceAccountToken: false,
    priorityClassName: 'baseline-service-standard',
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
    volumes: [{ name: 'tmp', emptyDir: {} }],
    ...overrides,
  };
}

export function deployment(spec: any = podSpec(), extra: { replicas?: number; podAnnotations?: Record<string, string> } = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'payments', labels: LABELS },
    spec: {
      replicas: 'replicas' in extra ? extra.replicas : 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      template: { metadata: { labels: POD_LABELS, annotations: extra.podAnnotations }, spec },
    },
  };
}

export function cronJob(spec: any): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'payments', labels: LABELS },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: LABELS }, spec } } } },
  };
}

export function pdb(selector: any = { matchLabels: { 'app.kubernetes.io/name': 'api' } }, ns = 'payments'): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'api', namespace: ns, labels: LABELS },
    spec: { maxUnavailable: 1, selector },
  };
}

export function service(type: string, annotations?: Record<string, string>): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'payments', labels: LABELS, annotations },
    spec: { type, selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export function namespace(name = 'payments'): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: LABELS } };
}

export function defaultDeny(ns = 'payments', spec: any = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-all', namespace: ns, labels: LABELS }, spec };
}

export function serviceAccount(overrides: Record<string, unknown> = { automountServiceAccountToken: false }): any {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'payments', labels: LABELS }, ...overrides };
}

/** A namespace with everything the baseline asks for, and a job that runs to completion. */
export function compliant(): any[] {
  return [
    namespace(),
    defaultDeny(),
    serviceAccount(),
    deployment(),
    pdb(),
    service('ClusterIP'),
    service('LoadBalancer', { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' }),
    cronJob(podSpec({ restartPolicy: 'OnFailure', containers: [container({ livenessProbe: undefined, readinessProbe: undefined })] })),
  ];
}

export function artifact(document: any[], cloud: Cloud = 'aws'): Artifact {
  return { kind: 'kubernetes', cloud, environment: 'prod', name: `prod/${cloud}/baseline`, file: `cdk8s.out/prod/${cloud}/baseline.k8s.yaml`, document };
}

export const pack = kubernetesPack({ trustedRegistries: [REGISTRY] });

export function rule(id: string): KubernetesRule {
  const found = pack.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

export function check(id: string, document: any[], cloud: Cloud = 'aws'): { resource: string; message: string }[] {
  return rule(id).check(artifact(document, cloud));
}
