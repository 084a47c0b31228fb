import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { Testing, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
// Brings in the types of the matchers that Testing.setupJest() registers.
import 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';
import { GcpNatLogFilter, GcpNetwork, GcpNetworkProps, GOOGLE_PRIVATE_APIS } from '../../../constructs/gcp';
import { problemsOf, resourcesOf, synthChecked, TfJson, TfResource } from '../../support/terraform';

Testing.setupJest();

const PROPS: GcpNetworkProps = {
  namePrefix: 'acme-dev',
  project: 'acme-dev-1234',
  region: 'europe-west1',
  nodesCidr: '10.20.0.0/20',
  podsCidr: '10.24.0.0/14',
  servicesCidr: '10.20.16.0/20',
};


function synth(props: Partial<GcpNetworkProps> = {}): string {
  return synthChecked((scope) => {
    new GcpNetwork(scope, 'Network', { ...PROPS, ...props });
  });
}

function allResources(json: TfJson): { address: string; config: TfResource }[] {
  return Object.entries(json.resource).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({ address: `${type}.${name}`, config })));
}

/** The problems the synth reports for the construct built with `props` (building it never throws). */
function errorOf(props: Partial<GcpNetworkProps>): string {
  return problemsOf('Network', (scope) => new GcpNetwork(scope, 'Network', { ...PROPS, ...props }));
}

describe('GcpNetwork', () => {
  describe('addresses and ids', () => {
    test('Terraform addresses are stable', () => {
      // GIVEN / WHEN
      const json: TfJson = JSON.parse(synth());

      // THEN: renaming any of these replaces real infrastructure
      expect(allResources(json).map((r) => r.address).sort()).toEqual([
        'google_compute_firewall.Network_DenyAllIngress_933BC8AF',
        'google_compute_network.Network_1C6012B5',
        'google_compute_route.Network_PrivateGoogleApisRoute_B32A2249',
        'google_compute_router.Network_Router_B43C5A1B',
        'google_compute_router_nat.Network_Nat_3769BF30',
        'google_compute_subnetwork.Network_Subnetwork_36DAE8DB',
        'google_dns_managed_zone.Network_GoogleApisZone_9602A96D',
        'google_dns_record_set.Network_GoogleApisPrivateRecord_C0BE0330',
        'google_dns_record_set.Network_GoogleApisWildcardRecord_C5CA3EA7',
        'google_project_service.Network_DnsApi_D8B07441',
      ]);
    });

    test('the VPC is the primary child and construct ids are stable', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');

      // WHEN
      const network = new GcpNetwork(stack, 'Network', PROPS);

      // THEN
      expect(network.node.defaultChild).toBe(network.network);
      expect(network.node.children.map((c) => c.node.id)).toEqual(['Resource', 'Subnetwork', 'Router', 'Nat', 'DenyAllIngress', 'PrivateGoogleApisRoute', 'DnsApi', 'GoogleApisZone', 'GoogleApisPrivateRecord', 'GoogleApisWildcardRecord']);
      expect(network.subnetwork.node.id).toBe('Subnetwork');
      expect(network.router.node.id).toBe('Router');
      expect(network.nat.node.id).toBe('Nat');
    });
  });

  describe('VPC', () => {
    test('is custom mode with regional routing', () => {
      // GIVEN / WHEN
      const out = synth();

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeNetwork, {
        name: 'acme-dev-vpc',
        project: 'acme-dev-1234',
        auto_create_subnetworks: false,
        routing_mode: 'REGIONAL',
      });
    });
  });

  describe('node subnet', () => {
    test('carries the pods and services secondary ranges and Private Google Access', () => {
      // GIVEN / WHEN
      const [subnet] = resourcesOf(JSON.parse(synth()), 'google_compute_subnetwork');

      // THEN
      expect(subnet.name).toBe('acme-dev-europe-west1');
      expect(subnet.network).toBe('${google_compute_network.Network_1C6012B5.self_link}');
      expect(subnet.ip_cidr_range).toBe('10.20.0.0/20');
      expect(subnet.secondary_ip_range).toEqual([
        { range_name: 'pods', ip_cidr_range: '10.24.0.0/14' },
        { range_name: 'services', ip_cidr_range: '10.20.16.0/20' },
      ]);
      expect(subnet.private_ip_google_access).toBe(true);
    });

    test('has flow logs with all metadata, sampling half the flows by default', () => {
      // GIVEN / WHEN
      const [subnet] = resourcesOf(JSON.parse(synth()), 'google_compute_subnetwork');

      // THEN
      expect(subnet.log_config).toEqual({
        aggregation_interval: 'INTERVAL_5_SEC',
        flow_sampling: 0.5,
        metadata: 'INCLUDE_ALL_METADATA',
      });
    });

    test('samples flows at the rate given', () => {
      // GIVEN / WHEN
      const out = synth({ flowLogSampling: 1 });

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeSubnetwork, {
        log_config: { aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: 1, metadata: 'INCLUDE_ALL_METADATA' },
      });
    });
  });

  describe('Cloud Router and NAT', () => {
    test('the router is attached to the VPC', () => {
      // GIVEN / WHEN
      const out = synth();

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeRouter, {
        name: 'acme-dev-router',
        network: '${google_compute_network.Network_1C6012B5.self_link}',
      });
    });

    test('the NAT auto-allocates addresses for every range of every subnet and logs errors by default', () => {
      // GIVEN / WHEN
      const [nat] = resourcesOf(JSON.parse(synth()), 'google_compute_router_nat');

      // THEN
      expect(nat.name).toBe('acme-dev-nat');
      expect(nat.router).toBe('${google_compute_router.Network_Router_B43C5A1B.name}');
      expect(nat.nat_ip_allocate_option).toBe('AUTO_ONLY');
      expect(nat.source_subnetwork_ip_ranges_to_nat).toBe('ALL_SUBNETWORKS_ALL_IP_RANGES');
      expect(nat.log_config).toEqual({ enable: true, filter: 'ERRORS_ONLY' });
    });

    test('the NAT logs the events chosen', () => {
      // GIVEN / WHEN
      const out = synth({ natLogFilter: GcpNatLogFilter.ALL });

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeRouterNat, { log_config: { enable: true, filter: 'ALL' } });
    });
  });

  describe('firewall', () => {
    test('denies and logs all ingress from anywhere, after every team rule', () => {
      // GIVEN / WHEN
      const out = synth();

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeFirewall, {
        name: 'acme-dev-deny-all-ingress',
        network: '${google_compute_network.Network_1C6012B5.self_link}',
        direction: 'INGRESS',
        priority: 65534,
        source_ranges: ['0.0.0.0/0'],
        deny: [{ protocol: 'all' }],
        log_config: { metadata: 'INCLUDE_ALL_METADATA' },
      });
    });

    test('no rule allows ingress', () => {
      // GIVEN / WHEN
      const firewalls = resourcesOf(JSON.parse(synth()), 'google_compute_firewall');

      // THEN
      expect(firewalls).toHaveLength(1);
      for (const rule of firewalls) {
        expect(rule.allow).toBeUndefined();
        expect(rule.disabled).toBeUndefined();
      }
    });
  });

  describe('placement', () => {
    test('every resource is in the project, and every regional one in the region', () => {
      // GIVEN / WHEN
      const resources = allResources(JSON.parse(synth()));

      // THEN
      for (const { address, config } of resources) {
        expect({ address, project: config.project }).toEqual({ address, project: 'acme-dev-1234' });
      }
      // Networks, firewalls, routes, DNS and API enablement are global.
      const regional = resources.filter((r) => !/^(google_compute_(network|firewall|route)|google_dns_\w+|google_project_service)\./.test(r.address));
      expect(regional).toHaveLength(3);
      for (const { address, config } of regional) {
        expect({ address, region: config.region }).toEqual({ address, region: 'europe-west1' });
      }
    });
  });

  describe('private Google APIs', () => {
    test('*.googleapis.com resolves to private.googleapis.com inside the VPC, whose range is routed to Google', () => {
      // GIVEN / WHEN
      const resources = allResources(JSON.parse(synth()));
      const config = (prefix: string) => resources.filter((r) => r.address.startsWith(prefix)).map((r) => r.config);

      // THEN
      expect(config('google_dns_managed_zone.')).toEqual([expect.objectContaining({
        dns_name: 'googleapis.com.',
        visibility: 'private',
        private_visibility_config: { networks: [{ network_url: '${google_compute_network.Network_1C6012B5.id}' }] },
      })]);
      expect(config('google_dns_record_set.').map((r) => [r.name, r.type, r.rrdatas])).toEqual([
        ['private.googleapis.com.', 'A', [...GOOGLE_PRIVATE_APIS.addresses]],
        ['*.googleapis.com.', 'CNAME', ['private.googleapis.com.']],
      ]);
      expect(config('google_compute_route.')).toEqual([expect.objectContaining({ dest_range: '199.36.153.8/30', next_hop_gateway: 'default-internet-gateway' })]);
      expect(GOOGLE_PRIVATE_APIS.addresses.every((a) => a.startsWith('199.36.153.'))).toBe(true);
    });
  });

  describe('names', () => {
    test('stay within 63 characters with the longest prefix and region, and stay stable', () => {
      // GIVEN
      const namePrefix = 'a'.repeat(31) + '-' + 'b'.repeat(8); // 40 characters

      // WHEN
      const resources = allResources(JSON.parse(synth({ namePrefix, region: 'northamerica-northeast1' })));

      // THEN
      // DNS record names are the records' host names, and an enabled API has no name of its own.
      const names = resources.filter((r) => !/^google_(dns_record_set|project_service)\./.test(r.address)).map((r) => r.config.name as string);
      for (const name of names) {
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      }
      // 64 characters joined, so it is cut to 56 and ends with a hash of the full name
      const [subnet] = resources.filter((r) => r.address.startsWith('google_compute_subnetwork.'));
      expect(subnet.config.name).toBe(`${namePrefix}-northamerica-no-b71fb7`);
      expect(names).toContain(`${namePrefix}-deny-all-ingress`);
    });

    test('public names refer to the Terraform resources, so users depend on them', () => {
      // GIVEN
      const stack = new TerraformStack(Testing.app(), 'stack');
      const network = new GcpNetwork(stack, 'Network', PROPS);

      // WHEN
      new TerraformOutput(stack, 'networkName', { value: network.networkName });
      new TerraformOutput(stack, 'subnetworkName', { value: network.subnetworkName });
      const json: TfJson = JSON.parse(Testing.synth(stack));

      // THEN
      expect(json.output?.networkName.value).toBe('${google_compute_network.Network_1C6012B5.name}');
      expect(json.output?.subnetworkName.value).toBe('${google_compute_subnetwork.Network_Subnetwork_36DAE8DB.name}');
      expect(network.podsRangeName).toBe('pods');
      expect(network.servicesRangeName).toBe('services');
    });
  });

  describe('validation', () => {
    test.each<[string, Partial<GcpNetworkProps>, string]>([
      ['a prefix with uppercase and underscore', { namePrefix: 'Acme_Dev' },
        'GcpNetwork: namePrefix "Acme_Dev" is not a lowercase DNS label of at most 40 characters (expected like acme-dev)'],
      ['a prefix ending in a hyphen', { namePrefix: 'acme-' },
        'GcpNetwork: namePrefix "acme-" is not a lowercase DNS label of at most 40 characters (expected like acme-dev)'],
      ['a prefix of 41 characters', { namePrefix: 'a'.repeat(41) },
        `GcpNetwork: namePrefix "${'a'.repeat(41)}" is not a lowercase DNS label of at most 40 characters (expected like acme-dev)`],
      ['a project id that is too short', { project: 'acme' },
        'GcpNetwork: project "acme" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)'],
      ['a zone instead of a region', { region: 'europe-west1-b' },
        'GcpNetwork: region "europe-west1-b" is not a GCP region (expected like europe-west1)'],
      ['a prefix length above 32', { nodesCidr: '10.20.0.0/33' },
        'GcpNetwork: nodesCidr "10.20.0.0/33" is not an IPv4 CIDR (expected like 10.20.0.0/20)'],
      ['an address without prefix length', { servicesCidr: '10.20.16.0' },
        'GcpNetwork: servicesCidr "10.20.16.0" is not an IPv4 CIDR (expected like 10.20.0.0/20)'],
      ['an IPv6 range', { podsCidr: 'fd00::/48' },
        'GcpNetwork: podsCidr "fd00::/48" is not an IPv4 CIDR (expected like 10.20.0.0/20)'],
      ['a host address', { nodesCidr: '10.20.0.1/20' },
        'GcpNetwork: nodesCidr "10.20.0.1/20" has host bits set (expected the network address 10.20.0.0/20)'],
      ['pods overlapping nodes', { podsCidr: '10.20.8.0/21' },
        'GcpNetwork: podsCidr "10.20.8.0/21" overlaps nodesCidr "10.20.0.0/20" (expected the node, pod and service ranges to be disjoint)'],
      ['services equal to nodes', { servicesCidr: '10.20.0.0/20' },
        'GcpNetwork: servicesCidr "10.20.0.0/20" overlaps nodesCidr "10.20.0.0/20" (expected the node, pod and service ranges to be disjoint)'],
      ['a sampling rate of 0', { flowLogSampling: 0 },
        'GcpNetwork: flowLogSampling 0 is outside (0, 1] (expected a fraction of flows, like 0.5)'],
      ['a sampling rate above 1', { flowLogSampling: 50 },
        'GcpNetwork: flowLogSampling 50 is outside (0, 1] (expected a fraction of flows, like 0.5)'],
      ['an unknown NAT log filter', { natLogFilter: 'NONE' as any },
        'GcpNetwork: natLogFilter "NONE" is not of type GcpNatLogFilter (expected one of ERRORS_ONLY, TRANSLATIONS_ONLY, ALL)'],
    ])('rejects %s', (_, props, message) => {
      // GIVEN / WHEN / THEN
      expect(errorOf(props)).toBe(message);
    });

    test('reports every problem at once, one per line', () => {
      // GIVEN / WHEN
      const message = errorOf({
        namePrefix: 'ACME',
        region: 'europe',
        nodesCidr: '10.0.0.0/16',
        podsCidr: '10.0.0.0/8',
        servicesCidr: '10.0.1.0/24',
        flowLogSampling: -1,
      });

      // THEN
      expect(message.split('\n')).toEqual([
        'GcpNetwork: namePrefix "ACME" is not a lowercase DNS label of at most 40 characters (expected like acme-dev)',
        'GcpNetwork: region "europe" is not a GCP region (expected like europe-west1)',
        'GcpNetwork: podsCidr "10.0.0.0/8" overlaps nodesCidr "10.0.0.0/16" (expected the node, pod and service ranges to be disjoint)',
        'GcpNetwork: servicesCidr "10.0.1.0/24" overlaps nodesCidr "10.0.0.0/16" (expected the node, pod and service ranges to be disjoint)',
        'GcpNetwork: servicesCidr "10.0.1.0/24" overlaps podsCidr "10.0.0.0/8" (expected the node, pod and service ranges to be disjoint)',
        'GcpNetwork: flowLogSampling -1 is outside (0, 1] (expected a fraction of flows, like 0.5)',
      ]);
    });

    test('accepts a domain-scoped project id', () => {
      // GIVEN / WHEN
      const out = synth({ project: 'example.com:acme-dev' });

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeNetwork, { project: 'example.com:acme-dev' });
    });

    test('skips values that Terraform resolves later', () => {
      // GIVEN
      const out = synthChecked((scope: Construct) => {
        const variable = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;

        // WHEN
        new GcpNetwork(scope, 'Network', {
          namePrefix: variable('prefix'),
          project: variable('project'),
          region: variable('region'),
          nodesCidr: variable('nodes'),
          podsCidr: variable('pods'),
          servicesCidr: variable('services'),
          flowLogSampling: new TerraformVariable(scope, 'sampling', { type: 'number' }).numberValue,
        });
      });

      // THEN
      expect(out).toHaveResourceWithProperties(ComputeSubnetwork, {
        name: '${var.prefix}-${var.region}',
        ip_cidr_range: '${var.nodes}',
        log_config: { aggregation_interval: 'INTERVAL_5_SEC', flow_sampling: '${var.sampling}', metadata: 'INCLUDE_ALL_METADATA' },
      });
    });
  });
});
