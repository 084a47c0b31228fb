import { acme } from '../../../examples/acme/org';
import type { Artifact } from '../../../lib/artifacts';
import { checkParity, describeDrift, formatParityMatrix } from '../../../lib/parity';
import '../../../lib/parity/jest';
import { artifactsOf } from '../../../lib/platform';
import { EnvironmentSpec, defineOrganization } from '../../../lib/spec';

// One synth of the example for the whole file; every drift is injected into a copy of its artifacts.
const org = defineOrganization(acme);
let clean: Artifact[];
beforeAll(() => {
  clean = artifactsOf(org);
});

/** A copy of the artifacts where `mutate` changed the named artifact's document. */
function withChange(name: string, mutate: (document: any) => void): Artifact[] {
  return clean.map((a) => {
    if (a.name !== name) return a;
    const document = structuredClone(a.document);
    mutate(document);
    return { ...a, document };
  });
}

function resourceOfType(template: any, type: string): [string, any] {
  const found = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

describe('the example organization', () => {
  test('has environment parity', () => {
    // GIVEN the example's artifacts  WHEN/THEN
    expect(org).toHaveEnvironmentParity({ artifacts: clean });
  });

  test('compares every pair of environments on every scope', () => {
    // WHEN
    const result = checkParity(org, clean);

    // THEN
    expect(result.pairs.map((p) => p.environments)).toEqual([['dev', 'staging'], ['dev', 'prod'], ['staging', 'prod']]);
    expect(result.scopes).toEqual(['aws', 'aws/k8s', 'azure', 'azure/k8s', 'gcp', 'gcp/k8s']);
    expect(result.ok).toBe(true);
    expect(formatParityMatrix(result)).toEqual([
      '         aws  aws/k8s  azure  azure/k8s  gcp  gcp/k8s',
      'dev      ✓    ✓        ✓      ✓          ✓    ✓',
      'staging  ✓    ✓        ✓      ✓          ✓    ✓',
      'prod     ✓    ✓        ✓      ✓          ✓    ✓',
    ].join('\n'));
  });

  test('allows exactly what knobs and placements explain', () => {
    // WHEN
    const [devStaging, devProd] = checkParity(org, clean).pairs;
    const allowed = (resource: RegExp, path: string) => devStaging.differences.find((d) => resource.test(d.resource) && d.path === path)?.allowedBy;
    const allowedInProd = (resource: RegExp, path: string) =>
      devProd.differences.find((d) => resource.test(d.resource) && d.path === path)?.allowedBy;

    // THEN
    expect(allowedInProd(/^NetworkFlowLogGroup/, 'Properties.RetentionInDays')).toEqual(['network.flowLogRetentionDays']);
    expect(allowedInProd(/^azurerm_key_vault\.Cluster_KeyVault/, 'sku_name')).toEqual(['encryption.hsmKeys']);
    expect(allowedInProd(/^azurerm_key_vault_key\.Cluster_KmsKey/, 'key_type')).toEqual(['encryption.hsmKeys']);
    expect(allowed(/^ClusterGeneralNodeGroup/, 'Properties.ScalingConfig.MaxSize')).toEqual(['cluster.generalNodesMax']);
    expect(allowed(/^google_container_node_pool\.Cluster_GeneralNodePool/, 'autoscaling.max_node_count')).toEqual(['cluster.generalNodesMax']);
    expect(allowed(/^NetworkpublicSubnet2NATGateway/, '')).toEqual(['network.natGateways']);
    expect(allowed(/^NetworkprivateSubnet2DefaultRoute/, 'Properties.NatGatewayId.Ref')).toEqual(['network.natGateways']);
    expect(allowed(/^ResourceQuota\/payments\/team-quota$/, 'spec.hard.pods')).toEqual(['namespace.pods']);
    expect(allowed(/^Network6E62CE96$/, 'Properties.CidrBlock')).toEqual(['aws.cidr']);
  });
});

describe('injected drift', () => {
  test('a prod-only setting: flow logs off in dev only', () => {
    // GIVEN dev's VPC flow log removed
    const artifacts = withChange('acme-dev', (t) => {
      delete t.Resources[resourceOfType(t, 'AWS::EC2::FlowLog')[0]];
    });

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN
    const id = resourceOfType(clean.find((a) => a.name === 'acme-prod')!.document, 'AWS::EC2::FlowLog')[0];
    expect(result.drifts.map(describeDrift)).toEqual([
      `dev/staging aws acme-<<name>> ${id} (AWS::EC2::FlowLog) only in staging`,
      `dev/prod aws acme-<<name>> ${id} (AWS::EC2::FlowLog) only in prod`,
    ]);
    // Only dev is implicated: staging and prod agree with each other.
    expect(result.matrix.dev.aws).toBe(1);
    expect(result.matrix.staging.aws).toBe(0);
    expect(result.matrix.prod.aws).toBe(0);
  });

  test('a prod-only setting: GCP flow logs sample only rejected traffic in prod', () => {
    // GIVEN
    const artifacts = withChange('acme-prod-gcp', (d) => {
      for (const subnet of Object.values<any>(d.resource.google_compute_subnetwork)) subnet.log_config.metadata = 'EXCLUDE_ALL_METADATA';
    });

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN
    const address = Object.keys(clean.find((a) => a.name === 'acme-prod-gcp')!.document.resource.google_compute_subnetwork)[0];
    const before = clean.find((a) => a.name === 'acme-dev-gcp')!.document.resource.google_compute_subnetwork[address].log_config.metadata;
    expect(result.drifts.map(describeDrift)).toEqual([
      `dev/prod gcp acme-<<name>>-gcp google_compute_subnetwork.${address} (google_compute_subnetwork) log_config.metadata: dev ${JSON.stringify(before)}, prod "EXCLUDE_ALL_METADATA"`,
      `staging/prod gcp acme-<<name>>-gcp google_compute_subnetwork.${address} (google_compute_subnetwork) log_config.metadata: staging ${JSON.stringify(before)}, prod "EXCLUDE_ALL_METADATA"`,
    ]);
    expect(result.matrix.prod.gcp).toBe(1);
    expect(result.matrix.dev.gcp).toBe(0);
  });

  test('prod keys back on software (a finding of issue 15): the tier says HSM, so every prod key and vault drifts', () => {
    // GIVEN prod's Azure keys and vaults as the construct wrote them before the hsmKeys knob
    const artifacts = withChange('acme-prod-azure', (d) => {
      for (const key of Object.values<any>(d.resource.azurerm_key_vault_key)) key.key_type = 'RSA';
      for (const vault of Object.values<any>(d.resource.azurerm_key_vault)) vault.sku_name = 'standard';
    });

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN every key and vault of prod is named, against the tier's encryption.hsmKeys
    const prodDoc = clean.find((a) => a.name === 'acme-prod-azure')!.document;
    const keys = Object.keys(prodDoc.resource.azurerm_key_vault_key).length;
    const vaults = Object.keys(prodDoc.resource.azurerm_key_vault).length;
    expect(keys).toBe(4);
    expect(result.matrix.prod.azure).toBe(keys + vaults);
    expect(result.matrix.dev.azure).toBe(0);
    expect(result.drifts.map(describeDrift)).toContain('dev/prod azure acme-<<name>>-azure azurerm_key_vault_key.Cluster_KmsKey_1DF2A9A7 (azurerm_key_vault_key) key_type: '
      + 'dev "RSA", prod "RSA" (governed by <<encryption.hsmKeys>> (dev: false, prod: true), but both have "RSA")');
  });

  test('an extra resource in one environment', () => {
    // GIVEN a topic in prod only, and a ConfigMap in staging's AWS cluster only
    let artifacts = withChange('acme-prod', (t) => {
      t.Resources.ExtraTopic = { Type: 'AWS::SNS::Topic', Properties: {} };
    });
    const clone = artifacts;
    artifacts = clone.map((a) => (a.name === 'staging/aws/baseline'
      ? { ...a, document: [...a.document, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'debug', namespace: 'payments' }, data: { verbose: 'true' } }] }
      : a));

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN
    expect(result.drifts.map(describeDrift)).toEqual([
      'dev/staging aws/k8s <<name>>/aws/baseline ConfigMap/payments/debug (v1/ConfigMap) only in staging',
      'dev/prod aws acme-<<name>> ExtraTopic (AWS::SNS::Topic) only in prod',
      'staging/prod aws acme-<<name>> ExtraTopic (AWS::SNS::Topic) only in prod',
      'staging/prod aws/k8s <<name>>/aws/baseline ConfigMap/payments/debug (v1/ConfigMap) only in staging',
    ]);
    expect(result.matrix.prod).toEqual({ 'aws': 1, 'aws/k8s': 0, 'azure': 0, 'azure/k8s': 0, 'gcp': 0, 'gcp/k8s': 0 });
    expect(result.matrix.staging['aws/k8s']).toBe(1);
  });

  test('an extra member of a knob-governed family that the knob does not account for', () => {
    // GIVEN a second NAT gateway in dev, whose profile says one
    const artifacts = withChange('acme-dev', (t) => {
      const [, nat] = resourceOfType(t, 'AWS::EC2::NatGateway');
      t.Resources.ExtraNatGateway = structuredClone(nat);
    });

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN
    // The family no longer follows the knob, so none of its unpaired members is explained.
    const nat = (n: number) => Object.keys(clean.find((a) => a.name === 'acme-prod')!.document.Resources).find((k) => k.startsWith(`NetworkpublicSubnet${n}NATGateway`));
    expect(result.drifts.map(describeDrift)).toEqual([
      'dev/staging aws acme-<<name>> ExtraNatGateway (AWS::EC2::NatGateway) only in dev (<<network.natGateways>> does not account for it: dev has 2 for 1, staging has 3 for 3)',
      `dev/staging aws acme-<<name>> ${nat(2)} (AWS::EC2::NatGateway) only in staging (<<network.natGateways>> does not account for it: dev has 2 for 1, staging has 3 for 3)`,
      `dev/staging aws acme-<<name>> ${nat(3)} (AWS::EC2::NatGateway) only in staging (<<network.natGateways>> does not account for it: dev has 2 for 1, staging has 3 for 3)`,
      'dev/prod aws acme-<<name>> ExtraNatGateway (AWS::EC2::NatGateway) only in dev (<<network.natGateways>> does not account for it: dev has 2 for 1, prod has 3 for 3)',
      `dev/prod aws acme-<<name>> ${nat(2)} (AWS::EC2::NatGateway) only in prod (<<network.natGateways>> does not account for it: dev has 2 for 1, prod has 3 for 3)`,
      `dev/prod aws acme-<<name>> ${nat(3)} (AWS::EC2::NatGateway) only in prod (<<network.natGateways>> does not account for it: dev has 2 for 1, prod has 3 for 3)`,
    ]);
    expect(result.matrix.dev.aws).toBe(3);
  });

  test('a knob used outside its profile', () => {
    // GIVEN staging's checkout autoscaler capped by staging's pod quota instead of the service's own bound
    const pods = (env: string) => org.environments.find((e) => e.name === env)!.profile.namespace.pods;
    const artifacts = withChange('staging/aws/services', (objects) => {
      objects.find((o: any) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'checkout').spec.maxReplicas = pods('staging');
    });

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN
    const hpa = 'aws/k8s <<name>>/aws/services HorizontalPodAutoscaler/payments/checkout (autoscaling/v2/HorizontalPodAutoscaler) spec.maxReplicas';
    const why = (a: string, b: string) => `(equals knob <<namespace.pods>> (${a}: ${pods(a)}, ${b}: ${pods(b)}), but that knob does not govern this property: tier-dependent code outside the profile)`;
    expect(result.drifts.map(describeDrift)).toEqual([
      `dev/staging ${hpa}: dev 12, staging ${pods('staging')} ${why('dev', 'staging')}`,
      `staging/prod ${hpa}: staging ${pods('staging')}, prod 12 ${why('staging', 'prod')}`,
    ]);
    expect(result.matrix.staging['aws/k8s']).toBe(1);
  });

  test('a knob-governed value changed in one environment without its profile', () => {
    // GIVEN prod's flow log retention at 400 days while the prod profile says 365
    const artifacts = withChange('acme-prod', (t) => {
      const [, group] = Object.entries<any>(t.Resources).find(([id]) => id.startsWith('NetworkFlowLogGroup'))!;
      group.Properties.RetentionInDays = 400;
    });

    // WHEN
    const result = checkParity(org, artifacts);

    // THEN
    const id = Object.keys(clean.find((a) => a.name === 'acme-prod')!.document.Resources).find((k) => k.startsWith('NetworkFlowLogGroup'));
    expect(result.drifts.map(describeDrift)).toEqual([
      `dev/prod aws acme-<<name>> ${id} (AWS::Logs::LogGroup) Properties.RetentionInDays: dev 90, prod 400 (governed by <<network.flowLogRetentionDays>> (dev: 90, prod: 365), but the values are not the knob's)`,
      `staging/prod aws acme-<<name>> ${id} (AWS::Logs::LogGroup) Properties.RetentionInDays: staging 90, prod 400 (governed by <<network.flowLogRetentionDays>> (staging: 90, prod: 365), but the values are not the knob's)`,
    ]);
  });

  test('the matcher fails with the report', () => {
    // GIVEN
    const artifacts = withChange('acme-prod', (t) => {
      t.Resources.ExtraTopic = { Type: 'AWS::SNS::Topic', Properties: {} };
    });

    // WHEN/THEN
    expect(() => expect(org).toHaveEnvironmentParity({ artifacts })).toThrow(
      /2 drifts \(differences no placement, tag or governed knob explains\):\n {2}dev\/prod aws acme-<<name>> ExtraTopic \(AWS::SNS::Topic\) only in prod\n/,
    );
    expect(org).not.toHaveEnvironmentParity({ artifacts });
  });
});

describe('a fourth environment', () => {
  test('perf, on the staging tier with its own accounts and networks, keeps parity without other changes', () => {
    // GIVEN
    const perf: EnvironmentSpec = {
      name: 'perf',
      tier: 'staging',
      aws: { account: '444444444444', region: 'eu-west-1', cidr: '10.40.0.0/16' },
      azure: { subscriptionId: '44444444-4444-4444-8444-444444444444', location: 'westeurope', cidr: '10.41.0.0/16' },
      gcp: { project: 'acme-perf-4821', region: 'europe-west1', cidr: '10.42.0.0/16' },
    };
    const withPerf = defineOrganization({ ...acme, environments: [...acme.environments, perf] });

    // WHEN
    const result = checkParity(withPerf, artifactsOf(withPerf));

    // THEN
    expect(result.drifts.map(describeDrift)).toEqual([]);
    expect(result.pairs).toHaveLength(6);
    expect(result.matrix.perf).toEqual({ 'aws': 0, 'aws/k8s': 0, 'azure': 0, 'azure/k8s': 0, 'gcp': 0, 'gcp/k8s': 0 });
    // staging and perf share a tier: nothing but identity differs between them.
    const stagingPerf = result.pairs.find((p) => p.environments.join() === 'staging,perf')!;
    const knobs = new Set(withPerf.environments[0].profile ? stagingPerf.differences.flatMap((d) => d.allowedBy).filter((f) => /^(network|namespace|cluster|registry)\./.test(f)) : []);
    expect([...knobs]).toEqual([]);
  });
});
