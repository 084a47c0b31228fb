import * as fs from 'fs';
import * as path from 'path';
import { recordSynthManifest } from '../artifacts/synth-manifest';
import { naming } from '../naming';
import { writePipelines } from '../pipelines/write';
import type { Cloud, Environment, Organization } from '../spec';
import { loadEngine } from './private/engine';

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Folder that receives `cdk.out/`, `cdktf.out/` and `cdk8s.out/`.
   * @default - the current directory
   */
  readonly outdir?: string;
  /**
   * Only these environments, so CI can shard.
   * @default - all environments
   */
  readonly environments?: readonly string[];
  /**
   * Only these clouds (Kubernetes manifests follow their cloud).
   * @default - all clouds
   */
  readonly clouds?: readonly Cloud[];
  /**
   * Run aws-cdk-lib's CloudFormation validation engine on the AWS templates during synth.
   * @default true
   */
  readonly cloudFormationValidation?: boolean;
  /**
   * Run cdk-nag (`AwsSolutions`, `NIST.800-53.R5`) and the CloudFormation validation engine during the AWS synth,
   * and record their findings per stack in the assembly (`cdk.out/<stack>.validation.json`), where the policy
   * engine reads them (`awsNagFindings`). The AWS app is built once for synth and checks together. Implies the
   * CloudFormation validation, with its errors kept as errors.
   * @default false
   */
  readonly nag?: boolean;
  /**
   * Outputs of the applied Azure stacks, by stack name then output name (the values of `terraform output -json`).
   * The Azure workload identities' client ids are only known after apply; with them, the service accounts get
   * their `azure.workload.identity/client-id` annotation.
   * @default - none: Azure service accounts name the output they wait for
   */
  readonly terraformOutputs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Called as each environment's output of each engine is done, so a command line can show progress during a long
   * synth. The AWS and Terraform apps synthesize once for every environment: their events come when each
   * environment's stacks are built, then one event without an environment when the app is written.
   * @default - no progress reported
   */
  readonly onProgress?: (event: SynthesisProgress) => void;
}

/** One step of a synth, for {@link SynthesizeOptions.onProgress}. */
export interface SynthesisProgress {
  /** Which engine's output. */
  readonly output: 'cloudFormation' | 'terraform' | 'kubernetes';
  /** The cloud the output deploys to (for Kubernetes, the cluster's cloud). */
  readonly cloud: Cloud;
  /** The environment, or undefined for writing a whole app. */
  readonly environment?: string;
  /** Stacks (or manifest files) built in this step. */
  readonly count: number;
  /** Time this step took, in milliseconds. */
  readonly durationMs: number;
}

/** Where {@link synthesize} wrote each output. */
export interface SynthesisResult {
  /** The CloudFormation cloud assembly, or undefined when no AWS stack was synthesized. */
  readonly cloudFormation?: string;
  /** The cdktf output: `stacks/<stack>/cdk.tf.json`, or undefined when no Terraform stack was synthesized. */
  readonly terraform?: string;
  /** Kubernetes manifests: `<env>/<cloud>/*.k8s.yaml`, or undefined when there were none. */
  readonly kubernetes?: string;
  /**
   * GitHub Actions workflows, `<team>/.github/workflows/<service>.yml` (the content of each team's repository), or
   * undefined when the spec has no `delivery.github`.
   */
  readonly pipelines?: string;
  /**
   * The Terraform stack of the GitHub settings (`stacks/<org>-github/cdk.tf.json` under
   * `ci.out/<platform repository>/github-settings`): the team repositories' deployment environments with their
   * tag-only policies and prod reviewers. Undefined without `delivery.github`, and in a synth of some clouds only
   * (`--cloud`): it belongs to no cloud, and a shard of one cloud should not load the Terraform engine for it.
   */
  readonly githubSettings?: string;
}

/**
 * Synthesizes every environment of an organization to CloudFormation, Terraform JSON and Kubernetes manifests,
 * offline. Each engine is loaded only when an output of it is asked for, so `--cloud gcp` never loads aws-cdk-lib.
 */
export function synthesize(organization: Organization, options: SynthesizeOptions = {}): SynthesisResult {
  const plan = planSynthesis(organization, options);
  const result: SynthesisResult = Object.assign({}, ...plan.engines.map((engine) => runEngine(engine, organization, plan, options)));
  return finishSynthesis(organization, plan, result);
}

/** The three engines, in the order {@link synthesize} runs them. */
export type SynthesisEngine = 'aws' | 'terraform' | 'kubernetes';

/** What a synth writes where: the selection resolved against the organization. */
export interface SynthesisPlan {
  readonly outdir: string;
  readonly environments: readonly Environment[];
  readonly aws: readonly Environment[];
  readonly terraform: readonly { readonly env: Environment; readonly cloud: 'azure' | 'gcp' }[];
  readonly kubernetes: readonly { readonly env: Environment; readonly cloud: Cloud }[];
  /** The engines with something to do. */
  readonly engines: readonly SynthesisEngine[];
  /**
   * Whether every cloud is selected (no `--cloud` shard): outputs that belong to no cloud, such as the GitHub
   * settings stack, are written only then, so a `--cloud aws` shard loads no Terraform engine.
   */
  readonly everyCloud: boolean;
}

/** Resolves the selection of `options` against the organization and creates the output folder. */
export function planSynthesis(organization: Organization, options: Pick<SynthesizeOptions, 'outdir' | 'environments' | 'clouds'>): SynthesisPlan {
  const outdir = path.resolve(options.outdir ?? '.');
  // cdktf creates only the last folder of its outdir; a fresh `--outdir out/pr-123 --cloud gcp` must work too.
  fs.mkdirSync(outdir, { recursive: true });
  const environments = selectEnvironments(organization, options.environments);
  const clouds = new Set<Cloud>(options.clouds ?? ['aws', 'azure', 'gcp']);
  const placed = (cloud: Cloud) => clouds.has(cloud) ? environments.filter((e) => e[cloud] !== undefined) : [];
  const aws = placed('aws');
  const terraform = [...placed('azure').map((e) => ({ env: e, cloud: 'azure' as const })), ...placed('gcp').map((e) => ({ env: e, cloud: 'gcp' as const }))];
  const kubernetes = environments.flatMap((env) => [...clouds].filter((c) => env[c] !== undefined).map((cloud) => ({ env, cloud })));
  const engines: SynthesisEngine[] = [
    ...aws.length > 0 ? ['aws' as const] : [],
    ...terraform.length > 0 ? ['terraform' as const] : [],
    ...kubernetes.length > 0 ? ['kubernetes' as const] : [],
  ];
  const everyCloud = (['aws', 'azure', 'gcp'] as const).every((c) => clouds.has(c));
  return { outdir, environments, aws, terraform, kubernetes, engines, everyCloud };
}

/**
 * Runs one engine of a plan and returns where it wrote. The engine loads here, on first use (a `require`, not an
 * import): each costs 100-300 ms and tens of MB.
 */
export function runEngine(engine: SynthesisEngine, organization: Organization, plan: SynthesisPlan, options: SynthesizeOptions): SynthesisResult {
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (engine) {
    case 'aws': {
      const { synthesizeAws } = loadEngine('synthesize: the AWS output', ['aws-cdk-lib', 'constructs', ...(options.nag ? ['cdk-nag' as const] : [])],
        () => {
          if (options.nag) require('./private/aws-validation');
          return require('./synth-aws') as typeof import('./synth-aws');
        });
      return {
        cloudFormation: synthesizeAws(organization, plan.aws, path.join(plan.outdir, 'cdk.out'), {
          validation: options.cloudFormationValidation ?? true,
          nag: options.nag,
          onProgress: options.onProgress,
        }),
      };
    }
    case 'terraform': {
      const { synthesizeTerraform } = loadEngine('synthesize: the Terraform output', ['cdktf', 'constructs'],
        () => require('./synth-terraform') as typeof import('./synth-terraform'));
      return { terraform: synthesizeTerraform(organization, plan.terraform, path.join(plan.outdir, 'cdktf.out'), options.onProgress) };
    }
    case 'kubernetes': {
      const { synthesizeKubernetes } = loadEngine('synthesize: the Kubernetes manifests', ['cdk8s', 'cdk8s-plus-28', 'constructs'],
        () => require('./synth-kubernetes') as typeof import('./synth-kubernetes'));
      return { kubernetes: synthesizeKubernetes(organization, plan.kubernetes, path.join(plan.outdir, 'cdk8s.out'), options.terraformOutputs, options.onProgress) };
    }
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Writes what describes the whole synth (the workflows, the synth manifest) once every engine is done. */
export function finishSynthesis(organization: Organization, plan: SynthesisPlan, engines: SynthesisResult): SynthesisResult {
  const result: { -readonly [K in keyof SynthesisResult]: SynthesisResult[K] } = { ...engines };
  // Workflows describe the whole organization, whatever the selection: every shard writes the same files.
  if (writePipelines(organization, path.join(plan.outdir, 'ci.out')).length > 0) result.pipelines = path.join(plan.outdir, 'ci.out');
  const github = organization.delivery?.github;
  if (github && plan.everyCloud) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { synthesizeGitHub } = loadEngine('synthesize: the GitHub environments (delivery.github)', ['cdktf', 'constructs', '@cdktf/provider-github'],
      () => require('./synth-github') as typeof import('./synth-github'));
    /* eslint-enable @typescript-eslint/no-require-imports */
    result.githubSettings = synthesizeGitHub(organization, path.join(plan.outdir, 'ci.out', github.platformRepository, 'github-settings'));
  }
  recordSynthManifest(plan.outdir, organization.name, [
    ...plan.aws.flatMap((env) => [
      naming.awsStack(organization.name, env.name),
      ...organization.teams.map((team) => naming.awsTeamStack(organization.name, env.name, team.name)),
      ...(env.aws?.drRegion ? [naming.awsDrStack(organization.name, env.name)] : []),
    ].map((name) => ({ kind: 'cloudformation' as const, cloud: 'aws' as const, environment: env.name, name }))),
    ...plan.terraform.map(({ env, cloud }) => ({ kind: 'terraform' as const, cloud, environment: env.name, name: naming.terraformStack(organization.name, env.name, cloud) })),
  ]);
  return result;
}

function selectEnvironments(org: Organization, names: readonly string[] | undefined): readonly Environment[] {
  if (!names) return org.environments;
  const unknown = names.filter((n) => !org.environments.some((e) => e.name === n));
  if (unknown.length > 0) {
    throw new Error(`synthesize: unknown environment ${unknown.map((n) => `"${n}"`).join(', ')} (expected one of ${org.environments.map((e) => e.name).join(', ')})`);
  }
  return org.environments.filter((e) => names.includes(e.name));
}
