import { acme } from '../../../examples/acme/org';
import type { Artifact } from '../../../lib/artifacts';
import { baselineShape } from '../../../lib/parity';
import { artifactsOf } from '../../../lib/platform';
import { defineOrganization } from '../../../lib/spec';

const org = defineOrganization(acme);
let artifacts: Artifact[];
beforeAll(() => {
  artifacts = artifactsOf(org);
});

describe('baseline shape', () => {
  test.each(['aws', 'azure', 'gcp'] as const)('one shape of %s shared by every environment', (cloud) => {
    // WHEN/THEN
    expect(baselineShape(org, cloud, artifacts)).toMatchSnapshot();
  });

  test('values that differ become placeholders of the field that explains them; shared values stay literal', () => {
    // WHEN
    const shape = baselineShape(org, 'aws', artifacts) as any;

    // THEN
    const stack = shape['aws acme-<<name>>'];
    // CDK logical ids end with an 8-character hash of the construct path.
    const byPrefix = (p: string) => stack[Object.keys(stack).find((k) => new RegExp(`^${p}[0-9A-F]{8}$`).test(k))!];
    expect(byPrefix('NetworkFlowLogGroup').Properties.RetentionInDays).toBe('<<network.flowLogRetentionDays>>');
    expect(byPrefix('ClusterGeneralNodeGroup').Properties.ScalingConfig).toEqual({ DesiredSize: '<<cluster.generalNodesMin>>', MinSize: '<<cluster.generalNodesMin>>', MaxSize: '<<cluster.generalNodesMax>>' });
    expect(byPrefix('Network').Properties.CidrBlock).toBe('<<aws.cidr>>');
    expect(byPrefix('NetworkFlowLog').Properties.TrafficType).toBe('ALL');
    const quota = shape['aws/k8s <<name>>/aws/baseline']['ResourceQuota/payments/team-quota'];
    expect(quota.spec.hard).toEqual(expect.objectContaining({ 'pods': '<<namespace.pods>>', 'requests.cpu': '<<namespace.requestsCpu>>' }));
  });

  test('GKE per-zone bounds show the derivation from the tier totals', () => {
    // WHEN
    const shape = baselineShape(org, 'gcp', artifacts) as any;

    // THEN
    const stack = shape['gcp acme-<<name>>-gcp'];
    const pool = stack[Object.keys(stack).find((k) => k.startsWith('google_container_node_pool.Cluster_GeneralNodePool'))!];
    expect(pool.autoscaling.max_node_count).toBe('<<cluster.generalNodesMax:perZone>>');
  });
});
