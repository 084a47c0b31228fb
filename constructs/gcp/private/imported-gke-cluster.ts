import { Construct } from 'constructs';
import type { GkeClusterAttributes, IGkeCluster } from '../gke-cluster-ref';

/** A cluster built elsewhere: plain values, no resources. */
export class ImportedGkeCluster extends Construct implements IGkeCluster {
  public readonly clusterName: string;
  public readonly project: string;
  public readonly region: string;
  public readonly workloadPool: string;
  public readonly nodeServiceAccountEmail?: string;

  constructor(scope: Construct, id: string, attrs: GkeClusterAttributes) {
    super(scope, id);
    this.clusterName = attrs.clusterName;
    this.project = attrs.project;
    this.region = attrs.region;
    // GKE names the pool after the project, always.
    this.workloadPool = `${attrs.project}.svc.id.goog`;
    this.nodeServiceAccountEmail = attrs.nodeServiceAccountEmail;
  }
}
