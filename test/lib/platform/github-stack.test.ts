import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { acme } from '../../../examples/acme/org';
import { writePipelines } from '../../../lib/pipelines';
import { synthesizeGitHub } from '../../../lib/platform/synth-github';
import { defineOrganization, Organization, SpecValidationError } from '../../../lib/spec';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'github-stack-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function synth(org: Organization, name: string): any {
  const dir = synthesizeGitHub(org, path.join(tmp, name));
  return JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
}

/** The environments of the stack, as `<repository>/<environment>` -> what GitHub will enforce. */
function environmentsOf(json: any) {
  const teamIds = Object.fromEntries(Object.entries<any>(json.data?.github_team ?? {}).map(([name, t]) => [`\${data.github_team.${name}.id}`, t.slug]));
  const byAddress = new Map<string, string>();
  type Rules = { reviewers: string[]; tags: string[]; branches: string[]; selfReview: boolean; adminBypass: boolean; anyBranch: boolean };
  const out: Record<string, Rules> = {};
  for (const [name, env] of Object.entries<any>(json.resource.github_repository_environment)) {
    const key = `${env.repository}/${env.environment}`;
    byAddress.set(`\${github_repository_environment.${name}.environment}`, key);
    out[key] = {
      reviewers: (env.reviewers?.[0]?.teams ?? []).map((t: string) => teamIds[t]),
      tags: [],
      branches: [],
      selfReview: !env.prevent_self_review,
      adminBypass: env.can_admins_bypass,
      anyBranch: env.deployment_branch_policy.custom_branch_policies !== true || env.deployment_branch_policy.protected_branches !== false,
    };
  }
  for (const policy of Object.values<any>(json.resource.github_repository_environment_deployment_policy)) {
    const env = out[byAddress.get(policy.environment)!];
    if (policy.tag_pattern) env.tags.push(policy.tag_pattern);
    if (policy.branch_pattern) env.branches.push(policy.branch_pattern);
  }
  for (const env of Object.values(out)) env.tags.sort();
  return out;
}

const org = defineOrganization(acme);
const json = synth(org, 'acme');
const environments = environmentsOf(json);

describe('the GitHub settings stack (<org>-github)', () => {
  test('every team repository gets every environment; only its release tags enter; prod needs another member of the team', () => {
    const expected: Record<string, unknown> = {};
    for (const team of org.teams) {
      const tags = org.services.filter((s) => s.team === team.name).map((s) => `${s.name}/v*`).sort();
      for (const env of org.environments) {
        expected[`${team.name}/${env.name}`] = {
          reviewers: env.tier === 'prod' ? [team.name] : [], tags, branches: [], selfReview: false, adminBypass: false, anyBranch: false,
        };
      }
    }
    expected['platform/gitops'] = { reviewers: [], tags: [], branches: ['main'], selfReview: false, adminBypass: false, anyBranch: false };
    expect(environments).toEqual(expected);
  });

  test('every GitHub environment a generated workflow runs in exists in its repository, and admits exactly its release tags', () => {
    const ci = path.join(tmp, 'ci');
    const files = writePipelines(org, ci).filter((f) => f.includes('/workflows/'));
    let checked = 0;
    for (const file of files) {
      const repository = file.split('/')[0];
      const workflow = yaml.load(fs.readFileSync(path.join(ci, file), 'utf8')) as any;
      for (const job of Object.values<any>(workflow.jobs).filter((j) => j.environment)) {
        const env = environments[`${repository}/${job.environment.name}`];
        expect([file, job.environment.name, env !== undefined]).toEqual([file, job.environment.name, true]);
        // The job's trigger refs are admitted by the environment, and nothing broader is.
        for (const tag of workflow.on.push?.tags ?? []) expect(env.tags).toContain(tag);
        if (repository === 'platform') expect(env.branches).toEqual(['main']);
        checked++;
      }
    }
    expect(checked).toBe(org.services.length * org.environments.length + 1);
  });

  test('prodReviewers replaces the default; {team} is the owning team; the provider and remote state are the organization\'s', () => {
    const reviewed = defineOrganization({ ...acme, delivery: { ...acme.delivery!, github: { ...acme.delivery!.github!, prodReviewers: ['{team}', 'release-managers'] } } });
    const envs = environmentsOf(synth(reviewed, 'reviewed'));
    expect(envs['payments/prod'].reviewers).toEqual(['payments', 'release-managers']);
    expect(envs['payments/staging'].reviewers).toEqual([]);
    expect(json.provider.github).toEqual([{ owner: 'acme' }]);
    expect(json.terraform.backend).toEqual({ gcs: { bucket: acme.terraformState!.gcp!.bucket, prefix: 'acme-github', kms_encryption_key: acme.terraformState!.gcp!.kmsEncryptionKey } });
    expect(json.terraform.required_providers.github.source).toBe('integrations/github');
  });

  test('the spec refuses a reviewer list GitHub would refuse, and delivery.github without remote state', () => {
    const issues = (spec: any) => {
      try {
        defineOrganization(spec);
        return [];
      } catch (e) {
        return (e as SpecValidationError).issues.map((i) => `${i.path}: ${i.message}`);
      }
    };
    const github = (prodReviewers: string[]) => ({ ...acme, delivery: { ...acme.delivery!, github: { ...acme.delivery!.github!, prodReviewers } } });
    expect(issues(github([]))).toEqual(['delivery.github.prodReviewers: [] names no reviewer (expected at least one team slug, like {team}: prod releases are always reviewed)']);
    expect(issues(github(['Release Managers']))).toEqual([
      'delivery.github.prodReviewers[0]: "Release Managers" is not a GitHub team slug (expected lowercase letters, digits, "-" and "_", like release-managers, or {team} for the owning team)',
    ]);
    expect(issues(github(['a', 'b', 'c', 'd', 'e', 'f', 'g']))).toEqual(['delivery.github.prodReviewers: ["a","b","c","d","e","f","g"] names more than 6 teams (expected at most 6: GitHub\'s limit of required reviewers)']);
    const awsOnly = { ...acme, terraformState: undefined, environments: acme.environments.map((e) => ({ ...e, azure: undefined, gcp: undefined })) };
    expect(issues(awsOnly)).toContain('terraformState: is required because delivery.github is set (expected terraformState.gcp or terraformState.azure: the GitHub environments of the team repositories are a Terraform stack, whose state is never local)');
  });
});
