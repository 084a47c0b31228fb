import { App, Testing } from 'cdk8s';
import { acme } from '../../../examples/acme/org';
import { KUBE_PROMETHEUS_STACK_ADDON, MONITORING_NAMESPACE } from '../../../lib/addons';
import { ALERT_LABELS, deliveryDashboard, platformOverviewDashboard, serviceDashboard } from '../../../lib/monitoring';
import { EnvironmentAddonsChart } from '../../../lib/platform/addons-chart';
import { EnvironmentMonitoringChart, monitoredServices, PLATFORM_DASHBOARD_FOLDER } from '../../../lib/platform/monitoring-chart';
import { defineOrganization } from '../../../lib/spec';
import { ALERT_STANDARDS, burnRateAlerts, CHANGE_FAILURE_RATE, ROLLOUT_HASH_POD_LABEL } from '../../../lib/standards';
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
    expect(rules.map((r) => r.metadata.name)).toEqual([
      'baseline-alert-standards', ...org.teams.map((t) => t.name).sort().map((name) => `baseline-slo-${name}`), 'baseline-delivery',
    ]);
    const groups = rules.flatMap((r) => r.spec.groups);
    const standards = new Set(groups.flatMap((g: any) => g.rules.map((r: any) => r.alert && r.labels?.[ALERT_LABELS.standard])).filter(Boolean));
    expect([...standards].sort()).toEqual([...ALERT_STANDARDS.map((s) => s.id), 'slo', CHANGE_FAILURE_RATE.id].sort());
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

describe('Grafana dashboards of a cluster', () => {
  const configMaps = prod.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
  const model = (name: string) => {
    const cm = configMaps.find((c) => c.metadata.name === name)!;
    const [file, json] = Object.entries(cm.data as Record<string, string>)[0];
    return { cm, file, dashboard: JSON.parse(json) };
  };

  test('a ConfigMap per service in its team\'s folder, and the platform overview and delivery in the platform folder', () => {
    expect(configMaps.map((c) => c.metadata.name)).toEqual([
      'grafana-dashboard-platform-overview',
      'grafana-dashboard-delivery',
      ...monitoredServices(org).map((s) => `grafana-dashboard-${s.namespace}-${s.name}`),
    ]);
    for (const cm of configMaps) expect(cm.metadata.namespace).toBe(MONITORING_NAMESPACE);
    expect(model('grafana-dashboard-delivery').cm.metadata.annotations).toEqual({ grafana_folder: PLATFORM_DASHBOARD_FOLDER });
    expect(model('grafana-dashboard-payments-checkout').cm.metadata.annotations).toEqual({ grafana_folder: 'payments' });
  });

  test('each ConfigMap holds the generated model under <uid>.json, with the environment\'s tags as labels', () => {
    const checkout = monitoredServices(org).find((s) => s.name === 'checkout')!;
    const { cm, file, dashboard } = model('grafana-dashboard-payments-checkout');
    expect(dashboard).toEqual(serviceDashboard(checkout));
    expect(file).toBe(`${dashboard.uid}.json`);
    expect(cm.metadata.labels).toEqual(expect.objectContaining({ ...env('prod').tags, grafana_dashboard: '1' }));
    const namespaces = org.teams.map((t) => t.name);
    expect(model('grafana-dashboard-platform-overview').dashboard).toEqual(platformOverviewDashboard(namespaces));
    expect(model('grafana-dashboard-delivery').dashboard).toEqual(deliveryDashboard(namespaces));
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
    expect(v.grafana.sidecar.dashboards).toEqual({
      enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL', folderAnnotation: 'grafana_folder', provider: { foldersFromFilesStructure: true },
    });
    expect(v.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues).toBe(false);
  });
});
