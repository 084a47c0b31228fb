import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { acme } from '../../../examples/acme/org';
import { ExitCode } from '../../../lib/cli/exit-codes';
import { gitHubRepositoryOf, PINNED_ACTIONS, PLATFORM_GATE_CHECK, PLATFORM_WORKFLOW_FILE, platformShards, platformWorkflow, writePipelines } from '../../../lib/pipelines';
import { defineOrganization } from '../../../lib/spec';
import { actionlint } from '../../support/actionlint';
import { baseline } from '../../support/cli';

const org = defineOrganization(acme);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-workflow-'));
const files = writePipelines(org, outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const FILE = `platform/${PLATFORM_WORKFLOW_FILE}`;
const text = fs.readFileSync(path.join(outdir, FILE), 'utf8');
const config = fs.readFileSync(path.join(outdir, 'platform/.github/actionlint.yaml'), 'utf8');
const workflow = yaml.load(text) as any;
const steps = (job: string) => workflow.jobs[job].steps as any[];
const step = (job: string, name: string) => steps(job).find((s) => s.name === name);

describe('the platform repository\'s own workflow', () => {
  test('is written to the platform repository\'s folder of ci.out, with its actionlint config', () => {
    expect(files).toEqual(expect.arrayContaining([FILE, 'platform/.github/actionlint.yaml']));
  });

  test('passes actionlint, and actionlint bites on a broken copy', () => {
    const broken = text.replace('${{ needs.parity.result }}', '${{ needs.parrity.result }}');
    const [clean, problems] = actionlint([
      { file: PLATFORM_WORKFLOW_FILE, text, config },
      { file: PLATFORM_WORKFLOW_FILE, text: broken, config },
    ]);
    expect(clean).toEqual([]);
    expect(problems.map((p) => p.kind)).toContain('expression');
  });

  test('every action is pinned to a full commit SHA of the reviewed table', () => {
    const refs = [...text.matchAll(/uses: (\S+)@(\S+) # (\S+)/g)].map(([, repository, sha, version]) => ({ repository, sha, version }));
    expect(refs).toHaveLength(text.split('\n').filter((l) => /\buses:/.test(l)).length);
    for (const ref of refs) expect(Object.values(PINNED_ACTIONS)).toContainEqual(ref);
  });

  test('the synth matrix is every environment on every cloud it is placed on, and nothing else', () => {
    const expected = org.environments.flatMap((e) => (['aws', 'azure', 'gcp'] as const).filter((c) => e[c]).map((cloud) => ({ environment: e.name, cloud })));
    expect(workflow.jobs.check.strategy).toEqual({ 'fail-fast': false, 'matrix': { include: expected } });
    expect(expected).toHaveLength(9);
    // An environment on one cloud only is one shard.
    const single = defineOrganization({ ...acme, environments: acme.environments.map((e) => (e.name === 'dev' ? { ...e, azure: undefined, gcp: undefined } : e)) });
    expect(platformShards(single).filter((s) => s.environment === 'dev')).toEqual([{ environment: 'dev', cloud: 'aws' }]);
    expect(platformWorkflow(single).jobs.check.strategy!.matrix.include).toHaveLength(7);
  });

  test('each shard checks its part and, on a pull request, gates on the diff against the base branch', () => {
    expect(step('check', 'Synth and policy check').run).toBe('npx baseline check --env "$ENVIRONMENT" --cloud "$CLOUD" --outdir out --report out/policy-report.json');
    expect(step('check', 'Synth and policy check').env).toEqual({ ENVIRONMENT: '${{ matrix.environment }}', CLOUD: '${{ matrix.cloud }}' });
    const diff = step('check', 'Diff against the base branch');
    expect(diff.if).toContain("github.event_name == 'pull_request'");
    expect(diff.run).toContain('npx baseline diff --env "$ENVIRONMENT" --cloud "$CLOUD" --from out --against "origin/${BASE_REF}"');
    expect(diff.run).toMatch(/exit "\$status"$/);
    // The base branch must be in the clone for `--against` to unpack it.
    expect(step('check', 'Check out').with['fetch-depth']).toBe(0);
    expect(workflow.on.pull_request).toEqual({ branches: ['main'] });
  });

  test('the diff step passes the diff\'s exit code on (GitHub runs bash with -e and pipefail is needed)', () => {
    const diff = step('check', 'Diff against the base branch');
    const script = diff.run.replace(/npx baseline diff [^|]*\|/, 'sh -c "echo removed a registry; exit 1" |');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-step-'));
    try {
      const summary = path.join(dir, 'summary.md');
      const ran = spawnSync('bash', ['-e', '-c', script], { env: { ...process.env, GITHUB_STEP_SUMMARY: summary, ENVIRONMENT: 'prod', CLOUD: 'aws', BASE_REF: 'main' }, encoding: 'utf8' });
      expect(ran.status).toBe(1);
      expect(fs.readFileSync(summary, 'utf8')).toBe('### prod on aws: changes against main\n\n```\nremoved a registry\n```\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the baseline command lines of the workflow are ones the CLI accepts', () => {
    const commands = Object.values<any>(workflow.jobs).flatMap((job) => job.steps)
      .flatMap((s: any) => (s.run ?? '').split('\n'))
      .flatMap((line: string) => [...line.matchAll(/npx baseline ([^|&;]+)/g)].map((m) => m[1].trim()));
    expect(commands.map((c: string) => c.split(' ')[0])).toEqual(['check', 'diff', 'synth', 'parity']);
    for (const command of commands) {
      const args = command.replace(/"\$ENVIRONMENT"/g, 'dev').replace(/"\$CLOUD"/g, 'aws').replace(/"origin\/\$\{BASE_REF\}"/g, 'origin/main').split(' ');
      // Flags are parsed before the organization loads: a usage error would exit 2, a missing organization exits 3.
      const ran = baseline([...args, '--org', path.join(outdir, 'no-such-org.ts')]);
      expect([command, ran.status]).toEqual([command, ExitCode.INVALID_ORGANIZATION]);
    }
  });

  test('the required check gathers every shard and parity, and fails unless all of them passed', () => {
    const gate = workflow.jobs.gate;
    expect(gate.name).toBe(PLATFORM_GATE_CHECK);
    expect(gate.needs).toEqual(['check', 'parity']);
    expect(gate.if).toBe('${{ always() }}');
    const verdict = (CHECK: string, PARITY: string) => spawnSync('bash', ['-e', '-c', gate.steps[0].run], { env: { ...process.env, CHECK, PARITY } }).status;
    expect([verdict('success', 'success'), verdict('failure', 'success'), verdict('success', 'cancelled'), verdict('skipped', 'success')]).toEqual([0, 1, 1, 1]);
  });

  test('parity runs over the whole organization and the committed workflow must equal the generated one', () => {
    expect(steps('parity').map((s) => s.run).filter(Boolean)).toEqual([
      'npm ci',
      'npx baseline synth --outdir out',
      'npx baseline parity --from out',
      expect.stringContaining(`diff -u "$GENERATED" ${PLATFORM_WORKFLOW_FILE}`),
    ]);
    expect(step('parity', 'The committed workflows are the generated ones').env.GENERATED).toBe(`out/ci.out/platform/${PLATFORM_WORKFLOW_FILE}`);
  });

  test('least privilege: read-only jobs, no OIDC token, and the only secrets are the GitOps app\'s, in the gitops environment', () => {
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of Object.entries<any>(workflow.jobs)) {
      expect([id, job.permissions]).toEqual([id, ['check', 'parity'].includes(id) ? { contents: 'read' } : {}]);
    }
    expect(text).not.toContain('id-token');
    const secrets = [...new Set([...text.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]))].sort();
    expect(secrets).toEqual(['GITOPS_APP_ID', 'GITOPS_APP_PRIVATE_KEY']);
    expect(workflow.jobs.gitops.environment).toEqual({ name: 'gitops' });
    expect(workflow.jobs.gitops.if).toBe("${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}");
    expect(workflow.jobs.gitops.needs).toEqual(['gate']);
  });

  test('the GitOps job commits every shard\'s manifests to the configured repository, revision and folder', () => {
    const token = step('gitops', 'Token for the GitOps repository');
    expect(token.with).toMatchObject({ owner: 'acme', repositories: 'platform-gitops' });
    expect(step('gitops', 'Check out the GitOps repository').with).toMatchObject({ repository: 'acme/platform-gitops', ref: 'main', path: 'gitops' });
    expect(step('gitops', 'Download every shard').with).toEqual({ 'pattern': 'synth-*', 'path': 'synth', 'merge-multiple': true });
    expect(step('check', 'Keep the synthesized output').with.name).toBe('synth-${{ matrix.environment }}-${{ matrix.cloud }}');
    expect(step('gitops', 'Commit the manifests').env).toEqual({ GITOPS_PATH: 'cdk8s.out', GITOPS_REVISION: 'main' });
  });

  test('the GitOps commit step replaces the folder, commits only on change, and pushes to the revision', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-step-'));
    const sh = (cmd: string, cwd = dir) => {
      const r = spawnSync('bash', ['-e', '-c', cmd], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
      if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
      return r.stdout;
    };
    try {
      // A bare "remote" with one old environment folder, cloned where actions/checkout puts it.
      sh('git init -q --bare -b main remote.git && git clone -q remote.git seed && mkdir -p seed/cdk8s.out/gone/aws && echo old > seed/cdk8s.out/gone/aws/x.k8s.yaml'
        + ' && cd seed && git add -A && git commit -qm seed && git push -q origin main && cd .. && git clone -q remote.git gitops');
      sh('mkdir -p synth/cdk8s.out/dev/aws && echo "kind: Namespace" > synth/cdk8s.out/dev/aws/baseline.k8s.yaml');
      const run = step('gitops', 'Commit the manifests').run as string;
      const env = 'export GITOPS_PATH=cdk8s.out GITOPS_REVISION=main GITHUB_REPOSITORY=acme/platform GITHUB_REPOSITORY_OWNER=acme GITHUB_SHA=0123456789abcdef GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=1\n';
      sh(env + run);
      expect(sh('git --git-dir=remote.git ls-tree -r --name-only main').trim().split('\n')).toEqual(['cdk8s.out/dev/aws/baseline.k8s.yaml']);
      expect(sh('git --git-dir=remote.git log -1 --format=%s main').trim()).toBe('deploy: acme/platform@0123456789ab');
      // Nothing changed: no commit.
      expect(sh(env + run)).toContain('no manifest changed');
      expect(sh('git --git-dir=remote.git rev-list --count main').trim()).toBe('2');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a GitOps repository outside GitHub gets no publish job; without delivery.github there is no workflow', () => {
    expect(gitHubRepositoryOf('https://github.com/acme/platform-gitops.git')).toEqual({ owner: 'acme', name: 'platform-gitops' });
    expect(gitHubRepositoryOf('https://gitlab.acme.example/platform/gitops.git')).toBeUndefined();
    const elsewhere = defineOrganization({ ...acme, delivery: { ...acme.delivery!, gitopsRepoUrl: 'https://gitlab.acme.example/platform/gitops.git' } });
    expect(Object.keys(platformWorkflow(elsewhere).jobs)).toEqual(['check', 'parity', 'gate']);
    const bare = defineOrganization({ ...acme, delivery: { gitopsRepoUrl: acme.delivery!.gitopsRepoUrl } });
    expect(() => platformWorkflow(bare)).toThrow(
      'platformWorkflow: organization "acme" has no delivery.github (expected the GitHub owner and platform repository, like { owner: \'acme\', platformRepository: \'platform\' })');
  });
});
