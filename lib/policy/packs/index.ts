import type { Organization } from '../../spec';
import type { RulePack } from '../types';
import type { AwsNagOptions, AwsNagResult } from './aws-nag';
import { cloudFormationPack } from './cloudformation';
import { terraformAzurePack } from './terraform-azure';
import { terraformGcpPack } from './terraform-gcp';

export { cloudFormationPack } from './cloudformation';
export { terraformAzurePack, AZURE_TAGGABLE_TYPES } from './terraform-azure';
export { terraformGcpPack } from './terraform-gcp';

/**
 * The rule packs that need no configuration; `npm run check` runs them all. A new pack is added here (and exported
 * above) so the check picks it up. Packs built from the organization (the Kubernetes pack, which needs each
 * cluster's trusted registries) are added by the caller, and cdk-nag reaches `evaluate` as extra findings.
 */
export const PACKS: readonly RulePack[] = [
  cloudFormationPack,
  terraformAzurePack,
  terraformGcpPack,
];

export type { AwsNagOptions, AwsNagResult } from './aws-nag';

/**
 * cdk-nag (`AwsSolutions`, `NIST.800-53.R5`) and the CloudFormation validation engine over the organization's AWS
 * stacks, as extra findings and coverage for `evaluate` (see `./aws-nag`). Loaded on first call: it builds the AWS
 * app, and `lib/policy` loads no engine until then.
 */
export function awsNagFindings(org: Organization, options?: AwsNagOptions): AwsNagResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./aws-nag') as typeof import('./aws-nag')).awsNagFindings(org, options);
}
