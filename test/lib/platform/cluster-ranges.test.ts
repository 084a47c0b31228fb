import { synthesizeArtifacts } from '../../../lib/platform';
import { defineOrganization } from '../../../lib/spec';
import { withEnvironment } from '../../support/spec-issues';

describe('cluster ranges come from the spec\'s CIDR plan', () => {
  test('AKS pod and service ranges and the GKE control plane are the resolved placement\'s', () => {
    // GIVEN dev alone, its networks where the default ranges would be, and the cluster ranges moved in the spec
    const spec = withEnvironment(0, (e) => ({
      ...e,
      azure: { ...e.azure, cidr: '10.0.0.0/16', podCidr: '100.64.0.0/16', serviceCidr: '192.168.0.0/20' },
      gcp: { ...e.gcp, cidr: '172.16.0.0/16', controlPlaneCidr: '192.168.16.0/28' },
    }));
    const org = defineOrganization({ ...spec, environments: [spec.environments[0]] });
    // WHEN dev is synthesized on Azure and GCP
    const artifacts = synthesizeArtifacts(org, { environments: ['dev'], clouds: ['azure', 'gcp'] });
    const doc = (name: string) => artifacts.find((a) => a.kind === 'terraform' && a.name === name)!.document as any;
    // THEN the clusters take exactly those ranges
    const aks = Object.values<any>(doc('acme-dev-azure').resource.azurerm_kubernetes_cluster)[0];
    expect(aks.network_profile).toMatchObject({ pod_cidr: '100.64.0.0/16', service_cidr: '192.168.0.0/20', dns_service_ip: '192.168.0.10' });
    const gke = Object.values<any>(doc('acme-dev-gcp').resource.google_container_cluster)[0];
    expect(gke.private_cluster_config.master_ipv4_cidr_block).toBe('192.168.16.0/28');
  });
});
