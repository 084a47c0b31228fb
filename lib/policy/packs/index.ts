import type { RulePack } from '../types';
import { cloudFormationPack } from './cloudformation';
import { terraformAzurePack } from './terraform-azure';
import { terraformGcpPack } from './terraform-gcp';

export { cloudFormationPack } from './cloudformation';
export { terraformAzurePack, AZURE_TAGGABLE_TYPES } from './terraform-azure';
export { terraformGcpPack } from './terraform-gcp';

/**
 * Every rule pack `npm run check` runs. A new pack is added here (and exported above) so the check picks it up;
 * cdk-nag is not a pack of artifact rules and is passed to `evaluate` as extra findings.
 */
export const PACKS: readonly RulePack[] = [
  cloudFormationPack,
  terraformAzurePack,
  terraformGcpPack,
];
