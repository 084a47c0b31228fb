import type { RulePack } from '../types';
import { cloudFormationPack } from './cloudformation';
import { organizationPack } from './organization';
import { terraformAzurePack } from './terraform-azure';
import { terraformGcpPack } from './terraform-gcp';

/**
 * The rule packs that need no configuration; `npm run check` runs them all. A new pack is added here (and exported
 * from the barrel) so the check picks it up. Packs built from the organization (the Kubernetes pack, which needs
 * each cluster's trusted registries) are added by the caller, and cdk-nag reaches `evaluate` as extra findings
 * read from the assembly (`awsNagFindings`).
 */
export const PACKS: readonly RulePack[] = [
  cloudFormationPack,
  terraformAzurePack,
  terraformGcpPack,
  organizationPack,
];
