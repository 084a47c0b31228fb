/** How the instances of an EKS managed node group are bought. */
export enum EksCapacityType {
  /** On-demand instances: never reclaimed by EC2. */
  ON_DEMAND = 'ON_DEMAND',

  /** Spot instances: cheaper, reclaimed by EC2 with two minutes' notice. Only for workloads that tolerate that. */
  SPOT = 'SPOT',
}
