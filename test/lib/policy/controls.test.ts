import { exampleLedger, TODAY } from './support';
import { acme } from '../../../examples/acme/org';
import type { Artifact } from '../../../lib/artifacts';
import { synthesizeArtifacts } from '../../../lib/platform';
import { CONTROLS, controlById, controlsMatrix, ControlsMatrix, evaluate, PACKS, renderControlsMatrix } from '../../../lib/policy';
import { defineOrganization } from '../../../lib/spec';

describe('controls', () => {
  test('ids are unique kebab-case, and include every control the issue names', () => {
    const ids = CONTROLS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z]+(-[a-z0-9]+)*$/.test(id))).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining([
      'cluster-api-private', 'secrets-encrypted-cmk', 'no-static-credentials', 'nodes-no-public-ip', 'registry-private',
      'registry-tags-immutable', 'registry-scan-on-push', 'flow-logs-on', 'diagnostics-on', 'deletion-protection',
      'mandatory-tags', 'state-locked-encrypted', 'pod-security-restricted', 'resources-bounded', 'health-probes',
      'images-trusted', 'network-default-deny', 'disruption-budget',
    ]));
  });

  test('controlById names the known ids when given an unknown one', () => {
    expect(() => controlById('nope')).toThrow(/^controlById: "nope" is not a control \(expected one of cluster-api-private, /);
  });
});

describe('controls matrix of the example organization', () => {
  // GIVEN the whole example organization, synthesized once
  const artifacts = synthesizeArtifacts(defineOrganization(acme));
  const matrixOf = (input: readonly Artifact[]): ControlsMatrix =>
    controlsMatrix(evaluate(input, PACKS, { exceptions: exampleLedger, today: TODAY }), input);
  const clean = matrixOf(artifacts);
  const cell = (m: ControlsMatrix, control: string, environment: string, cloud: string) =>
    m.rows.find((r) => r.control.id === control)!.cells.find((c) => c.environment === environment && c.cloud === cloud)!;

  test('has a column per environment and cloud', () => {
    expect(clean.columns.map((c) => `${c.environment}/${c.cloud}`)).toEqual([
      'dev/aws', 'dev/azure', 'dev/gcp', 'staging/aws', 'staging/azure', 'staging/gcp', 'prod/aws', 'prod/azure', 'prod/gcp',
    ]);
  });

  test('is green everywhere: no cell fails', () => {
    const red = clean.rows.flatMap((r) => r.cells.filter((c) => c.status === 'fail').map((c) => `${r.control.id} ${c.environment}/${c.cloud}`));
    expect(red).toEqual([]);
  });

  test('the infrastructure controls pass on every cloud they apply to', () => {
    for (const control of ['cluster-api-private', 'secrets-encrypted-cmk', 'no-static-credentials', 'nodes-no-public-ip', 'flow-logs-on', 'diagnostics-on', 'deletion-protection', 'mandatory-tags']) {
      expect(clean.rows.find((r) => r.control.id === control)!.cells.map((c) => c.status)).toEqual(Array(9).fill('pass'));
    }
  });

  test('the state backend control is not applicable on AWS, with the reason', () => {
    expect(cell(clean, 'state-locked-encrypted', 'prod', 'aws')).toEqual(expect.objectContaining({
      status: 'n/a',
      notApplicableReason: 'CloudFormation keeps the state of its stacks; there is no state backend to configure.',
    }));
    expect(cell(clean, 'state-locked-encrypted', 'prod', 'gcp').status).toBe('pass');
  });

  test('a pass that rests on an exception says so', () => {
    // GIVEN the example's ledger plus one exception for prod's Azure VNet flow log rule, on a stack where the flow log is gone
    const target = artifacts.find((a) => a.environment === 'prod' && a.cloud === 'azure' && a.kind === 'terraform')!;
    const document = structuredClone(target.document);
    delete document.resource.azurerm_network_watcher_flow_log;
    const vnet = Object.keys(document.resource.azurerm_virtual_network)[0];
    const input = artifacts.map((a) => (a === target ? { ...a, document } : a));
    const ledger = [...exampleLedger, {
      ruleId: 'TF-AZURE-VNET-FLOW-LOGS',
      resource: `azurerm_virtual_network.${vnet}`,
      environment: 'prod',
      reason: 'Test: a known gap.',
      owner: 'platform-team',
      expires: '2027-01-31',
    }];
    // WHEN the matrix is computed
    const matrix = controlsMatrix(evaluate(input, PACKS, { exceptions: ledger, today: TODAY }), input);
    // THEN the cell passes and names the excepted rule, and the example itself rests on no exception
    expect(cell(matrix, 'flow-logs-on', 'prod', 'azure')).toEqual(expect.objectContaining({ status: 'pass', exceptedRules: ['TF-AZURE-VNET-FLOW-LOGS'] }));
    expect(cell(matrix, 'flow-logs-on', 'prod', 'gcp').exceptedRules).toEqual([]);
    expect(renderControlsMatrix(matrix)).toContain('* flow-logs-on prod/azure: passes with exceptions for TF-AZURE-VNET-FLOW-LOGS');
    expect(clean.rows.flatMap((r) => r.cells.filter((c) => c.exceptedRules.length > 0))).toEqual([]);
  });

  test.each<[string, string, string, string, (document: any) => void]>([
    ['cluster-api-private', 'prod', 'azure', 'TF-AZURE-AKS-PRIVATE-API', (doc) => { Object.values<any>(doc.resource.azurerm_kubernetes_cluster)[0].private_cluster_enabled = false; }],
    ['flow-logs-on', 'dev', 'gcp', 'TF-GCP-SUBNET-FLOW-LOGS', (doc) => { delete Object.values<any>(doc.resource.google_compute_subnetwork)[0].log_config; }],
    ['diagnostics-on', 'staging', 'aws', 'CFN-EKS-CONTROL-PLANE-LOGS', (template) => {
      Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::EKS::Cluster').Properties.Logging.ClusterLogging.EnabledTypes = [];
    }],
  ])('breaking %s in %s on %s turns exactly that cell red', (control, environment, cloud, ruleId, mutate) => {
    // GIVEN the example with one control broken in one environment's artifact for one cloud
    const target = artifacts.find((a) => a.environment === environment && a.cloud === cloud && a.kind !== 'kubernetes' && a.name === `acme-${environment}${cloud === 'aws' ? '' : `-${cloud}`}`)!;
    const document = structuredClone(target.document);
    mutate(document);
    // WHEN the matrix is computed again
    const matrix = matrixOf(artifacts.map((a) => (a === target ? { ...a, document } : a)));
    // THEN that cell fails with the rule that found it
    expect(cell(matrix, control, environment, cloud)).toEqual(expect.objectContaining({ status: 'fail', failingRules: [ruleId] }));
    // AND every other cell is unchanged
    const changed = matrix.rows.flatMap((row, r) => row.cells
      .filter((c, i) => c.status !== clean.rows[r].cells[i].status)
      .map((c) => `${row.control.id} ${c.environment}/${c.cloud}`));
    expect(changed).toEqual([`${control} ${environment}/${cloud}`]);
    // AND the rendered matrix shows ✗ there and names the rule
    expect(renderControlsMatrix(matrix)).toContain(`✗ ${control} ${environment}/${cloud}: ${ruleId}`);
  });

  test('renders ✓, ✗ and – with one column per environment and cloud', () => {
    const text = renderControlsMatrix(clean);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^CONTROL\s+dev\/aws\s+dev\/azure\s+dev\/gcp\s+staging\/aws/);
    expect(lines.find((l) => l.startsWith('cluster-api-private '))!.split(/\s+/).slice(1)).toEqual(Array(9).fill('✓'));
    expect(lines.find((l) => l.startsWith('state-locked-encrypted '))!.split(/\s+/).slice(1)).toEqual(['–', '✓', '✓', '–', '✓', '✓', '–', '✓', '✓']);
    expect(lines.find((l) => l.startsWith('flow-logs-on '))!.split(/\s+/).slice(1)).toEqual(Array(9).fill('✓'));
    expect(text).not.toContain('passes with exceptions');
  });
});
