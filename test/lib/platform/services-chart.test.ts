import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, serviceCalls, type Cloud } from '../../../lib';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { KUBE_DNS, NetworkPolicyEvaluator, podsOf, type PodEndpoint } from '../../support/network-policy';

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

  test('let nothing outside the cluster reach a service directly', () => {
    const reached = org.services.filter((s) => cluster.evaluator.allows({ kind: 'ip', ip: '10.0.0.10' }, pod(s.name), s.port)).map((s) => s.name);
    expect(reached).toEqual([]);
  });
});
