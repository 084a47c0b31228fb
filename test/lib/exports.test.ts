import { execFileSync } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');

/** Loads an entry point in a fresh process and lists which engines ended up in the module cache. */
function enginesLoadedBy(entry: string): string[] {
  const script = `
    require(${JSON.stringify(path.join(root, entry))});
    const loaded = Object.keys(require.cache);
    const engines = ['aws-cdk-lib', 'cdktf/', '@cdktf/provider-azurerm', '@cdktf/provider-google', '@cdktf/provider-github', 'cdk8s/', 'cdk8s-plus-28'];
    console.log(JSON.stringify(engines.filter((e) => loaded.some((m) => m.includes('/node_modules/' + e)))));
  `;
  const out = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['-e', script], { cwd: root, encoding: 'utf-8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('package entry points load only their own engine', () => {
  test.each<[string, string[]]>([
    ['lib/index.ts', []],
    ['constructs/k8s/index.ts', ['cdk8s/', 'cdk8s-plus-28']],
    ['constructs/aws/index.ts', ['aws-cdk-lib']],
    ['constructs/azure/index.ts', ['cdktf/', '@cdktf/provider-azurerm']],
    ['constructs/gcp/index.ts', ['cdktf/', '@cdktf/provider-google']],
    ['constructs/github/index.ts', ['cdktf/', '@cdktf/provider-github']],
    ['lib/policy/index.ts', []],
    // Manifests resolve image references from the registries' pure name helpers, never a Terraform provider.
    ['lib/platform/synth-kubernetes.ts', ['cdk8s/', 'cdk8s-plus-28']],
    ['lib/parity/index.ts', []],
    ['lib/platform/aws/index.ts', ['aws-cdk-lib']],
    // Each cloud's provider loads when a stack of that cloud is built, not with the entry point.
    ['lib/platform/terraform/index.ts', ['cdktf/']],
  ])('%s loads %p', (entry, engines) => {
    expect(enginesLoadedBy(entry)).toEqual(engines);
  });

  test('Terraform providers are loaded by deep path only (never the 400 MB package root)', () => {
    const script = `
      require(${JSON.stringify(path.join(root, 'constructs/azure/index.ts'))});
      require(${JSON.stringify(path.join(root, 'constructs/gcp/index.ts'))});
      require(${JSON.stringify(path.join(root, 'constructs/github/index.ts'))});
      const roots = Object.keys(require.cache).filter((m) => /@cdktf\\/provider-(azurerm|google|github)\\/lib\\/index\\.js$/.test(m));
      console.log(JSON.stringify(roots));
    `;
    const out = execFileSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['-e', script], { cwd: root, encoding: 'utf-8' });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([]);
  });
});
