import { ApiObject, Chart, Testing } from 'cdk8s';
import { PodSecurityLevel, TeamNamespace, TeamNamespaceProps } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, objectIds, PLATFORM_LABELS } from '../../support/k8s';

function props(overrides: Partial<TeamNamespaceProps> = {}): TeamNamespaceProps {
  return {
    name: 'payments',
    labels: PLATFORM_LABELS,
    quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 },
    containerDefaults: {
      cpuRequest: '100m',
      memoryRequest: '128Mi',
      cpuLimit: '500m',
      memoryLimit: '512Mi',
      maxCpu: '2',
      maxMemory: '4Gi',
    },
    ...overrides,
  };
}

function synth(p: TeamNamespaceProps = props(), chart: Chart = Testing.chart()): any[] {
  new TeamNamespace(chart, 'Payments', p);
  return Testing.synth(chart);
}

function find(manifests: any[], kind: string, name: string): any {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('TeamNamespace', () => {
  describe('contract', () => {
    test('object kinds, namespaces and names are pinned, namespace first', () => {
      // GIVEN / WHEN
      const manifests = synth();

      // THEN
      expect(objectIds(manifests)).toEqual([
        ['v1', 'Namespace', undefined, 'payments'],
        ['v1', 'ResourceQuota', 'payments', 'team-quota'],
        ['v1', 'LimitRange', 'payments', 'container-defaults'],
        ['networking.k8s.io/v1', 'NetworkPolicy', 'payments', 'default-deny-all'],
        ['networking.k8s.io/v1', 'NetworkPolicy', 'payments', 'allow-dns-egress'],
      ]);
    });

    test('construct ids are pinned and the Namespace is the primary child', () => {
      // GIVEN
      const chart = Testing.chart();

      // WHEN
      const team = new TeamNamespace(chart, 'Payments', props());

      // THEN
      expect(team.node.children.map((c) => c.node.id)).toEqual(['Resource', 'Quota', 'LimitRange', 'DefaultDenyAll', 'AllowDnsEgress']);
      expect(team.node.defaultChild).toBe(team.apiObject);
      expect(ApiObject.of(team).kind).toBe('Namespace');
      expect(team.namespaceName).toBe('payments');
    });

    test('the object names are exposed as constants', () => {
      expect(TeamNamespace.QUOTA_NAME).toBe('team-quota');
      expect(TeamNamespace.LIMIT_RANGE_NAME).toBe('container-defaults');
      expect(TeamNamespace.DEFAULT_DENY_POLICY_NAME).toBe('default-deny-all');
      expect(TeamNamespace.DNS_EGRESS_POLICY_NAME).toBe('allow-dns-egress');
    });

    test('a chart namespace moves none of the objects and is kept off the Namespace', () => {
      // GIVEN
      const chart = new Chart(Testing.app(), 'Chart', { namespace: 'elsewhere' });

      // WHEN
      const manifests = synth(props(), chart);

      // THEN
      expect(manifests[0].kind).toBe('Namespace');
      expect(manifests[0].metadata).not.toHaveProperty('namespace');
      expect(manifests.slice(1).map((m) => m.metadata.namespace)).toEqual(['payments', 'payments', 'payments', 'payments']);
    });
  });

  describe('namespace', () => {
    test('enforces, audits and warns on the restricted Pod Security Standard by default', () => {
      // GIVEN
      const { podSecurityLevel: _omitted, ...withoutLevel } = props();
      const chart = Testing.chart();

      // WHEN
      const team = new TeamNamespace(chart, 'Payments', withoutLevel);
      const namespace = find(Testing.synth(chart), 'Namespace', 'payments');

      // THEN
      expect(team.podSecurityLevel).toBe('restricted');
      expect(namespace.metadata.labels).toEqual({
        ...PLATFORM_LABELS,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.28',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
      });
      expect(namespace).not.toHaveProperty('spec');
    });

    test.each([PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED])('a weakened level (%s) is applied to every mode only when asked for', (level) => {
      // GIVEN / WHEN
      const namespace = find(synth(props({ podSecurityLevel: level })), 'Namespace', 'payments');

      // THEN
      expect(namespace.metadata.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/audit': level,
        'pod-security.kubernetes.io/warn': level,
      });
    });

    test('the team label defaults to the namespace name', () => {
      // GIVEN / WHEN
      const manifests = synth(props({ labels: undefined }));

      // THEN
      for (const manifest of manifests) {
        expect(manifest.metadata.labels.team).toBe('payments');
      }
    });

    test('a team label from the platform wins over the default', () => {
      // GIVEN / WHEN
      const manifests = synth(props({ name: 'payments-prod', labels: { team: 'payments' } }));

      // THEN
      expect(manifests.map((m) => m.metadata.labels.team)).toEqual(['payments', 'payments', 'payments', 'payments', 'payments']);
    });
  });

  test('every object carries the platform labels, and only the Namespace the Pod Security labels', () => {
    // GIVEN / WHEN
    const manifests = synth();

    // THEN
    for (const manifest of manifests) {
      expect(manifest.metadata.labels).toMatchObject(PLATFORM_LABELS);
    }
    for (const manifest of manifests.slice(1)) {
      expect(manifest.metadata.labels).toEqual(PLATFORM_LABELS);
    }
  });

  describe('resource quota', () => {
    test('renders the hard limits with default service and PVC counts', () => {
      // GIVEN / WHEN
      const quota = find(synth(), 'ResourceQuota', 'team-quota');

      // THEN
      expect(quota.spec).toEqual({
        hard: {
          'requests.cpu': '4',
          'requests.memory': '8Gi',
          'limits.cpu': '8',
          'limits.memory': '16Gi',
          'pods': '50',
          'services': '20',
          'persistentvolumeclaims': '10',
        },
      });
    });

    test('ephemeral storage is bounded when given', () => {
      // GIVEN a quota with ephemeral-storage totals
      const p = props();
      // WHEN synthesized
      const quota = find(synth({ ...p, quota: { ...p.quota, requestsEphemeralStorage: '25Gi', limitsEphemeralStorage: '100Gi' } }), 'ResourceQuota', 'team-quota');
      // THEN both totals are hard limits of the namespace
      expect(quota.spec.hard['requests.ephemeral-storage']).toBe('25Gi');
      expect(quota.spec.hard['limits.ephemeral-storage']).toBe('100Gi');
    });

    test('service and PVC counts can be set, including zero', () => {
      // GIVEN
      const p = props();

      // WHEN
      const quota = find(synth({ ...p, quota: { ...p.quota, services: 3, persistentVolumeClaims: 0 } }), 'ResourceQuota', 'team-quota');

      // THEN
      expect(quota.spec.hard.services).toBe('3');
      expect(quota.spec.hard.persistentvolumeclaims).toBe('0');
    });
  });

  describe('limit range', () => {
    test('renders container defaults, default requests and maximums', () => {
      // GIVEN / WHEN
      const limitRange = find(synth(), 'LimitRange', 'container-defaults');

      // THEN
      expect(limitRange.spec).toEqual({
        limits: [{
          type: 'Container',
          default: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
          defaultRequest: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' },
          max: { cpu: '2', memory: '4Gi' },
        }],
      });
    });

    test('omits max when no maximum is given', () => {
      // GIVEN
      const p = props();
      const { maxCpu: _cpu, maxMemory: _memory, ...withoutMax } = p.containerDefaults;

      // WHEN
      const limitRange = find(synth({ ...p, containerDefaults: withoutMax }), 'LimitRange', 'container-defaults');

      // THEN
      expect(limitRange.spec.limits).toEqual([{
        type: 'Container',
        default: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
        defaultRequest: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' },
      }]);
    });

    test('renders only the maximum that is given', () => {
      // GIVEN
      const p = props();

      // WHEN
      const limitRange = find(synth({ ...p, containerDefaults: { ...p.containerDefaults, maxCpu: undefined } }), 'LimitRange', 'container-defaults');

      // THEN
      expect(limitRange.spec.limits[0].max).toEqual({ memory: '4Gi' });
    });
  });

  describe('network policies', () => {
    test('default-deny-all selects every pod and denies ingress and egress', () => {
      // GIVEN / WHEN
      const policy = find(synth(), 'NetworkPolicy', 'default-deny-all');

      // THEN
      expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    });

    test('allow-dns-egress allows only DNS to kube-dns in kube-system', () => {
      // GIVEN / WHEN
      const policy = find(synth(), 'NetworkPolicy', 'allow-dns-egress');

      // THEN
      expect(policy.spec).toEqual({
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        }],
      });
    });
  });

  describe('Kubernetes OpenAPI schema (kubernetes-models, offline)', () => {
    test('every synthesized object is valid', () => {
      // GIVEN
      const p = props();
      const manifests = [
        ...synth(),
        ...synth({
          ...p,
          podSecurityLevel: PodSecurityLevel.BASELINE,
          labels: undefined,
          containerDefaults: { ...p.containerDefaults, maxCpu: undefined, maxMemory: undefined },
        }),
      ];

      // WHEN
      const problems = crdSchemaProblems(manifests);

      // THEN
      expect(manifests).toHaveLength(10);
      expect(problems).toEqual([]);
    });

    test('the check is not vacuous: broken and unknown objects are reported', () => {
      // GIVEN
      const manifests = synth();
      const quota = find(manifests, 'ResourceQuota', 'team-quota');
      const policy = find(manifests, 'NetworkPolicy', 'default-deny-all');
      const broken = [
        { ...quota, spec: { hard: { pods: '2 cores' } } },
        { ...policy, spec: { ...policy.spec, policyTypes: 'Egress' } },
        { apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x' } },
      ];

      // WHEN
      const problems = crdSchemaProblems(broken);

      // THEN
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^v1 ResourceQuota "team-quota": .*data\/spec\/hard\/pods must match format "quantity"/);
      expect(problems[1]).toMatch(/^networking\.k8s\.io\/v1 NetworkPolicy "default-deny-all": .*data\/spec\/policyTypes must be array/);
      expect(problems[2]).toBe('v1 Nonsense "x": no kubernetes-models class for kind');
    });
  });

  describe('validation', () => {
    function error(p: TeamNamespaceProps): string {
      return chartProblemsOf('Payments', (chart) => new TeamNamespace(chart, 'Payments', p));
    }

    test('a bad quantity is quoted with what is expected', () => {
      // GIVEN
      const p = props();

      // WHEN / THEN
      expect(error({ ...p, quota: { ...p.quota, requestsCpu: '2 cores' } })).toBe(
        'TeamNamespace "payments": quota.requestsCpu "2 cores" is not a Kubernetes quantity (expected like 500m or 2)',
      );
    });

    test('every problem is reported at once, one per line', () => {
      // GIVEN
      const p = props({
        name: 'Payments_Team',
        podSecurityLevel: 'none' as any,
        quota: { requestsCpu: '-1', requestsMemory: '8GB', limitsCpu: '8', limitsMemory: '16Gi', pods: 0, services: -1, persistentVolumeClaims: 1.5 },
        containerDefaults: { cpuRequest: '2', memoryRequest: '512m', cpuLimit: '1', memoryLimit: 'lots' },
      });

      // WHEN / THEN
      expect(error(p)).toBe([
        'TeamNamespace "Payments_Team": name "Payments_Team" is not a DNS label (expected 1-63 lowercase letters, digits or \'-\', starting and ending with a letter or digit, like payments)',
        'TeamNamespace "Payments_Team": podSecurityLevel "none" is not a Pod Security Standards level (expected PodSecurityLevel.RESTRICTED, BASELINE or PRIVILEGED)',
        'TeamNamespace "Payments_Team": quota.requestsCpu "-1" is not a Kubernetes quantity (expected like 500m or 2)',
        'TeamNamespace "Payments_Team": quota.requestsMemory "8GB" is not a Kubernetes quantity (expected like 512Mi or 2Gi)',
        'TeamNamespace "Payments_Team": quota.pods 0 is not a positive integer (expected like 50)',
        'TeamNamespace "Payments_Team": quota.services -1 is not a non-negative integer (expected like 10, or 0 to allow none)',
        'TeamNamespace "Payments_Team": quota.persistentVolumeClaims 1.5 is not a non-negative integer (expected like 10, or 0 to allow none)',
        'TeamNamespace "Payments_Team": containerDefaults.memoryRequest "512m" is in millibytes (expected like 512Mi or 2Gi)',
        'TeamNamespace "Payments_Team": containerDefaults.memoryLimit "lots" is not a Kubernetes quantity (expected like 512Mi or 2Gi)',
        'TeamNamespace "Payments_Team": containerDefaults.cpuRequest "2" exceeds containerDefaults.cpuLimit "1" (expected a default request no larger than the default limit)',
      ].join('\n'));
    });

    test('a name longer than 63 characters is not a DNS label', () => {
      // GIVEN
      const name = 'a'.repeat(64);

      // WHEN / THEN
      expect(error(props({ name }))).toBe(
        `TeamNamespace "${name}": name "${name}" is not a DNS label (expected 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit, like payments)`,
      );
    });

    test.each(['default', 'kube-system', 'kube-public'])('the system namespace %s is refused', (name) => {
      expect(error(props({ name }))).toBe(
        `TeamNamespace "${name}": name "${name}" is reserved for Kubernetes (expected a team name other than "default" that does not start with "kube-")`,
      );
    });

    test('labels must be valid and cannot set Pod Security labels', () => {
      // GIVEN
      const labels = {
        'pod-security.kubernetes.io/enforce': 'privileged',
        'bad key': 'x',
        'Example.com/owner': 'x',
        'owner': 'Jane Doe',
      };

      // WHEN / THEN
      expect(error(props({ labels }))).toBe([
        'TeamNamespace "payments": labels key "pod-security.kubernetes.io/enforce" is set by TeamNamespace (expected podSecurityLevel instead)',
        'TeamNamespace "payments": labels key "bad key" is not a Kubernetes label key (expected an optional DNS subdomain and \'/\', then 1-63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, like cost-center)',
        'TeamNamespace "payments": labels key "Example.com/owner" is not a Kubernetes label key (expected an optional DNS subdomain and \'/\', then 1-63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, like cost-center)',
        'TeamNamespace "payments": labels["owner"] "Jane Doe" is not a Kubernetes label value (expected at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, like cc-1234)',
      ].join('\n'));
    });

    test('prefixed label keys and empty label values are accepted', () => {
      // GIVEN / WHEN
      const manifests = synth(props({ labels: { 'example.com/owner': 'jane.doe', 'tier': '' } }));

      // THEN
      expect(manifests[1].metadata.labels).toEqual({ 'team': 'payments', 'example.com/owner': 'jane.doe', 'tier': '' });
    });

    test('default limits must not exceed the per-container maximum', () => {
      // GIVEN
      const p = props();

      // WHEN / THEN
      expect(error({ ...p, containerDefaults: { ...p.containerDefaults, maxCpu: '250m', maxMemory: '256Mi' } })).toBe([
        'TeamNamespace "payments": containerDefaults.cpuLimit "500m" exceeds containerDefaults.maxCpu "250m" (expected a default limit no larger than the per-container maximum)',
        'TeamNamespace "payments": containerDefaults.memoryLimit "512Mi" exceeds containerDefaults.maxMemory "256Mi" (expected a default limit no larger than the per-container maximum)',
      ].join('\n'));
    });

    test('one defaulted container must fit in the namespace quota', () => {
      // GIVEN
      const p = props();

      // WHEN / THEN
      expect(error({ ...p, quota: { requestsCpu: '50m', requestsMemory: '64Mi', limitsCpu: '250m', limitsMemory: '256Mi', pods: 5 } })).toBe([
        'TeamNamespace "payments": containerDefaults.cpuRequest "100m" exceeds quota.requestsCpu "50m" (expected one defaulted container to fit in the namespace quota)',
        'TeamNamespace "payments": containerDefaults.memoryRequest "128Mi" exceeds quota.requestsMemory "64Mi" (expected one defaulted container to fit in the namespace quota)',
        'TeamNamespace "payments": containerDefaults.cpuLimit "500m" exceeds quota.limitsCpu "250m" (expected one defaulted container to fit in the namespace quota)',
        'TeamNamespace "payments": containerDefaults.memoryLimit "512Mi" exceeds quota.limitsMemory "256Mi" (expected one defaulted container to fit in the namespace quota)',
      ].join('\n'));
    });

    test('equal quantities in different notations are accepted', () => {
      // GIVEN
      const p = props({
        quota: { requestsCpu: '1.1', requestsMemory: '1Gi', limitsCpu: '1.1', limitsMemory: '1Gi', pods: 1 },
        containerDefaults: { cpuRequest: '1100m', memoryRequest: '1024Mi', cpuLimit: '1.1', memoryLimit: '1073741824', maxCpu: '1100m', maxMemory: '1Gi' },
      });

      // WHEN
      const limitRange = find(synth(p), 'LimitRange', 'container-defaults');

      // THEN
      expect(limitRange.spec.limits[0].defaultRequest).toEqual({ 'cpu': '1100m', 'memory': '1024Mi', 'ephemeral-storage': '128Mi' });
    });
  });
});
