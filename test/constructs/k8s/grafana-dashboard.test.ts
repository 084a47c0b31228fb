import { Testing } from 'cdk8s';
import { CONFIG_MAP_MAX_BYTES, GrafanaDashboard, GrafanaDashboardProps } from '../../../constructs/k8s';
import { crdSchemaProblems } from '../../support/crd-schema';
import { chartProblemsOf, PLATFORM_LABELS } from '../../support/k8s';

const MODEL = { uid: 'svc-payments-checkout', title: 'payments / checkout', panels: [{ id: 1, type: 'stat', title: 'Up' }] };

function props(overrides: Partial<GrafanaDashboardProps> = {}): GrafanaDashboardProps {
  return { name: 'grafana-dashboard-payments-checkout', namespace: 'monitoring', dashboard: MODEL, folder: 'payments', labels: PLATFORM_LABELS, ...overrides };
}

function synth(p: GrafanaDashboardProps = props()): any[] {
  const chart = Testing.chart();
  new GrafanaDashboard(chart, 'Checkout', p);
  return Testing.synth(chart);
}

describe('GrafanaDashboard', () => {
  test('a ConfigMap labelled for the sidecar, filed in its folder, holding the model under <uid>.json', () => {
    // GIVEN / WHEN
    const [cm, ...rest] = synth();

    // THEN
    expect(rest).toEqual([]);
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata).toEqual({
      name: 'grafana-dashboard-payments-checkout',
      namespace: 'monitoring',
      labels: { ...PLATFORM_LABELS, grafana_dashboard: '1' },
      annotations: { grafana_folder: 'payments' },
    });
    expect(Object.keys(cm.data)).toEqual(['svc-payments-checkout.json']);
    expect(JSON.parse(cm.data['svc-payments-checkout.json'])).toEqual(MODEL);
    expect(crdSchemaProblems([cm])).toEqual([]);
  });

  test('the primary child is Resource', () => {
    const chart = Testing.chart();
    const dashboard = new GrafanaDashboard(chart, 'Checkout', props());
    expect(dashboard.node.defaultChild).toBe(dashboard.configMap);
    expect(dashboard.configMap.node.id).toBe('Resource');
  });

  test('another sidecar label and folder annotation, and no folder', () => {
    const [cm] = synth(props({ sidecarLabel: { key: 'dashboards.example.com/load', value: 'yes' }, folderAnnotation: 'k8s-sidecar-target-directory', folder: undefined }));
    expect(cm.metadata.labels['dashboards.example.com/load']).toBe('yes');
    expect(cm.metadata.labels.grafana_dashboard).toBeUndefined();
    expect(cm.metadata.annotations).toBeUndefined();
  });

  test('every bad prop is reported at once, with the value and what is expected', () => {
    const problems = chartProblemsOf('Checkout', (chart) => new GrafanaDashboard(chart, 'Checkout', props({
      name: 'Grafana_Dashboard',
      namespace: 'Monitoring',
      dashboard: { uid: 'a uid with spaces that is also far too long to be one', title: ' ' },
      sidecarLabel: { key: 'grafana dashboard', value: '1' },
      folder: 'a/b',
    })));
    expect(problems).toBe([
      'GrafanaDashboard "Grafana_Dashboard": name "Grafana_Dashboard" is not a DNS subdomain (expected like grafana-dashboard-checkout)',
      'GrafanaDashboard "Grafana_Dashboard": namespace "Monitoring" is not a DNS label (expected like monitoring)',
      'GrafanaDashboard "Grafana_Dashboard": dashboard.uid "a uid with spaces that is also far too long to be one" is not a Grafana uid (expected 1 to 40 letters, digits, - or _, like svc-payments-checkout)',
      'GrafanaDashboard "Grafana_Dashboard": dashboard.title " " is empty (expected the dashboard\'s title)',
      'GrafanaDashboard "Grafana_Dashboard": sidecarLabel {"key":"grafana dashboard","value":"1"} is not a Kubernetes label (expected like { "key": "grafana_dashboard", "value": "1" })',
      'GrafanaDashboard "Grafana_Dashboard": folder "a/b" is not a folder name (expected a non-empty name without /, like payments)',
    ].join('\n'));
  });

  test('a model too large for a ConfigMap is refused with its size', () => {
    const huge = { ...MODEL, description: 'x'.repeat(CONFIG_MAP_MAX_BYTES) };
    const size = Buffer.byteLength(JSON.stringify(huge));
    const problems = chartProblemsOf('Checkout', (chart) => new GrafanaDashboard(chart, 'Checkout', props({ dashboard: huge })));
    expect(problems).toBe(`GrafanaDashboard "grafana-dashboard-payments-checkout": dashboard is ${size} bytes of JSON, more than a ConfigMap holds (expected at most ${CONFIG_MAP_MAX_BYTES}; split it into several dashboards)`);
  });
});
