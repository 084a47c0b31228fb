import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { defineOrganization, MANDATORY_TAG_KEYS, synthesize } from '../../../lib';

const org = defineOrganization(acme);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-'));
const result = synthesize(org, { outdir, cloudFormationValidation: false });

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf-8'));
const awsTemplate = (env: string) => readJson(path.join(outdir, 'cdk.out', `acme-${env}.template.json`));
const terraform = (env: string, cloud: string) => readJson(path.join(outdir, 'cdktf.out', 'stacks', `acme-${env}-${cloud}`, 'cdk.tf.json'));
/** The environment's AWS templates: its own stack, its team stacks and its DR stack, by stack name. */
const awsTemplates = (env: string): Record<string, any> => Object.fromEntries(
  fs.readdirSync(path.join(outdir, 'cdk.out'))
    .filter((f) => f === `acme-${env}.template.json` || (f.startsWith(`acme-${env}-`) && f.endsWith('.template.json')))
    .sort()
    .map((f) => [f.replace('.template.json', ''), readJson(path.join(outdir, 'cdk.out', f))]),
);
const manifestFile = (env: string, cloud: string, chart: string) =>
  parseAllDocuments(fs.readFileSync(path.join(outdir, 'cdk8s.out', env, cloud, `${chart}.k8s.yaml`), 'utf-8')).map((d) => d.toJSON());
const manifests = (env: string, cloud: string) => ['baseline', 'addons', 'services'].flatMap((chart) => manifestFile(env, cloud, chart));
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('synthesize(acme)', () => {
  test('writes the three output folders and the pipelines, and returns their paths', () => {
    expect(result).toEqual({
      cloudFormation: path.join(outdir, 'cdk.out'),
      terraform: path.join(outdir, 'cdktf.out'),
      kubernetes: path.join(outdir, 'cdk8s.out'),
      pipelines: path.join(outdir, 'ci.out'),
      githubSettings: path.join(outdir, 'ci.out', 'platform', 'github-settings', 'stacks', 'acme-github'),
    });
    // The team repositories' folders, and the platform repository's own workflow.
    expect(fs.readdirSync(path.join(outdir, 'ci.out')).sort()).toEqual(['data-platform', 'payments', 'platform', 'storefront']);
    const teams = (env: string) => ['data-platform', 'payments', 'storefront'].map((t) => `acme-${env}-team-${t}.template.json`);
    expect(fs.readdirSync(path.join(outdir, 'cdk.out')).filter((f) => f.endsWith('.template.json')).sort()).toEqual([
      ...teams('dev'), 'acme-dev.template.json',
      'acme-prod-dr.template.json', ...teams('prod'), 'acme-prod.template.json',
      ...teams('staging'), 'acme-staging.template.json',
    ]);
    expect(fs.readdirSync(path.join(outdir, 'cdktf.out', 'stacks')).sort()).toEqual([
      'acme-dev-azure', 'acme-dev-gcp', 'acme-prod-azure', 'acme-prod-gcp', 'acme-staging-azure', 'acme-staging-gcp',
    ]);
    for (const env of ENVIRONMENTS) {
      expect(fs.readdirSync(path.join(outdir, 'cdk8s.out', env)).sort()).toEqual(['aws', 'azure', 'gcp']);
      expect(fs.readdirSync(path.join(outdir, 'cdk8s.out', env, 'aws')).sort()).toEqual(['addons.k8s.yaml', 'baseline.k8s.yaml', 'gitops.k8s.yaml', 'monitoring.k8s.yaml', 'services.k8s.yaml', 'teams']);
    }
  });

  test.each(ENVIRONMENTS)('the AWS stack of %s is bound to its account and region', (env) => {
    const manifest = readJson(path.join(outdir, 'cdk.out', 'manifest.json'));
    const placement = org.environments.find((e) => e.name === env)!.aws!;
    expect(manifest.artifacts[`acme-${env}`].environment).toBe(`aws://${placement.account}/${placement.region}`);
  });

  test.each(ENVIRONMENTS)('the AWS subnets of %s are exactly the planned ones', (env) => {
    const planned = Object.values(org.environments.find((e) => e.name === env)!.aws!.subnets).sort();
    const synthesized = Object.values(awsTemplate(env).Resources)
      .filter((r: any) => r.Type === 'AWS::EC2::Subnet').map((r: any) => r.Properties.CidrBlock).sort();
    expect(synthesized).toEqual(planned);
  });

  test('NAT gateways and flow log retention follow the tier profile', () => {
    const count = (env: string, type: string) => Object.values(awsTemplate(env).Resources).filter((r: any) => r.Type === type).length;
    expect(ENVIRONMENTS.map((env) => count(env, 'AWS::EC2::NatGateway'))).toEqual([1, 3, 3]);
    const retention = (env: string) => (Object.values(awsTemplate(env).Resources).find((r: any) => r.Type === 'AWS::Logs::LogGroup') as any).Properties.RetentionInDays;
    expect(ENVIRONMENTS.map(retention)).toEqual([90, 90, 365]);
  });

  test.each(ENVIRONMENTS)('every taggable AWS resource of %s, in all its stacks, carries the mandatory tags', (env) => {
    const resources = Object.entries(awsTemplates(env)).flatMap(([stack, t]) =>
      Object.entries<any>(t.Resources).map(([id, r]) => [`${stack}/${id}`, r] as [string, any]));
    const taggable = ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::NatGateway', 'AWS::EC2::EIP', 'AWS::EC2::InternetGateway',
      'AWS::EC2::RouteTable', 'AWS::EC2::SecurityGroup', 'AWS::EC2::FlowLog', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::IAM::Role',
      'AWS::Lambda::Function', 'AWS::ECR::Repository'];
    const untagged = resources
      .filter(([, r]) => taggable.includes(r.Type) || r.Properties?.Tags)
      .filter(([, r]) => {
        // Most types take a list of {Key, Value}; a few (EKS node groups) take a map.
        const raw = r.Properties?.Tags ?? [];
        const tags = Array.isArray(raw) ? Object.fromEntries(raw.map((t: any) => [t.Key, t.Value])) : raw;
        return MANDATORY_TAG_KEYS.some((k) => tags[k] === undefined) || tags.environment !== env;
      })
      .map(([id]) => id);
    expect(untagged).toEqual([]);
    // Launch templates pass the tags on to the instances and volumes they launch.
    for (const [, r] of resources.filter(([, x]) => x.Type === 'AWS::EC2::LaunchTemplate')) {
      const specs = r.Properties.LaunchTemplateData.TagSpecifications;
      expect(specs.map((t: any) => t.ResourceType)).toEqual(['instance', 'volume', 'network-interface']);
      for (const spec of specs) expect(spec.Tags.map((t: any) => t.Key).sort()).toEqual([...MANDATORY_TAG_KEYS].sort());
    }
  });

  test.each(ENVIRONMENTS)('every Azure resource of %s that takes tags carries the mandatory tags', (env) => {
    const tf = terraform(env, 'azure');
    const taggable = ['azurerm_resource_group', 'azurerm_virtual_network', 'azurerm_network_security_group', 'azurerm_nat_gateway', 'azurerm_public_ip'];
    const missing: string[] = [];
    for (const [type, resources] of Object.entries<any>(tf.resource)) {
      for (const [name, r] of Object.entries<any>(resources)) {
        if (!taggable.includes(type) && r.tags === undefined) continue;
        if (MANDATORY_TAG_KEYS.some((k) => r.tags?.[k] === undefined) || r.tags.environment !== env) missing.push(`${type}.${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test.each(ENVIRONMENTS)('the google provider of %s labels every resource with the mandatory labels (keys unchanged)', (env) => {
    const labels = terraform(env, 'gcp').provider.google[0].default_labels;
    expect(Object.keys(labels).sort()).toEqual([...MANDATORY_TAG_KEYS].sort());
    expect(labels.environment).toBe(env);
  });

  test.each(ENVIRONMENTS.flatMap((env) => ['aws', 'azure', 'gcp'].map((cloud) => [env, cloud])))(
    'every Kubernetes object of %s/%s carries the mandatory labels', (env, cloud) => {
      const objects = manifests(env, cloud);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) {
        for (const key of MANDATORY_TAG_KEYS) expect(object.metadata.labels[key]).toEqual(expect.any(String));
        expect(object.metadata.labels.environment).toBe(env);
      }
    });

  test('one namespace per team in every cluster', () => {
    const namespaces = manifests('prod', 'gcp').filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(namespaces).toEqual(['payments', 'storefront', 'data-platform']);
  });

  test.each(ENVIRONMENTS)('the Terraform stacks of %s keep state remotely with locking and encryption, per stack', (env) => {
    expect(terraform(env, 'azure').terraform.backend).toEqual({
      azurerm: {
        subscription_id: '00000000-0000-4000-8000-000000000001',
        resource_group_name: 'rg-acme-tfstate',
        storage_account_name: 'stacmetfstate4821',
        container_name: 'tfstate',
        key: `acme-${env}-azure.tfstate`,
        use_azuread_auth: true,
      },
    });
    expect(terraform(env, 'gcp').terraform.backend).toEqual({
      gcs: {
        bucket: 'acme-tfstate-4821',
        prefix: `acme-${env}-gcp`,
        kms_encryption_key: 'projects/acme-shared-4821/locations/europe/keyRings/tfstate/cryptoKeys/tfstate',
      },
    });
  });

  test.each(ENVIRONMENTS)('the providers of %s are pinned to exact versions and bound to the placement', (env) => {
    const placement = org.environments.find((e) => e.name === env)!;
    const azure = terraform(env, 'azure');
    expect(azure.terraform.required_providers.azurerm.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(azure.provider.azurerm[0]).toMatchObject({ subscription_id: placement.azure!.subscriptionId, storage_use_azuread: true });
    const gcp = terraform(env, 'gcp');
    expect(gcp.terraform.required_providers.google.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(gcp.provider.google[0]).toMatchObject({ project: placement.gcp!.project, region: placement.gcp!.region });
  });

  test('only prod AWS stacks are protected from deletion', () => {
    const manifest = readJson(path.join(outdir, 'cdk.out', 'manifest.json'));
    expect(ENVIRONMENTS.map((env) => manifest.artifacts[`acme-${env}`].properties.terminationProtection ?? false)).toEqual([false, false, true]);
  });

  test.each(ENVIRONMENTS)('the Kubernetes API of every %s cluster is private (no public endpoint without an explicit opt-in)', (env) => {
    const eks = Object.values<any>(awsTemplate(env).Resources).filter((r) => r.Type === 'AWS::EKS::Cluster');
    const endpointAccess = eks.map((r) => r.Properties.ResourcesVpcConfig).map((c) => [c.EndpointPublicAccess, c.EndpointPrivateAccess]);
    expect(endpointAccess).toEqual([[false, true]]);
    expect(eks.map((r) => r.Metadata?.['cdk-enterprise-baseline:public-endpoint'])).toEqual([undefined]);
    const aks = Object.values<any>(terraform(env, 'azure').resource.azurerm_kubernetes_cluster);
    expect(aks.map((c) => c.private_cluster_enabled)).toEqual([true]);
    const gke = Object.values<any>(terraform(env, 'gcp').resource.google_container_cluster);
    expect(gke.map((c) => [c.private_cluster_config.enable_private_endpoint, c.private_cluster_config.enable_private_nodes])).toEqual([[true, true]]);
  });

  test('cluster node bounds follow the tier profile on every cloud', () => {
    const bounds = ENVIRONMENTS.map((env) => {
      const groups = Object.values<any>(awsTemplate(env).Resources).filter((r) => r.Type === 'AWS::EKS::Nodegroup')
        .map((r) => [r.Properties.ScalingConfig.MinSize, r.Properties.ScalingConfig.MaxSize]);
      const aksCluster = Object.values<any>(terraform(env, 'azure').resource.azurerm_kubernetes_cluster)[0];
      const aksPool = Object.values<any>(terraform(env, 'azure').resource.azurerm_kubernetes_cluster_node_pool)[0];
      const gkePools = Object.values<any>(terraform(env, 'gcp').resource.google_container_node_pool)
        .sort((a) => (String(a.name).includes('system') ? -1 : 1))
        .map((p) => [p.autoscaling.min_node_count, p.autoscaling.max_node_count]);
      return {
        eks: groups,
        aks: [[aksCluster.default_node_pool.min_count, aksCluster.default_node_pool.max_count], [aksPool.min_count, aksPool.max_count]],
        gkePerZone: gkePools,
      };
    });
    expect(bounds).toEqual([
      { eks: [[3, 3], [3, 18]], aks: [[3, 3], [3, 18]], gkePerZone: [[1, 1], [1, 6]] },
      { eks: [[3, 6], [3, 24]], aks: [[3, 6], [3, 24]], gkePerZone: [[1, 2], [1, 8]] },
      { eks: [[3, 6], [6, 30]], aks: [[3, 6], [6, 30]], gkePerZone: [[1, 2], [2, 10]] },
    ]);
  });

  test('cdk.out stays small: no kubectl layer, no nested stacks, one tiny Lambda asset (the default security group closer)', () => {
    const size = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true })
      .reduce((sum, e) => sum + (e.isDirectory() ? size(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
    expect(size(path.join(outdir, 'cdk.out'))).toBeLessThan(2 * 1024 * 1024);
    for (const env of ENVIRONMENTS) {
      const types = Object.values<any>(awsTemplate(env).Resources).map((r) => r.Type);
      expect(types).not.toContain('AWS::CloudFormation::Stack');
      expect(types.filter((t) => t.startsWith('Custom::'))).toEqual(['Custom::VpcRestrictDefaultSG']);
    }
  });

  // One environment in full (prod: the most complete, with its DR stack), one snapshot per stack file so a diff
  // names its stack. The other environments differ by tier knobs, pinned by the tests above and by parity's shape.
  const SNAPSHOT_FILES = [
    ...fs.readdirSync(path.join(outdir, 'cdk.out')).filter((f) => f.startsWith('acme-prod') && f.endsWith('.template.json')).sort()
      .map((f) => `cdk.out/${f}`),
    'cdktf.out/stacks/acme-prod-azure/cdk.tf.json',
    'cdktf.out/stacks/acme-prod-gcp/cdk.tf.json',
    'cdk8s.out/prod/aws/baseline.k8s.yaml', 'cdk8s.out/prod/aws/addons.k8s.yaml', 'cdk8s.out/prod/aws/services.k8s.yaml',
    'cdk8s.out/prod/azure/services.k8s.yaml', 'cdk8s.out/prod/gcp/services.k8s.yaml',
  ];

  test('the snapshot covers every stack of prod', () => {
    expect(SNAPSHOT_FILES.filter((f) => f.startsWith('cdk.out/'))).toEqual([
      'cdk.out/acme-prod-dr.template.json', 'cdk.out/acme-prod-team-data-platform.template.json',
      'cdk.out/acme-prod-team-payments.template.json', 'cdk.out/acme-prod-team-storefront.template.json',
      'cdk.out/acme-prod.template.json',
    ]);
  });

  test.each(SNAPSHOT_FILES)('snapshot of prod: %s', (file) => {
    const text = fs.readFileSync(path.join(outdir, file), 'utf-8');
    expect(file.endsWith('.yaml') ? parseAllDocuments(text).map((d) => d.toJSON()) : JSON.parse(text)).toMatchSnapshot();
  });
});

describe('synthesize options', () => {
  test('an environment without a placement on a cloud has no stack for that cloud', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-'));
    const awsOnly = defineOrganization({ ...acme, environments: [{ name: 'sandbox', tier: 'dev', aws: acme.environments[0].aws }] });
    const out = synthesize(awsOnly, { outdir: dir, cloudFormationValidation: false });
    expect(out.terraform).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'cdk8s.out', 'sandbox'))).toEqual(['aws']);
    // AND a synth of the whole organization writes its GitHub settings, even with no Terraform cloud
    expect(out.githubSettings).toBe(path.join(dir, 'ci.out', 'platform', 'github-settings', 'stacks', 'acme-github'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('environments and clouds can be selected, so CI can shard', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-'));
    const out = synthesize(org, { outdir: dir, environments: ['staging'], clouds: ['gcp'] });
    expect(out.cloudFormation).toBeUndefined();
    expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks'))).toEqual(['acme-staging-gcp']);
    expect(fs.readdirSync(path.join(dir, 'cdk8s.out'))).toEqual(['staging']);
    // AND a shard of one cloud leaves the GitHub settings, which belong to no cloud, to the whole synth
    expect(out.githubSettings).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'ci.out', 'platform', 'github-settings'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an unknown environment is a clear error', () => {
    expect(() => synthesize(org, { environments: ['qa'] })).toThrow('synthesize: unknown environment "qa" (expected one of dev, staging, prod)');
  });
});
