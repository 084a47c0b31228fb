import { readFileSync } from 'fs';
import * as path from 'path';
// eslint-disable-next-line import/no-unresolved
import { LegacyESLint } from 'eslint/use-at-your-own-risk';

/**
 * The layer rules are only worth something if lint fails on a new back-edge. These tests lint small fixture files,
 * placed (virtually) in each folder, with the layer rules exactly as `.eslintrc.json` (generated from `.projenrc.ts`)
 * declares them.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const eslintrc = JSON.parse(readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf8').replace(/^\/\/.*$/m, ''));
const LAYER_RULES = ['import/no-restricted-paths', 'no-restricted-imports', 'import/order'];

const eslint = new LegacyESLint({
  cwd: ROOT,
  useEslintrc: false,
  baseConfig: {
    root: true,
    parser: eslintrc.parser,
    parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
    plugins: ['import'],
    settings: eslintrc.settings,
    rules: Object.fromEntries(LAYER_RULES.map((rule) => [rule, eslintrc.rules[rule]])),
  },
});

/** The layer-rule messages eslint reports for `code` as if it were the file at `file`. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  test('every layer rule is an error', () => {
    expect(LAYER_RULES.map((rule) => eslintrc.rules[rule][0])).toEqual(['error', 'error', 'error']);
  });

  test.each([
    ['core/fixture.ts', "import { parseIpv4Cidr } from './cidr';"],
    ['core/fixture.ts', "import { Address4 } from 'ip-address';"],
    ['constructs/aws/fixture.ts', "import * as s3 from 'aws-cdk-lib/aws-s3';\nimport { Construct } from 'constructs';\nimport { Problems } from '../../core/problems';"],
    ['constructs/azure/fixture.ts', "import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';\nimport { Token } from 'cdktf';\nimport { readIpv4Cidr } from '../../core/cidr';"],
    ['constructs/gcp/fixture.ts', "import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';\nimport { Token } from 'cdktf';"],
    ['constructs/k8s/fixture.ts', "import { Chart } from 'cdk8s';\nimport { KubeDeployment } from 'cdk8s-plus-28/lib/imports/k8s';\nimport { parseQuantity } from '../../core/quantity';"],
    ['lib/spec/fixture.ts', "import { z } from 'zod';\nimport { parseQuantity } from '../../core/quantity';"],
    ['lib/platform/fixture.ts', "import { AwsNetwork } from '../../constructs/aws';\nimport { defineOrganization } from '../spec';"],
  ])('%s may import what its layer allows', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  test.each([
    ['core/fixture.ts', "import { defineOrganization } from '../lib/spec';", 'core/ is the engine-free kernel: it imports nothing of ours.'],
    ['core/fixture.ts', "import { Token } from 'aws-cdk-lib';", 'core/ is the engine-free kernel: it imports no engine (only ip-address).'],
    ['constructs/aws/fixture.ts', "import { defineOrganization } from '../../lib/spec';", 'constructs never import lib/: a construct takes props, not the organization, so teams can use it alone.'],
    ['constructs/aws/fixture.ts', "import { AksCluster } from '../azure/aks-cluster';", 'constructs/aws imports only aws-cdk-lib, constructs and core/.'],
    ['constructs/aws/fixture.ts', "import { Token } from 'cdktf';", 'constructs/aws imports only aws-cdk-lib, constructs and core/.'],
    ['constructs/azure/fixture.ts', "import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';", 'constructs/azure imports only cdktf, @cdktf/provider-azurerm (by deep path) and core/.'],
    ['constructs/gcp/fixture.ts', "import { Stack } from 'aws-cdk-lib';", 'constructs/gcp imports only cdktf, @cdktf/provider-google (by deep path) and core/.'],
    ['constructs/k8s/fixture.ts', "import { TerraformStack } from 'cdktf';", 'constructs/k8s imports only cdk8s, cdk8s-plus-28, typed CRD models and core/.'],
    ['constructs/k8s/fixture.ts', "import { EksCluster } from '../aws/eks-cluster';", 'constructs/k8s imports only cdk8s, cdk8s-plus-28, typed CRD models and core/.'],
    ['lib/spec/fixture.ts', "import { ROLLOUT_MAX_SURGE_PERCENT } from '../../constructs/k8s/service-workload';", 'lib/spec is pure data over core/: it imports no construct and nothing above it.'],
    ['lib/spec/fixture.ts', "import { synthesize } from '../platform/synthesize';", 'lib/spec is pure data over core/: it imports no construct and nothing above it.'],
    ['lib/parity/fixture.ts', "import { synthesize } from '../platform/synthesize';", 'lib/parity reads artifacts; it never imports lib/platform.'],
    ['lib/policy/fixture.ts', "import { synthesize } from '../platform/synthesize';", 'lib/policy reads artifacts; it never imports lib/platform.'],
    ['lib/artifacts/fixture.ts', "import { synthesize } from '../platform/synthesize';", 'lib/artifacts is a leaf: it reads synthesized files and runs nothing.'],
  ])('%s: a back-edge (%s) fails lint', async (file, code, message) => {
    const messages = await lint(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^import\/no-restricted-paths: /);
    expect(messages[0]).toContain(message);
  });

  test('a root import of a Terraform provider fails lint', async () => {
    // The module name is assembled so that this fixture is not itself a root import to the repository's own checks.
    const root = ['@cdktf', 'provider-azurerm'].join('/');
    expect(await lint('constructs/azure/fixture.ts', `import { provider } from '${root}';`)).toEqual([
      "no-restricted-imports: '@cdktf/provider-azurerm' import is restricted from being used. Import @cdktf/provider-azurerm by deep path (@cdktf/provider-azurerm/lib/<resource>).",
    ]);
  });

  test('imports out of order fail lint', async () => {
    expect(await lint('lib/spec/fixture.ts', "import { parseQuantity } from '../../core/quantity';\nimport { z } from 'zod';")).toEqual([
      'import/order: `zod` import should occur before import of `../../core/quantity`',
    ]);
  });
});
