import { awsCiRoleName, cosignGcpKmsUri, gcpAttestorName, gcpCiServiceAccountId } from './ci-identity';
import { PINNED_ACTIONS, uses } from './pinned-actions';
import { acrRegistryName } from '../../constructs/azure/private/registry-name';
import { registryPrefix } from '../platform/image-reference';
import type { Cloud, Environment, Organization, Service } from '../spec';
import { TIERS } from '../spec/tiers';

/** The GitHub-hosted runner every job runs on: a fixed image, so a runner upgrade is a reviewed change here. */
export const RUNNER = 'ubuntu-24.04';

/** A GitHub Actions workflow as data (the subset the generator writes). */
export interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly concurrency: { readonly 'group': string; readonly 'cancel-in-progress': string | boolean };
  readonly env: Record<string, string>;
  readonly jobs: Record<string, WorkflowJob>;
}

/** One job of a {@link Workflow}. */
export interface WorkflowJob {
  readonly 'name': string;
  readonly 'needs'?: readonly string[];
  readonly 'if'?: string;
  readonly 'runs-on': string;
  readonly 'timeout-minutes': number;
  readonly 'environment'?: { readonly name: string };
  readonly 'strategy'?: { readonly 'fail-fast': boolean; readonly 'matrix': { readonly include: readonly Record<string, string>[] } };
  readonly 'permissions': Record<string, string>;
  readonly 'outputs'?: Record<string, string>;
  readonly 'steps': readonly WorkflowStep[];
}

/** One step of a {@link WorkflowJob}. */
export interface WorkflowStep {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
  readonly run?: string;
}

/** The folder of a service in its team's repository: its Dockerfile and code. */
export function serviceSourcePath(service: Service): string {
  return `services/${service.name}`;
}

/** The Git tag prefix that releases a service: pushing `<service>/v1.4.2` releases `v1.4.2`. */
export function releaseTagPrefix(service: Service): string {
  return `${service.name}/v`;
}

/**
 * The workflow of one service, for its team's repository (`.github/workflows/<service>.yml`).
 *
 * - Pull requests and pushes to `main` that touch the service (path filters) build it, run its Dockerfile's `test`
 *   stage (unit tests and static analysis), scan its dependencies and the image; nothing is pushed.
 * - A release tag `<service>/vX.Y.Z` does the same, then publishes the scanned image environment by environment in
 *   tier order (dev, staging, prod). Each publish job runs in the GitHub environment of the same name (prod's
 *   protection rules ask for reviewers) and is the only job that gets an OIDC token: it federates to the team's
 *   CI identity of that environment on each cloud, pushes to the environment's registries, signs the image
 *   (cosign keyless) and attaches its SBOM as a signed attestation.
 * - Last, a pull request on the platform repository sets the service's release in `releases.json`: its version and
 *   when its commit was made (the start of the lead time each cluster measures). Argo CD deploys it from there; CI
 *   never talks to a cluster.
 */
export function serviceWorkflow(org: Organization, service: Service): Workflow {
  const github = org.delivery?.github;
  if (!github) {
    throw new Error(`serviceWorkflow: organization ${JSON.stringify(org.name)} has no delivery.github (expected the GitHub owner and platform repository, like { owner: 'acme', platformRepository: 'platform' })`);
  }
  const source = serviceSourcePath(service);
  const workflowFile = `.github/workflows/${service.name}.yml`;
  const isRelease = `startsWith(github.ref, 'refs/tags/${releaseTagPrefix(service)}')`;
  const cache = `scope=${service.name}`;

  const build: WorkflowJob = {
    'name': 'build, test and scan',
    'runs-on': RUNNER,
    'timeout-minutes': 30,
    'permissions': { contents: 'read' },
    'outputs': { version: '${{ steps.version.outputs.version }}', committed_at: '${{ steps.version.outputs.committed_at }}' },
    'steps': [
      { name: 'Check out', uses: uses(PINNED_ACTIONS.checkout), with: { 'persist-credentials': false } },
      {
        name: 'Version',
        id: 'version',
        // A release tag gives the version; anything else is a commit build that is never published.
        run: [
          'if [[ "$GITHUB_REF" == refs/tags/${SERVICE}/v* ]]; then',
          '  version="${GITHUB_REF#refs/tags/${SERVICE}/}"',
          '  [[ "$version" =~ ^v[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { echo "::error::release tag $GITHUB_REF is not ${SERVICE}/vMAJOR.MINOR.PATCH"; exit 1; }',
          'else',
          '  version="sha-${GITHUB_SHA::12}"',
          'fi',
          'echo "version=$version" >> "$GITHUB_OUTPUT"',
          // When the released commit was made (committer time, in UTC): the start of the lead time each cluster measures.
          'echo "committed_at=$(TZ=UTC0 git log -1 --date=format-local:%Y-%m-%dT%H:%M:%SZ --format=%cd HEAD)" >> "$GITHUB_OUTPUT"',
        ].join('\n'),
      },
      { name: 'Set up Docker Buildx', uses: uses(PINNED_ACTIONS.setupBuildx) },
      {
        name: 'Unit tests and static analysis (Dockerfile stage "test")',
        uses: uses(PINNED_ACTIONS.buildPush),
        with: { 'context': source, 'target': 'test', 'cache-from': `type=gha,${cache}`, 'cache-to': `type=gha,mode=max,${cache}` },
      },
      {
        name: 'Dependency, secret and Dockerfile scan',
        uses: uses(PINNED_ACTIONS.trivy),
        with: { 'scan-type': 'fs', 'scan-ref': source, 'scanners': 'vuln,secret,misconfig', 'severity': 'HIGH,CRITICAL', 'exit-code': '1' },
      },
      {
        name: 'Build the image',
        uses: uses(PINNED_ACTIONS.buildPush),
        with: {
          'context': source,
          'cache-from': `type=gha,${cache}`,
          'tags': `${service.name}:\${{ steps.version.outputs.version }}`,
          'outputs': 'type=docker,dest=${{ runner.temp }}/image/image.tar',
        },
      },
      {
        name: 'Image vulnerability scan (gates every push)',
        uses: uses(PINNED_ACTIONS.trivy),
        with: { 'input': '${{ runner.temp }}/image/image.tar', 'severity': 'HIGH,CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' },
      },
      {
        name: 'SBOM (SPDX)',
        uses: uses(PINNED_ACTIONS.trivy),
        with: { input: '${{ runner.temp }}/image/image.tar', format: 'spdx-json', output: '${{ runner.temp }}/image/sbom.spdx.json' },
      },
      {
        name: 'Keep the scanned image for publishing',
        if: isRelease,
        uses: uses(PINNED_ACTIONS.uploadArtifact),
        with: { 'name': `${service.name}-image`, 'path': '${{ runner.temp }}/image', 'retention-days': 7, 'if-no-files-found': 'error' },
      },
    ],
  };

  const jobs: Record<string, WorkflowJob> = { build };
  let previous = ['build'];
  for (const tier of TIERS) {
    const envs = org.environments.filter((e) => e.tier === tier && (['aws', 'azure', 'gcp'] as const).some((c) => e[c]));
    if (envs.length === 0) continue;
    for (const env of envs) jobs[publishJobId(env)] = publishJob(org, env, service, [...new Set(['build', ...previous])], isRelease);
    previous = envs.map(publishJobId);
  }

  jobs.release = {
    'name': 'release through GitOps',
    // The build's output is the version; the last tier's publish jobs must all have succeeded.
    'needs': [...new Set(['build', ...previous])],
    'if': isRelease,
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    // The repository token is not used: a GitHub App token limited to the platform repository opens the pull request.
    'permissions': {},
    'steps': [
      {
        name: 'Token for the platform repository',
        id: 'token',
        uses: uses(PINNED_ACTIONS.createGitHubAppToken),
        with: {
          'app-id': '${{ secrets.RELEASE_APP_ID }}',
          'private-key': '${{ secrets.RELEASE_APP_PRIVATE_KEY }}',
          'owner': github.owner,
          'repositories': github.platformRepository,
        },
      },
      {
        name: 'Check out the platform repository',
        uses: uses(PINNED_ACTIONS.checkout),
        with: { repository: `${github.owner}/${github.platformRepository}`, token: '${{ steps.token.outputs.token }}' },
      },
      {
        name: 'Propose the release',
        env: {
          GH_TOKEN: '${{ steps.token.outputs.token }}',
          VERSION: '${{ needs.build.outputs.version }}',
          COMMITTED_AT: '${{ needs.build.outputs.committed_at }}',
        },
        run: [
          'set -euo pipefail',
          'branch="release/${SERVICE}-${VERSION}"',
          // The first release of the organization creates the file; keys stay sorted, so concurrent releases of
          // different services touch different lines and their pull requests merge cleanly.
          '[ -f releases.json ] || echo \'{}\' > releases.json',
          // The commit time travels with the version, so each cluster can measure the lead time from commit to running.
          'jq --sort-keys --arg service "$SERVICE" --arg version "$VERSION" --arg committedAt "$COMMITTED_AT" \\',
          '  \'.[$service] = {version: $version, committedAt: $committedAt}\' releases.json > releases.json.next',
          'mv releases.json.next releases.json',
          'git config user.name "${SERVICE} release"',
          'git config user.email "${GITHUB_REPOSITORY_OWNER}+releases@users.noreply.github.com"',
          'git switch --create "$branch"',
          'git add releases.json',
          'git commit --message "release: ${SERVICE} ${VERSION}"',
          'git push origin "$branch"',
          'gh pr create --base main --head "$branch" --title "release: ${SERVICE} ${VERSION}" \\',
          '  --body "Built, scanned, signed and pushed to every environment by ${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}."',
        ].join('\n'),
      },
    ],
  };

  return {
    name: service.name,
    on: {
      push: { branches: ['main'], tags: [`${releaseTagPrefix(service)}*`], paths: [`${source}/**`, workflowFile] },
      pull_request: { branches: ['main'], paths: [`${source}/**`, workflowFile] },
    },
    permissions: {},
    concurrency: { 'group': `${service.name}-\${{ github.ref }}`, 'cancel-in-progress': "${{ github.event_name == 'pull_request' }}" },
    env: { SERVICE: service.name },
    jobs,
  };
}

function publishJobId(env: Environment): string {
  return `publish-${env.name}`;
}

function publishJob(org: Organization, env: Environment, service: Service, needs: readonly string[], isRelease: string): WorkflowJob {
  const clouds = (['aws', 'azure', 'gcp'] as const).filter((c) => env[c]);
  return {
    'name': `publish to ${env.name} (${clouds.join(', ')})`,
    needs,
    'if': isRelease,
    'runs-on': RUNNER,
    'timeout-minutes': 30,
    // The GitHub environment's rules (reviewers on prod, release tags only) decide whether this job may run; its
    // name is in the OIDC subject (`repo:<owner>/<team>:environment:<env>`), which is all each cloud trusts.
    'environment': { name: env.name },
    'permissions': { 'id-token': 'write' },
    'steps': [
      { name: 'Download the scanned image', uses: uses(PINNED_ACTIONS.downloadArtifact), with: { name: `${service.name}-image`, path: '${{ runner.temp }}/image' } },
      { name: 'Load the image', run: 'docker load --input "$RUNNER_TEMP/image/image.tar"' },
      { name: 'Install cosign', uses: uses(PINNED_ACTIONS.cosignInstaller) },
      ...clouds.flatMap((cloud) => publishSteps(org, env, service, cloud)),
    ],
  };
}

function publishSteps(org: Organization, env: Environment, service: Service, cloud: Cloud): WorkflowStep[] {
  const repository = `${registryPrefix(org, env, cloud)}${cloud === 'aws' ? service.name : `${service.team}/${service.name}`}`;
  const push: WorkflowStep = {
    name: `Push, sign and attest (${cloud})`,
    env: { REPOSITORY: repository, VERSION: '${{ needs.build.outputs.version }}' },
    run: PUSH_SIGN_ATTEST,
  };
  switch (cloud) {
    case 'aws': {
      const aws = env.aws!;
      const role = `arn:aws:iam::${aws.account}:role/${awsCiRoleName(org.name, env.name, service.team)}`;
      return [
        {
          name: `Sign in to AWS ${aws.account} (OIDC)`,
          uses: uses(PINNED_ACTIONS.awsCredentials),
          with: { 'role-to-assume': role, 'aws-region': aws.region, 'role-session-name': `${service.name}-\${{ github.run_id }}`, 'role-duration-seconds': 900 },
        },
        { name: 'Log in to ECR', env: { REGISTRY: repository.split('/')[0] }, run: 'aws ecr get-login-password | docker login --username AWS --password-stdin "$REGISTRY"' },
        push,
      ];
    }
    case 'azure': {
      const azure = env.azure!;
      return [
        {
          name: `Sign in to Azure ${azure.subscriptionId} (OIDC)`,
          uses: uses(PINNED_ACTIONS.azureLogin),
          // Entra ID assigns the identity's client id at apply: it is the Azure stack's output, kept as an
          // environment secret (an id, not a credential).
          with: { 'client-id': '${{ secrets.AZURE_CLIENT_ID }}', 'tenant-id': '${{ secrets.AZURE_TENANT_ID }}', 'subscription-id': azure.subscriptionId },
        },
        { name: 'Log in to ACR', run: `az acr login --name ${acrRegistryName(`${org.name}-${env.name}`)}` },
        push,
      ];
    }
    case 'gcp': {
      const gcp = env.gcp!;
      const kmsKey = org.imageSigning?.gcpKmsKeyVersion;
      return [
        {
          name: `Sign in to Google Cloud ${gcp.project} (OIDC)`,
          uses: uses(PINNED_ACTIONS.googleAuth),
          // The provider's full name holds the project number, known only after apply: the GCP stack's output, kept
          // as an environment secret (a name, not a credential).
          with: { workload_identity_provider: '${{ secrets.GCP_WORKLOAD_IDENTITY_PROVIDER }}', service_account: `${gcpCiServiceAccountId(service.team)}@${gcp.project}.iam.gserviceaccount.com` },
        },
        { name: 'Log in to Artifact Registry', env: { REGISTRY: repository.split('/')[0] }, run: 'gcloud auth configure-docker "$REGISTRY" --quiet' },
        kmsKey === undefined ? push : {
          ...push,
          name: 'Push, sign, attest and attest for Binary Authorization (gcp)',
          env: {
            ...push.env,
            GCP_PROJECT: gcp.project,
            KMS_KEY_VERSION: kmsKey,
            COSIGN_KMS_KEY: cosignGcpKmsUri(kmsKey),
            ATTESTOR: gcpAttestorName(gcp.project, org.name, env.name),
          },
          run: `${PUSH_SIGN_ATTEST}\n${KMS_SIGN_AND_ATTEST}`,
        },
      ];
    }
  }
}

/*
 * Pushes the scanned image under its version, then signs and attests the pushed digest (never a tag, which could
 * move). cosign signs keyless: its certificate names this workflow, which the clusters' admission policies verify.
 */
const PUSH_SIGN_ATTEST = [
  'set -euo pipefail',
  'docker tag "${SERVICE}:${VERSION}" "${REPOSITORY}:${VERSION}"',
  'docker push "${REPOSITORY}:${VERSION}"',
  'digest="$(docker image inspect --format \'{{range .RepoDigests}}{{println .}}{{end}}\' "${REPOSITORY}:${VERSION}" | grep "^${REPOSITORY}@")"',
  'cosign sign --yes "$digest"',
  'cosign attest --yes --type spdxjson --predicate "$RUNNER_TEMP/image/sbom.spdx.json" "$digest"',
].join('\n');

/*
 * GKE admits only images its Binary Authorization attestor vouches for, and attestors verify keys, not keyless
 * identities: the same digest is signed with the organization's Cloud KMS key (for Kyverno's key check) and attested
 * with it. `--validate` checks the attestation against the attestor's public key, so a key that does not match the
 * spec's publicKey fails the release here rather than at admission.
 */
const KMS_SIGN_AND_ATTEST = [
  'cosign sign --yes --key "$COSIGN_KMS_KEY" "$digest"',
  'gcloud beta container binauthz attestations sign-and-create --project="$GCP_PROJECT" --artifact-url="$digest" \\',
  '  --attestor="$ATTESTOR" --keyversion="$KMS_KEY_VERSION" --validate',
].join('\n');
