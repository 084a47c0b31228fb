// The benchmark's EKS Blueprints pairing (issue #18): the same three AWS environments as examples/acme (dev, staging,
// prod; their accounts and regions), each an EKS 1.33 cluster built the way the EKS Blueprints README builds one
// (`EksBlueprint.builder()...build(app, id)`, its default VPC and managed node group), with the EKS managed core
// add-ons and the README's Helm add-ons that need nothing from outside the process at synth.
//
// A project of its own, as `cdk init app --language typescript` lays one out (package.json, tsconfig.json, cdk.json
// whose app is `npx tsc && npx tsx app.ts`), with Blueprints' own aws-cdk-lib (its peer, 2.261.0). `npm run bench`
// installs it on demand (`npm ci`) and runs its cdk.json app as the cdk CLI would, next to the example's cdk.json app
// (cases `blueprints-app` and `cdk-app`, interleaved); `blueprints-app-js` runs the same app compiled.
//
// Offline and deterministic, as a user's CI synth is once `cdk.context.json` exists:
// - the EKS managed add-ons are pinned to the versions Blueprints itself maps to Kubernetes 1.33 (with "auto" it
//   asks the EKS API at synth, which needs credentials and the network);
// - the availability zones come from context, as `cdk.context.json` holds them after a first synth;
// - `CDK_OUTDIR` (set by the cdk CLI, and by the bench) makes the App synthesize when the builders' asynchronous
//   add-on deployment has finished.
import * as blueprints from '@aws-quickstart/eks-blueprints';
import * as cdk from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';

const ENVIRONMENTS = [
  { name: 'dev', account: '111111111111', region: 'eu-west-1' },
  { name: 'staging', account: '222222222222', region: 'eu-west-1' },
  { name: 'prod', account: '333333333333', region: 'eu-central-1' },
];

const context = Object.fromEntries(ENVIRONMENTS.map((e) => [
  `availability-zones:account=${e.account}:region=${e.region}`,
  ['a', 'b', 'c'].map((zone) => `${e.region}${zone}`),
]));
const app = new cdk.App({ context, analyticsReporting: false });

for (const environment of ENVIRONMENTS) {
  const addOns: blueprints.ClusterAddOn[] = [
    new blueprints.addons.VpcCniAddOn({ version: 'v1.20.4-eksbuild.2' }),
    new blueprints.addons.CoreDnsAddOn('v1.12.1-eksbuild.2'),
    new blueprints.addons.KubeProxyAddOn('v1.33.3-eksbuild.4'),
    new blueprints.addons.EbsCsiDriverAddOn({ version: 'v1.56.0-eksbuild.1' }),
    new blueprints.addons.MetricsServerAddOn(),
    new blueprints.addons.ClusterAutoScalerAddOn(),
    new blueprints.addons.AwsLoadBalancerControllerAddOn(),
    new blueprints.addons.CertManagerAddOn(),
    new blueprints.addons.ArgoCDAddOn(),
  ];
  blueprints.EksBlueprint.builder()
    .account(environment.account)
    .region(environment.region)
    .version(eks.KubernetesVersion.V1_33)
    .addOns(...addOns)
    .build(app, `acme-${environment.name}-blueprint`);
}
