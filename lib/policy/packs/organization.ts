import { teamCostCenterConsistent } from '../rules/tags/team-cost-center';
import type { RulePack } from '../types';

/**
 * Rules over every artifact of the organization together: what no single stack or manifest can show, such as a
 * team's cost-center agreeing across AWS, Azure, GCP and Kubernetes.
 */
export const organizationPack: RulePack = {
  name: 'organization',
  description: 'Consistency across the synthesized artifacts of every cloud and cluster: one cost-center per team.',
  rules: [],
  crossArtifactRules: [teamCostCenterConsistent],
};
