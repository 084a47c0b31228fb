import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { baseline, jsonOf } from '../../support/cli';

// `baseline diff` on a fixture change of the second organization: the done-when of the data-loss guard.
const FIXTURES = path.join(__dirname, 'fixtures');
jest.setTimeout(300_000);

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-diff-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('against a synth folder', () => {
  let before: string;
  beforeAll(() => {
    before = path.join(tmp, 'before');
    const run = baseline(['synth', '--org', path.join(FIXTURES, 'globex.ts'), '--outdir', before, '--json']);
    expect(run.status).toBe(0);
  });

  test('a renamed ECR repository, a replaced AKS cluster and a removed namespace are data loss: exit 1', () => {
    const run = baseline(['diff', '--org', path.join(FIXTURES, 'globex-changed.ts'), '--against', before, '--json']);
    expect(run.status).toBe(1);
    const doc = jsonOf(run);
    const find = (artifact: string, address: string) => doc.changes.find((c: any) => c.artifact === artifact && c.address === address);

    expect(find('globex-prod-team-billing', 'RepositoryGlobexProdInvoicing')).toMatchObject({
      type: 'AWS::ECR::Repository', change: 'replace', renamedFrom: 'RepositoryGlobexProdInvoices', attributes: ['RepositoryName'], destructive: true,
    });
    const aks = doc.changes.find((c: any) => c.artifact === 'globex-prod-azure' && c.type === 'azurerm_kubernetes_cluster');
    expect(aks).toMatchObject({ change: 'replace', destructive: true });
    expect(aks.attributes[0]).toBe('location');
    expect(find('prod/aws/baseline', 'Namespace/web')).toMatchObject({ type: 'v1/Namespace', change: 'remove', destructive: true });

    expect(doc.blocking).toEqual(expect.arrayContaining([
      'globex-prod-team-billing/RepositoryGlobexProdInvoicing', `globex-prod-azure/${aks.address}`, 'prod/aws/baseline/Namespace/web',
    ]));
    // dev's Azure placement did not move: nothing of dev's Azure stack is replaced.
    expect(doc.changes.filter((c: any) => c.artifact === 'globex-dev-azure' && c.change === 'replace')).toEqual([]);
  });

  test('the text output groups by environment and cloud and ends with what would lose data', () => {
    const run = baseline(['diff', '--org', path.join(FIXTURES, 'globex-changed.ts'), '--against', before, '--env', 'prod', '--cloud', 'azure']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^prod azure: 0 to add, 0 to remove, \d+ to modify, \d+ to replace$/m);
    expect(run.stdout).toMatch(/^ {2}± globex-prod-azure azurerm_kubernetes_cluster\.\S+ \(azurerm_kubernetes_cluster\) replace: location — DATA LOSS: a cluster and every workload on it$/m);
    expect(run.stdout).toMatch(/^prod azure\/k8s: 0 to add, [1-9]\d* to remove, \d+ to modify, [1-9]\d* to replace$/m);
    expect(run.stdout).toMatch(/^diff FAILED: \d+ changes would lose data/m);
  });

  test('--allow-replace naming every destructive change lets it pass', () => {
    const run = baseline([
      'diff', '--org', path.join(FIXTURES, 'globex-changed.ts'), '--against', before, '--cloud', 'aws', '--env', 'prod', '--json',
      '--allow-replace', 'globex-prod-team-billing/RepositoryGlobexProdInvoicing', '--allow-replace', 'Namespace/web',
    ]);
    expect(run.status).toBe(0);
    const doc = jsonOf(run);
    expect(doc.blocking).toEqual([]);
    expect(doc.changes.filter((c: any) => c.allowed).map((c: any) => c.address).sort()).toEqual(['Namespace/web', 'RepositoryGlobexProdInvoicing']);
  });

  test('no change, no diff: exit 0', () => {
    const run = baseline(['diff', '--org', path.join(FIXTURES, 'globex.ts'), '--against', before, '--cloud', 'gcp']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No changes.');
  });
});

describe('against a git ref', () => {
  test('the working tree\'s organization file against HEAD, synthesized from a copy of that commit', () => {
    // GIVEN a repository whose committed organization is globex, and a working tree that moves prod's Azure placement
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    const original = fs.readFileSync(path.join(FIXTURES, 'globex.ts'), 'utf8').replace(/\.\.\/\.\.\/\.\.\/\.\.\/lib/g, path.join(__dirname, '..', '..', '..', 'lib'));
    fs.writeFileSync(path.join(repo, 'org.ts'), original);
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' });
      expect(r.status).toBe(0);
    };
    git('init', '-q');
    git('add', 'org.ts');
    git('commit', '-qm', 'globex');
    fs.writeFileSync(path.join(repo, 'org.ts'), original.replace("location: 'westus2'", "location: 'eastus2'"));

    // WHEN diffing the Azure stacks against HEAD (the default)
    const run = baseline(['diff', '--org', 'org.ts', '--cloud', 'azure', '--json'], { cwd: repo });

    // THEN prod's cluster is replaced, and the repository is left as it was
    expect(run.status).toBe(1);
    const doc = jsonOf(run);
    expect(doc.against).toMatch(/^HEAD \([0-9a-f]{12}\)$/);
    expect(doc.changes.find((c: any) => c.type === 'azurerm_kubernetes_cluster')).toMatchObject({ artifact: 'globex-prod-azure', change: 'replace' });
    expect(spawnSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' }).stdout).toBe(' M org.ts\n');
  });

  test('an unknown ref exits 2 and says what is expected', () => {
    const run = baseline(['diff', '--org', path.join(FIXTURES, 'globex.ts'), '--against', 'no-such-ref-42']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--against "no-such-ref-42" is neither a folder nor a commit of');
  });
});
