import { IConstruct } from 'constructs';

/**
 * A GKE cluster: one built here ({@link GkeCluster}) or elsewhere ({@link GkeCluster.fromClusterAttributes}), for
 * code that only needs to refer to it, such as a team's workload identities or registry readers.
 */
export interface IGkeCluster extends IConstruct {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The project holding the cluster. */
  readonly project: string;
  /** The cluster's region (GKE clusters of the baseline are regional). */
  readonly region: string;
  /** The Workload Identity pool, `<project>.svc.id.goog`, for {@link GcpWorkloadIdentity}. */
  readonly workloadPool: string;
  /** Email of the nodes' service account, e.g. for registry read access; undefined when not known. */
  readonly nodeServiceAccountEmail?: string;
}

/** How to find an existing GKE cluster, for {@link GkeCluster.fromClusterAttributes}. */
export interface GkeClusterAttributes {
  /** The cluster's name, e.g. `acme-prod-gke`. */
  readonly clusterName: string;
  /** The project holding the cluster, e.g. `acme-prod-4821`. */
  readonly project: string;
  /** The cluster's region, e.g. `europe-west3`. */
  readonly region: string;
  /**
   * Email of the nodes' service account.
   * @default - unknown: `nodeServiceAccountEmail` is undefined
   */
  readonly nodeServiceAccountEmail?: string;
}
