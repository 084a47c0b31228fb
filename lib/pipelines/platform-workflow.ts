import { PINNED_ACTIONS, uses } from './pinned-actions';
import { RUNNER, Workflow, WorkflowJob, WorkflowStep } from './service-workflow';
import type { Cloud, Organization } from '../spec';

/** Where the platform repository keeps its own workflow (and where `ci.out/<platform repository>/` holds it). */
export const PLATFORM_WORKFLOW_FILE = '.github/workflows/baseline.yml';

/** The name of the job that gathers every shard: the one status check branch protection requires. */
export const PLATFORM_GATE_CHECK = 'baseline check';

/** The Node.js major version the platform workflow runs `baseline` on (the package needs 20.19 or later). */
export const PLATFORM_NODE_VERSION = '22';

/** The GitHub environment whose secrets may push to the GitOps repository (only `main` may deploy to it). */
export const GITOPS_ENVIRONMENT = 'gitops';

/** One shard of the platform workflow: an environment on one of its clouds. */
export interface PlatformShard {
  readonly environment: string;
  readonly cloud: Cloud;
}

/** Every environment on every cloud it is placed on, in spec order: the synth matrix of the platform workflow. */
export function platformShards(org: Organization): PlatformShard[] {
  return org.environments.flatMap((env) => (['aws', 'azure', 'gcp'] as const).filter((c) => env[c] !== undefined).map((cloud) => ({ environment: env.name, cloud })));
}

/**
 * The GitHub repository a `https://github.com/<owner>/<repo>(.git)` GitOps URL names, or undefined for a repository
 * elsewhere (the workflow cannot push there with a GitHub App token, so it does not publish).
 */
export function gitHubRepositoryOf(url: string): { owner: string; name: string } | undefined {
  const match = /^https:\/\/github\.com\/([A-Za-z\d-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  return match ? { owner: match[1], name: match[2] } : undefined;
}

/**
 * The workflow of the platform repository itself (the repository holding the organization file,
 * `delivery.github.platformRepository`), at `.github/workflows/baseline.yml`:
 *
 * - `check`: a matrix over every environment and cloud. Each shard synthesizes only its part
 *   (`baseline check --env <env> --cloud <cloud>`: synth, every policy pack, cdk-nag, the exceptions ledger), and on a
 *   pull request prints `baseline diff` of its part against the base branch into the job summary; a diff that loses
 *   data fails the shard. The synthesized output is kept as an artifact.
 * - `parity`: the whole organization, environment parity across every environment and cloud, and the committed
 *   workflow must be the generated one.
 * - `gate` ("baseline check"): succeeds only when every shard and parity did. It is the one check branch protection
 *   requires, whatever the matrix holds.
 * - `gitops` (pushes to `main` only, with a GitOps repository on GitHub): commits the synthesized manifests of every
 *   shard to the GitOps repository, which Argo CD deploys. Its token comes from a GitHub App whose key is a secret
 *   of the `gitops` GitHub environment, which only `main` may use.
 *
 * A nightly run catches exceptions of the ledger that expire without any change to the repository.
 */
export function platformWorkflow(org: Organization): Workflow {
  const github = org.delivery?.github;
  if (!github) {
    throw new Error(`platformWorkflow: organization ${JSON.stringify(org.name)} has no delivery.github (expected the GitHub owner and platform repository, like { owner: 'acme', platformRepository: 'platform' })`);
  }
  const shard = { ENVIRONMENT: '${{ matrix.environment }}', CLOUD: '${{ matrix.cloud }}' };
  const setup = (fetchAll: boolean): WorkflowStep[] => [
    // The whole history on pull requests: `baseline diff --against origin/<base>` unpacks the base commit's tree.
    { name: 'Check out', uses: uses(PINNED_ACTIONS.checkout), with: { 'persist-credentials': false, ...(fetchAll && { 'fetch-depth': 0 }) } },
    { name: 'Set up Node.js', uses: uses(PINNED_ACTIONS.setupNode), with: { 'node-version': PLATFORM_NODE_VERSION, 'cache': 'npm' } },
    { name: 'Install', run: 'npm ci' },
  ];

  const check: WorkflowJob = {
    'name': 'check ${{ matrix.environment }} on ${{ matrix.cloud }}',
    'runs-on': RUNNER,
    'timeout-minutes': 60,
    'permissions': { contents: 'read' },
    'strategy': { 'fail-fast': false, 'matrix': { include: platformShards(org).map((s) => ({ environment: s.environment, cloud: s.cloud })) } },
    'steps': [
      ...setup(true),
      {
        name: 'Synth and policy check',
        env: shard,
        run: 'npx baseline check --env "$ENVIRONMENT" --cloud "$CLOUD" --outdir out --report out/policy-report.json',
      },
      {
        name: 'Diff against the base branch',
        if: "${{ !cancelled() && github.event_name == 'pull_request' && hashFiles('out/baseline.manifest.json') != '' }}",
        env: { ...shard, BASE_REF: '${{ github.base_ref }}' },
        run: [
          // Not -e: the summary's code block is closed before the diff's exit code is passed on.
          'set +e -uo pipefail',
          '{ echo "### ${ENVIRONMENT} on ${CLOUD}: changes against ${BASE_REF}"; echo; echo \'```\'; } >> "$GITHUB_STEP_SUMMARY"',
          'npx baseline diff --env "$ENVIRONMENT" --cloud "$CLOUD" --from out --against "origin/${BASE_REF}" | tee -a "$GITHUB_STEP_SUMMARY"',
          'status=$?',
          'echo \'```\' >> "$GITHUB_STEP_SUMMARY"',
          'exit "$status"',
        ].join('\n'),
      },
      {
        name: 'Keep the synthesized output',
        if: '${{ !cancelled() }}',
        uses: uses(PINNED_ACTIONS.uploadArtifact),
        with: { 'name': 'synth-${{ matrix.environment }}-${{ matrix.cloud }}', 'path': 'out', 'retention-days': 14, 'if-no-files-found': 'warn' },
      },
    ],
  };

  const parity: WorkflowJob = {
    'name': 'environment parity',
    'runs-on': RUNNER,
    'timeout-minutes': 60,
    'permissions': { contents: 'read' },
    'steps': [
      ...setup(false),
      { name: 'Synth everything', run: 'npx baseline synth --outdir out' },
      { name: 'Parity across every environment and cloud', run: 'npx baseline parity --from out' },
      {
        name: 'The committed workflows are the generated ones',
        env: { GENERATED: `out/ci.out/${github.platformRepository}/${PLATFORM_WORKFLOW_FILE}` },
        run: `diff -u "$GENERATED" ${PLATFORM_WORKFLOW_FILE} || { echo "::error file=${PLATFORM_WORKFLOW_FILE}::differs from what baseline synth generates: copy $GENERATED over it"; exit 1; }`,
      },
    ],
  };

  const gate: WorkflowJob = {
    'name': PLATFORM_GATE_CHECK,
    'needs': ['check', 'parity'],
    // Always reported, so a cancelled or skipped shard blocks the merge instead of leaving the check pending.
    'if': '${{ always() }}',
    'runs-on': RUNNER,
    'timeout-minutes': 5,
    'permissions': {},
    'steps': [{
      name: 'Every shard and parity passed',
      env: { CHECK: '${{ needs.check.result }}', PARITY: '${{ needs.parity.result }}' },
      run: 'echo "check: $CHECK, parity: $PARITY"\ntest "$CHECK" = success && test "$PARITY" = success',
    }],
  };

  const jobs: Record<string, WorkflowJob> = { check, parity, gate };
  const delivery = org.delivery!;
  const gitops = gitHubRepositoryOf(delivery.gitopsRepoUrl);
  if (gitops) {
    jobs.gitops = {
      'name': 'publish the manifests to the GitOps repository',
      'needs': ['gate'],
      'if': "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}",
      'runs-on': RUNNER,
      'timeout-minutes': 15,
      // Its secrets are the `gitops` environment's, which only `main` may deploy to.
      'environment': { name: GITOPS_ENVIRONMENT },
      'permissions': {},
      'steps': [
        {
          name: 'Token for the GitOps repository',
          id: 'token',
          uses: uses(PINNED_ACTIONS.createGitHubAppToken),
          with: { 'app-id': '${{ secrets.GITOPS_APP_ID }}', 'private-key': '${{ secrets.GITOPS_APP_PRIVATE_KEY }}', 'owner': gitops.owner, 'repositories': gitops.name },
        },
        {
          name: 'Check out the GitOps repository',
          uses: uses(PINNED_ACTIONS.checkout),
          with: { repository: `${gitops.owner}/${gitops.name}`, ref: delivery.gitopsRevision, path: 'gitops', token: '${{ steps.token.outputs.token }}' },
        },
        {
          name: 'Download every shard',
          uses: uses(PINNED_ACTIONS.downloadArtifact),
          with: { 'pattern': 'synth-*', 'path': 'synth', 'merge-multiple': true },
        },
        {
          name: 'Commit the manifests',
          env: { GITOPS_PATH: delivery.gitopsPath, GITOPS_REVISION: delivery.gitopsRevision },
          run: [
            'set -euo pipefail',
            // Every environment and cloud is a shard of this run, so the folder is replaced whole: a removed
            // environment or team disappears from the GitOps repository too.
            'rm -rf "gitops/${GITOPS_PATH}"',
            'mkdir -p "gitops/${GITOPS_PATH}"',
            'cp -R synth/cdk8s.out/. "gitops/${GITOPS_PATH}/"',
            'cd gitops',
            'git add --all -- "$GITOPS_PATH"',
            'if git diff --cached --quiet; then echo "no manifest changed"; exit 0; fi',
            'git config user.name "baseline"',
            'git config user.email "${GITHUB_REPOSITORY_OWNER}+baseline@users.noreply.github.com"',
            'git commit --message "deploy: ${GITHUB_REPOSITORY}@${GITHUB_SHA::12}" --message "${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}"',
            'git push origin "HEAD:${GITOPS_REVISION}"',
          ].join('\n'),
        },
      ],
    };
  }

  return {
    name: 'baseline',
    on: {
      pull_request: { branches: ['main'] },
      push: { branches: ['main'] },
      // Exceptions of the ledger expire on a date, not on a commit.
      schedule: [{ cron: '17 5 * * 1-5' }],
      workflow_dispatch: {},
    },
    permissions: {},
    // Pushes to main queue (each publishes in order); a newer commit of a pull request supersedes the older run.
    concurrency: { 'group': 'baseline-${{ github.ref }}', 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" },
    env: { NO_COLOR: '1', CHECKPOINT_DISABLE: '1' },
    jobs,
  };
}
