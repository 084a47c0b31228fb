// Entry point `cdk-enterprise-baseline/platform/terraform`: the Terraform app of an organization, for a `cdktf.json` app. Loads cdktf.
export { buildTerraformApp } from '../synth-terraform';
export type { TerraformTarget } from '../synth-terraform';
