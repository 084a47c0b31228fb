import { controlById } from '../../controls';
import type { Rule } from '../../types';

/**
 * Bindings to `cluster-admin` the platform itself creates: none. Cluster administrators get the role through the
 * cloud's IAM (EKS access entries, AKS Azure RBAC with Entra ID groups, GKE IAM), which is audited and revocable in
 * one place, never through a ClusterRoleBinding in a manifest.
 */
export const PLATFORM_CLUSTER_ADMIN_BINDINGS: readonly string[] = [];

/** No manifest binds `cluster-admin` (or the `system:masters` group) outside the platform's own bindings. */
export const noClusterAdminBinding: Rule = {
  id: 'K8S-NO-CLUSTER-ADMIN-BINDING',
  severity: 'error',
  controls: [controlById('no-cluster-admin-bindings').id],
  description: 'No ClusterRoleBinding or RoleBinding grants cluster-admin (or binds the system:masters group) outside the platform\'s own.',
  remediation: 'Grant administrators cluster-admin through the cloud (EKS access entries, AKS Azure RBAC, GKE IAM); give workloads a Role with the verbs and resources they need.',
  kind: 'kubernetes',
  check: (artifact) => (Array.isArray(artifact.document) ? artifact.document : [])
    .filter((o: any) => o?.apiVersion === 'rbac.authorization.k8s.io/v1' && (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding'))
    .flatMap((binding: any) => {
      const name = `${binding.kind}/${binding.metadata?.namespace ? `${binding.metadata.namespace}/` : ''}${binding.metadata?.name ?? '<unnamed>'}`;
      if (PLATFORM_CLUSTER_ADMIN_BINDINGS.includes(name)) return [];
      const problems: string[] = [];
      if (binding.roleRef?.kind === 'ClusterRole' && binding.roleRef?.name === 'cluster-admin') {
        problems.push('binds ClusterRole "cluster-admin" (expected a Role with only the verbs and resources needed)');
      }
      const masters = (Array.isArray(binding.subjects) ? binding.subjects : []).find((s: any) => s?.kind === 'Group' && s?.name === 'system:masters');
      if (masters) problems.push('binds the group "system:masters", which bypasses RBAC (expected a named group with a scoped role)');
      return problems.map((message) => ({ resource: name, message }));
    }),
};
