import type { ArtifactKind } from '../artifacts';
import type { Cloud } from '../spec';

/** What a change does to a resource. */
export type ChangeKind = 'add' | 'remove' | 'modify' | 'replace';

/** One resource that a change adds, removes, modifies or replaces. */
export interface ResourceChange {
  readonly kind: ArtifactKind;
  readonly cloud: Cloud;
  readonly environment: string;
  /** Stack name (`acme-prod`, `acme-prod-azure`) or manifest (`prod/aws/baseline`). */
  readonly artifact: string;
  /**
   * CloudFormation logical id, Terraform address (`azurerm_kubernetes_cluster.Cluster_Resource_1A2B3C4D`) or
   * Kubernetes object (`Namespace/payments`, `Deployment/payments/checkout`).
   */
  readonly address: string;
  /** `AWS::ECR::Repository`, `azurerm_kubernetes_cluster`, `v1/Namespace`. */
  readonly type: string;
  readonly change: ChangeKind;
  /** The attributes that changed; for a replacement, those that force it first. */
  readonly attributes: readonly string[];
  /** For a rename (removed and added under another address, same type and shape): the old address. */
  readonly renamedFrom?: string;
  /** What the resource holds, when it holds data. */
  readonly holds?: string;
  /**
   * Data is lost: a data holder is removed or replaced. A CloudFormation resource removed with
   * `DeletionPolicy: Retain` is orphaned, not deleted, and is not counted.
   */
  readonly destructive: boolean;
  /** An `--allow-replace` pattern accepted this destructive change. */
  readonly allowed?: boolean;
}

/** The changes of every artifact, in a stable order. */
export interface DiffResult {
  readonly changes: readonly ResourceChange[];
  /** Destructive changes no `--allow-replace` accepted: what fails `baseline diff`. */
  readonly blocking: readonly ResourceChange[];
}
