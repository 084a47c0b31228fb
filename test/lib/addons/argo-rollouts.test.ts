import { ADDON_CATALOG, ARGO_ROLLOUTS_ADDON, KYVERNO_ADDON, policyExcludedNamespaces } from '../../../lib/addons';
import { runTool, writeFiles } from '../../support/prometheus-tools';

describe('Argo Rollouts add-on', () => {
  test('pinned chart and app version, in the catalog after the policy engine', () => {
    expect(ARGO_ROLLOUTS_ADDON.helm).toEqual({ repoUrl: 'https://argoproj.github.io/argo-helm', chart: 'argo-rollouts', version: '2.40.9' });
    expect(ARGO_ROLLOUTS_ADDON.appVersion).toBe('v1.9.0');
    expect(ADDON_CATALOG).toContain(ARGO_ROLLOUTS_ADDON);
    // Kyverno admits the controller; the controller's CRDs must exist before any service's Rollout syncs (wave 0)
    expect(ARGO_ROLLOUTS_ADDON.syncWave).toBeGreaterThan(KYVERNO_ADDON.syncWave);
    expect(ARGO_ROLLOUTS_ADDON.syncWave).toBeLessThan(0);
  });

  test('installs and keeps its CRDs, so uninstalling the controller never deletes every Rollout', () => {
    expect(ARGO_ROLLOUTS_ADDON.values.installCRDs).toBe(true);
    expect(ARGO_ROLLOUTS_ADDON.values.keepCRDs).toBe(true);
  });

  test('the controller is highly available, bounded and exports metrics', () => {
    const { controller } = ARGO_ROLLOUTS_ADDON.values;
    expect(controller.replicas).toBeGreaterThan(1);
    expect(controller.pdb.enabled).toBe(true);
    expect(controller.pdb.minAvailable).toBeLessThan(controller.replicas);
    expect(Object.keys(controller.resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    expect(Object.keys(controller.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
    expect(controller.metrics.enabled).toBe(true);
    expect(controller.topologySpreadConstraints.map((c) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone']);
  });

  test('Prometheus scrapes the controller, and its series keep the Rollout\'s namespace (the delivery metrics select teams by it)', () => {
    const { serviceMonitor } = ARGO_ROLLOUTS_ADDON.values.controller.metrics;
    expect(serviceMonitor.enabled).toBe(true);
    expect(serviceMonitor.metricRelabelings).toEqual([
      { sourceLabels: ['exported_namespace'], regex: '(.+)', targetLabel: 'namespace', replacement: '$1', action: 'replace' },
      { regex: 'exported_namespace', action: 'labeldrop' },
    ]);
    // The operator turns these into metric_relabel_configs: promtool accepts them as Prometheus configuration.
    const snake = serviceMonitor.metricRelabelings.map((r) => ({
      ...(r.sourceLabels && { source_labels: r.sourceLabels }),
      regex: r.regex,
      action: r.action,
      ...(r.targetLabel && { target_label: r.targetLabel }),
      ...(r.replacement && { replacement: r.replacement }),
    }));
    const config = { scrape_configs: [{ job_name: 'argo-rollouts', static_configs: [{ targets: ['argo-rollouts-metrics:8090'] }], metric_relabel_configs: snake }] };
    const run = runTool('promtool', ['check', 'config', 'prometheus.yml'], writeFiles({ 'prometheus.yml': config }));
    if (run.status !== 0) throw new Error(run.output);
  });

  test('pods meet the restricted Pod Security Standard; the unauthenticated dashboard is off', () => {
    const v = ARGO_ROLLOUTS_ADDON.values;
    expect(v.podSecurityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(v.containerSecurityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(v.dashboard.enabled).toBe(false);
  });

  test('its namespace is excluded from the organization\'s policies (its images come from the upstream registry)', () => {
    expect(policyExcludedNamespaces()).toContain('argo-rollouts');
  });
});
