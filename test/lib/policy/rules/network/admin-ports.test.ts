import type { Artifact } from '../../../../../lib/artifacts';
import { azureNoAdminPortsFromInternet, cfnNoAdminPortsFromInternet, gcpNoAdminPortsFromInternet } from '../../../../../lib/policy/rules/network/admin-ports';

const cfn = (resources: Record<string, unknown>): Artifact => ({ kind: 'cloudformation', cloud: 'aws', environment: 'prod', name: 'acme-prod', file: 'cdk.out/acme-prod.template.json', document: { Resources: resources } });
const tf = (cloud: 'azure' | 'gcp', resource: Record<string, unknown>): Artifact => ({ kind: 'terraform', cloud, environment: 'prod', name: `acme-prod-${cloud}`, file: 'x', document: { resource } });

describe('CFN-NO-ADMIN-PORTS-FROM-INTERNET', () => {
  test('fails on SSH from 0.0.0.0/0 and on all traffic from ::/0', () => {
    const artifact = cfn({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] } },
      All: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { IpProtocol: '-1', CidrIpv6: '::/0', GroupId: 'sg-1' } },
    });
    expect(cfnNoAdminPortsFromInternet.check(artifact)).toEqual([
      { resource: 'Sg', message: 'ingress from "0.0.0.0/0" opens 22 (SSH) (expected administrative ports closed to the Internet)' },
      { resource: 'All', message: expect.stringMatching(/^ingress from "::\/0" opens 22 \(SSH\), 3389 \(RDP\), .* \(expected administrative ports closed to the Internet\)$/) },
    ]);
  });

  test('passes on HTTPS from the Internet and SSH from a private range', () => {
    const artifact = cfn({
      Web: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] } },
      Bastion: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' } },
    });
    expect(cfnNoAdminPortsFromInternet.check(artifact)).toEqual([]);
  });
});

describe('TF-AZURE-NO-ADMIN-PORTS-FROM-INTERNET', () => {
  test('fails on an NSG rule switched to Allow from the Internet on RDP, inline or standalone', () => {
    const artifact = tf('azure', {
      azurerm_network_security_group: { nsg: { security_rule: [{ name: 'rdp', direction: 'Inbound', access: 'Allow', source_address_prefix: 'Internet', destination_port_range: '3389' }] } },
      azurerm_network_security_rule: { any: { name: 'any', direction: 'Inbound', access: 'Allow', source_address_prefix: '*', destination_port_ranges: ['20-25'] } },
    });
    expect(azureNoAdminPortsFromInternet.check(artifact)).toEqual([
      { resource: 'azurerm_network_security_group.nsg', message: 'rule "rdp" allows inbound from "Internet" on 3389 (RDP) (expected administrative ports closed to the Internet)' },
      { resource: 'azurerm_network_security_rule.any', message: 'rule "any" allows inbound from "*" on 22 (SSH) (expected administrative ports closed to the Internet)' },
    ]);
  });

  test('passes on a Deny rule from the Internet and an Allow from the VNet', () => {
    const artifact = tf('azure', {
      azurerm_network_security_group: {
        nsg: {
          security_rule: [
            { name: 'deny', direction: 'Inbound', access: 'Deny', source_address_prefix: 'Internet', destination_port_range: '*' },
            { name: 'vnet', direction: 'Inbound', access: 'Allow', source_address_prefix: 'VirtualNetwork', destination_port_range: '22' },
          ],
        },
      },
    });
    expect(azureNoAdminPortsFromInternet.check(artifact)).toEqual([]);
  });
});

describe('TF-GCP-NO-ADMIN-PORTS-FROM-INTERNET', () => {
  test('fails on a firewall opened to 0.0.0.0/0 on port 22', () => {
    const artifact = tf('gcp', { google_compute_firewall: { ssh: { direction: 'INGRESS', source_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['22'] }] } } });
    expect(gcpNoAdminPortsFromInternet.check(artifact)).toEqual([
      { resource: 'google_compute_firewall.ssh', message: 'allows ingress from "0.0.0.0/0" on 22 (SSH) (expected administrative ports closed to the Internet)' },
    ]);
  });

  test('passes on SSH from IAP, a deny-all rule from anywhere, and HTTPS from the Internet', () => {
    const artifact = tf('gcp', {
      google_compute_firewall: {
        iap: { direction: 'INGRESS', source_ranges: ['35.235.240.0/20'], allow: [{ protocol: 'tcp', ports: ['22'] }] },
        deny: { direction: 'INGRESS', source_ranges: ['0.0.0.0/0'], deny: [{ protocol: 'all' }] },
        web: { direction: 'INGRESS', source_ranges: ['0.0.0.0/0'], allow: [{ protocol: 'tcp', ports: ['443'] }] },
      },
    });
    expect(gcpNoAdminPortsFromInternet.check(artifact)).toEqual([]);
  });
});
