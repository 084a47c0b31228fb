import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { baseline, jsonOf } from '../../support/cli';

// The `baseline` bin, run as a user runs it (a child process, its exit code, stdout and stderr), on the bundled
// example and on a second organization file written for these tests.
const FIXTURES = path.join(__dirname, 'fixtures');
const GLOBEX = path.join(FIXTURES, 'globex.ts');
const COMMANDS = ['synth', 'check', 'parity', 'diff', 'report', 'graph'];

jest.setTimeout(300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('command line', () => {
  test.each(COMMANDS)('%s --help lists its flags and the exit codes, and exits 0', (command) => {
    const run = baseline([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: baseline ${command} [options]`);
    for (const flag of ['--org <file>', '--env <name>', '--cloud <cloud>', '--json']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 {2}done/);
  });

  test('the top-level help lists every command', () => {
    const run = baseline(['--help']);
    expect(run.status).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} \\[options\\]`, 'm'));
  });

  test('an unknown flag exits 2 and names it', () => {
    const run = baseline(['synth', '--outdri', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--outdri'");
    expect(run.stderr).toContain('(Did you mean --outdir?)');
  });

  test('an unknown cloud exits 2 and says which clouds exist', () => {
    const run = baseline(['synth', '--cloud', 'oracle']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('baseline: --cloud "oracle" is not a cloud (expected aws, azure, gcp)\n');
  });

  test('an unknown environment exits 2 and lists the organization\'s environments', () => {
    const run = baseline(['synth', '--org', GLOBEX, '--env', 'qa', '--outdir', path.join(tmp, 'never')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('baseline: --env "qa": not an environment of globex (expected dev, prod)\n');
    expect(fs.existsSync(path.join(tmp, 'never'))).toBe(false);
  });

  test('an invalid spec exits 3 with every problem and no stack trace', () => {
    const run = baseline(['synth', '--org', path.join(FIXTURES, 'invalid.ts')]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('Invalid organization spec (2 problems):');
    expect(run.stderr).toContain('environments[0].tier: "qa" is not a tier');
    expect(run.stderr).toContain('environments[1].aws.cidr: "10.0.0.0/33" is not an IPv4 CIDR');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test('a file that exports no spec exits 3 and says what it exports', () => {
    const file = path.join(tmp, 'not-an-org.ts');
    fs.writeFileSync(file, 'export const answer = 42;\n');
    const run = baseline(['parity', '--org', file]);
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(`baseline: ${file} exports no organization spec (expected a default export, or an export, that is an object with a name and environments; it exports answer)\n`);
  });

  test('a missing organization file exits 3', () => {
    const run = baseline(['synth', '--org', 'nowhere/org.ts']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('nowhere/org.ts" does not exist');
  });
});

describe('synth', () => {
  test('the second organization, from another folder: every stack, the summary on stdout, progress on stderr', () => {
    const outdir = path.join(tmp, 'globex');
    const run = baseline(['synth', '--org', GLOBEX, '--outdir', outdir], { cwd: tmp });
    expect(run.status).toBe(0);
    // One progress line per environment and cloud and engine.
    for (const env of ['dev', 'prod']) {
      expect(run.stderr).toMatch(new RegExp(`^  aws    ${env} +CloudFormation  3 stacks in `, 'm'));
      for (const cloud of ['azure', 'gcp']) expect(run.stderr).toMatch(new RegExp(`^  ${cloud.padEnd(5)}  ${env} +Terraform +1 stack in `, 'm'));
      for (const cloud of ['aws', 'azure', 'gcp']) expect(run.stderr).toMatch(new RegExp(`^  ${cloud.padEnd(5)}  ${env} +Kubernetes +4 manifests in `, 'm'));
    }
    expect(run.stdout).toMatch(/^CLOUD +ENVIRONMENTS +STACKS +RESOURCES +MANIFESTS +K8S OBJECTS$/m);
    expect(run.stdout).toMatch(/^aws +dev, prod +6 +\d+ +8 +\d+$/m);
    expect(run.stdout).toMatch(/^azure +dev, prod +2 +\d+ +8 +\d+$/m);
    expect(fs.existsSync(path.join(outdir, 'cdktf.out', 'stacks', 'globex-prod-azure', 'cdk.tf.json'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'cdk8s.out', 'dev', 'gcp', 'services.k8s.yaml'))).toBe(true);
    // No colours when NO_COLOR is set (the helper sets it), even with FORCE_COLOR.
    expect(run.stdout).not.toContain('\u001b[');
  });

  test('--json: one document naming every stack with its resource count; nothing else on stdout', () => {
    const outdir = path.join(tmp, 'globex-json');
    const run = baseline(['synth', '--org', GLOBEX, '--env', 'prod', '--cloud', 'gcp', '--cloud', 'azure', '--outdir', outdir, '--json']);
    expect(run.status).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ command: 'synth', ok: true, organization: 'globex', environments: ['prod'], clouds: ['azure', 'gcp'], outdir });
    expect(doc.stacks.filter((s: any) => s.kind === 'terraform').map((s: any) => s.name)).toEqual(['globex-prod-azure', 'globex-prod-gcp']);
    expect(doc.stacks.filter((s: any) => s.kind === 'kubernetes').map((s: any) => s.name)).toEqual([
      'prod/azure/addons', 'prod/azure/baseline', 'prod/azure/monitoring', 'prod/azure/services',
      'prod/gcp/addons', 'prod/gcp/baseline', 'prod/gcp/monitoring', 'prod/gcp/services',
    ]);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'cdktf.out/stacks/globex-prod-gcp/cdk.tf.json'), 'utf8'));
    const count = Object.values<object>(tf.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(doc.stacks.find((s: any) => s.name === 'globex-prod-gcp').resources).toBe(count);
    expect(run.stderr).toBe('');
    expect(fs.existsSync(path.join(outdir, 'cdk.out'))).toBe(false);
  });

  test('without --org, the organization configured in package.json (the example) is used', () => {
    const outdir = path.join(tmp, 'acme');
    const run = baseline(['synth', '--env', 'dev', '--cloud', 'gcp', '--outdir', outdir, '--json']);
    expect(run.status).toBe(0);
    const doc = jsonOf(run);
    expect(doc.organization).toBe('acme');
    expect(doc.organizationFile).toBe(path.join(__dirname, '..', '..', '..', 'examples', 'acme', 'org.ts'));
    expect(fs.existsSync(path.join(outdir, 'cdktf.out', 'stacks', 'acme-dev-gcp', 'cdk.tf.json'))).toBe(true);
  });

  test('a baseline.config.json names the organization for every command run below it', () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'infra'), { recursive: true });
    fs.writeFileSync(path.join(project, 'baseline.config.json'), JSON.stringify({ org: `${GLOBEX}#default`, outdir: 'out' }));
    const run = baseline(['synth', '--env', 'dev', '--cloud', 'gcp', '--json'], { cwd: path.join(project, 'infra') });
    expect(run.status).toBe(0);
    expect(jsonOf(run).organization).toBe('globex');
    expect(fs.existsSync(path.join(project, 'out', 'cdktf.out', 'stacks', 'globex-dev-gcp', 'cdk.tf.json'))).toBe(true);
  });

  test('a misspelt setting in the config exits 2 and lists the settings', () => {
    const project = path.join(tmp, 'bad-config');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'x', baseline: { organisation: 'org.ts' } }));
    const run = baseline(['synth'], { cwd: project });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"organisation" is not a setting (expected org, exceptions, outdir)');
  });
});

describe('check and parity', () => {
  test('check --json on the second organization passes and reports policy, parity and the summary', () => {
    const report = path.join(tmp, 'globex-policy.json');
    const run = baseline(['check', '--org', GLOBEX, '--no-nag', '--report', report, '--json']);
    expect(run.status).toBe(0);
    const doc = jsonOf(run);
    expect(doc).toMatchObject({ command: 'check', ok: true, organization: 'globex', parity: { ok: true, drifts: 0 } });
    expect(doc.policy.summary.errors).toBe(0);
    expect(doc.summary.map((r: any) => [r.cloud, r.stacks, r.findings.errors, r.drifts])).toEqual([['aws', 6, 0, 0], ['azure', 2, 0, 0], ['gcp', 2, 0, 0]]);
    expect(JSON.parse(fs.readFileSync(report, 'utf8')).passed).toBe(true);
  });

  test('check exits 1 when the exceptions ledger holds an expired exception, and says so', () => {
    const run = baseline(['check', '--org', path.join(FIXTURES, 'globex-expired.ts'), '--env', 'dev', '--cloud', 'gcp', '--report', path.join(tmp, 'expired.json'), '--today', '2026-06-01']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('expired on 2020-01-31');
    expect(run.stdout).toMatch(/^check FAILED in /m);
  });

  test('parity --from reads an existing synth and holds for the second organization', () => {
    const outdir = path.join(tmp, 'globex-parity');
    expect(baseline(['synth', '--org', GLOBEX, '--outdir', outdir, '--json']).status).toBe(0);
    const run = baseline(['parity', '--org', GLOBEX, '--from', outdir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Environment parity of globex: 2 environments, 1 pairs, 6 scopes');
    expect(run.stdout).toMatch(/^prod +✓ +✓ +✓ +✓ +✓ +✓$/m);
    expect(run.stdout).toMatch(/^parity holds in /m);
  });

  test('parity exits 1 on drift and names it', () => {
    // GIVEN a synth where prod's flow logs were edited by hand after synth
    const outdir = path.join(tmp, 'globex-drift');
    expect(baseline(['synth', '--org', GLOBEX, '--cloud', 'gcp', '--outdir', outdir, '--json']).status).toBe(0);
    const file = path.join(outdir, 'cdktf.out/stacks/globex-prod-gcp/cdk.tf.json');
    const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
    const subnet = Object.values<any>(tf.resource.google_compute_subnetwork)[0];
    subnet.private_ip_google_access = false;
    fs.writeFileSync(file, JSON.stringify(tf));
    // WHEN parity reads it
    const run = baseline(['parity', '--org', GLOBEX, '--cloud', 'gcp', '--from', outdir, '--json']);
    // THEN exactly that property is drift
    expect(run.status).toBe(1);
    const doc = jsonOf(run);
    expect(doc.ok).toBe(false);
    expect(doc.drifts.map((d: any) => [d.scope, d.path])).toEqual([['gcp', 'private_ip_google_access']]);
    expect(doc.drifts[0].resourceType).toBe('google_compute_subnetwork');
  });
});
