/** What EKS does with a cluster whose Kubernetes version leaves standard support. */
export enum EksUpgradeSupportType {
  /** EKS upgrades the control plane to the next version when standard support ends. */
  STANDARD = 'STANDARD',

  /** The version keeps running in extended support (up to 12 more months), billed per cluster hour. */
  EXTENDED = 'EXTENDED',
}
