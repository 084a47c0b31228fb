import { cidrContains, KUBE_DNS, NetworkPolicyEvaluator, type PodEndpoint } from './network-policy';

const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const policy = (namespace: string, name: string, spec: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const pod = (namespace: string, app: string, port = 8080): PodEndpoint => ({ kind: 'pod', namespace, name: app, labels: { app }, ports: [{ name: 'http', containerPort: port }] });
const a = pod('team-a', 'a');
const b = pod('team-b', 'b');
const a2 = pod('team-a', 'a2');
const namespaces = [ns('team-a', { tier: 'web' }), ns('team-b')];
const denyAll = (namespace: string) => policy(namespace, 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('NetworkPolicyEvaluator', () => {
  test('GIVEN no policy THEN every pod reaches every other', () => {
    const e = new NetworkPolicyEvaluator(namespaces);
    expect(e.allows(a, b, 8080)).toBe(true);
    expect(e.allows(a, { kind: 'ip', ip: '8.8.8.8' }, 443)).toBe(true);
  });

  test('GIVEN default-deny in both namespaces THEN traffic needs the sender\'s egress AND the receiver\'s ingress', () => {
    const ingress = policy('team-b', 'in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-a' } }, podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 8080 }] }] });
    const egress = policy('team-a', 'out', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'b' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }] });
    const base = [...namespaces, denyAll('team-a'), denyAll('team-b')];
    expect(new NetworkPolicyEvaluator([...base, ingress]).allows(a, b, 8080)).toBe(false);
    expect(new NetworkPolicyEvaluator([...base, egress]).allows(a, b, 8080)).toBe(false);
    const both = new NetworkPolicyEvaluator([...base, ingress, egress]);
    expect(both.allows(a, b, 8080)).toBe(true);
    expect(both.allows(a, b, 8081)).toBe(false); // the named port resolves to the destination's 8080 only
    expect(both.allows(a, b, 8080, 'UDP')).toBe(false);
    expect(both.allows(a2, b, 8080)).toBe(false); // the pod selector narrows the namespace
    expect(both.allows(b, a, 8080)).toBe(false); // direction matters
  });

  test('GIVEN a policy that selects a pod for ingress only THEN its egress stays open', () => {
    const e = new NetworkPolicyEvaluator([...namespaces, policy('team-a', 'in', { podSelector: {}, ingress: [] })]);
    expect(e.allows(a, b, 1234)).toBe(true);
    expect(e.allows(b, a, 1234)).toBe(false);
  });

  test('GIVEN a podSelector peer without namespaceSelector THEN it means the policy\'s own namespace', () => {
    const e = new NetworkPolicyEvaluator([...namespaces, policy('team-a', 'in', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{ from: [{ podSelector: {} }] }] })]);
    expect(e.allows(a2, a, 80)).toBe(true);
    expect(e.allows(b, a, 80)).toBe(false);
  });

  test('GIVEN a namespaceSelector on namespace labels and match expressions THEN they select as Kubernetes does', () => {
    const e = new NetworkPolicyEvaluator([...namespaces, policy('team-b', 'in', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } }] }],
    })]);
    expect(e.allows(a, b, 80)).toBe(true);
    expect(e.allows(pod('team-b', 'c'), b, 80)).toBe(false);
  });

  test('GIVEN an ipBlock with except THEN only addresses inside it and outside the exceptions match, on the given ports', () => {
    const e = new NetworkPolicyEvaluator([...namespaces, denyAll('team-a'), policy('team-a', 'out', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }], ports: [{ port: 443, endPort: 444 }] }],
    })]);
    expect(e.allows(a, { kind: 'ip', ip: '10.0.2.9' }, 443)).toBe(true);
    expect(e.allows(a, { kind: 'ip', ip: '10.0.2.9' }, 444)).toBe(true);
    expect(e.allows(a, { kind: 'ip', ip: '10.0.2.9' }, 445)).toBe(false);
    expect(e.allows(a, { kind: 'ip', ip: '10.0.1.9' }, 443)).toBe(false);
    expect(e.allows(a, { kind: 'ip', ip: '10.1.0.1' }, 443)).toBe(false);
    expect(e.allows(a, b, 443)).toBe(false); // ipBlock is for addresses outside the cluster
  });

  test('GIVEN a CiliumNetworkPolicy with toFQDNs THEN the name is reachable only with DNS visibility through the proxy', () => {
    const cnp = (dnsRules: object | undefined) => ({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'entra', namespace: 'team-a' },
      spec: {
        endpointSelector: { matchLabels: { app: 'a' } },
        egress: [
          { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], ...(dnsRules && { rules: dnsRules }) }] },
          { toFQDNs: [{ matchName: 'login.microsoftonline.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
        ],
      },
    });
    const login = { kind: 'fqdn' as const, name: 'login.microsoftonline.com' };
    const visible = new NetworkPolicyEvaluator([...namespaces, cnp({ dns: [{ matchPattern: '*' }] })]);
    expect(visible.allows(a, login, 443)).toBe(true);
    expect(visible.allows(a, login, 80)).toBe(false);
    expect(visible.allows(a, { kind: 'fqdn', name: 'example.com' }, 443)).toBe(false);
    expect(visible.allows(a, KUBE_DNS, 53, 'UDP')).toBe(true);
    expect(visible.allows(a, { kind: 'ip', ip: '20.190.128.1' }, 443)).toBe(false); // CNP isolates egress
    expect(visible.allows(a2, { kind: 'ip', ip: '20.190.128.1' }, 443)).toBe(true); // not selected
    expect(new NetworkPolicyEvaluator([...namespaces, cnp(undefined)]).allows(a, login, 443)).toBe(false);
  });

  test('GIVEN a field it does not model THEN it throws instead of ignoring the rule', () => {
    expect(() => new NetworkPolicyEvaluator([...namespaces, policy('team-a', 'x', { podSelector: {}, ingress: [{ from: [{ serviceAccountSelector: {} }] }] })]).allows(b, a, 80))
      .toThrow('a NetworkPolicy peer has "serviceAccountSelector", which it does not model');
  });

  test('cidrContains', () => {
    expect(cidrContains('199.36.153.8/30', '199.36.153.11')).toBe(true);
    expect(cidrContains('199.36.153.8/30', '199.36.153.12')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '1.2.3.4')).toBe(true);
  });
});
