import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acme } from '../../../examples/acme/org';
import { serviceWorkflow } from '../../../lib/pipelines';
import { defineOrganization, SpecValidationError, withReleases } from '../../../lib/spec';

const issuesOf = (releases: unknown) => {
  try {
    withReleases(acme, releases);
    return [];
  } catch (e) {
    return (e as SpecValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
};

describe('withReleases: releases.json read by the organization file', () => {
  test('sets the release of each named service and keeps the others', () => {
    const org = defineOrganization(withReleases(acme, { 'payments-api': 'v1.4.2', 'checkout': 'v2.0.0-rc.1' }));
    const releaseOf = (name: string) => org.services.find((s) => s.name === name)!.release;
    expect([releaseOf('payments-api'), releaseOf('checkout')]).toEqual(['v1.4.2', 'v2.0.0-rc.1']);
    expect(releaseOf('catalog')).toBe(defineOrganization(acme).services.find((s) => s.name === 'catalog')!.release);
  });

  test('every problem at once: an unknown service, a moving tag, a value that is no string; a file that is no map', () => {
    expect(issuesOf({ 'payment-api': 'v1.0.0', 'checkout': 'latest', 'ledger': 3 })).toEqual([
      `releases["payment-api"]: names no service of the organization (expected one of ${acme.services!.map((s) => s.name).sort().join(', ')}: remove the entry of a service that is gone)`,
      'releases["checkout"]: "latest" is not a release tag (expected an immutable image tag like v1.4.2; never "latest")',
      'releases["ledger"]: 3 is not a release tag (expected an immutable image tag like v1.4.2; never "latest")',
    ]);
    expect(issuesOf(['v1'])).toEqual(['releases: ["v1"] is not a releases map (expected a JSON object of service name to release tag, like { "checkout": "v2.3.1" })']);
  });

  test('what the generated release job writes is what withReleases reads (the job\'s script, run against a local remote)', () => {
    const org = defineOrganization(acme);
    const script = (service: string) => serviceWorkflow(org, org.services.find((s) => s.name === service)!).jobs.release.steps.find((s) => s.name === 'Propose the release')!.run!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-job-'));
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GITHUB_REPOSITORY_OWNER: 'acme', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/payments', GITHUB_RUN_ID: '7' };
    const sh = (cmd: string, cwd: string, extra: Record<string, string> = {}) => {
      const r = spawnSync('bash', ['-e', '-c', cmd], { cwd, env: { ...env, ...extra }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd}\n${r.stderr}`);
      return r.stdout;
    };
    try {
      // The platform repository as actions/checkout leaves it, without releases.json yet; `gh` records the pull request.
      sh('git init -q --bare -b main remote.git && git clone -q remote.git platform 2>/dev/null && cd platform && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m init && git push -q origin main', dir);
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.writeFileSync(path.join(dir, 'bin', 'gh'), `#!/bin/bash\necho "$*" >> "${dir}/gh.log"\n`, { mode: 0o755 });
      const release = (service: string, version: string) => {
        sh('git checkout -q main', path.join(dir, 'platform'));
        sh(script(service), path.join(dir, 'platform'), { SERVICE: service, VERSION: version, GH_TOKEN: 'x', PATH: `${dir}/bin:${process.env.PATH}` });
        return sh(`git --git-dir=remote.git show release/${service}-${version}:releases.json`, dir);
      };
      expect(JSON.parse(release('payments-api', 'v1.4.2'))).toEqual({ 'payments-api': 'v1.4.2' });
      // The next release starts from main, where the first one is merged.
      sh('git checkout -q main && git merge -q --ff-only release/payments-api-v1.4.2 && git push -q origin main', path.join(dir, 'platform'));
      const file = release('checkout', 'v2.0.0');
      expect(file).toBe('{\n  "checkout": "v2.0.0",\n  "payments-api": "v1.4.2"\n}\n');
      const released = defineOrganization(withReleases(acme, JSON.parse(file)));
      expect(released.services.filter((s) => ['checkout', 'payments-api'].includes(s.name)).map((s) => [s.name, s.release])).toEqual([['payments-api', 'v1.4.2'], ['checkout', 'v2.0.0']]);
      expect(fs.readFileSync(path.join(dir, 'gh.log'), 'utf8').split('\n')[0]).toMatch(/^pr create --base main --head release\/payments-api-v1\.4\.2 --title release: payments-api v1\.4\.2 /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
