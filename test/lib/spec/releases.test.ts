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
      'releases["ledger"]: 3 is not a release (expected { "version": "v2.3.1", "committedAt": "2026-12-03T18:45:00Z" }, or a bare release tag like "v2.3.1")',
    ]);
    expect(issuesOf(['v1'])).toEqual(['releases: ["v1"] is not a releases map (expected a JSON object of service name to release, like { "checkout": { "version": "v2.3.1", "committedAt": "2026-12-03T18:45:00Z" } })']);
  });

  test('an entry with its commit time sets release and releaseCommittedAt; a bare tag clears an older commit time', () => {
    const spec = withReleases(acme, { 'payments-api': { version: 'v1.4.2', committedAt: '2026-12-01T09:30:00Z' } });
    const org = defineOrganization(spec);
    expect(org.services.find((s) => s.name === 'payments-api')).toMatchObject({ release: 'v1.4.2', releaseCommittedAt: '2026-12-01T09:30:00Z' });
    expect(org.services.find((s) => s.name === 'checkout')!.releaseCommittedAt).toBeUndefined();
    // The commit time belongs to the version it came with: a later bare tag must not inherit it.
    const later = defineOrganization(withReleases(spec, { 'payments-api': 'v1.5.0' })).services.find((s) => s.name === 'payments-api')!;
    expect([later.release, later.releaseCommittedAt]).toEqual(['v1.5.0', undefined]);
  });

  test('every problem of the entries at once: a bad version, a commit time that is no UTC timestamp, a missing version, another field', () => {
    expect(issuesOf({
      'payments-api': { version: 'latest', committedAt: '2026-12-01 09:30' },
      'checkout': { committedAt: '2026-02-30T10:00:00Z' },
      'ledger': { version: 'v1.0.0', commit: 'abc123' },
    })).toEqual([
      'releases["payments-api"].version: "latest" is not a release tag (expected an immutable image tag like v1.4.2; never "latest")',
      'releases["payments-api"].committedAt: "2026-12-01 09:30" is not an RFC 3339 UTC timestamp (expected the commit time to the second, ending in Z, like 2026-12-03T18:45:00Z)',
      'releases["checkout"].version: is missing (expected the release tag, like { "version": "v2.3.1", "committedAt": "2026-12-03T18:45:00Z" })',
      'releases["checkout"].committedAt: "2026-02-30T10:00:00Z" is not an RFC 3339 UTC timestamp (expected the commit time to the second, ending in Z, like 2026-12-03T18:45:00Z)',
      'releases["ledger"].commit: is not a field of a release (expected only version and committedAt, like { "version": "v2.3.1", "committedAt": "2026-12-03T18:45:00Z" })',
    ]);
  });

  test('the spec refuses a releaseCommittedAt that is no UTC timestamp', () => {
    const services = acme.services!.map((s) => (s.name === 'ledger' ? { ...s, releaseCommittedAt: '2026-12-01T09:30:00+01:00' } : s));
    expect(() => defineOrganization({ ...acme, services })).toThrow(
      `services[${acme.services!.findIndex((s) => s.name === 'ledger')}].releaseCommittedAt: "2026-12-01T09:30:00+01:00" is not an RFC 3339 UTC timestamp (expected the commit time to the second, ending in Z, like 2026-12-03T18:45:00Z)`,
    );
  });

  test('what the generated release job writes is what withReleases reads (the jobs\' own scripts, run against local repositories)', () => {
    const org = defineOrganization(acme);
    const workflowOf = (service: string) => serviceWorkflow(org, org.services.find((s) => s.name === service)!);
    const stepScript = (service: string, job: string, step: string) => workflowOf(service).jobs[job].steps.find((s) => s.name === step)!.run!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-job-'));
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GITHUB_REPOSITORY_OWNER: 'acme', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/payments', GITHUB_RUN_ID: '7' };
    const sh = (cmd: string, cwd: string, extra: Record<string, string> = {}) => {
      const r = spawnSync('bash', ['-e', '-c', cmd], { cwd, env: { ...env, ...extra }, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd}\n${r.stderr}`);
      return r.stdout;
    };
    try {
      // The team repository at a release tag, its commit made at 10:30 in UTC+2: the build job's Version step
      // gives the version and the commit time in UTC.
      sh('git init -q -b main team && cd team && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m change && git tag payments-api/v1.4.2', dir, {
        GIT_COMMITTER_DATE: '2026-12-01T10:30:00+02:00', GIT_AUTHOR_DATE: '2026-11-30T08:00:00+02:00',
      });
      const outputs = path.join(dir, 'outputs');
      sh(stepScript('payments-api', 'build', 'Version'), path.join(dir, 'team'), { SERVICE: 'payments-api', GITHUB_REF: 'refs/tags/payments-api/v1.4.2', GITHUB_SHA: 'x', GITHUB_OUTPUT: outputs });
      const built = Object.fromEntries(fs.readFileSync(outputs, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
      expect(built).toEqual({ version: 'v1.4.2', committed_at: '2026-12-01T08:30:00Z' });
      // The release job reads exactly those outputs of the build job.
      expect(workflowOf('payments-api').jobs.release.steps.find((s) => s.name === 'Propose the release')!.env).toMatchObject({
        VERSION: '${{ needs.build.outputs.version }}', COMMITTED_AT: '${{ needs.build.outputs.committed_at }}',
      });
      expect(workflowOf('payments-api').jobs.build.outputs).toEqual({
        version: '${{ steps.version.outputs.version }}', committed_at: '${{ steps.version.outputs.committed_at }}',
      });

      // The platform repository as actions/checkout leaves it, without releases.json yet; `gh` records the pull request.
      sh('git init -q --bare -b main remote.git && git clone -q remote.git platform 2>/dev/null && cd platform && git -c user.name=t -c user.email=t@t commit -q --allow-empty -m init && git push -q origin main', dir);
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.writeFileSync(path.join(dir, 'bin', 'gh'), `#!/bin/bash\necho "$*" >> "${dir}/gh.log"\n`, { mode: 0o755 });
      const release = (service: string, version: string, committedAt: string) => {
        sh('git checkout -q main', path.join(dir, 'platform'));
        sh(stepScript(service, 'release', 'Propose the release'), path.join(dir, 'platform'), {
          SERVICE: service, VERSION: version, COMMITTED_AT: committedAt, GH_TOKEN: 'x', PATH: `${dir}/bin:${process.env.PATH}`,
        });
        return sh(`git --git-dir=remote.git show release/${service}-${version}:releases.json`, dir);
      };
      expect(JSON.parse(release('payments-api', built.version, built.committed_at))).toEqual({ 'payments-api': { version: 'v1.4.2', committedAt: '2026-12-01T08:30:00Z' } });
      // The next release starts from main, where the first one is merged.
      sh('git checkout -q main && git merge -q --ff-only release/payments-api-v1.4.2 && git push -q origin main', path.join(dir, 'platform'));
      const file = release('checkout', 'v2.0.0', '2026-12-02T16:05:09Z');
      expect(file).toBe([
        '{',
        '  "checkout": {',
        '    "committedAt": "2026-12-02T16:05:09Z",',
        '    "version": "v2.0.0"',
        '  },',
        '  "payments-api": {',
        '    "committedAt": "2026-12-01T08:30:00Z",',
        '    "version": "v1.4.2"',
        '  }',
        '}',
        '',
      ].join('\n'));
      const released = defineOrganization(withReleases(acme, JSON.parse(file)));
      expect(released.services.filter((s) => ['checkout', 'payments-api'].includes(s.name)).map((s) => [s.name, s.release, s.releaseCommittedAt])).toEqual([
        ['payments-api', 'v1.4.2', '2026-12-01T08:30:00Z'],
        ['checkout', 'v2.0.0', '2026-12-02T16:05:09Z'],
      ]);
      expect(fs.readFileSync(path.join(dir, 'gh.log'), 'utf8').split('\n')[0]).toMatch(/^pr create --base main --head release\/payments-api-v1\.4\.2 --title release: payments-api v1\.4\.2 /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
