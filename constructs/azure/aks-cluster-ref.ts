import { IConstruct } from 'constructs';

/**
 * An AKS cluster: one built here ({@link AksCluster}) or elsewhere ({@link AksCluster.fromClusterAttributes}), for
 * code that only needs to refer to it, such as a team's workload identities.
 */
export interface IAksCluster extends IConstruct {
  /** The cluster's name. */
  readonly clusterName: string;
  /** Name of the resource group holding the cluster. */
  readonly resourceGroupName: string;
  /** Resource ID of that resource group, the default scope of a workload's role assignments. */
  readonly resourceGroupId: string;
  /** The cluster's OIDC issuer URL, for federated identity credentials ({@link AzureWorkloadIdentity}). */
  readonly oidcIssuerUrl: string;
  /** Object ID of the kubelet identity, for image pull roles such as AcrPull; undefined when not known. */
  readonly kubeletIdentityObjectId?: string;
}

/** How to find an existing AKS cluster, for {@link AksCluster.fromClusterAttributes}. */
export interface AksClusterAttributes {
  /** The cluster's name, e.g. `aks-acme-prod`. */
  readonly clusterName: string;
  /** The subscription holding the cluster (a GUID). */
  readonly subscriptionId: string;
  /** Name of the resource group holding the cluster, e.g. `rg-acme-prod-aks` (`AksCluster.resourceGroupNameFor`). */
  readonly resourceGroupName: string;
  /** The cluster's OIDC issuer URL (`az aks show --query oidcIssuerProfile.issuerUrl`, or a Terraform data source). */
  readonly oidcIssuerUrl: string;
  /**
   * Object ID of the kubelet identity.
   * @default - unknown: `kubeletIdentityObjectId` is undefined
   */
  readonly kubeletIdentityObjectId?: string;
}
