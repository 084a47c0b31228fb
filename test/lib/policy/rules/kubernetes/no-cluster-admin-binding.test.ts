import type { Artifact } from '../../../../../lib/artifacts';
import { noClusterAdminBinding } from '../../../../../lib/policy/rules/kubernetes/no-cluster-admin-binding';

const manifest = (...objects: unknown[]): Artifact => ({ kind: 'kubernetes', cloud: 'gcp', environment: 'prod', name: 'prod/gcp/x', file: 'x', document: objects });
const binding = (kind: string, name: string, roleRef: object, subjects: object[], namespace?: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace && { namespace }) }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects,
});

describe('K8S-NO-CLUSTER-ADMIN-BINDING', () => {
  test('fails on a ClusterRoleBinding to cluster-admin and on a binding of system:masters', () => {
    const artifact = manifest(
      binding('ClusterRoleBinding', 'ops-admin', { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'User', name: 'ops@acme.example' }]),
      binding('RoleBinding', 'masters', { kind: 'Role', name: 'reader' }, [{ kind: 'Group', name: 'system:masters' }], 'payments'),
    );
    expect(noClusterAdminBinding.check(artifact)).toEqual([
      { resource: 'ClusterRoleBinding/ops-admin', message: 'binds ClusterRole "cluster-admin" (expected a Role with only the verbs and resources needed)' },
      { resource: 'RoleBinding/payments/masters', message: 'binds the group "system:masters", which bypasses RBAC (expected a named group with a scoped role)' },
    ]);
  });

  test('passes on a scoped binding', () => {
    const artifact = manifest(binding('RoleBinding', 'readers', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'Group', name: 'payments-devs' }], 'payments'));
    expect(noClusterAdminBinding.check(artifact)).toEqual([]);
  });
});
