import { MANDATORY_TAG_KEYS } from '../../../spec/tags';
import { controlById } from '../../controls';
import { block, eachResource } from '../../private/terraform';
import { expected, missingKeys, show } from '../../private/values';
import type { Rule } from '../../types';

const GKE = 'google_container_cluster';
const gcp = { kind: 'terraform', clouds: ['gcp'] } as const;

/** Intranode visibility: pod-to-pod traffic on one node passes the VPC, where flow logs and firewall rules see it. */
export const gkeIntranodeVisibility: Rule = {
  ...gcp,
  id: 'TF-GCP-GKE-INTRANODE-VISIBILITY',
  severity: 'error',
  controls: [controlById('flow-logs-on').id],
  description: 'GKE clusters have intranode visibility on, so traffic between pods of one node reaches VPC flow logs (Checkov CKV_GCP_61).',
  remediation: 'Set enable_intranode_visibility = true (GkeCluster does this).',
  check: (artifact) => eachResource(artifact, [GKE], ({ body }) => [
    body.enable_intranode_visibility !== true ? expected('enable_intranode_visibility', body.enable_intranode_visibility, 'true') : undefined,
  ]),
};

/** Cluster resource labels: GKE copies them to VMs and disks, where billing reads the cost centre. */
export const gkeResourceLabels: Rule = {
  ...gcp,
  id: 'TF-GCP-GKE-RESOURCE-LABELS',
  severity: 'error',
  controls: [controlById('mandatory-tags').id],
  description: `GKE clusters carry the mandatory labels (${MANDATORY_TAG_KEYS.join(', ')}) as resource_labels, which GKE copies to node VMs and disks for billing (Checkov CKV_GCP_21).`,
  remediation: 'Set resource_labels to the environment\'s labels (the platform passes them to GkeCluster).',
  check: (artifact) => eachResource(artifact, [GKE], ({ body }) => {
    const missing = missingKeys(body.resource_labels, MANDATORY_TAG_KEYS);
    return [missing.length > 0 ? `resource_labels lack ${missing.join(', ')} (found ${show(body.resource_labels)})` : undefined];
  }),
};

/** Google Groups for RBAC: cluster access follows the organization's groups, not per-user bindings. A warning where it is missing. */
export const gkeRbacGroups: Rule = {
  ...gcp,
  id: 'TF-GCP-GKE-RBAC-GROUPS',
  // A warning: Google Groups for RBAC needs a Google Workspace or Cloud Identity domain, which not every
  // organization has; the spec field kubernetes.gcpSecurityGroup stays optional for that reason.
  severity: 'warning',
  controls: [controlById('no-static-credentials').id],
  description: 'GKE clusters use Google Groups for RBAC (authenticator_groups_config with gke-security-groups@<domain>), so access is granted and revoked in the identity provider (Checkov CKV_GCP_65).',
  remediation: 'Set kubernetes.gcpSecurityGroup in the organization spec (GkeCluster rbacSecurityGroup).',
  check: (artifact) => eachResource(artifact, [GKE], ({ body }) => {
    const group = block(body.authenticator_groups_config)?.security_group;
    return [typeof group === 'string' && /^gke-security-groups@/.test(group) ? undefined : expected('authenticator_groups_config.security_group', group, 'gke-security-groups@<your domain>')];
  }),
};
