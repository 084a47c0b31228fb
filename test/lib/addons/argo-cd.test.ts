import { ADDON_CATALOG, ARGO_CD_ADDON, KYVERNO_ADDON } from '../../../lib/addons';

describe('Argo CD add-on', () => {
  test('pinned, in the catalog, in the first wave: Argo CD manages itself after the one-time bootstrap', () => {
    expect(ARGO_CD_ADDON.helm).toEqual({ repoUrl: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.5.0' });
    expect(ARGO_CD_ADDON.appVersion).toBe('v3.1.5');
    expect(ARGO_CD_ADDON.name).toBe('argo-cd'); // the Helm release name of the bootstrap
    expect(ARGO_CD_ADDON.namespace).toBe('argocd');
    expect(ADDON_CATALOG).toContain(ARGO_CD_ADDON);
    expect(ARGO_CD_ADDON.syncWave).toBe(KYVERNO_ADDON.syncWave);
  });

  test('no local admin, no exec from the UI, and every component but the controller runs twice', () => {
    const v = ARGO_CD_ADDON.values;
    expect(v.configs.cm).toEqual({ 'admin.enabled': false, 'exec.enabled': false });
    expect(v.server.service.type).toBe('ClusterIP');
    for (const replicas of [v.server.replicas, v.repoServer.replicas, v.applicationSet.replicas]) expect(replicas).toBeGreaterThan(1);
    expect(v['redis-ha'].enabled).toBe(true);
  });
});
