import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import {
  KUBE_PROMETHEUS_STACK_ADDON, ROLLOUT_STATE_CONFIG, ROLLOUT_STATE_RBAC_RULES, type CustomResourceStateGauge,
} from '../../../lib/addons';
import { DELIVERY_RECORDED, deliveryRuleGroups } from '../../../lib/monitoring';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { defineOrganization, withReleases } from '../../../lib/spec';
import { crdSchemaProblems } from '../../support/crd-schema';

/*
 * kube-state-metrics cannot run here, so its documented reading of a custom resource is applied to the real
 * synthesized Rollout: each path segment is a map key, a list at the gauge's path gives one series per element with
 * `labelsFromPath` and `valueFrom` relative to it, and an RFC 3339 string becomes its Unix time.
 */
function at(value: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}
function toFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return Date.parse(value) / 1000;
  throw new Error(`kube-state-metrics cannot read ${JSON.stringify(value)} as a gauge value`);
}
function series(object: unknown, metric: CustomResourceStateGauge, resourceLabels: Record<string, readonly string[]>) {
  const common = Object.fromEntries(Object.entries(resourceLabels).map(([k, p]) => [k, String(at(object, p))]));
  const { path: p, labelsFromPath = {}, valueFrom = [] } = metric.each.gauge;
  const found = at(object, p);
  const elements = Array.isArray(found) ? found : found === undefined ? [] : [found];
  return elements.map((e) => ({
    labels: { ...common, ...Object.fromEntries(Object.entries(labelsFromPath).map(([k, lp]) => [k, String(at(e, lp))])) },
    value: toFloat(at(e, valueFrom)),
  }));
}

const COMMITTED_AT = '2026-12-01T08:30:00Z';
const org = defineOrganization(withReleases(acme, { 'payments-api': { version: 'v1.4.2', committedAt: COMMITTED_AT } }));
const dev = org.environments.find((e) => e.name === 'dev')!;
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-state-'));
synthesizeKubernetes(org, [{ env: dev, cloud: 'aws' }], outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const manifests = (chart: string) => parseAllDocuments(fs.readFileSync(path.join(outdir, dev.name, 'aws', `${chart}.k8s.yaml`), 'utf-8')).map((d) => d.toJSON());
const rollout = (name: string) => manifests('services').find((m) => m.kind === 'Rollout' && m.metadata.name === name);

const [resource] = ROLLOUT_STATE_CONFIG.spec.resources;
const metricName = (m: CustomResourceStateGauge) => `${resource.metricNamePrefix}_${m.name}`;
const [committedMetric, conditionMetric] = resource.metrics;

describe('kube-state-metrics reads each Rollout\'s release commit time and conditions (lead time)', () => {
  test('the synthesized Rollout of a release with a commit time gives the commit\'s Unix time, labelled by team and service', () => {
    expect(series(rollout('payments-api'), committedMetric, resource.labelsFromPath)).toEqual([
      { labels: { namespace: 'payments', name: 'payments-api' }, value: Date.parse(COMMITTED_AT) / 1000 },
    ]);
    // On the Rollout, never on its pod template: a new commit time alone must not restart the pods.
    expect(JSON.stringify(rollout('payments-api').spec.template)).not.toContain(COMMITTED_AT);
    // A release without a commit time gives no series (and the rules no lead time), rather than a wrong one.
    expect(series(rollout('checkout'), committedMetric, resource.labelsFromPath)).toEqual([]);
  });

  test('a Rollout status as Argo Rollouts writes it (valid against the Rollout CRD) gives one series per condition, with type and status', () => {
    const condition = (type: string, status: string, time: string, reason: string) => ({
      type, status, lastTransitionTime: time, lastUpdateTime: time, reason, message: reason,
    });
    const observed = {
      ...rollout('payments-api'),
      status: {
        phase: 'Healthy',
        conditions: [
          condition('Progressing', 'True', '2026-12-01T09:00:00Z', 'NewReplicaSetAvailable'),
          condition('Healthy', 'True', '2026-12-01T10:00:00Z', 'RolloutHealthy'),
          condition('Completed', 'True', '2026-12-01T10:00:00Z', 'RolloutCompleted'),
        ],
      },
    };
    expect(crdSchemaProblems([observed])).toEqual([]);
    const found = series(observed, conditionMetric, resource.labelsFromPath);
    expect(found).toContainEqual({
      labels: { namespace: 'payments', name: 'payments-api', type: 'Completed', status: 'True' },
      value: Date.parse('2026-12-01T10:00:00Z') / 1000,
    });
    expect(found).toHaveLength(3);
  });

  test('the lead-time rule reads exactly the series and labels this configuration produces', () => {
    const rule = deliveryRuleGroups(['payments']).flatMap((g) => g.rules).find((r) => r.record === DELIVERY_RECORDED.leadTime)!;
    expect(rule.expr).toContain(`${metricName(committedMetric)}{`);
    expect(rule.expr).toContain(`${metricName(conditionMetric)}{type="Completed",status="True",`);
    expect(Object.keys(resource.labelsFromPath).sort()).toEqual(['name', 'namespace']);
    expect(Object.keys(conditionMetric.each.gauge.labelsFromPath!).sort()).toEqual(['status', 'type']);
  });

  test('the cluster\'s kube-prometheus-stack Application carries the configuration; kube-state-metrics may list and watch Rollouts', () => {
    const app = manifests('addons').find((m) => m.kind === 'Application' && m.metadata.name === KUBE_PROMETHEUS_STACK_ADDON.name);
    const ksm = app.spec.source.helm.valuesObject['kube-state-metrics'];
    expect(ksm.customResourceState).toEqual({ enabled: true, config: JSON.parse(JSON.stringify(ROLLOUT_STATE_CONFIG)) });
    expect(ksm.rbac.extraRules).toContainEqual({ apiGroups: ['argoproj.io'], resources: ['rollouts'], verbs: ['list', 'watch'] });
    expect(ksm.rbac.extraRules).toEqual(JSON.parse(JSON.stringify(ROLLOUT_STATE_RBAC_RULES)));
    // Read-only: nothing that could change a Rollout.
    expect(ROLLOUT_STATE_RBAC_RULES.flatMap((r) => r.verbs).every((v) => ['list', 'watch'].includes(v))).toBe(true);
    expect(ksm.prometheus.monitor.honorLabels).toBe(true);
  });
});
