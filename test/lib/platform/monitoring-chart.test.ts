import { App, Testing } from 'cdk8s';
import { acme } from '../../../examples/acme/org';
import { KUBE_PROMETHEUS_STACK_ADDON, MONITORING_NAMESPACE } from '../../../lib/addons';
import { ALERT_LABELS } from '../../../lib/monitoring';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentMonitoringChart } from '../../../lib/platform/monitoring-chart';
import { defineOrganization } from '../../../lib/spec';
import { ALERT_STANDARDS, burnRateAlerts, ROLLOUT_HASH_POD_LABEL } from '../../../lib/standards';
import { crdSchemaProblems } from '../../support/crd-schema';
import { runTool, writeFiles } from '../../support/prometheus-tools';

const org = defineOrganization(acme);
const env = (name: string) => org.environments.find((e) => e.name === name)!;
const monitoring = (name: string, cloud: 'aws' | 'azure' | 'gcp' = 'aws') =>
  Testing.synth(new EnvironmentMonitoringChart(new App(), 'monitoring', { organization: org, environment: env(name), cloud }));
const prod = monitoring('prod');

describe('EnvironmentMonitoringChart', () => {
  test('every object validates against the prometheus-operator CRD schemas and Kubernetes OpenAPI', () => {
    expect(crdSchemaProblems(prod)).toEqual([]);
  });

  test('the PrometheusRules hold every standard and an SLO group per team, and promtool accepts them', () => {
    const rules = prod.filter((o) => o.kind === 'PrometheusRule');
    expect(rules.map((r) => r.metadata.name)).toEqual(['baseline-alert-standards', ...org.teams.map((t) => t.name).sort().map((name) => `baseline-slo-${name}`)]);
    const groups = rules.flatMap((r) => r.spec.groups);
    const standards = new Set(groups.flatMap((g: any) => g.rules.map((r: any) => r.labels?.[ALERT_LABELS.standard])).filter(Boolean));
    expect([...standards].sort()).toEqual([...ALERT_STANDARDS.map((s) => s.id), 'slo'].sort());
    const run = runTool('promtool', ['check', 'rules', 'rules.yaml'], writeFiles({ 'rules.yaml': { groups } }));
    if (run.status !== 0) throw new Error(run.output);
  });

  test('every service has burn-rate alerts from its own objective', () => {
    const catalog = org.services.find((s) => s.name === 'catalog')!;
    const slo = prod.find((o) => o.metadata.name === `baseline-slo-${catalog.team}`)!;
    const burn = slo.spec.groups[0].rules.filter((r: any) => r.alert === 'ErrorBudgetBurn' && r.labels.job === 'catalog');
    const thresholds = [...new Set(burn.map((r: any) => Number(r.expr.split(' > ')[1].split(' ')[0])))];
    expect(thresholds).toEqual(burnRateAlerts(catalog.slo.availabilityPercent).map((a) => a.errorRatioThreshold));
  });

  test('a ServiceMonitor per service, labelled with the rollout hash, and a NetworkPolicy letting only Prometheus scrape', () => {
    const monitors = prod.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors.map((m) => `${m.metadata.namespace}/${m.metadata.name}`)).toEqual(org.services.map((s) => `${s.team}/${s.name}`));
    const checkout = monitors.find((m) => m.metadata.name === 'checkout')!;
    expect(checkout.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } },
      namespaceSelector: { matchNames: ['payments'] },
      podTargetLabels: [ROLLOUT_HASH_POD_LABEL],
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
    const policy = prod.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'checkout-allow-metrics-scrape')!;
    expect(policy.spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });
});

describe('kube-prometheus-stack values per environment', () => {
  const values = (name: string) => {
    const chart = Testing.synth(new EnvironmentAddonsChart(new App(), 'addons', {
      organization: org, environment: env(name), cloud: 'aws', trustedRegistries: ['111111111111.dkr.ecr.eu-west-1.amazonaws.com/'],
    }));
    return chart.find((o) => o.kind === 'Application' && o.metadata.name === KUBE_PROMETHEUS_STACK_ADDON.name)!.spec.source.helm.valuesObject;
  };

  test('Prometheus keeps 30 days on a volume; replicas and size follow the tier (2 in prod, with a PDB)', () => {
    for (const name of ['dev', 'prod']) {
      const spec = values(name).prometheus.prometheusSpec;
      const knobs = env(name).profile.monitoring;
      expect(spec.retention).toBe('30d');
      expect(spec.replicas).toBe(knobs.prometheusReplicas);
      expect(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe(`${knobs.prometheusStorageGiB}Gi`);
      expect(values(name).prometheus.podDisruptionBudget.enabled).toBe(knobs.prometheusReplicas > 1);
    }
    expect(env('prod').profile.monitoring.prometheusReplicas).toBe(2);
  });

  test('Alertmanager gets the configuration rendered from the organization, and amtool accepts it', () => {
    const config = values('prod').alertmanager.config;
    expect(config.receivers.map((r: any) => r.name)).toEqual(['null', 'devops', 'eng-lead', 'cto', 'on-call', 'team-lead', 'security']);
    const run = runTool('amtool', ['check-config', 'alertmanager.yaml'], writeFiles({ 'alertmanager.yaml': config }));
    if (run.status !== 0) throw new Error(run.output);
  });

  test('the catalog\'s values stay under the environment\'s', () => {
    const v = values('staging');
    expect(v.grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' });
    expect(v.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues).toBe(false);
  });
});
