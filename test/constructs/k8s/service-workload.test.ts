import { ApiObject, Chart, Testing } from 'cdk8s';
import { ServiceWorkload, ServiceWorkloadProps } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, objectIds, PLATFORM_LABELS } from '../../support/k8s';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1.4.2';
const DIGEST = `sha256:${'a'.repeat(64)}`;

const STANDARD_RESOURCES = { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' };

function props(overrides: Partial<ServiceWorkloadProps> = {}): ServiceWorkloadProps {
  return {
    name: 'payments-api',
    namespace: 'payments',
    image: IMAGE,
    port: 8080,
    replicas: 2,
    resources: { cpuRequest: '250m', memoryRequest: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' },
    labels: PLATFORM_LABELS,
    ...overrides,
  };
}

function synth(p: ServiceWorkloadProps = props(), chart: Chart = Testing.chart()): any[] {
  new ServiceWorkload(chart, 'PaymentsApi', p);
  return Testing.synth(chart);
}

function find(manifests: any[], kind: string): any {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
}

function podSpec(p: ServiceWorkloadProps = props()): any {
  return find(synth(p), 'Deployment').spec.template.spec;
}

function container(p: ServiceWorkloadProps = props()): any {
  const spec = podSpec(p);
  expect(spec.containers).toHaveLength(1);
  return spec.containers[0];
}

/** The problems the synth reports for a workload built with `p` (building it never throws). */
function error(p: ServiceWorkloadProps): string {
  return chartProblemsOf('PaymentsApi', (chart) => new ServiceWorkload(chart, 'PaymentsApi', p));
}

describe('ServiceWorkload', () => {
  describe('contract', () => {
    test('object kinds, namespaces and names are pinned', () => {
      // GIVEN / WHEN
      const manifests = synth();

      // THEN
      expect(objectIds(manifests)).toEqual([
        ['v1', 'ServiceAccount', 'payments', 'payments-api'],
        ['apps/v1', 'Deployment', 'payments', 'payments-api'],
        ['v1', 'Service', 'payments', 'payments-api'],
        ['policy/v1', 'PodDisruptionBudget', 'payments', 'payments-api'],
        ['autoscaling/v2', 'HorizontalPodAutoscaler', 'payments', 'payments-api'],
      ]);
    });

    test('construct ids are pinned and the Deployment is the primary child', () => {
      // GIVEN
      const chart = Testing.chart();

      // WHEN
      const workload = new ServiceWorkload(chart, 'PaymentsApi', props());

      // THEN
      expect(workload.node.children.map((c) => c.node.id)).toEqual(['ServiceAccount', 'Resource', 'Service', 'DisruptionBudget', 'Autoscaler']);
      expect(workload.node.defaultChild).toBe(workload.deployment);
      expect(workload.apiObject).toBe(workload.deployment);
      expect(ApiObject.of(workload).kind).toBe('Deployment');
      expect(workload.service.kind).toBe('Service');
      expect(workload.podDisruptionBudget?.kind).toBe('PodDisruptionBudget');
      expect(workload.horizontalPodAutoscaler?.kind).toBe('HorizontalPodAutoscaler');
      expect(workload.serviceAccount?.kind).toBe('ServiceAccount');
    });

    test('exposes what the platform references', () => {
      // GIVEN / WHEN
      const workload = new ServiceWorkload(Testing.chart(), 'PaymentsApi', props());

      // THEN
      expect(workload.name).toBe('payments-api');
      expect(workload.namespace).toBe('payments');
      expect(workload.port).toBe(8080);
      expect(workload.serviceAccountName).toBe('payments-api');
      expect(workload.serviceDnsName).toBe('payments-api.payments.svc');
      expect(workload.selectorLabels).toEqual({ 'app.kubernetes.io/name': 'payments-api' });
      expect(ServiceWorkload.SELECTOR_LABEL).toBe('app.kubernetes.io/name');
      expect(ServiceWorkload.PORT_NAME).toBe('http');
      expect(ServiceWorkload.TMP_VOLUME_NAME).toBe('tmp');
    });

    test('renaming the construct and reordering services changes no object name or selector', () => {
      // GIVEN
      const api = props();
      const worker = props({ name: 'payments-worker', replicas: 1 });
      const identity = (m: any) => JSON.stringify([m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name,
        m.spec?.selector, m.spec?.template?.metadata.labels, m.spec?.scaleTargetRef]);

      // WHEN
      const first = Testing.chart();
      new ServiceWorkload(first, 'PaymentsApi', api);
      new ServiceWorkload(first, 'PaymentsWorker', worker);
      const second = new Chart(Testing.app(), 'OtherChart');
      new ServiceWorkload(second, 'Worker', worker);
      new ServiceWorkload(second, 'RenamedApi', api);

      // THEN
      const before = Testing.synth(first).map(identity).sort();
      const after = Testing.synth(second).map(identity).sort();
      expect(before).toHaveLength(9);
      expect(after).toEqual(before);
      expect(JSON.stringify(Testing.synth(second))).not.toContain('cdk8s.io');
    });

    test('a chart namespace does not move the objects', () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'Chart', { namespace: 'elsewhere' });

      // WHEN
      const manifests = synth(props(), chart);

      // THEN
      expect(manifests.map((m) => m.metadata.namespace)).toEqual(['payments', 'payments', 'payments', 'payments', 'payments']);
    });

    test('with an existing service account, creates no object but the workload\'s own', () => {
      // GIVEN / WHEN
      const kinds = synth(props({ maxReplicas: 2, serviceAccountName: 'payments-api' })).map((m) => m.kind);

      // THEN
      expect(kinds).toEqual(['Deployment', 'Service', 'PodDisruptionBudget']);
    });
  });

  describe('labels', () => {
    test('every object carries the mandatory labels and the selector label', () => {
      // GIVEN / WHEN
      const manifests = synth();

      // THEN
      expect(manifests).toHaveLength(5);
      for (const manifest of manifests) {
        expect(manifest.metadata.labels).toEqual({ ...PLATFORM_LABELS, 'app.kubernetes.io/name': 'payments-api' });
      }
    });

    test('the pod template carries the mandatory labels, the pod labels and the selector label', () => {
      // GIVEN
      const podLabels = { 'azure.workload.identity/use': 'true' };

      // WHEN
      const deployment = find(synth(props({ podLabels })), 'Deployment');

      // THEN
      expect(deployment.spec.template.metadata.labels).toEqual({
        ...PLATFORM_LABELS,
        'azure.workload.identity/use': 'true',
        'app.kubernetes.io/name': 'payments-api',
      });
      expect(deployment.metadata.labels).not.toHaveProperty('azure.workload.identity/use');
    });

    test('the selector is the service name alone, everywhere pods are selected', () => {
      // GIVEN / WHEN
      const manifests = synth();
      const deployment = find(manifests, 'Deployment');

      // THEN
      const selector = { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } };
      expect(deployment.spec.selector).toEqual(selector);
      expect(find(manifests, 'Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'payments-api' });
      expect(find(manifests, 'PodDisruptionBudget').spec.selector).toEqual(selector);
      for (const constraint of deployment.spec.template.spec.topologySpreadConstraints) {
        expect(constraint.labelSelector).toEqual(selector);
      }
    });

    test('labels are optional', () => {
      // GIVEN / WHEN
      const manifests = synth(props({ labels: undefined }));

      // THEN
      for (const manifest of manifests) {
        expect(manifest.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'payments-api' });
      }
    });
  });

  describe('pod security (restricted)', () => {
    test('the pod runs as a non-root user and group with the RuntimeDefault seccomp profile', () => {
      // GIVEN / WHEN
      const spec = podSpec();

      // THEN
      expect(spec.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });

    test('user and group ids can be set', () => {
      // GIVEN / WHEN
      const spec = podSpec(props({ runAsUser: 65532, runAsGroup: 65533 }));

      // THEN
      expect(spec.securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65533, fsGroup: 65533 });
    });

    test('the container cannot escalate, holds no capability and has a read-only root filesystem', () => {
      // GIVEN / WHEN
      const c = container();

      // THEN
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
    });

    test('/tmp is a size-limited emptyDir', () => {
      // GIVEN / WHEN
      const spec = podSpec();

      // THEN
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
      expect(spec.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(podSpec(props({ tmpSizeLimit: '1Gi' })).volumes[0].emptyDir).toEqual({ sizeLimit: '1Gi' });
    });

    test('the service account token is not mounted, and no service links are injected', () => {
      // GIVEN / WHEN
      const spec = podSpec();

      // THEN
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.enableServiceLinks).toBe(false);
    });

    test('the token is mounted only when asked for', () => {
      expect(podSpec(props({ automountServiceAccountToken: true })).automountServiceAccountToken).toBe(true);
    });

    test('no host namespaces, host paths or privileged settings appear', () => {
      // GIVEN / WHEN
      const spec = podSpec();

      // THEN
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers']) {
        expect(spec).not.toHaveProperty(field);
      }
      expect(JSON.stringify(spec)).not.toContain('hostPath');
      expect(spec.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    });
  });

  describe('priority', () => {
    test('names no PriorityClass unless given one', () => {
      expect(find(synth(), 'Deployment').spec.template.spec.priorityClassName).toBeUndefined();
      expect(find(synth(props({ priorityClassName: 'baseline-service-critical' })), 'Deployment').spec.template.spec.priorityClassName).toBe('baseline-service-critical');
    });

    test('a malformed class name is refused', () => {
      expect(error(props({ priorityClassName: 'Critical!' }))).toBe(
        'ServiceWorkload "payments-api": priorityClassName "Critical!" is not a priority class name (expected a DNS subdomain, like baseline-service-standard)',
      );
    });
  });

  describe('service account', () => {
    test('alone, creates the service account its pods run as, holding no API token', () => {
      // GIVEN / WHEN
      const manifests = synth();

      // THEN every object the pods reference exists, labelled like the rest
      const account = find(manifests, 'ServiceAccount');
      const spec = find(manifests, 'Deployment').spec.template.spec;
      expect(account.metadata).toEqual({ name: 'payments-api', namespace: 'payments', labels: { ...PLATFORM_LABELS, 'app.kubernetes.io/name': 'payments-api' } });
      expect(account.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toBe(account.metadata.name);
    });

    test('with serviceAccountName, runs as that existing account and creates none', () => {
      // GIVEN / WHEN
      const manifests = synth(props({ serviceAccountName: 'payments.api-reader' }));

      // THEN
      expect(manifests.filter((m) => m.kind === 'ServiceAccount')).toEqual([]);
      expect(find(manifests, 'Deployment').spec.template.spec.serviceAccountName).toBe('payments.api-reader');
    });
  });

  describe('container', () => {
    test('runs the given image, named like the service', () => {
      // GIVEN / WHEN
      const c = container();

      // THEN
      expect(c.name).toBe('payments-api');
      expect(c.image).toBe(IMAGE);
      expect(c.imagePullPolicy).toBe('IfNotPresent');
    });

    test('has requests and limits, ephemeral storage included', () => {
      expect(container().resources).toEqual({
        requests: { 'cpu': '250m', 'memory': '256Mi', 'ephemeral-storage': '256Mi' },
        limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
      });
      // The /tmp volume counts towards the limit and fits in it.
      expect(container(props({ resources: { ...STANDARD_RESOURCES, ephemeralStorageRequest: '1Gi', ephemeralStorageLimit: '4Gi' } })).resources).toEqual({
        requests: { 'cpu': '250m', 'memory': '256Mi', 'ephemeral-storage': '1Gi' },
        limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '4Gi' },
      });
    });

    test('ephemeral storage: bad quantities, a request above the limit and a limit under /tmp are all reported', () => {
      const prefix = 'ServiceWorkload "payments-api": ';
      expect(error(props({ resources: { ...STANDARD_RESOURCES, ephemeralStorageRequest: 'lots', ephemeralStorageLimit: '100Mi' } }))).toBe([
        `${prefix}resources.ephemeralStorageRequest "lots" is not a Kubernetes quantity (expected like 512Mi or 2Gi)`,
        `${prefix}resources.ephemeralStorageLimit "100Mi" is less than tmpSizeLimit "256Mi" (expected room for the /tmp volume, which counts towards it: the pod would be evicted before /tmp is full)`,
      ].join('\n'));
      expect(error(props({ resources: { ...STANDARD_RESOURCES, ephemeralStorageRequest: '2Gi' } }))).toBe(
        `${prefix}resources.ephemeralStorageRequest "2Gi" exceeds resources.ephemeralStorageLimit "1Gi" (expected a request no larger than the limit)`,
      );
      expect(error(props({ tmpSizeLimit: '2Gi' }))).toBe(
        `${prefix}resources.ephemeralStorageLimit "1Gi" is less than tmpSizeLimit "2Gi" (expected room for the /tmp volume, which counts towards it: the pod would be evicted before /tmp is full)`,
      );
    });

    test('probes /healthz for liveness and startup and /readyz for readiness on the named port', () => {
      // GIVEN / WHEN
      const c = container();

      // THEN
      const on = (path: string) => ({ path, port: 'http' });
      expect(c.livenessProbe).toEqual({ httpGet: on('/healthz'), periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 });
      expect(c.readinessProbe).toEqual({ httpGet: on('/readyz'), periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2 });
      expect(c.startupProbe).toEqual({ httpGet: on('/healthz'), periodSeconds: 2, failureThreshold: 30, timeoutSeconds: 2 });
    });

    test('probe paths can be set', () => {
      // GIVEN / WHEN
      const c = container(props({ livenessPath: '/live', readinessPath: '/health/ready?full=1' }));

      // THEN
      expect(c.livenessProbe.httpGet.path).toBe('/live');
      expect(c.startupProbe.httpGet.path).toBe('/live');
      expect(c.readinessProbe.httpGet.path).toBe('/health/ready?full=1');
    });

    test('environment variables keep their order, and none are rendered when there are none', () => {
      // GIVEN / WHEN
      const c = container(props({ env: { LOG_LEVEL: 'info', BASE_URL: 'https://example.com', URL_WITH_LEVEL: '$(BASE_URL)?l=$(LOG_LEVEL)' } }));

      // THEN
      expect(c.env).toEqual([
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'BASE_URL', value: 'https://example.com' },
        { name: 'URL_WITH_LEVEL', value: '$(BASE_URL)?l=$(LOG_LEVEL)' },
      ]);
      expect(container()).not.toHaveProperty('env');
      expect(container(props({ env: {} }))).not.toHaveProperty('env');
    });
  });

  describe('deployment', () => {
    test('rolls out without ever dropping below capacity', () => {
      expect(find(synth(), 'Deployment').spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' },
      });
    });

    test('spreads pods across zones and nodes without blocking scheduling', () => {
      // GIVEN / WHEN
      const spec = podSpec();

      // THEN
      const selector = { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } };
      expect(spec.topologySpreadConstraints).toEqual([
        { topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector, matchLabelKeys: ['pod-template-hash'] },
        { topologyKey: 'kubernetes.io/hostname', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector, matchLabelKeys: ['pod-template-hash'] },
      ]);
    });

    test('leaves the replica count to the autoscaler when there is one', () => {
      expect(find(synth(), 'Deployment').spec).not.toHaveProperty('replicas');
    });

    test('sets the replica count when there is no autoscaler', () => {
      expect(find(synth(props({ replicas: 3, maxReplicas: 3 })), 'Deployment').spec.replicas).toBe(3);
    });
  });

  describe('service', () => {
    test('is a ClusterIP Service on the container port, targeting the named port', () => {
      expect(find(synth(), 'Service').spec).toEqual({
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'payments-api' },
        ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
      });
    });
  });

  describe('pod disruption budget', () => {
    test('allows one pod at a time to be disrupted when there are several replicas', () => {
      expect(find(synth(), 'PodDisruptionBudget').spec).toEqual({
        selector: { matchLabels: { 'app.kubernetes.io/name': 'payments-api' } },
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      });
    });

    test('is absent with a single replica', () => {
      // GIVEN
      const chart = Testing.chart();

      // WHEN
      const workload = new ServiceWorkload(chart, 'PaymentsApi', props({ replicas: 1 }));

      // THEN
      expect(workload.podDisruptionBudget).toBeUndefined();
      expect(Testing.synth(chart).map((m) => m.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler']);
    });
  });

  describe('horizontal pod autoscaler', () => {
    test('scales the Deployment on CPU from replicas to three times replicas by default', () => {
      expect(find(synth(), 'HorizontalPodAutoscaler').spec).toEqual({
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'payments-api' },
        minReplicas: 2,
        maxReplicas: 6,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      });
    });

    test('maximum and target can be set', () => {
      // GIVEN / WHEN
      const hpa = find(synth(props({ replicas: 3, maxReplicas: 10, targetCpuUtilizationPercent: 50 })), 'HorizontalPodAutoscaler');

      // THEN
      expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
      expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(50);
    });

    test('is absent when maxReplicas equals replicas', () => {
      // GIVEN
      const chart = Testing.chart();

      // WHEN
      const workload = new ServiceWorkload(chart, 'PaymentsApi', props({ maxReplicas: 2 }));

      // THEN
      expect(workload.horizontalPodAutoscaler).toBeUndefined();
      expect(Testing.synth(chart).map((m) => m.kind)).not.toContain('HorizontalPodAutoscaler');
    });
  });

  describe('Kubernetes OpenAPI schema (kubernetes-models, offline)', () => {
    test('every synthesized object is valid', () => {
      // GIVEN
      const manifests = [
        ...synth(),
        ...synth(props({
          replicas: 1,
          maxReplicas: 1,
          labels: undefined,
          podLabels: { 'azure.workload.identity/use': 'true' },
          env: { LOG_LEVEL: 'info' },
          image: `registry.example.com:5000/payments/api@${DIGEST}`,
          serviceAccountName: 'payments-api-reader',
          automountServiceAccountToken: true,
        })),
      ];

      // WHEN
      const problems = crdSchemaProblems(manifests);

      // THEN
      expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Deployment', 'Service']);
      expect(problems).toEqual([]);
    });

    test('the check is not vacuous for these kinds', () => {
      // GIVEN
      const manifests = synth();
      const deployment = find(manifests, 'Deployment');
      const hpa = find(manifests, 'HorizontalPodAutoscaler');
      const broken = [
        { ...deployment, spec: { ...deployment.spec, replicas: 'two' } },
        { ...hpa, spec: { ...hpa.spec, maxReplicas: undefined } },
      ];

      // WHEN
      const problems = crdSchemaProblems(broken);

      // THEN
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^apps\/v1 Deployment "payments-api": .*data\/spec\/replicas must be integer/);
      expect(problems[1]).toMatch(/^autoscaling\/v2 HorizontalPodAutoscaler "payments-api": .*maxReplicas/);
    });
  });

  describe('validation', () => {
    const prefix = 'ServiceWorkload "payments-api": ';

    test('every problem is reported at once, one per line', () => {
      // GIVEN
      const p = props({
        name: '1-api',
        namespace: 'Payments',
        image: 'nginx',
        port: 0,
        replicas: 0,
        maxReplicas: 0.5,
        targetCpuUtilizationPercent: 0,
        resources: { cpuRequest: '2 cores', memoryRequest: '256m', cpuLimit: '1', memoryLimit: 'lots' },
        serviceAccountName: 'Payments_API',
        labels: { 'app.kubernetes.io/name': 'other', 'owner': 'Jane Doe' },
        podLabels: { 'bad key': 'x' },
        env: { '1BAD': 'x', 'GOOD': 'y' },
        livenessPath: 'healthz',
        readinessPath: '/ready now',
        runAsUser: 0,
        runAsGroup: -1,
        tmpSizeLimit: '1GB',
      });

      // WHEN / THEN
      const at = 'ServiceWorkload "1-api": ';
      expect(error(p)).toBe([
        `${at}name "1-api" is not an RFC 1035 label (expected 1-63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit, like payments-api)`,
        `${at}namespace "Payments" is not a DNS label (expected 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit, like payments)`,
        `${at}image "nginx" names no registry and would be pulled from Docker Hub (expected the full reference in the organization's registry, like registry.example.com/payments/api:1.4.2 or registry.example.com/payments/api@sha256:<64 hex digits>)`,
        `${at}port 0 is not a port number (expected an integer from 1 to 65535, like 8080)`,
        `${at}replicas 0 is not a positive integer (expected like 2)`,
        `${at}maxReplicas 0.5 is not an integer of at least replicas (expected like 3, or 1 for no autoscaling)`,
        `${at}targetCpuUtilizationPercent 0 is not a percentage (expected an integer from 1 to 100, like 70)`,
        `${at}resources.cpuRequest "2 cores" is not a Kubernetes quantity (expected like 500m or 2)`,
        `${at}resources.memoryRequest "256m" is in millibytes (expected like 512Mi or 2Gi)`,
        `${at}resources.memoryLimit "lots" is not a Kubernetes quantity (expected like 512Mi or 2Gi)`,
        `${at}serviceAccountName "Payments_API" is not a Kubernetes service account name (expected a DNS subdomain of at most 253 characters, like payments-api)`,
        `${at}labels key "app.kubernetes.io/name" is set by ServiceWorkload (expected it left out: the selector label is always the service name)`,
        `${at}labels["owner"] "Jane Doe" is not a Kubernetes label value (expected at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, like cc-1234)`,
        `${at}podLabels key "bad key" is not a Kubernetes label key (expected an optional DNS subdomain and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, like cost-center)`,
        `${at}env key "1BAD" is not an environment variable name (expected letters, digits, '_', '-' or '.', not starting with a digit, like LOG_LEVEL)`,
        `${at}livenessPath "healthz" is not an absolute HTTP path (expected '/' and no whitespace, like /healthz)`,
        `${at}readinessPath "/ready now" is not an absolute HTTP path (expected '/' and no whitespace, like /healthz)`,
        `${at}runAsUser 0 is not a non-root id (expected an integer from 1 to 2147483647, like 10001)`,
        `${at}runAsGroup -1 is not a non-root id (expected an integer from 1 to 2147483647, like 10001)`,
        `${at}tmpSizeLimit "1GB" is not a Kubernetes quantity (expected like 512Mi or 2Gi)`,
      ].join('\n'));
    });

    test('requests must not exceed limits', () => {
      // GIVEN
      const resources = { cpuRequest: '1100m', memoryRequest: '1Gi', cpuLimit: '1', memoryLimit: '1023Mi' };

      // WHEN / THEN
      expect(error(props({ resources }))).toBe([
        `${prefix}resources.cpuRequest "1100m" exceeds resources.cpuLimit "1" (expected a request no larger than the limit)`,
        `${prefix}resources.memoryRequest "1Gi" exceeds resources.memoryLimit "1023Mi" (expected a request no larger than the limit)`,
      ].join('\n'));
    });

    test('equal requests and limits in different notations are accepted', () => {
      // GIVEN
      const resources = { cpuRequest: '1000m', memoryRequest: '1024Mi', cpuLimit: '1', memoryLimit: '1Gi' };

      // WHEN / THEN
      expect(container(props({ resources })).resources.requests).toEqual({ 'cpu': '1000m', 'memory': '1024Mi', 'ephemeral-storage': '256Mi' });
    });

    test('maxReplicas below replicas is refused', () => {
      expect(error(props({ replicas: 4, maxReplicas: 3 }))).toBe(
        `${prefix}maxReplicas 3 is not an integer of at least replicas (expected like 12, or 4 for no autoscaling)`,
      );
    });

    test.each([
      [65536, 'port 65536 is not a port number (expected an integer from 1 to 65535, like 8080)'],
      [80.5, 'port 80.5 is not a port number (expected an integer from 1 to 65535, like 8080)'],
    ])('port %j is refused', (port, message) => {
      expect(error(props({ port }))).toBe(prefix + message);
    });

    test('a name longer than 63 characters is refused', () => {
      // GIVEN
      const name = `a${'-'.repeat(61)}bc`;

      // WHEN / THEN
      expect(error(props({ name }))).toBe(
        `ServiceWorkload "${name}": name "${name}" is not an RFC 1035 label (expected 1-63 lowercase letters, digits or '-', starting with a letter and ending with a letter or digit, like payments-api)`,
      );
    });

    describe('image', () => {
      const expected = 'like registry.example.com/payments/api:1.4.2 or registry.example.com/payments/api@sha256:<64 hex digits>';

      test.each([
        'registry.example.com/payments/api:1.4.2',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/api:v1.4.2-rc.1_build',
        'paymentsacr.azurecr.io/payments/api:2024.05.01',
        'europe-west1-docker.pkg.dev/org-prod/payments/api:1.4.2',
        'localhost/api:1',
        'registry.example.com:5000/payments/api:1.4.2',
        `registry.example.com/payments/api@${DIGEST}`,
        `registry.example.com/payments/api:1.4.2@${DIGEST}`,
        `registry.example.com/payments/api:latest@${DIGEST}`,
        `registry.example.com/payments/api@sha512:${'0'.repeat(128)}`,
      ])('%s is accepted', (image) => {
        expect(container(props({ image })).image).toBe(image);
      });

      test.each([
        ['registry.example.com/payments/api:latest', 'is tagged latest, which moves (expected a pinned version, EXAMPLE)'],
        ['registry.example.com/payments/api', 'has neither a tag nor a digest (expected a pinned version, EXAMPLE)'],
        ['registry.example.com:5000/payments/api', 'has neither a tag nor a digest (expected a pinned version, EXAMPLE)'],
        ['payments/api:1.4.2', 'names no registry and would be pulled from Docker Hub (expected the full reference in the organization\'s registry, EXAMPLE)'],
        ['nginx:1.25', 'names no registry and would be pulled from Docker Hub (expected the full reference in the organization\'s registry, EXAMPLE)'],
        ['registry.example.com/Payments/api:1.4.2', 'is not an image reference (expected EXAMPLE)'],
        ['registry.example.com/payments/api:', 'is not an image reference (expected EXAMPLE)'],
        ['registry.example.com/payments/api:-1', 'is not an image reference (expected EXAMPLE)'],
        ['registry.example.com/payments/api@sha256:abc', 'is not an image reference (expected EXAMPLE)'],
        ['registry.example.com//api:1', 'is not an image reference (expected EXAMPLE)'],
        [' registry.example.com/payments/api:1.4.2', 'is not an image reference (expected EXAMPLE)'],
        ['', 'is not an image reference (expected EXAMPLE)'],
        [`registry.example.com/${'a'.repeat(250)}:1`, 'is not an image reference (expected EXAMPLE)'],
      ])('%j is refused', (image, message) => {
        expect(error(props({ image }))).toBe(`${prefix}image ${JSON.stringify(image)} ${message.replace('EXAMPLE', expected)}`);
      });
    });
  });
});
