import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, ENTRA_ID_LOGIN_HOST, serviceCalls, type Cloud, type Environment } from '../../../lib';
import { addonsFor, OTEL_COLLECTOR_ADDON, OTEL_COLLECTOR_NAMESPACE, OTEL_COLLECTOR_OTLP_ENDPOINT, OTEL_COLLECTOR_POD_LABELS } from '../../../lib/addons';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { cidrsOverlap, KUBE_DNS, NetworkPolicyEvaluator, podsOf, type Endpoint, type PodEndpoint } from '../../support/network-policy';

// The manifests of all nine clusters, read back as a cluster would apply them.
const org = defineOrganization(acme);
const CLOUDS: readonly Cloud[] = ['aws', 'azure', 'gcp'];
const targets = org.environments.flatMap((env) => CLOUDS.map((cloud) => ({ env, cloud })));
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'services-chart-'));
synthesizeKubernetes(org, targets, outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const clusters = targets.map(({ env, cloud }) => {
  const manifests = ['baseline', 'addons', 'services'].flatMap((chart) =>
    parseAllDocuments(fs.readFileSync(path.join(outdir, env.name, cloud, `${chart}.k8s.yaml`), 'utf-8')).map((d) => d.toJSON()));
  const pods = new Map(podsOf(manifests).map((p) => [p.name!, p]));
  return { name: `${env.name}/${cloud}`, env, cloud, manifests, pods, evaluator: new NetworkPolicyEvaluator(manifests) };
});
const calls = serviceCalls(org.services);
const declared = new Set(calls.map((c) => `${c.caller.name}->${c.callee.name}`));

describe.each(clusters.map((c) => [c.name, c] as const))('the NetworkPolicies of %s', (_, cluster) => {
  const pod = (name: string): PodEndpoint => {
    const found = cluster.pods.get(name);
    if (!found) throw new Error(`no pods for ${name} in ${cluster.name}`);
    return found;
  };

  test('run every service of the organization', () => {
    expect([...cluster.pods.keys()].sort()).toEqual(org.services.map((s) => s.name).sort());
  });

  test('allow every declared call, on the callee\'s port', () => {
    const denied = calls.filter((c) => !cluster.evaluator.allows(pod(c.caller.name), pod(c.callee.name), c.callee.port))
      .map((c) => cluster.evaluator.explain(pod(c.caller.name), pod(c.callee.name), c.callee.port));
    expect(denied).toEqual([]);
  });

  test('deny every pair of services that declares no call, on every port a service listens on', () => {
    const ports = [...new Set(org.services.map((s) => s.port))];
    const allowed: string[] = [];
    for (const from of org.services) {
      for (const to of org.services) {
        for (const port of ports) {
          if (declared.has(`${from.name}->${to.name}`) && port === to.port) continue;
          if (cluster.evaluator.allows(pod(from.name), pod(to.name), port)) allowed.push(`${from.name}->${to.name}:${port}`);
        }
      }
    }
    expect(allowed).toEqual([]);
  });

  test('let every service resolve names through the cluster DNS, over UDP and TCP', () => {
    const failing = org.services.flatMap((s) => ['UDP', 'TCP']
      .filter((protocol) => !cluster.evaluator.allows(pod(s.name), KUBE_DNS, 53, protocol))
      .map((protocol) => `${s.name} ${protocol}`));
    expect(failing).toEqual([]);
  });

  test('let each service with access on this cloud reach its credential endpoint and cloud APIs on private paths', () => {
    const failing = org.services.filter((s) => s.cloudAccess[cluster.cloud] !== undefined).flatMap((s) => cloudApiPath(cluster.env, cluster.cloud)
      .filter(([to, port]) => !cluster.evaluator.allows(pod(s.name), to, port))
      .map(([to, port]) => `${s.name} -> ${JSON.stringify(to)}:${port}`));
    expect(failing).toEqual([]);
  });

  test('let no service reach anything else outside the cluster, with or without cloud access', () => {
    const withAccess = new Set(org.services.filter((s) => s.cloudAccess[cluster.cloud] !== undefined).map((s) => s.name));
    const reached = org.services.flatMap((s) => [
      ...outside(cluster.env, cluster.cloud),
      ...(withAccess.has(s.name) ? [] : cloudApiPath(cluster.env, cluster.cloud)),
    ].filter(([to, port]) => cluster.evaluator.allows(pod(s.name), to, port)).map(([to, port]) => `${s.name} -> ${JSON.stringify(to)}:${port}`));
    expect(reached).toEqual([]);
  });

  test('open no address range that holds pods: ipBlocks are for what lies outside the cluster', () => {
    const podRanges = podRangesOf(cluster.env, cluster.cloud);
    const blocks = cluster.manifests.filter((m) => m.kind === 'NetworkPolicy')
      .flatMap((m) => [...(m.spec.egress ?? []).flatMap((r: any) => r.to ?? []), ...(m.spec.ingress ?? []).flatMap((r: any) => r.from ?? [])])
      .filter((peer: any) => peer.ipBlock).map((peer: any) => peer.ipBlock.cidr as string);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.filter((b) => podRanges.some((r) => cidrsOverlap(b, r)))).toEqual([]);
  });

  test('let every service send OTLP to the cluster\'s collector where the cluster runs one, on its HTTP port only', () => {
    // GIVEN the collector's pods, which the chart (rendered by Argo CD) labels so, in their namespace
    const evaluator = new NetworkPolicyEvaluator(cluster.manifests, { 'kube-system': {}, [OTEL_COLLECTOR_NAMESPACE]: {} });
    const collector: PodEndpoint = { kind: 'pod', name: 'otel-collector', namespace: OTEL_COLLECTOR_NAMESPACE, labels: { ...OTEL_COLLECTOR_POD_LABELS } };
    const runs = addonsFor(cluster.cloud).includes(OTEL_COLLECTOR_ADDON);
    // WHEN each service sends  THEN it gets through on 4318 (both ends agree) and nowhere else on the collector
    expect(org.services.map((s) => [s.name, evaluator.allows(pod(s.name), collector, 4318), evaluator.allows(pod(s.name), collector, 8888)]))
      .toEqual(org.services.map((s) => [s.name, runs, false]));
    // AND its SDK is pointed there
    const rollouts = cluster.manifests.filter((m) => m.kind === 'Rollout' || m.kind === 'Deployment');
    expect(rollouts.length).toBe(org.services.length);
    for (const r of rollouts) {
      const env = Object.fromEntries((r.spec.template.spec.containers[0].env ?? []).map((e: any) => [e.name, e.value]));
      expect([r.metadata.name, env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_SERVICE_NAME])
        .toEqual([r.metadata.name, runs ? OTEL_COLLECTOR_OTLP_ENDPOINT : undefined, runs ? r.metadata.name : undefined]);
    }
  });

  test('let nothing outside the cluster reach a service directly', () => {
    const reached = org.services.filter((s) => cluster.evaluator.allows({ kind: 'ip', ip: '10.0.0.10' }, pod(s.name), s.port)).map((s) => s.name);
    expect(reached).toEqual([]);
  });
});

/** An address inside a CIDR: its network address plus `offset`. */
function inside(cidr: string, offset: number): string {
  const parts = cidr.split('/')[0].split('.').map(Number);
  parts[3] += offset;
  return parts.join('.');
}

/** The private path to the cloud's APIs that a service with access must reach, each [destination, port]. */
function cloudApiPath(env: Environment, cloud: Cloud): [Endpoint, number][] {
  switch (cloud) {
    case 'aws': return [
      [{ kind: 'ip', ip: '169.254.170.23' }, 80], // EKS Pod Identity agent
      ...['endpoints1', 'endpoints2', 'endpoints3'].map((k): [Endpoint, number] => [{ kind: 'ip', ip: inside(env.aws!.subnets[k], 5) }, 443]),
    ];
    case 'azure': return [
      [{ kind: 'ip', ip: inside(env.azure!.subnets.privateEndpoints, 4) }, 443], // a Key Vault private endpoint
      [{ kind: 'fqdn', name: ENTRA_ID_LOGIN_HOST }, 443], // token exchange of workload identity
    ];
    case 'gcp': return [
      [{ kind: 'ip', ip: '169.254.169.254' }, 80], // GKE metadata server
      [{ kind: 'ip', ip: '169.254.169.254' }, 988],
      [{ kind: 'ip', ip: '199.36.153.9' }, 443], // private.googleapis.com
    ];
  }
}

/** Destinations outside the cluster no service may reach: the internet, the nodes, the instance metadata, other ports. */
function outside(env: Environment, cloud: Cloud): [Endpoint, number][] {
  const common: [Endpoint, number][] = [
    [{ kind: 'ip', ip: '8.8.8.8' }, 443],
    [{ kind: 'ip', ip: '52.95.128.10' }, 443], // a public AWS API address
    [{ kind: 'ip', ip: '142.250.74.10' }, 443], // a public Google API address
    [{ kind: 'ip', ip: '169.254.169.254' }, 443],
    [{ kind: 'fqdn', name: 'graph.microsoft.com' }, 443],
    [{ kind: 'fqdn', name: 'example.com' }, 443],
  ];
  switch (cloud) {
    case 'aws': return [...common,
      [{ kind: 'ip', ip: '169.254.169.254' }, 80], // EC2 instance metadata: the node's role, never the pods'
      [{ kind: 'ip', ip: inside(env.aws!.subnets.private1, 10) }, 443], // a node
      [{ kind: 'ip', ip: inside(env.aws!.subnets.isolated1, 10) }, 5432], // a database
      [{ kind: 'ip', ip: inside(env.aws!.subnets.endpoints1, 5) }, 80]];
    case 'azure': return [...common,
      [{ kind: 'ip', ip: '169.254.169.254' }, 80], // Azure IMDS: the node's identity, never the pods'
      [{ kind: 'ip', ip: inside(env.azure!.subnets.userNodes, 10) }, 443],
      [{ kind: 'ip', ip: inside(env.azure!.subnets.privateEndpoints, 4) }, 1433],
      [{ kind: 'fqdn', name: ENTRA_ID_LOGIN_HOST }, 80]];
    case 'gcp': return [...common,
      [{ kind: 'ip', ip: inside(env.gcp!.subnets.nodes, 10) }, 443],
      [{ kind: 'ip', ip: '199.36.153.5' }, 443], // restricted.googleapis.com: not the path the VPC resolves to
      [{ kind: 'ip', ip: '199.36.153.9' }, 80]];
  }
}

/** Where the cluster's pods get their addresses. */
function podRangesOf(env: Environment, cloud: Cloud): string[] {
  switch (cloud) {
    case 'aws': return ['private1', 'private2', 'private3'].map((k) => env.aws!.subnets[k]); // VPC CNI: pods in node subnets
    case 'azure': return [env.azure!.podCidr];
    case 'gcp': return [env.gcp!.subnets.pods];
  }
}

describe.each(clusters.map((c) => [c.name, c] as const))('the pod priority of %s', (_, cluster) => {
  test('every service runs at the class of its availability objective, which the cluster defines below the platform\'s', () => {
    // GIVEN each service's workload (a canary Rollout) and the PriorityClasses of the add-ons manifest
    const classes = new Map(cluster.manifests.filter((m) => m.kind === 'PriorityClass').map((m) => [m.metadata.name, m.value]));
    const expected: Record<string, string> = {};
    for (const s of org.services) {
      const a = s.slo.availabilityPercent;
      expected[s.name] = a >= 99.95 ? 'baseline-service-critical' : a >= 99.5 ? 'baseline-service-standard' : 'baseline-service-low';
    }
    // WHEN read back
    const actual: Record<string, string> = {};
    for (const m of cluster.manifests.filter((o) => o.kind === 'Rollout')) actual[m.metadata.name] = m.spec.template.spec.priorityClassName;
    // THEN the example's 99.95 % services are critical, 99.5 % ones standard, and the class exists below the platform's
    expect(actual).toEqual(expected);
    expect(Object.values(expected)).toEqual(expect.arrayContaining(['baseline-service-critical', 'baseline-service-standard']));
    for (const name of Object.values(actual)) expect(classes.get(name)).toBeLessThan(classes.get('baseline-platform'));
  });
});
