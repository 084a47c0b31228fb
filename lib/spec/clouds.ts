import type { Cloud } from './network-plan';
import { AWS_REGIONS, AZURE_LOCATIONS, GCP_REGIONS } from './regions';

/**
 * What each cloud offers the baseline, as one table per cloud: regions, partitions and their registry domains,
 * the Kubernetes versions its managed clusters run, and the add-on versions pinned for each of them.
 *
 * Validation, the add-on pins and the image references all read these tables, so a version or region is
 * accepted only where everything the platform derives from it is known. Adding a Kubernetes version means adding
 * its row here (with the EKS add-on versions for it); nothing else changes.
 */

/** A Kubernetes minor version every cloud's table holds: the clusters' version unless the spec says otherwise. */
export const DEFAULT_KUBERNETES_VERSION = '1.33';

/** The AWS partitions. A partition is a separate AWS: its own ARNs, endpoints, accounts and registry domain. */
export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** What the baseline knows about an AWS partition. */
export interface AwsPartitionInfo {
  /** DNS suffix of its service endpoints, which also names ECR registries (`<account>.dkr.ecr.<region>.<suffix>`). */
  readonly dnsSuffix: string;
  /**
   * Why environments cannot be placed there yet; `undefined` where they can. A partition is supported only when
   * every service the baseline deploys (EKS with Pod Identity, AWS Budgets, Config rules, ECR replication) is
   * known to exist there with the same API.
   */
  readonly unsupported?: string;
}

/** The EKS managed add-on versions the baseline pins for one Kubernetes version. */
export interface EksAddonPins {
  readonly vpcCni: string;
  readonly coreDns: string;
  readonly kubeProxy: string;
  readonly ebsCsiDriver: string;
  readonly podIdentityAgent: string;
  /** Container Insights: the CloudWatch agent and Fluent Bit, which ship node metrics and workload logs. */
  readonly cloudwatchObservability: string;
}

/** The AWS table. */
export const AWS_CLOUD = {
  partitions: {
    'aws': { dnsSuffix: 'amazonaws.com' },
    'aws-cn': {
      dnsSuffix: 'amazonaws.com.cn',
      unsupported: 'the AWS China partition needs China accounts and ICP filing, and the baseline has not been verified there (EKS Pod Identity, AWS Budgets, Config rules)',
    },
    'aws-us-gov': {
      dnsSuffix: 'amazonaws.com',
      unsupported: 'the AWS GovCloud (US) partition needs GovCloud accounts, and the baseline has not been verified there (EKS Pod Identity, AWS Budgets, Config rules)',
    },
  } satisfies Record<AwsPartition, AwsPartitionInfo> as Readonly<Record<AwsPartition, AwsPartitionInfo>>,
  /**
   * EKS versions the baseline deploys, with the managed add-on versions pinned for each. The versions EKS offers
   * for add-ons depend on the cluster version (`aws eks describe-addon-versions --kubernetes-version 1.33`).
   */
  // Versions are strings on purpose: as object keys, 1.30 would read as 1.3.
  kubernetesVersions: [
    {
      version: '1.33',
      eksAddons: {
        vpcCni: 'v1.20.1-eksbuild.3',
        coreDns: 'v1.12.2-eksbuild.4',
        kubeProxy: 'v1.33.3-eksbuild.6',
        ebsCsiDriver: 'v1.45.0-eksbuild.2',
        podIdentityAgent: 'v1.3.8-eksbuild.2',
        cloudwatchObservability: 'v4.4.0-eksbuild.1',
      },
    },
  ] as ReadonlyArray<{ readonly version: string; readonly eksAddons: EksAddonPins }>,
} as const;

/** The Azure table. */
export const AZURE_CLOUD = {
  /** AKS versions the baseline deploys (`az aks get-versions`); AKS picks the latest patch of the minor. */
  kubernetesVersions: ['1.33'] as readonly string[],
} as const;

/** The Google Cloud table. */
export const GCP_CLOUD = {
  /** GKE minimum versions the baseline deploys (the release channel upgrades from there). */
  kubernetesVersions: ['1.33'] as readonly string[],
  /** Artifact Registry multi-regions: a repository there is replicated by Google across the regions it spans. */
  multiRegions: ['asia', 'europe', 'us'] as readonly string[],
} as const;

/** The Kubernetes versions a cloud's managed clusters run with the baseline. */
export function kubernetesVersionsOf(cloud: Cloud): readonly string[] {
  switch (cloud) {
    case 'aws': return AWS_CLOUD.kubernetesVersions.map((v) => v.version);
    case 'azure': return AZURE_CLOUD.kubernetesVersions;
    case 'gcp': return GCP_CLOUD.kubernetesVersions;
  }
}

/** The EKS add-on versions pinned for a Kubernetes version; throws for one the table does not hold (validated first). */
export function eksAddonPins(version: string): EksAddonPins {
  const row = AWS_CLOUD.kubernetesVersions.find((v) => v.version === version);
  if (!row) throw new Error(`eksAddonPins: no EKS add-on versions for Kubernetes ${version} (expected one of ${kubernetesVersionsOf('aws').join(', ')})`);
  return row.eksAddons;
}

/** The partition of an AWS region, by its name (`cn-` regions are China, `us-gov-` regions GovCloud). */
export function awsPartitionOf(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The ECR registry of an account in a region: `<account>.dkr.ecr.<region>.<partition's DNS suffix>`. */
export function ecrRegistryDomain(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.${AWS_CLOUD.partitions[awsPartitionOf(region)].dnsSuffix}`;
}

/** The Artifact Registry multi-region holding both regions, if any. */
export function gcpSharedMultiRegion(region: string, drRegion: string): string | undefined {
  return GCP_CLOUD.multiRegions.find((m) => region.startsWith(`${m}-`) && drRegion.startsWith(`${m}-`));
}

/** Regions (locations on Azure) of each cloud. */
export const CLOUD_REGIONS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: AWS_REGIONS,
  azure: AZURE_LOCATIONS,
  gcp: GCP_REGIONS,
};
