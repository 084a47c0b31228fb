import { GcpWorkloadIdentity, GkeCluster, IGkeCluster } from '../../../constructs/gcp';
import { GKE_PROPS } from '../../support/gcp';
import { resourcesOf, synthChecked, TfJson } from '../../support/terraform';

describe('GkeCluster.fromClusterAttributes', () => {
  test('refers to a cluster built elsewhere, for workload identities in a team stack', () => {
    // GIVEN a team stack that knows the platform's cluster by its attributes
    let cluster: IGkeCluster | undefined;
    const json: TfJson = JSON.parse(synthChecked((scope) => {
      cluster = GkeCluster.fromClusterAttributes(scope, 'Platform', { clusterName: 'acme-prod-gke', project: 'acme-prod-4821', region: 'europe-west3' });
      // WHEN a team gives a workload a Google service account through the cluster's pool
      new GcpWorkloadIdentity(scope, 'Identity', {
        project: cluster.project,
        namePrefix: 'acme-prod',
        namespace: 'payments',
        serviceAccount: 'api',
        workloadPool: cluster.workloadPool,
      });
    }));

    // THEN the pool derives from the project, and the binding names it; no cluster is created
    expect(cluster!.workloadPool).toBe('acme-prod-4821.svc.id.goog');
    expect(cluster!.region).toBe('europe-west3');
    expect(cluster!.nodeServiceAccountEmail).toBeUndefined();
    expect(resourcesOf(json, 'google_service_account_iam_member').map((b) => b.member)).toEqual(['serviceAccount:acme-prod-4821.svc.id.goog[payments/api]']);
    expect((json.resource as Record<string, unknown>).google_container_cluster).toBeUndefined();
  });

  test('the cluster built here exposes the same attributes', () => {
    // GIVEN / WHEN
    let cluster: IGkeCluster | undefined;
    synthChecked((scope) => {
      cluster = new GkeCluster(scope, 'Gke', GKE_PROPS);
    });
    // THEN
    expect([cluster!.project, cluster!.region, cluster!.workloadPool]).toEqual(['acme-dev-1234', 'europe-west1', 'acme-dev-1234.svc.id.goog']);
  });
});
