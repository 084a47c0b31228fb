import { Construct } from 'constructs';
import type { AksClusterAttributes, IAksCluster } from '../aks-cluster-ref';

/** A cluster built elsewhere: plain values, no resources. */
export class ImportedAksCluster extends Construct implements IAksCluster {
  public readonly clusterName: string;
  public readonly resourceGroupName: string;
  public readonly resourceGroupId: string;
  public readonly oidcIssuerUrl: string;
  public readonly kubeletIdentityObjectId?: string;

  constructor(scope: Construct, id: string, attrs: AksClusterAttributes) {
    super(scope, id);
    this.clusterName = attrs.clusterName;
    this.resourceGroupName = attrs.resourceGroupName;
    this.resourceGroupId = `/subscriptions/${attrs.subscriptionId}/resourceGroups/${attrs.resourceGroupName}`;
    this.oidcIssuerUrl = attrs.oidcIssuerUrl;
    this.kubeletIdentityObjectId = attrs.kubeletIdentityObjectId;
  }
}
