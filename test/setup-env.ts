// aws-cdk-lib's CloudFormation validation engine costs seconds per synth. Unit tests synthesize hundreds of
// stacks, so it is off here and runs once over every template of the example in
// test/lib/platform/cloudformation-validation.test.ts.
process.env.CDK_VALIDATION = 'false';
