import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { acme } from '../../../examples/acme/org';
import { awsCiRoleName, gcpCiServiceAccountId, PINNED_ACTIONS, serviceWorkflow, writePipelines } from '../../../lib/pipelines';
import { registryPrefix } from '../../../lib/platform/image-reference';
import { defineOrganization } from '../../../lib/spec';
import { actionlint } from '../../support/actionlint';

const org = defineOrganization(acme);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-'));
const files = writePipelines(org, outdir);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

const read = (relative: string) => fs.readFileSync(path.join(outdir, relative), 'utf8');
const WORKFLOWS = org.services.map((s) => [s.name, `${s.team}/.github/workflows/${s.name}.yml`] as const);
const renderStepsText = (o: ReturnType<typeof defineOrganization>) => JSON.stringify(serviceWorkflow(o, o.services[0]));
const workflowOf = (service: string) => yaml.load(read(WORKFLOWS.find(([s]) => s === service)![1])) as any;

describe('generated GitHub Actions workflows', () => {
  test('one workflow per service, in its team repository folder, with the actionlint config of each team', () => {
    // Next to them, the platform repository's own (test/lib/pipelines/platform-workflow.test.ts).
    expect(files.filter((f) => f.includes('/workflows/')).sort()).toEqual([...WORKFLOWS.map(([, f]) => f), 'platform/.github/workflows/baseline.yml'].sort());
    expect(files.filter((f) => f.endsWith('actionlint.yaml')).sort()).toEqual([...org.teams.map((t) => t.name), 'platform'].map((r) => `${r}/.github/actionlint.yaml`).sort());
  });

  // One actionlint run for every workflow (a child process; see test/support/actionlint.ts).
  const configOf = (file: string) => read(`${file.split('/')[0]}/.github/actionlint.yaml`);
  const linted = actionlint(WORKFLOWS.map(([, file]) => ({ file: `.github/workflows/${path.basename(file)}`, text: read(file), config: configOf(file) })));

  test.each(WORKFLOWS.map(([service], i) => [service, i] as const))('%s passes actionlint', (_service, i) => {
    expect(linted[i]).toEqual([]);
  });

  test('actionlint catches a broken workflow and an undeclared runner label (the check bites)', () => {
    const [service, file] = WORKFLOWS[0];
    const broken = read(file).replace('${{ needs.build.outputs.version }}', '${{ needs.compile.outputs.version }}');
    const [problems, undeclared] = actionlint([
      { file: `.github/workflows/${service}.yml`, text: broken, config: configOf(file) },
      { file: `.github/workflows/${service}.yml`, text: read(file) },
    ]);
    expect(problems.map((p) => p.kind)).toContain('expression');
    expect(undeclared.map((p) => p.kind)).toContain('runner-label');
  });

  test.each(WORKFLOWS)('%s: every action is pinned to a full commit SHA of the reviewed table', (_service, file) => {
    const refs = [...read(file).matchAll(/uses: (\S+)@(\S+) # (\S+)/g)].map(([, repo, sha, version]) => ({ repo, sha, version }));
    const usesLines = read(file).split('\n').filter((l) => /\buses:/.test(l));
    expect(refs).toHaveLength(usesLines.length);
    const pinned = Object.values(PINNED_ACTIONS);
    for (const ref of refs) {
      expect(ref.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(pinned).toContainEqual({ repository: ref.repo, sha: ref.sha, version: ref.version });
    }
  });

  test.each(WORKFLOWS)('%s: least privilege, an OIDC token only in the jobs that federate, no long-lived cloud key', (service, file) => {
    const workflow = workflowOf(service);
    expect(workflow.permissions).toEqual({});
    for (const [id, job] of Object.entries<any>(workflow.jobs)) {
      expect(job.permissions).toBeDefined();
      const federates = job.steps.some((s: any) => /configure-aws-credentials|azure\/login|google-github-actions\/auth/.test(s.uses ?? ''));
      expect([id, job.permissions['id-token'] === 'write']).toEqual([id, federates]);
      if (federates) expect(job.permissions).toEqual({ 'id-token': 'write' });
    }
    expect(workflow.jobs.build.permissions).toEqual({ contents: 'read' });
    // Every secret a workflow reads: identifiers known only after apply, and the GitHub App that opens release PRs.
    const secrets = new Set([...read(file).matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]));
    expect([...secrets].sort()).toEqual(['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'GCP_WORKLOAD_IDENTITY_PROVIDER', 'RELEASE_APP_ID', 'RELEASE_APP_PRIVATE_KEY']);
    expect(read(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|credentials_json|\bcreds:|client-secret/);
  });

  test('a release tag publishes environment by environment in tier order; pull requests publish nothing', () => {
    const workflow = workflowOf('payments-api');
    const { jobs } = workflow;
    expect(Object.keys(jobs)).toEqual(['build', 'publish-dev', 'publish-staging', 'publish-prod', 'release']);
    expect(jobs['publish-dev'].needs).toEqual(['build']);
    expect(jobs['publish-staging'].needs).toEqual(['build', 'publish-dev']);
    expect(jobs['publish-prod'].needs).toEqual(['build', 'publish-staging']);
    expect(jobs.release.needs).toEqual(['build', 'publish-prod']);
    for (const id of ['publish-dev', 'publish-staging', 'publish-prod']) {
      expect(jobs[id].environment).toEqual({ name: id.replace('publish-', '') });
      expect(jobs[id].if).toBe("startsWith(github.ref, 'refs/tags/payments-api/v')");
    }
    expect(workflow.on.push.tags).toEqual(['payments-api/v*']);
    expect(workflow.on.pull_request.paths).toEqual(['services/payments-api/**', '.github/workflows/payments-api.yml']);
    expect(workflow.concurrency.group).toBe('payments-api-${{ github.ref }}');
    // The image scan runs before the artifact that every publish job pushes is kept.
    const names = jobs.build.steps.map((s: any) => s.name);
    expect(names.indexOf('Image vulnerability scan (gates every push)')).toBeLessThan(names.indexOf('Keep the scanned image for publishing'));
  });

  test('each publish job signs in as its team\'s CI identity and pushes to that environment\'s registries', () => {
    const service = org.services.find((s) => s.name === 'payments-api')!;
    const workflow = workflowOf(service.name);
    for (const env of org.environments) {
      const steps = workflow.jobs[`publish-${env.name}`].steps;
      const aws = steps.find((s: any) => s.uses?.startsWith('aws-actions/'));
      expect(aws.with['role-to-assume']).toBe(`arn:aws:iam::${env.aws!.account}:role/${awsCiRoleName(org.name, env.name, service.team)}`);
      expect(aws.with['aws-region']).toBe(env.aws!.region);
      const gcp = steps.find((s: any) => s.uses?.startsWith('google-github-actions/'));
      expect(gcp.with.service_account).toBe(`${gcpCiServiceAccountId(service.team)}@${env.gcp!.project}.iam.gserviceaccount.com`);
      const repositories = steps.filter((s: any) => s.env?.REPOSITORY).map((s: any) => s.env.REPOSITORY);
      expect(repositories).toEqual([
        `${registryPrefix(org, env, 'aws')}${service.name}`,
        `${registryPrefix(org, env, 'azure')}${service.team}/${service.name}`,
        `${registryPrefix(org, env, 'gcp')}${service.team}/${service.name}`,
      ]);
    }
  });

  test('on GCP the pushed digest is signed keyless, signed with the KMS key and attested for Binary Authorization', () => {
    const step = workflowOf('payments-api').jobs['publish-prod'].steps.find((st: any) => st.env?.ATTESTOR);
    // Run the step with stand-ins for docker, cosign and gcloud that record their arguments.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-step-'));
    try {
      const log = path.join(dir, 'calls.log');
      for (const tool of ['docker', 'cosign', 'gcloud']) {
        const inspect = tool === 'docker' ? 'if [ "$1 $2" = "image inspect" ]; then echo "other@sha256:0"; echo "${REPOSITORY}@sha256:abc"; fi\n' : '';
        fs.writeFileSync(path.join(dir, tool), `#!/bin/bash\necho "${tool} $*" >> "${log}"\n${inspect}`, { mode: 0o755 });
      }
      const ran = spawnSync('bash', ['-e', '-c', step.run], {
        env: { ...process.env, ...step.env, PATH: `${dir}:${process.env.PATH}`, SERVICE: 'payments-api', VERSION: 'v1.2.3', RUNNER_TEMP: '/runner' },
        encoding: 'utf8',
      });
      expect(ran.status).toBe(0);
      const digest = `${step.env.REPOSITORY}@sha256:abc`;
      expect(fs.readFileSync(log, 'utf8').trim().split('\n').filter((l) => !l.startsWith('docker'))).toEqual([
        `cosign sign --yes ${digest}`,
        `cosign attest --yes --type spdxjson --predicate /runner/image/sbom.spdx.json ${digest}`,
        `cosign sign --yes --key gcpkms://projects/acme-security/locations/global/keyRings/release/cryptoKeys/cosign/versions/1 ${digest}`,
        `gcloud beta container binauthz attestations sign-and-create --project=${org.environments.find((e) => e.name === 'prod')!.gcp!.project} --artifact-url=${digest}`
          + ` --attestor=${step.env.ATTESTOR} --keyversion=${org.imageSigning!.gcpKmsKeyVersion} --validate`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Without the KMS key (no GCP environment needs it), nothing is attested.
    const awsAzure = defineOrganization({
      ...acme,
      environments: acme.environments.map((e) => ({ ...e, gcp: undefined })),
      imageSigning: { ...acme.imageSigning!, gcpKmsKeyVersion: undefined },
    });
    expect(renderStepsText(awsAzure)).not.toMatch(/gcpkms|binauthz/);
  });

  test('output is deterministic: a second synth writes the same bytes', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-'));
    try {
      writePipelines(org, again);
      for (const f of files) expect([f, fs.readFileSync(path.join(again, f), 'utf8')]).toEqual([f, read(f)]);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  test('without delivery.github there are no workflows, and asking for one names what is missing', () => {
    const bare = defineOrganization({ ...acme, delivery: { gitopsRepoUrl: 'https://github.com/acme/platform-gitops.git' } });
    expect(writePipelines(bare, path.join(outdir, 'none'))).toEqual([]);
    expect(() => serviceWorkflow(bare, bare.services[0])).toThrow(
      'serviceWorkflow: organization "acme" has no delivery.github (expected the GitHub owner and platform repository, like { owner: \'acme\', platformRepository: \'platform\' })');
  });
});
