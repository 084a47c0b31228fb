// Entry point `cdk-enterprise-baseline/platform/aws`: the AWS app of an organization, for a `cdk.json` app. Loads aws-cdk-lib.
export { buildAwsApp } from '../synth-aws';
