/**
 * What users install, used the way the README says: the packed tarball (`dist/js/*.tgz`, which `.ci/run` builds
 * before `npm test`) goes into a fresh project next to the engines at the versions this repo builds with, and every
 * README snippet marked `<!-- consumer-test: <file> -->` is typechecked under both TypeScript resolutions users meet
 * (`node` from `cdk init`, and `node16`) and run. A Kubernetes-only project proves the engines are optional.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KUBE_DNS, NetworkPolicyEvaluator, podsOf, type PodEndpoint } from '../support/network-policy';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
const BIN = path.join(ROOT, 'node_modules', '.bin');
const MINUTES = 60_000;

jest.setTimeout(15 * MINUTES);

/** Newest modification time of the sources a tarball is packed from (TypeScript sources and package.json). */
function newestSourceMs(): number {
  let newest = fs.statSync(path.join(ROOT, 'package.json')).mtimeMs;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  for (const folder of ['core', 'lib', 'constructs']) walk(path.join(ROOT, folder));
  return newest;
}

/**
 * The tarball of this checkout; packed here when missing or older than the sources, so the test also runs outside
 * CI and never tests a package left over from an earlier checkout.
 */
function tarball(): string {
  const dir = path.join(ROOT, 'dist', 'js');
  const find = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^cdk-enterprise-baseline-.*\.tgz$/.test(f)) : []);
  const stale = find().filter((f) => fs.statSync(path.join(dir, f)).mtimeMs < newestSourceMs());
  for (const f of stale) fs.rmSync(path.join(dir, f));
  if (find().length === 0) {
    run('npx', ['projen', 'compile'], ROOT);
    run('npx', ['projen', 'package'], ROOT);
  }
  const found = find();
  if (found.length !== 1) throw new Error(`expected exactly one tarball in ${dir}, found: ${found.join(', ') || 'none'}`);
  return path.join(dir, found[0]);
}

/** `name@version` at the exact version this repo installs (the package cache already holds it). */
function exact(name: string): string {
  return `${name}@${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf-8')).version}`;
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf-8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function newProject(name: string, packages: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `baseline-consumer-${name}-`));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball(), ...packages], dir);
  return dir;
}

/** The README's runnable snippets: a `<!-- consumer-test: <file> -->` line right before a ```ts fence. */
function readmeSnippets(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const snippets = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- consumer-test: ([\w/.-]+) -->\n```ts\n([\s\S]*?)\n```/g)) snippets.set(`${m[1]}.ts`, `${m[2]}\n`);
  return snippets;
}

/** The README's command lines for a user's project: the ```sh fence right after `<!-- consumer-test: cli -->`. */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const fence = /<!-- consumer-test: cli -->\n```sh\n([\s\S]*?)\n```/.exec(readme);
  if (!fence) throw new Error('README.md has no ```sh fence marked <!-- consumer-test: cli -->');
  // A trailing `# ...` is a comment for the reader, as in a shell.
  return fence[1].split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '');
}

/** The usage lines of "The `baseline` command" (`baseline <command> [--flag ...] ...`), with the flags each names. */
function readmeUsage(): Array<{ readonly command: string; readonly flags: string[] }> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('## The `baseline` command'));
  const fence = /\n```\n(baseline [\s\S]*?)\n```/.exec(section);
  if (!fence) throw new Error('README.md has no usage fence in "The `baseline` command"');
  return fence[1].split('\n').map((line) => ({
    command: line.split(/\s+/)[1],
    flags: [...new Set([...line.replace(/\(.*\)\s*$/, '').matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]))],
  }));
}

const ENGINES = ['aws-cdk-lib', 'constructs', 'cdk8s', 'cdk8s-plus-28', 'cdktf', '@cdktf/provider-azurerm', '@cdktf/provider-google', '@cdktf/provider-github', 'cdk-nag'];

describe('the README, against the installed tarball', () => {
  let dir: string;
  const snippets = readmeSnippets();

  beforeAll(() => {
    for (const engine of ENGINES) expect(pkg.devDependencies[engine]).toBeDefined();
    dir = newProject('full', [...ENGINES, 'typescript', '@types/node', '@types/jest'].map(exact));
    for (const [file, text] of snippets) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the README marks the snippets every user path needs', () => {
    expect([...snippets.keys()].sort()).toEqual([
      'aws-team-stack.ts', 'gcp-team-stack.ts', 'github-environments.ts', 'k8s-chart.ts', 'org.ts', 'policy.ts', 'test/parity.test.ts', 'workload-identity.ts',
    ]);
  });

  test.each([
    ['node', 'commonjs'],
    ['node16', 'node16'],
  ])('every snippet typechecks under moduleResolution %s', (moduleResolution, module) => {
    // GIVEN the settings a consumer's tsconfig has (skipLibCheck as the README says)
    const tsconfig = `tsconfig.${moduleResolution}.json`;
    fs.writeFileSync(path.join(dir, tsconfig), JSON.stringify({
      compilerOptions: { target: 'ES2022', module, moduleResolution, strict: true, skipLibCheck: true, esModuleInterop: true, types: ['node', 'jest'], noEmit: true },
      files: [...snippets.keys()],
    }, null, 2));

    // WHEN / THEN (tsc of the temporary project, so types come from the tarball)
    run(path.join(dir, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], dir);
  });

  test('AWS team stack: synthesizes the network VPC and the pod identity role', () => {
    // WHEN
    run(path.join(BIN, 'tsx'), ['aws-team-stack.ts'], dir, { CDK_OUTDIR: path.join(dir, 'cdk.out') });

    // THEN
    const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'payments-sandbox.template.json'), 'utf-8'));
    const types = Object.values<any>(template.Resources).map((r) => r.Type);
    expect(types).toContain('AWS::EC2::VPC');
    expect(types).toContain('AWS::EC2::FlowLog');
    expect(types).toContain('AWS::EKS::PodIdentityAssociation');
    const vpc = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::EC2::VPC');
    expect(vpc.Properties.CidrBlock).toBe('10.40.0.0/16');
  });

  test('cdktf stack: synthesizes the GCP network as Terraform JSON', () => {
    // WHEN
    run(path.join(BIN, 'tsx'), ['gcp-team-stack.ts'], dir);

    // THEN
    const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'payments-sandbox-gcp', 'cdk.tf.json'), 'utf-8'));
    const networks = Object.values<any>(tf.resource.google_compute_network);
    expect(networks).toHaveLength(1);
    expect(networks[0].auto_create_subnetworks).toBe(false);
    const subnets = Object.values<any>(tf.resource.google_compute_subnetwork);
    expect(subnets.map((s) => s.ip_cidr_range)).toEqual(['10.50.0.0/20']);
  });

  test('GitHub environments (cdk-enterprise-baseline/github): prod admits only release tags, after a review by someone else', () => {
    // WHEN
    run(path.join(BIN, 'tsx'), ['github-environments.ts'], dir);

    // THEN
    const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'payments-github', 'cdk.tf.json'), 'utf-8'));
    expect(tf.provider.github).toEqual([{ owner: 'acme' }]);
    const [environment] = Object.values<any>(tf.resource.github_repository_environment);
    expect(environment).toMatchObject({
      repository: 'payments',
      environment: 'prod',
      prevent_self_review: true,
      can_admins_bypass: false,
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(Object.values<any>(tf.data.github_team).map((t) => t.slug)).toEqual(['payments']);
    const policies = Object.values<any>(tf.resource.github_repository_environment_deployment_policy);
    expect(policies.map((p) => p.tag_pattern).sort()).toEqual(['ledger/v*', 'payments-api/v*']);
    expect(policies.every((p) => p.branch_pattern === undefined)).toBe(true);
  });

  test('cdk8s chart: synthesizes the team namespace and the workload', () => {
    // WHEN
    run(path.join(BIN, 'tsx'), ['k8s-chart.ts'], dir);

    // THEN
    const objects = yaml.loadAll(fs.readFileSync(path.join(dir, 'dist', 'payments.k8s.yaml'), 'utf-8')) as any[];
    const ids = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(ids).toContain('Namespace//payments');
    expect(ids).toContain('NetworkPolicy/payments/default-deny-all');
    expect(ids).toContain('Deployment/payments/checkout');
    const ns = objects.find((o) => o.kind === 'Namespace');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // nothing the pods reference is missing: their ServiceAccount is in the chart
    for (const pod of objects.filter((o) => o.kind === 'Deployment').map((o) => o.spec.template.spec)) {
      expect(ids).toContain(`ServiceAccount/payments/${pod.serviceAccountName}`);
    }
    // and the service is reachable, read as a cluster would: its declared caller gets in, nobody else does
    const cluster = new NetworkPolicyEvaluator(objects, { 'kube-system': {}, 'storefront': {} });
    const [checkout] = podsOf(objects);
    const pod = (namespace: string, name: string): PodEndpoint => ({ kind: 'pod', namespace, name, labels: { 'app.kubernetes.io/name': name } });
    expect(cluster.allows(pod('storefront', 'storefront-web'), checkout, 8080)).toBe(true);
    expect(cluster.allows(pod('storefront', 'search'), checkout, 8080)).toBe(false);
    expect(cluster.allows(pod('payments', 'ledger'), checkout, 8080)).toBe(false);
    expect(cluster.allows(checkout, KUBE_DNS, 53, 'UDP')).toBe(true);
  });

  test('WorkloadIdentity: one grant bound on every cloud to clusters referred to by their attributes', () => {
    // WHEN
    run(path.join(BIN, 'tsx'), ['workload-identity.ts'], dir, { CDK_OUTDIR: path.join(dir, 'cdk.out') });

    // THEN AWS has the role's EKS Pod Identity association for the service account
    const template = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'payments-prod.template.json'), 'utf-8'));
    const associations = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EKS::PodIdentityAssociation');
    expect(associations.map((a) => [a.Properties.ClusterName, a.Properties.Namespace, a.Properties.ServiceAccount])).toEqual([['acme-prod', 'payments', 'checkout']]);
    // AND Azure federates a managed identity with the imported cluster's issuer, its role on the cluster's resource group
    const azure = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'payments-prod-azure', 'cdk.tf.json'), 'utf-8'));
    expect(Object.values<any>(azure.resource.azurerm_federated_identity_credential).map((c) => c.subject)).toEqual(['system:serviceaccount:payments:checkout']);
    expect(Object.values<any>(azure.resource.azurerm_role_assignment).map((r) => r.scope)).toEqual(['/subscriptions/33333333-3333-4333-8333-333333333333/resourceGroups/rg-acme-prod-aks']);
    // AND GCP binds the Google service account to the imported cluster's pool
    const gcp = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'payments-prod-gcp', 'cdk.tf.json'), 'utf-8'));
    expect(Object.values<any>(gcp.resource.google_service_account_iam_member).map((m) => m.member)).toEqual(['serviceAccount:acme-prod-4821.svc.id.goog[payments/checkout]']);
    // AND the ServiceAccount carries the GKE annotation, with no token automount
    const [account] = yaml.loadAll(fs.readFileSync(path.join(dir, 'dist', 'payments-identity.k8s.yaml'), 'utf-8')) as any[];
    expect(account.metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'acme-prod-payments-checkout@acme-prod-4821.iam.gserviceaccount.com' });
    expect(account.automountServiceAccountToken).toBe(false);
  });

  test('policy recipe: every pack judges its artifacts of every environment', () => {
    // WHEN
    const out = run(path.join(BIN, 'tsx'), ['policy.ts'], dir);

    // THEN it passes (a stack whose cdk-nag record is missing would be an AWS-NAG-NOT-RUN error)
    expect(out).toContain('policy check passed: 0 errors');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'policy-report.json'), 'utf-8'));
    expect(report.passed).toBe(true);
    expect(report.summary.errors).toBe(0);
    // every pack ran on every environment and cloud: a control passes only where a rule implementing it was evaluated
    const cells = (control: string) => report.controls.find((row: any) => row.control === control).cells
      .map((c: any) => `${c.environment}/${c.cloud}: ${c.status}`);
    const everywhere = ['dev/aws: pass', 'dev/azure: pass', 'dev/gcp: pass', 'prod/aws: pass', 'prod/azure: pass', 'prod/gcp: pass'];
    expect(cells('cluster-api-private')).toEqual(everywhere); // cloudformation, terraform-azure, terraform-gcp packs
    expect(cells('pod-security-restricted')).toEqual(everywhere); // kubernetes pack, on every cluster
    expect(cells('images-trusted')).toEqual(everywhere); // kubernetes pack with the recipe's registries
    // the warnings the baseline documents (Azure deviations with their reason) are reported, with file and fix
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f.severity).not.toBe('error');
  });

  test('baseline command: the README\'s command lines run as written, on the compiled package', () => {
    // GIVEN the installed package, which ships compiled JavaScript only (the bin runs TypeScript sources in a checkout)
    const installed = path.join(dir, 'node_modules', 'cdk-enterprise-baseline');
    expect(fs.existsSync(path.join(installed, 'dist', 'lib', 'cli', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'lib'))).toBe(false);
    const commands = readmeCommands();
    expect(commands.map((c) => c.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'npx baseline synth', 'npx baseline parity', 'npx baseline check', 'npx baseline graph',
    ]);

    // WHEN each runs in the project, in order, through a shell (exit code 0 each, or run() throws with the output)
    const out = commands.map((command) => run('sh', ['-c', command], dir, { NO_COLOR: '1' }));

    // THEN synth wrote every environment of org.ts with every engine, and printed the summary the README shows
    const [synth, parity, check] = out;
    const templates = fs.readdirSync(path.join(dir, 'out', 'cdk.out')).filter((f) => f.endsWith('.template.json'));
    expect(templates).toEqual(expect.arrayContaining(['acme-dev.template.json', 'acme-prod.template.json']));
    expect(fs.readdirSync(path.join(dir, 'out', 'cdktf.out', 'stacks')).sort()).toEqual(['acme-dev-azure', 'acme-dev-gcp', 'acme-prod-azure', 'acme-prod-gcp']);
    expect(fs.readdirSync(path.join(dir, 'out', 'cdk8s.out')).sort()).toEqual(['dev', 'prod']);
    const summaryHeader = /^CLOUD\s+ENVIRONMENTS\s+STACKS\s+RESOURCES\s+MANIFESTS\s+K8S OBJECTS$/m;
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8')).toMatch(summaryHeader);
    expect(synth).toMatch(summaryHeader);
    expect(synth).toMatch(/^aws\s+dev, prod\s+\d+/m);
    // AND parity held on what synth wrote, check passed prod with its report, graph drew the organization
    expect(parity).toMatch(/^parity holds in /m);
    expect(check).toMatch(/^check passed in .*\(report: out-check\/policy-report\.json\)$/m);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'out-check', 'policy-report.json'), 'utf-8'));
    expect(report.passed).toBe(true);
    expect([...new Set(report.controls.flatMap((row: any) => row.cells.map((c: any) => c.environment)))]).toEqual(['prod']);
    const graph = fs.readFileSync(path.join(dir, 'out', 'org.mmd'), 'utf-8');
    expect(graph).toMatch(/^flowchart LR\n/);
    expect(graph).toContain('subgraph env_prod');
  });

  test('baseline command: every usage line of the README names a command and flags its --help lists', () => {
    const usage = readmeUsage();
    expect(usage.map((u) => u.command)).toEqual(['synth', 'check', 'parity', 'parity', 'diff', 'report', 'graph']);
    const help = (command: string) => run('npx', ['baseline', command, '--help'], dir, { NO_COLOR: '1' });
    const helps = new Map([...new Set(usage.map((u) => u.command))].map((command) => [command, help(command)]));
    for (const { command, flags } of usage) {
      expect(flags.length).toBeGreaterThan(0);
      const listed = helps.get(command)!;
      expect({ command, missing: flags.filter((flag) => !new RegExp(`(^|[\\s,])${flag}\\b`, 'm').test(listed)) }).toEqual({ command, missing: [] });
    }
  });

  test('parity matcher: the jest test of the README passes with no drift, shapes snapshotted', () => {
    // WHEN the README's test runs under jest in the consumer project (first run writes the shape snapshots)
    const config = JSON.stringify({ rootDir: dir, testEnvironment: 'node', transform: { '^.+\\.ts$': require.resolve('@swc/jest') } });
    const results = path.join(dir, 'jest-results.json');
    run(path.join(BIN, 'jest'), ['--config', config, '--ci=false', '--json', '--outputFile', results, 'test/parity.test.ts'], dir);

    // THEN
    const json = JSON.parse(fs.readFileSync(results, 'utf-8'));
    expect(json.numFailedTests).toBe(0);
    expect(json.numPassedTests).toBe(4);
    const snapshot = fs.readFileSync(path.join(dir, 'test', '__snapshots__', 'parity.test.ts.snap'), 'utf-8');
    expect(snapshot).toContain('<<aws.region>>');
  });
});

describe('a Kubernetes-only project', () => {
  let dir: string;

  beforeAll(() => {
    dir = newProject('k8s', ['cdk8s', 'cdk8s-plus-28', 'constructs'].map(exact));
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('installs no Terraform engine or provider and no aws-cdk-lib', () => {
    for (const absent of ['@cdktf', 'cdktf', 'aws-cdk-lib', 'cdk-nag']) {
      expect({ absent, installed: fs.existsSync(path.join(dir, 'node_modules', absent)) }).toEqual({ absent, installed: false });
    }
  });

  test('synthesizes a TeamNamespace from cdk-enterprise-baseline/k8s', () => {
    // WHEN
    const out = run(process.execPath, ['-e', `
      const { App, Chart } = require('cdk8s');
      const { TeamNamespace } = require('cdk-enterprise-baseline/k8s');
      const chart = new Chart(new App(), 'team');
      new TeamNamespace(chart, 'Namespace', {
        name: 'payments',
        quota: { requestsCpu: '4', requestsMemory: '8Gi', limitsCpu: '8', limitsMemory: '16Gi', pods: 50 },
        containerDefaults: { cpuRequest: '100m', memoryRequest: '128Mi', cpuLimit: '500m', memoryLimit: '512Mi' },
      });
      console.log(JSON.stringify(chart.toJson()));
    `], dir);

    // THEN
    const objects = JSON.parse(out) as any[];
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(expect.arrayContaining(['Namespace/payments', 'ResourceQuota/team-quota', 'NetworkPolicy/default-deny-all']));
  });

  test.each([
    ['azure', '@cdktf/provider-azurerm'],
    ['github', '@cdktf/provider-github'],
  ])('importing cdk-enterprise-baseline/%s fails with one line naming what to install', (entry, provider) => {
    // WHEN
    const r = spawnSync(process.execPath, ['-e', `
      try { require('cdk-enterprise-baseline/${entry}'); } catch (e) { console.error(e.message); process.exit(7); }
    `], { cwd: dir, encoding: 'utf-8' });

    // THEN
    expect(r.status).toBe(7);
    const message = r.stderr.trim();
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toBe(
      `cdk-enterprise-baseline/${entry} needs cdktf, ${provider}, which are not installed: npm install cdktf@${pkg.peerDependencies.cdktf} ${provider}@${pkg.peerDependencies[provider]} constructs@${pkg.peerDependencies.constructs}`);
  });
});
