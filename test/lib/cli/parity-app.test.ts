/**
 * `baseline parity --app`: parity of a team's own app from the command line, run as a user runs it (the bin, in a
 * child process, in the team's project folder).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { baseline, jsonOf } from '../../support/cli';
import { PAYMENTS_ENVIRONMENTS, synthPaymentsApp } from '../parity/fixtures/payments-app';

const FIXTURES = path.join(__dirname, '..', 'parity', 'fixtures');

jest.setTimeout(5 * 60_000);

let project: string;
let drifted: string;

beforeAll(() => {
  // GIVEN a team project: its app module and its parity configuration, and a synth of the app with drift in it
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-team-'));
  fs.writeFileSync(path.join(project, 'app.ts'), `import { synthPaymentsApp } from ${JSON.stringify(path.join(FIXTURES, 'payments-app'))};\nsynthPaymentsApp(undefined);\n`);
  fs.writeFileSync(path.join(project, 'parity.config.ts'), `export { PAYMENTS_PARITY as parity } from ${JSON.stringify(path.join(FIXTURES, 'payments-parity'))};\n`);
  drifted = path.join(project, 'drifted');
  synthPaymentsApp(drifted, PAYMENTS_ENVIRONMENTS.map((e) => ({ ...e, drift: e.name === 'prod' ? 'interface-endpoint' : 'memory-limit' })));
});

afterAll(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe('baseline parity --app', () => {
  test('synthesizes an app module and finds no drift, showing the declared knobs with their reasons', () => {
    // WHEN (parity.config.ts is found in the working folder)
    const run = baseline(['parity', '--app', 'app.ts'], { cwd: project });

    // THEN
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: expect.stringContaining('read 6 stack and manifest files from app.ts') });
    expect(run.stdout).toContain('Environment parity of payments: 2 environments, 1 pair');
    expect(run.stdout).toContain('  knob natGateways: dev 1, prod 3 (explains 6 differences)\n      governs number of ^AWS::EC2::(NatGateway|EIP)$\n      why: one NAT gateway per zone in prod survives a zone outage');
    expect(run.stdout).toContain('No drift: environments differ only where their declared values and knobs say so.');
    expect(run.stdout).toMatch(/parity of payments holds in [\d.]+ s \(6 files\)/);
  });

  test('reads synth folders and reports drift as JSON, exit 1', () => {
    // WHEN
    const run = baseline(['parity', '--app', 'drifted/cdk.out', '--app', 'drifted/cdktf.out', '--app', 'drifted/dist', '--config', 'parity.config.ts#parity', '--json'], { cwd: project });

    // THEN
    expect(run.status).toBe(1);
    const json = jsonOf(run);
    expect(json).toMatchObject({ command: 'parity', app: 'payments', ok: false, environments: ['dev', 'prod'], matrix: { dev: { 'aws': 2, 'aws/k8s': 1, 'gcp': 0 } } });
    expect(json.drifts.map((d: any) => d.description)).toEqual([
      expect.stringMatching(/^dev\/prod aws payments-dev ↔ payments-prod: NetworkSqsEndpointSecurityGroup[0-9A-F]{8} \(AWS::EC2::SecurityGroup\) only in prod$/),
      expect.stringMatching(/^dev\/prod aws payments-dev ↔ payments-prod: NetworkSqsEndpoint[0-9A-F]{8} \(AWS::EC2::VPCEndpoint\) only in prod$/),
      'dev/prod aws/k8s payments-dev ↔ payments-prod: Deployment/payments/checkout (apps/v1/Deployment) spec.template.spec.containers[name=checkout].resources.limits.memory: dev "1Gi", prod "512Mi"',
    ]);
    expect(json.declared.find((d: any) => d.name === 'cidr')).toEqual({ name: 'cidr', source: 'value', values: { dev: '10.40.0.0/16', prod: '10.60.0.0/16' }, explains: 21 });
  });

  test('a configuration problem is exit 3 with every problem; a missing configuration or mixed flags exit 2', () => {
    // GIVEN
    fs.writeFileSync(path.join(project, 'broken.config.ts'), 'export default { environments: [{ name: "dev", knobs: { nat: 1 } }] };\n');

    // WHEN
    const broken = baseline(['parity', '--app', 'drifted', '--config', 'broken.config.ts'], { cwd: project });
    const missing = baseline(['parity', '--app', 'drifted'], { cwd: drifted });
    const mixed = baseline(['parity', '--app', 'drifted', '--from', 'out'], { cwd: project });

    // THEN
    expect({ status: broken.status, stderr: broken.stderr }).toEqual({
      status: 3,
      stderr: [
        'baseline: broken.config.ts: Invalid app parity configuration (2 problems):',
        '  - environments: 1 given (expected at least two to compare)',
        '  - environments[0].knobs.nat: no knob "nat" is declared (expected one of none: declare it in knobs)',
        '',
      ].join('\n'),
    });
    expect({ status: missing.status, stderr: missing.stderr }).toEqual({
      status: 2,
      stderr: `baseline: --app needs the parity configuration: pass --config path/to/parity.config.ts, or put parity.config.ts or parity.config.js in ${fs.realpathSync(drifted)}\n`,
    });
    expect({ status: mixed.status, stderr: mixed.stderr }).toEqual({
      status: 2,
      stderr: 'baseline: --from selects the organization\'s output: not with --app (the configuration names the app\'s environments; narrow them with --env)\n',
    });
  });

  test('an app whose constructs fail validation shows every problem, not the stack under them', () => {
    // GIVEN an app with two broken constructs in one stack
    const fixture = path.join(__dirname, 'fixtures', 'broken-team-app');
    fs.writeFileSync(path.join(project, 'broken-app.ts'), `import { synthBrokenTeamApp } from ${JSON.stringify(fixture)};\nsynthBrokenTeamApp();\n`);

    // WHEN
    const run = baseline(['parity', '--app', 'broken-app.ts'], { cwd: project });

    // THEN
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/failed to synthesize \(exit 1\):\nValidation failed with the following errors:\n/);
    expect(run.stderr).toContain('[payments-dev/Alerts] AwsAlertTopics: levels is empty (expected at least one escalation level)');
    expect(run.stderr).toContain('[payments-dev/More] AwsAlertTopics: levels[0].emails[0] "not-an-address" is not an email address');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test('--help documents --app and --config', () => {
    const run = baseline(['parity', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--app <dir|module>');
    expect(run.stdout).toContain('--config <file>');
    expect(run.stdout).toContain('baseline parity --app cdk.out --app dist --config parity.config.ts');
  });
});
