import { acme } from './org';
import { defineOrganization, synthesize } from '../../lib';

// `npm run synth`: the whole organization, every environment and cloud, into ./cdk.out, ./cdktf.out and ./cdk8s.out.
const out = synthesize(defineOrganization(acme), {
  cloudFormationValidation: process.env.CDK_VALIDATION !== 'false',
});
for (const [output, dir] of Object.entries(out)) console.log(`${output.padEnd(14)} ${dir}`);
