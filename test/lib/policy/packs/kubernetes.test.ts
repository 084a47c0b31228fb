import type { Artifact } from '../../../../lib/artifacts';
import { CONTROLS } from '../../../../lib/policy/controls';
import { kubernetesPack } from '../../../../lib/policy/packs/kubernetes';
import { type KubernetesRule } from '../../../../lib/policy/rules/kubernetes';
import type { Cloud } from '../../../../lib/spec';

const REGISTRY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/';
const IMAGE = `${REGISTRY}payments/api:1.4.2`;
const LABELS = { 'owner': 'platform-team', 'cost-center': 'cc-1001', 'environment': 'prod', 'data-classification': 'internal' };
const POD_LABELS = { ...LABELS, 'app.kubernetes.io/name': 'api' };

function container(overrides: Record<string, unknown> = {}): any {
  return {
    name: 'api',
    image: IMAGE,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
    readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
    ...overrides,
  };
}

function podSpec(overrides: Record<string, unknown> = {}): any {
  return {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
    volumes: [{ name: 'tmp', emptyDir: {} }],
    ...overrides,
  };
}

function deployment(spec: any = podSpec(), extra: { replicas?: number; podAnnotations?: Record<string, string> } = {}): any {
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

function cronJob(spec: any): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'report', namespace: 'payments', labels: LABELS },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: LABELS }, spec } } } },
  };
}

function pdb(selector: any = { matchLabels: { 'app.kubernetes.io/name': 'api' } }, ns = 'payments'): any {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'api', namespace: ns, labels: LABELS },
    spec: { maxUnavailable: 1, selector },
  };
}

function service(type: string, annotations?: Record<string, string>): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: 'payments', labels: LABELS, annotations },
    spec: { type, selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

function namespace(name = 'payments'): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: LABELS } };
}

function defaultDeny(ns = 'payments', spec: any = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny-all', namespace: ns, labels: LABELS }, spec };
}

function serviceAccount(overrides: Record<string, unknown> = { automountServiceAccountToken: false }): any {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'payments', labels: LABELS }, ...overrides };
}

/** A namespace with everything the baseline asks for, and a job that runs to completion. */
function compliant(): any[] {
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

function artifact(document: any[], cloud: Cloud = 'aws'): Artifact {
  return { kind: 'kubernetes', cloud, environment: 'prod', name: `prod/${cloud}/baseline`, file: `cdk8s.out/prod/${cloud}/baseline.k8s.yaml`, document };
}

const pack = kubernetesPack({ trustedRegistries: [REGISTRY] });

function rule(id: string): KubernetesRule {
  const found = pack.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

function check(id: string, document: any[], cloud: Cloud = 'aws'): { resource: string; message: string }[] {
  return rule(id).check(artifact(document, cloud));
}

describe('kubernetesPack', () => {
  test('rule ids, controls and Kyverno coverage are pinned', () => {
    // GIVEN the pack  WHEN listing its rules  THEN ids (a contract for exceptions) and Kyverno coverage are as pinned
    expect(pack.name).toBe('kubernetes');
    expect(pack.rules.map((r) => [r.id, r.controls.join(','), r.kyverno !== undefined])).toEqual([
      ['K8S-PSS-RUN-AS-NON-ROOT', 'pod-security-restricted', true],
      ['K8S-PSS-NO-PRIVILEGE-ESCALATION', 'pod-security-restricted', true],
      ['K8S-PSS-HOST-NAMESPACES', 'pod-security-restricted', true],
      ['K8S-PSS-CAPABILITIES', 'pod-security-restricted', true],
      ['K8S-PSS-SECCOMP', 'pod-security-restricted', true],
      ['K8S-PSS-READ-ONLY-ROOT-FS', 'pod-security-restricted', true],
      ['K8S-PSS-VOLUME-TYPES', 'pod-security-restricted', true],
      ['K8S-RESOURCES-BOUNDED', 'resources-bounded', true],
      ['K8S-HEALTH-PROBES', 'health-probes', true],
      ['K8S-IMAGES-PINNED', 'images-trusted', true],
      ['K8S-IMAGES-TRUSTED-REGISTRY', 'images-trusted', true],
      ['K8S-DISRUPTION-BUDGET', 'disruption-budget', false],
      ['K8S-SERVICE-ACCOUNT-TOKEN', 'service-account-token-off', true],
      ['K8S-SERVICE-NO-NODEPORT', 'no-public-exposure', true],
      ['K8S-SERVICE-INTERNAL-LOAD-BALANCER', 'no-public-exposure', true],
      ['K8S-NAMESPACE-DEFAULT-DENY', 'network-default-deny', false],
      ['K8S-MANDATORY-LABELS', 'mandatory-tags', true],
      ['K8S-KYVERNO-ENFORCE', 'cluster-policies-enforced', false],
      ['K8S-NO-CLUSTER-ADMIN-BINDING', 'no-cluster-admin-bindings', false],
    ]);
    const controlIds = CONTROLS.map((c) => c.id);
    for (const r of pack.rules) {
      expect(r.kind).toBe('kubernetes');
      expect(r.severity).toBe('error');
      expect(r.controls.every((c) => controlIds.includes(c))).toBe(true);
      expect(r.description).not.toBe('');
      expect(r.remediation).not.toBe('');
    }
  });

  test.each(pack.rules.map((r) => r.id))('%s passes on compliant objects', (id) => {
    // GIVEN a namespace with a workload, its budget, services and a CronJob that follow the baseline
    // WHEN the rule checks them  THEN it finds nothing
    expect(check(id, compliant())).toEqual([]);
  });

  test.each(['aws', 'azure', 'gcp'] as const)('every rule passes on compliant objects on %s', (cloud) => {
    // GIVEN the compliant objects with the cloud's own internal load balancer annotation
    const annotations: Record<string, string> = {
      aws: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
      azure: { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' },
      gcp: { 'networking.gke.io/load-balancer-type': 'Internal' },
    }[cloud];
    const objects = compliant().map((o) => (o.kind === 'Service' && o.spec.type === 'LoadBalancer' ? service('LoadBalancer', annotations) : o));
    // WHEN every rule checks them  THEN nothing is found
    expect(pack.rules.flatMap((r) => r.check(artifact(objects, cloud)))).toEqual([]);
  });

  describe('Pod Security Standards restricted', () => {
    test('runAsNonRoot unset on pod and container, and user 0', () => {
      // GIVEN a pod that sets no runAsNonRoot and a container running as user 0
      const spec = podSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } }, containers: [container({ securityContext: { ...container().securityContext, runAsUser: 0 } })] });
      // WHEN checked  THEN both are reported, quoting the values
      expect(check('K8S-PSS-RUN-AS-NON-ROOT', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'container "api" runAsNonRoot is unset (expected true, on the container or the pod securityContext)' },
        { resource: 'Deployment/payments/api', message: 'container "api" securityContext.runAsUser is 0 (expected a non-zero user id)' },
      ]);
    });

    test('a container overriding runAsNonRoot to false fails even when the pod sets true', () => {
      const spec = podSpec({ initContainers: [container({ name: 'migrate', securityContext: { ...container().securityContext, runAsNonRoot: false } })] });
      expect(check('K8S-PSS-RUN-AS-NON-ROOT', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'initContainer "migrate" runAsNonRoot is false (expected true, on the container or the pod securityContext)' },
      ]);
    });

    test('privilege escalation and privileged', () => {
      const securityContext = { ...container().securityContext, allowPrivilegeEscalation: undefined, privileged: true };
      const spec = podSpec({ containers: [container({ securityContext })] });
      expect(check('K8S-PSS-NO-PRIVILEGE-ESCALATION', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'container "api" securityContext.allowPrivilegeEscalation is unset (expected false)' },
        { resource: 'Deployment/payments/api', message: 'container "api" securityContext.privileged is true (expected false or unset)' },
      ]);
    });

    test('host namespaces and host ports', () => {
      const spec = podSpec({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 8080, hostPort: 8080 }] })] });
      expect(check('K8S-PSS-HOST-NAMESPACES', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'pod hostNetwork is true (expected false or unset)' },
        { resource: 'Deployment/payments/api', message: 'container "api" ports hostPort is 8080 (expected unset or 0)' },
      ]);
    });

    test('capabilities not dropped, or added beyond NET_BIND_SERVICE', () => {
      const spec = podSpec({
        containers: [
          container({ securityContext: { ...container().securityContext, capabilities: { drop: ['NET_RAW'] } } }),
          container({ name: 'proxy', securityContext: { ...container().securityContext, capabilities: { drop: ['all'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } } }),
        ],
      });
      expect(check('K8S-PSS-CAPABILITIES', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'container "api" securityContext.capabilities.drop is ["NET_RAW"] (expected to include ALL)' },
        { resource: 'Deployment/payments/api', message: 'container "proxy" securityContext.capabilities.add is ["NET_BIND_SERVICE","SYS_ADMIN"] (expected none but NET_BIND_SERVICE)' },
      ]);
    });

    test('NET_BIND_SERVICE alone may be added', () => {
      const spec = podSpec({ containers: [container({ securityContext: { ...container().securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })] });
      expect(check('K8S-PSS-CAPABILITIES', [deployment(spec)])).toEqual([]);
    });

    test('seccomp unset everywhere, or Unconfined on a container', () => {
      const unset = podSpec({ securityContext: { runAsNonRoot: true } });
      expect(check('K8S-PSS-SECCOMP', [deployment(unset)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'container "api" seccompProfile.type is unset and the pod sets none (expected RuntimeDefault or Localhost)' },
      ]);
      const unconfined = podSpec({ containers: [container({ securityContext: { ...container().securityContext, seccompProfile: { type: 'Unconfined' } } })] });
      expect(check('K8S-PSS-SECCOMP', [deployment(unconfined)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'container "api" securityContext.seccompProfile.type is "Unconfined" (expected RuntimeDefault or Localhost)' },
      ]);
    });

    test('Localhost seccomp on every container is enough without a pod profile', () => {
      const spec = podSpec({
        securityContext: { runAsNonRoot: true },
        containers: [container({ securityContext: { ...container().securityContext, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } })],
      });
      expect(check('K8S-PSS-SECCOMP', [deployment(spec)])).toEqual([]);
    });

    test('writable root filesystem', () => {
      const spec = podSpec({ containers: [container({ securityContext: { ...container().securityContext, readOnlyRootFilesystem: false } })] });
      expect(check('K8S-PSS-READ-ONLY-ROOT-FS', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'container "api" securityContext.readOnlyRootFilesystem is false (expected true)' },
      ]);
    });

    test('hostPath volume', () => {
      const spec = podSpec({ volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] });
      expect(check('K8S-PSS-VOLUME-TYPES', [deployment(spec)])).toEqual([
        { resource: 'Deployment/payments/api', message: 'volume "docker" is of type "hostPath" (expected one of configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret)' },
      ]);
    });
  });

  test('resources: a missing limit on an init container', () => {
    // GIVEN an init container with requests only
    const spec = podSpec({ initContainers: [container({ name: 'migrate', resources: { requests: { cpu: '100m', memory: '128Mi' } } })] });
    // WHEN checked  THEN the init container is named with what it lacks and its resources quoted
    expect(check('K8S-RESOURCES-BOUNDED', [deployment(spec)])).toEqual([
      { resource: 'Deployment/payments/api', message: 'initContainer "migrate" resources {"requests":{"cpu":"100m","memory":"128Mi"}} lack limits.cpu, limits.memory (expected CPU and memory requests and limits)' },
    ]);
  });

  test('probes: required on long-running pods only', () => {
    // GIVEN a Deployment without a readiness probe and a CronJob without probes
    const noReadiness = podSpec({ containers: [container({ readinessProbe: undefined })] });
    const job = cronJob(podSpec({ restartPolicy: 'Never', containers: [container({ livenessProbe: undefined, readinessProbe: undefined })] }));
    // WHEN checked  THEN only the Deployment is reported
    expect(check('K8S-HEALTH-PROBES', [deployment(noReadiness), job])).toEqual([
      { resource: 'Deployment/payments/api', message: 'container "api" has no readinessProbe (expected both on a long-running container)' },
    ]);
  });

  describe('images', () => {
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

    test('a malformed registry prefix is rejected with every problem at once', () => {
      expect(() => kubernetesPack({ trustedRegistries: ['acme.azurecr.io', 'https://europe-west1-docker.pkg.dev/acme/'] })).toThrow(
        'kubernetesPack: trusted registry "acme.azurecr.io" is not a registry host prefix ending in \'/\' (expected like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ or europe-west1-docker.pkg.dev/acme-prod/)\n'
        + 'kubernetesPack: trusted registry "https://europe-west1-docker.pkg.dev/acme/" is not a registry host prefix ending in \'/\' (expected like 111111111111.dkr.ecr.eu-west-1.amazonaws.com/ or europe-west1-docker.pkg.dev/acme-prod/)',
      );
    });
  });

  describe('disruption budgets', () => {
    test('a multi-replica Deployment without a budget', () => {
      expect(check('K8S-DISRUPTION-BUDGET', [deployment()])).toEqual([
        { resource: 'Deployment/payments/api', message: `runs 2 replicas with pod labels ${JSON.stringify(POD_LABELS)} and no PodDisruptionBudget in its namespace selects them (expected a PodDisruptionBudget whose selector matches the pod labels)` },
      ]);
    });

    test('a budget in another namespace or with a non-matching selector does not count', () => {
      const elsewhere = pdb(undefined, 'other');
      const wrong = pdb({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] });
      expect(check('K8S-DISRUPTION-BUDGET', [deployment(), elsewhere, wrong])).toHaveLength(1);
    });

    test('matchExpressions that select the pods count', () => {
      const expressions = pdb({ matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['api'] }, { key: 'canary', operator: 'DoesNotExist' }] });
      expect(check('K8S-DISRUPTION-BUDGET', [deployment(), expressions])).toEqual([]);
    });

    test('an autoscaled Deployment counts its minimum replicas; a single replica needs no budget', () => {
      const hpa = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'api', namespace: 'payments', labels: LABELS },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 3, maxReplicas: 9 },
      };
      expect(check('K8S-DISRUPTION-BUDGET', [deployment(podSpec(), { replicas: undefined }), hpa])[0].message).toMatch(/^runs 3 replicas/);
      expect(check('K8S-DISRUPTION-BUDGET', [deployment(podSpec(), { replicas: 1 })])).toEqual([]);
    });
  });

  describe('service account tokens', () => {
    test('automount left on a pod and a ServiceAccount', () => {
      const spec = podSpec({ automountServiceAccountToken: undefined });
      expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [deployment(spec), serviceAccount({ automountServiceAccountToken: true })])).toEqual([
        { resource: 'Deployment/payments/api', message: 'pod automountServiceAccountToken is unset (expected false, or the pod annotation baseline.io/needs-service-account-token with a reason)' },
        { resource: 'ServiceAccount/payments/api', message: 'automountServiceAccountToken is true (expected false, or the annotation baseline.io/needs-service-account-token with a reason)' },
      ]);
    });

    test('the annotation with a reason allows the token; an empty reason does not', () => {
      const spec = podSpec({ automountServiceAccountToken: true });
      const reason = { 'baseline.io/needs-service-account-token': 'reads ConfigMaps through the Kubernetes API' };
      expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [deployment(spec, { podAnnotations: reason })])).toEqual([]);
      expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [serviceAccount({ metadata: { name: 'api', namespace: 'payments', labels: LABELS, annotations: reason } })])).toEqual([]);
      expect(check('K8S-SERVICE-ACCOUNT-TOKEN', [deployment(spec, { podAnnotations: { 'baseline.io/needs-service-account-token': ' ' } })])).toHaveLength(1);
    });
  });

  describe('exposure', () => {
    test('NodePort', () => {
      expect(check('K8S-SERVICE-NO-NODEPORT', [service('NodePort')])).toEqual([
        { resource: 'Service/payments/api', message: 'spec.type is "NodePort" (expected ClusterIP, or an internal LoadBalancer)' },
      ]);
    });

    test.each([
      ['aws', 'service.beta.kubernetes.io/aws-load-balancer-scheme', '"internal"'],
      ['azure', 'service.beta.kubernetes.io/azure-load-balancer-internal', '"true"'],
      ['gcp', 'networking.gke.io/load-balancer-type', '"Internal"'],
    ] as const)('a LoadBalancer without the %s internal annotation', (cloud, key, value) => {
      expect(check('K8S-SERVICE-INTERNAL-LOAD-BALANCER', [service('LoadBalancer')], cloud)).toEqual([
        { resource: 'Service/payments/api', message: `is a LoadBalancer with annotation ${key} unset (expected ${value} on ${cloud})` },
      ]);
    });

    test('another cloud\'s annotation does not make a load balancer internal', () => {
      const awsAnnotated = service('LoadBalancer', { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' });
      expect(check('K8S-SERVICE-INTERNAL-LOAD-BALANCER', [awsAnnotated], 'gcp')).toHaveLength(1);
    });
  });

  describe('default-deny networking', () => {
    test('a namespace without a default-deny policy', () => {
      expect(check('K8S-NAMESPACE-DEFAULT-DENY', [namespace()])).toEqual([
        { resource: 'Namespace/payments', message: 'has no default-deny NetworkPolicy (expected one in namespace "payments" with podSelector {} and policyTypes Ingress and Egress)' },
      ]);
    });

    test('ingress-only, selective or allowing policies are not default-deny', () => {
      const ingressOnly = defaultDeny('payments', { podSelector: {}, policyTypes: ['Ingress'] });
      const selective = defaultDeny('payments', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'] });
      const allowing = defaultDeny('payments', { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}] });
      expect(check('K8S-NAMESPACE-DEFAULT-DENY', [namespace(), ingressOnly, selective, allowing])).toHaveLength(1);
    });

    test('system and add-on namespaces are exempt', () => {
      expect(check('K8S-NAMESPACE-DEFAULT-DENY', ['kube-system', 'kube-public', 'kube-node-lease', 'kyverno', 'argocd'].map(namespace))).toEqual([]);
    });
  });

  test('mandatory labels on every object, cluster-scoped ones named without a namespace', () => {
    // GIVEN a namespace with no labels and a service missing one
    const bare = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } };
    const { owner: _owner, ...withoutOwner } = LABELS;
    const svc = { ...service('ClusterIP'), metadata: { name: 'api', namespace: 'payments', labels: withoutOwner } };
    // WHEN checked  THEN each is named and its labels quoted
    expect(check('K8S-MANDATORY-LABELS', [bare, svc])).toEqual([
      { resource: 'Namespace/payments', message: 'labels unset lack owner, cost-center, environment, data-classification (expected every mandatory label: owner, cost-center, environment, data-classification)' },
      { resource: 'Service/payments/api', message: `labels ${JSON.stringify(withoutOwner)} lack owner (expected every mandatory label: owner, cost-center, environment, data-classification)` },
    ]);
  });

  test('pod specs are found in Pods, StatefulSets, DaemonSets, Jobs and CronJobs', () => {
    // GIVEN one privileged-escalating container in each kind
    const bad = podSpec({ containers: [container({ securityContext: { ...container().securityContext, allowPrivilegeEscalation: true } })] });
    const template = { metadata: { labels: LABELS }, spec: bad };
    const objects = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'payments', labels: LABELS }, spec: bad },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'payments' }, spec: { template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'payments' }, spec: { template } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'payments' }, spec: { template } },
      cronJob(bad),
    ];
    // WHEN checked  THEN each owning object is named once
    expect(check('K8S-PSS-NO-PRIVILEGE-ESCALATION', objects).map((v) => v.resource)).toEqual([
      'Pod/payments/p', 'StatefulSet/payments/s', 'DaemonSet/payments/d', 'Job/payments/j', 'CronJob/payments/report',
    ]);
  });
});
