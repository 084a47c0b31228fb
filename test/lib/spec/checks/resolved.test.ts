import { DEFAULT_ADDON_VERSIONS, DEFAULT_KUBERNETES_VERSION as EKS_DEFAULT } from '../../../../constructs/aws/private/eks-versions';
import { acme } from '../../../../examples/acme/org';
import { awsPartitionOf, DEFAULT_KUBERNETES_VERSION, ecrRegistryDomain, eksAddonPins } from '../../../../lib/spec';
import { issuesOf } from '../../../support/spec-issues';

describe('tier knobs and service resources the constructs would refuse are spec errors', () => {
  test('node minimum above the maximum', () => {
    expect(issuesOf({ ...acme, tierProfiles: { dev: { cluster: { systemNodesMin: 5, systemNodesMax: 2 } } } })).toEqual([
      'tierProfiles.dev.cluster.systemNodesMin: 5 is more than systemNodesMax 2 (expected a minimum of system nodes no larger than the maximum)',
    ]);
  });

  test('a general-pool minimum of 40 above the tier maximum (GKE per zone: 14 > 6)', () => {
    expect(issuesOf({ ...acme, tierProfiles: { dev: { cluster: { generalNodesMin: 40 } } } })).toEqual([
      'tierProfiles.dev.cluster.generalNodesMin: 40 is more than generalNodesMax 18 (expected a minimum of general nodes no larger than the maximum)',
    ]);
  });

  test('a pool maximum a cloud cannot run', () => {
    expect(issuesOf({ ...acme, tierProfiles: { prod: { cluster: { generalNodesMax: 500 } } } })).toEqual([
      'tierProfiles.prod.cluster.generalNodesMax: 500 is more than environment "prod" can run on aws (expected at most 450: an EKS managed node group holds at most 450 nodes)',
    ]);
  });

  test('a namespace default CPU request above its limit', () => {
    expect(issuesOf({ ...acme, tierProfiles: { dev: { namespace: { containerCpuRequest: '2', containerCpuLimit: '1' } } } })).toEqual([
      'tierProfiles.dev.namespace.containerCpuRequest: "2" is more than containerCpuLimit "1" (expected a default request no larger than the default limit)',
    ]);
  });

  test('a service whose default request exceeds its own cpuLimit: the limit it set is blamed', () => {
    expect(issuesOf({ ...acme, services: [{ name: 'x', team: 'payments', resources: { cpuLimit: '100m' } }] })).toEqual([
      'services[0].resources.cpuLimit: "100m" is less than cpuRequest "250m" (the default) (expected a limit no smaller than the request)',
    ]);
  });

  test('a service whose request exceeds the default limit: the request it set is blamed', () => {
    expect(issuesOf({ ...acme, services: [{ name: 'x', team: 'payments', resources: { memoryRequest: '1Gi' } }] })).toEqual([
      'services[0].resources.memoryRequest: "1Gi" is more than memoryLimit "512Mi" (the default) (expected a request no larger than the limit)',
    ]);
  });

  test('ephemeral storage: a request over the default limit, and a limit with no room for /tmp', () => {
    expect(issuesOf({
      ...acme,
      services: [
        { name: 'x', team: 'payments', resources: { ephemeralStorageRequest: '2Gi' } },
        { name: 'y', team: 'payments', resources: { ephemeralStorageRequest: '64Mi', ephemeralStorageLimit: '128Mi' } },
      ],
    })).toEqual([
      'services[0].resources.ephemeralStorageRequest: "2Gi" is more than ephemeralStorageLimit "1Gi" (the default) (expected a request no larger than the limit)',
      'services[1].resources.ephemeralStorageLimit: "128Mi" is less than the 256Mi of the service\'s /tmp volume (expected room for it: the kubelet would evict the pod before /tmp is full)',
    ]);
  });

  test('namespace ephemeral-storage defaults are ordered like CPU and memory', () => {
    expect(issuesOf({ ...acme, tierProfiles: { staging: { namespace: { containerEphemeralStorageRequest: '2Gi', containerEphemeralStorageLimit: '1Gi' } } } })).toEqual([
      'tierProfiles.staging.namespace.containerEphemeralStorageRequest: "2Gi" is more than containerEphemeralStorageLimit "1Gi" (expected a default request no larger than the default limit)',
    ]);
  });
});

describe('Kubernetes versions come from the cloud tables', () => {
  test.each(['1.32', '1.99'])('%s matches the pattern but no cloud table holds it', (version) => {
    expect(issuesOf({ ...acme, kubernetes: { ...acme.kubernetes, version } })).toEqual([
      `kubernetes.version: "${version}" is not a version the baseline deploys on EKS, AKS and GKE (expected one of 1.33: the cloud tables in lib/spec/clouds.ts list each cloud's versions and the add-on versions pinned for them)`,
    ]);
  });

  test('registry domains come from the partition table (China has its own)', () => {
    expect(ecrRegistryDomain('111111111111', 'eu-west-1')).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com');
    expect(ecrRegistryDomain('111111111111', 'cn-north-1')).toBe('111111111111.dkr.ecr.cn-north-1.amazonaws.com.cn');
    expect(awsPartitionOf('us-gov-west-1')).toBe('aws-us-gov');
  });

  test('the AWS table pins the add-ons of the default version, the same as EksCluster\'s own defaults', () => {
    expect(DEFAULT_KUBERNETES_VERSION).toBe(EKS_DEFAULT);
    // Container Insights is its own construct's add-on (EksContainerInsights), pinned in the same row.
    const { cloudwatchObservability, ...clusterAddons } = eksAddonPins(DEFAULT_KUBERNETES_VERSION);
    expect(clusterAddons).toEqual(DEFAULT_ADDON_VERSIONS);
    expect(cloudwatchObservability).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
  });
});
