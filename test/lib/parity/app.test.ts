import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Stage } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import '../../../lib/parity/jest';
import { PAYMENTS_ENVIRONMENTS, synthPaymentsApp } from './fixtures/payments-app';
import { PAYMENTS_PARITY } from './fixtures/payments-parity';
import { readAppOutput } from '../../../lib/artifacts';
import { AppParityConfig, checkAppParity, describeAppDrift, formatAppParityReport } from '../../../lib/parity';

let clean: string;
let drifted: string;

beforeAll(() => {
  // GIVEN the team's app built from the README's snippets, as it is and with a change in one environment each
  clean = fs.mkdtempSync(path.join(os.tmpdir(), 'app-parity-clean-'));
  synthPaymentsApp(clean);
  drifted = fs.mkdtempSync(path.join(os.tmpdir(), 'app-parity-drift-'));
  synthPaymentsApp(drifted, PAYMENTS_ENVIRONMENTS.map((e) => ({ ...e, drift: e.name === 'prod' ? 'interface-endpoint' : 'memory-limit' })));
});

afterAll(() => {
  for (const dir of [clean, drifted]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a team app with its own stacks', () => {
  test('differs only where its values and knobs say so, each declaration accounting for differences', () => {
    // WHEN
    const result = checkAppParity(PAYMENTS_PARITY, clean);

    // THEN
    expect(result.drifts.map(describeAppDrift)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.stacks).toEqual({
      dev: ['payments-dev (CloudFormation)', 'payments-dev-gcp (Terraform)', 'payments-dev (Kubernetes)'],
      prod: ['payments-prod (CloudFormation)', 'payments-prod-gcp (Terraform)', 'payments-prod (Kubernetes)'],
    });
    expect(result.matrix).toEqual({ dev: { 'aws': 0, 'aws/k8s': 0, 'gcp': 0 }, prod: { 'aws': 0, 'aws/k8s': 0, 'gcp': 0 } });
    // every declaration is used: a CIDR covers the subnets carved from it, a knob the properties it names
    for (const d of result.declared) expect({ name: d.name, used: d.explains > 0 }).toEqual({ name: d.name, used: true });
  });

  test('reports a change made in one environment with the stacks, readable logical ids, path and values', () => {
    // WHEN
    const result = checkAppParity(PAYMENTS_PARITY, drifted);

    // THEN
    expect(result.ok).toBe(false);
    expect(result.drifts.map(describeAppDrift)).toEqual([
      expect.stringMatching(/^dev\/prod aws payments-dev ↔ payments-prod: NetworkSqsEndpointSecurityGroup[0-9A-F]{8} \(AWS::EC2::SecurityGroup\) only in prod$/),
      expect.stringMatching(/^dev\/prod aws payments-dev ↔ payments-prod: NetworkSqsEndpoint[0-9A-F]{8} \(AWS::EC2::VPCEndpoint\) only in prod$/),
      'dev/prod aws/k8s payments-dev ↔ payments-prod: Deployment/payments/checkout (apps/v1/Deployment) spec.template.spec.containers[name=checkout].resources.limits.memory: dev "1Gi", prod "512Mi"',
    ]);
    expect(result.matrix).toEqual({ dev: { 'aws': 2, 'aws/k8s': 1, 'gcp': 0 }, prod: { 'aws': 2, 'aws/k8s': 1, 'gcp': 0 } });
  });

  test('a subnet carved at another offset of the declared CIDR is drift; the same offset is not', () => {
    // GIVEN prod's first private subnet moved from the start of its VPC to the third /18
    const outputs = readAppOutput(clean);
    const template = outputs.find((o) => o.name === 'payments-prod' && o.kind === 'cloudformation')!.document;
    const [id, subnet] = Object.entries<any>(template.Resources).find(([k]) => k.startsWith('NetworkprivateSubnet1Subnet'))!;
    expect(subnet.Properties.CidrBlock).toBe('10.60.0.0/18');
    subnet.Properties.CidrBlock = '10.60.128.0/18';

    // WHEN
    const result = checkAppParity(PAYMENTS_PARITY, outputs);

    // THEN
    expect(result.drifts.map(describeAppDrift)).toEqual([
      `dev/prod aws payments-dev ↔ payments-prod: ${id} (AWS::EC2::Subnet) Properties.CidrBlock: dev "10.40.0.0/18", prod "10.60.128.0/18"`,
    ]);
  });

  test('a value the team does not declare is drift, and a knob outside the properties it names is drift', () => {
    // GIVEN the zones left out of the values, and the quota knob without its autoscaler rules
    const config: AppParityConfig = {
      ...PAYMENTS_PARITY,
      environments: PAYMENTS_PARITY.environments.map(({ values, ...e }) => {
        const { zones: _zones, ...rest } = values!;
        return { ...e, values: rest };
      }),
      knobs: PAYMENTS_PARITY.knobs!.filter((k) => !String(k.resourceType).includes('HorizontalPodAutoscaler')),
    };

    // WHEN
    const drifts = checkAppParity(config, clean).drifts.map(describeAppDrift);

    // THEN
    expect(drifts.filter((d) => d.includes('AvailabilityZone'))).toHaveLength(12);
    expect(drifts).toContain('dev/prod aws payments-dev ↔ payments-prod: NetworkprivateSubnet1Subnet4DC0902B (AWS::EC2::Subnet) Properties.AvailabilityZone: dev "eu-west-1a", prod "eu-central-1a"');
    expect(drifts).toContain('dev/prod aws/k8s payments-dev ↔ payments-prod: HorizontalPodAutoscaler/payments/checkout (autoscaling/v2/HorizontalPodAutoscaler) spec.minReplicas: dev 2, prod 4 (equals knob <<replicas>> (dev: 2, prod: 4), but that knob does not govern this property: tier-dependent code outside the profile)');
    expect(drifts.filter((d) => d.includes('spec.maxReplicas'))).toHaveLength(1);
  });
});

describe('which stacks form an environment', () => {
  test('roles pair stacks whatever their names, and an unknown stack is an error, not a silent skip', () => {
    // GIVEN the same outputs named by role, with stack names that do not hold the environment names
    const outputs = readAppOutput(clean).map((o) => ({ ...o, name: o.name.replace('payments-dev', 'PaymentsSandbox').replace('payments-prod', 'PaymentsLive') }));
    const byRole = (sandbox: string): AppParityConfig['environments'][number]['stacks'] => ({ aws: sandbox, gcp: `${sandbox}-gcp`, k8s: new RegExp(`^${sandbox}$`) });
    const config: AppParityConfig = {
      ...PAYMENTS_PARITY,
      environments: [
        { ...PAYMENTS_PARITY.environments[0], stacks: byRole('PaymentsSandbox') },
        { ...PAYMENTS_PARITY.environments[1], stacks: byRole('PaymentsLive') },
      ],
    };

    // WHEN
    const result = checkAppParity(config, outputs);

    // THEN stacks pair by role: nothing differs but the declared values and knobs
    expect(result.drifts.map(describeAppDrift)).toEqual([]);
    expect(result.stacks.prod).toEqual(['PaymentsLive (CloudFormation)', 'PaymentsLive-gcp (Terraform)', 'PaymentsLive (Kubernetes)']);
    // and without the mapping, no stack is silently left out
    expect(() => checkAppParity(PAYMENTS_PARITY, outputs)).toThrow([
      'Invalid app parity configuration (8 problems):',
      `  - ${path.join(path.basename(clean), 'cdk.out', 'payments-dev.template.json')}: stack "PaymentsSandbox" belongs to no environment (expected its name to match the stacks of one of dev, prod, or add it to ignore)`,
    ].join('\n'));
  });

  test('every configuration problem is reported at once, with its path, value and what is expected', () => {
    // GIVEN
    const config = {
      environments: [
        { name: 'dev', knobs: { natGateway: 1 }, values: { account: 7 } },
        { name: 'dev' },
      ],
      knobs: [{ knob: 'natGateways', reason: 'cost', resourceType: /NatGateway/ }],
    } as unknown as AppParityConfig;

    // WHEN / THEN
    expect(() => checkAppParity(config, clean)).toThrow([
      'Invalid app parity configuration (6 problems):',
      '  - environments[0].values.account: 7 is not a value (expected a string of 2 characters or more, or a list of them)',
      '  - environments[0].knobs.natGateway: no knob "natGateway" is declared (expected one of natGateways)',
      '  - environments[1].name: "dev" duplicates environments[0].name (expected unique names)',
      '  - knobs[0].reason: "cost" is too short (expected why "natGateways" may differ between environments, at least 10 characters, for reviewers)',
      '  - knobs[0].kind: is required because resourceType is a pattern (expected cloudformation, terraform or kubernetes)',
      '  - knobs[0]: knob "natGateways" has no value in "dev", "dev" (expected every environment to set knobs.natGateways)',
    ].join('\n'));
  });
});

describe('toHaveAppParity', () => {
  test('passes on the clean app and fails on the drifted one with the report, reasons included', () => {
    expect(clean).toHaveAppParity(PAYMENTS_PARITY);
    expect([path.join(clean, 'cdk.out'), path.join(clean, 'cdktf.out'), path.join(clean, 'dist')]).toHaveAppParity(PAYMENTS_PARITY);

    let message = '';
    try {
      expect(drifted).toHaveAppParity(PAYMENTS_PARITY);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('3 drifts (differences no declared value or knob explains):');
    expect(message).toContain('why: one NAT gateway per zone in prod survives a zone outage');
    expect(message).toBe(formatAppParityReport(checkAppParity(PAYMENTS_PARITY, drifted)));
  });
});

describe('an app with a stage per environment', () => {
  test('stage stacks (Dev-payments, Prod-payments) map to dev and prod by default, and a prod-only property is drift', () => {
    // GIVEN a CDK app with one Stage per environment, prod's queue with a longer retention than the knob allows
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-parity-stages-'));
    try {
      const app = new App({ outdir: path.join(dir, 'cdk.out') });
      for (const [stage, account, visibility] of [['Dev', '111111111111', 30], ['Prod', '333333333333', 300]] as const) {
        const stack = new Stack(new Stage(app, stage), 'payments', { env: { account, region: 'eu-west-1' } });
        new sqs.Queue(stack, 'Orders', { visibilityTimeout: Duration.seconds(visibility), retentionPeriod: Duration.days(stage === 'Prod' ? 14 : 4) });
      }
      app.synth();
      const config: AppParityConfig = {
        environments: [
          { name: 'dev', values: { account: '111111111111' }, knobs: { visibilitySeconds: 30 } },
          { name: 'prod', values: { account: '333333333333' }, knobs: { visibilitySeconds: 300 } },
        ],
        knobs: [{ knob: 'visibilitySeconds', reason: 'prod consumers run longer batch jobs', resourceType: 'AWS::SQS::Queue', path: /^Properties\.VisibilityTimeout$/ }],
      };

      // WHEN
      const result = checkAppParity(config, path.join(dir, 'cdk.out'));

      // THEN
      expect(result.stacks).toEqual({ dev: ['Dev-payments (CloudFormation)'], prod: ['Prod-payments (CloudFormation)'] });
      expect(result.drifts.map(describeAppDrift)).toEqual([
        expect.stringMatching(/^dev\/prod aws Dev-payments ↔ Prod-payments: Orders[0-9A-F]{8} \(AWS::SQS::Queue\) Properties\.MessageRetentionPeriod: dev 345600, prod 1209600$/),
      ]);
      expect(result.declared.find((d) => d.name === 'visibilitySeconds')!.explains).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
