import { AzureNetwork } from '../../../constructs/azure/network';
import { AzurePublicIngressAddress, AzurePublicIngressAddressProps, PUBLIC_EXPOSURE_REASON_TAG } from '../../../constructs/azure/public-ingress-address';
import { addressesOf, problemsOf, resourceAt, resourcesOf, synthChecked, TfJson } from '../../support/terraform';

const PROPS: AzurePublicIngressAddressProps = {
  namePrefix: 'acme-prod',
  location: 'westeurope',
  resourceGroupName: 'rg-acme-prod-aks',
  networkSecurityGroupName: 'nsg-acme-prod-user-nodes',
  networkSecurityGroupResourceGroupName: 'rg-acme-prod-network',
  clusterIdentityPrincipalId: '22222222-2222-4222-8222-222222222222',
  reason: 'edge-gateway: the partner API, reached by partners over the Internet',
};

function synth(props: Partial<AzurePublicIngressAddressProps> = {}): TfJson {
  return JSON.parse(synthChecked((scope) => {
    new AzurePublicIngressAddress(scope, 'PublicGatewayAddress', { ...PROPS, ...props });
  })) as TfJson;
}

function errorOf(props: Partial<AzurePublicIngressAddressProps>): string {
  return problemsOf('PublicGatewayAddress', (scope) => new AzurePublicIngressAddress(scope, 'PublicGatewayAddress', { ...PROPS, ...props }));
}

describe('AzurePublicIngressAddress', () => {
  test('the Terraform addresses are stable: the public IP is what DNS points at', () => {
    expect(addressesOf(synth())).toEqual([
      'azurerm_network_security_rule.PublicGatewayAddress_AllowInternetInbound_906AA599',
      'azurerm_public_ip.PublicGatewayAddress_45E1DE31',
      'azurerm_role_assignment.PublicGatewayAddress_ClusterIdentityNetworkContributor_4D234B05',
    ]);
  });

  test('a static, zone-redundant Standard IP, protected from deletion, with the reason on it', () => {
    const [ip] = resourcesOf(synth(), 'azurerm_public_ip');
    expect(ip).toMatchObject({
      name: 'pip-acme-prod-gateway',
      resource_group_name: 'rg-acme-prod-aks',
      location: 'westeurope',
      sku: 'Standard',
      allocation_method: 'Static',
      ip_version: 'IPv4',
      zones: ['1', '2', '3'],
      lifecycle: { prevent_destroy: true },
    });
    expect(ip.tags[PUBLIC_EXPOSURE_REASON_TAG]).toBe(PROPS.reason);
  });

  test('the Internet reaches exactly that address, on HTTPS, before the baseline\'s deny-all rule', () => {
    const json = synth();
    const [rule] = resourcesOf(json, 'azurerm_network_security_rule');
    expect(rule).toMatchObject({
      name: 'AllowInternetToPublicGateway',
      resource_group_name: 'rg-acme-prod-network',
      network_security_group_name: 'nsg-acme-prod-user-nodes',
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      source_address_prefix: 'Internet',
      source_port_range: '*',
      destination_address_prefix: '${azurerm_public_ip.PublicGatewayAddress_45E1DE31.ip_address}',
      destination_port_ranges: ['443'],
      priority: 4000,
    });
    expect(rule.priority).toBeLessThan(4096);
    expect(rule.description).toBe(`Public Gateway: ${PROPS.reason}`);
  });

  test('the cluster identity may join this IP to its load balancer, and nothing else', () => {
    const json = synth();
    const [role] = resourcesOf(json, 'azurerm_role_assignment');
    expect(role).toMatchObject({
      scope: '${azurerm_public_ip.PublicGatewayAddress_45E1DE31.id}',
      role_definition_name: 'Network Contributor',
      principal_id: PROPS.clusterIdentityPrincipalId,
      principal_type: 'ServicePrincipal',
    });
  });

  test('the Service annotations name the IP and its resource group', () => {
    synthChecked((scope) => {
      const address = new AzurePublicIngressAddress(scope, 'PublicGatewayAddress', PROPS);
      expect(address.serviceAnnotations).toEqual({
        'service.beta.kubernetes.io/azure-pip-name': 'pip-acme-prod-gateway',
        'service.beta.kubernetes.io/azure-load-balancer-resource-group': 'rg-acme-prod-aks',
      });
    });
  });

  test('long reasons are cut to Azure\'s limits (140 characters of description, 256 of tag)', () => {
    const reason = 'x'.repeat(300);
    const json = synth({ reason });
    const [rule] = resourcesOf(json, 'azurerm_network_security_rule');
    const [ip] = resourcesOf(json, 'azurerm_public_ip');
    expect(rule.description).toHaveLength(140);
    expect(rule.description.endsWith('…')).toBe(true);
    expect(ip.tags[PUBLIC_EXPOSURE_REASON_TAG]).toHaveLength(256);
  });

  test('on the baseline network: the user nodes\' NSG keeps its deny-all rule and gets the one allow rule', () => {
    const json = JSON.parse(synthChecked((scope) => {
      const network = new AzureNetwork(scope, 'Network', {
        namePrefix: 'acme-prod',
        location: 'westeurope',
        addressSpace: '10.20.0.0/16',
        subnets: { systemNodes: '10.20.0.0/22', userNodes: '10.20.16.0/20', privateEndpoints: '10.20.4.0/24', apiServer: '10.20.6.0/28' },
      });
      new AzurePublicIngressAddress(scope, 'PublicGatewayAddress', {
        ...PROPS,
        networkSecurityGroupName: network.networkSecurityGroups.userNodes.name,
        networkSecurityGroupResourceGroupName: network.resourceGroupName,
      });
    })) as TfJson;
    const rules = resourcesOf(json, 'azurerm_network_security_rule');
    const allow = rules.filter((r) => r.access === 'Allow');
    expect(allow).toHaveLength(1);
    const userNsg = Object.entries<any>(json.resource.azurerm_network_security_group).find(([, nsg]) => /user/.test(nsg.name))![0];
    expect(allow[0].network_security_group_name).toBe(`\${azurerm_network_security_group.${userNsg}.name}`);
    const deny = rules.find((r) => r.network_security_group_name === allow[0].network_security_group_name && r.access === 'Deny')!;
    expect(deny.priority).toBe(4096);
    expect(resourceAt(json, `azurerm_network_security_group.${userNsg}`)).toBeDefined();
  });

  test('every problem at once: short reason, priority after the deny-all rule, bad ports', () => {
    expect(errorOf({ reason: 'because', priority: 4096, ports: [0, 443.5] })).toBe([
      'AzurePublicIngressAddress: priority 4096 is out of range (expected a whole number from 100 to 4095)',
      'AzurePublicIngressAddress: reason "because" is too short (expected at least 20 characters saying why the cluster is reachable from the Internet)',
      'AzurePublicIngressAddress: ports 0 is not a TCP port (expected a whole number from 1 to 65535)',
      'AzurePublicIngressAddress: ports 443.5 is not a TCP port (expected a whole number from 1 to 65535)',
    ].join('\n'));
    expect(errorOf({ ports: [] })).toBe('AzurePublicIngressAddress: ports is empty (expected at least one TCP port, like 443)');
  });
});
