import { controlById } from '../../controls';
import { eachCfnResource } from '../../private/cloudformation';
import { blocks, eachResource } from '../../private/terraform';
import type { Rule } from '../../types';

/**
 * Administrative ports that must never be open to the Internet: SSH, RDP, WinRM, VNC, the Kubernetes API and
 * kubelet, etcd, and the database ports scanners probe first. Checkov (CKV_AWS_24/25, CKV_AZURE_9/10,
 * CKV_GCP_2/3) and the CIS benchmarks flag the same.
 */
export const ADMIN_PORTS: ReadonlyArray<{ readonly port: number; readonly service: string }> = [
  { port: 22, service: 'SSH' }, { port: 3389, service: 'RDP' }, { port: 5985, service: 'WinRM' }, { port: 5986, service: 'WinRM' },
  { port: 5900, service: 'VNC' }, { port: 6443, service: 'Kubernetes API' }, { port: 10250, service: 'kubelet' },
  { port: 2379, service: 'etcd' }, { port: 2380, service: 'etcd' }, { port: 3306, service: 'MySQL' }, { port: 5432, service: 'PostgreSQL' },
  { port: 1433, service: 'SQL Server' }, { port: 27017, service: 'MongoDB' }, { port: 6379, service: 'Redis' },
];

/** Sources that mean "anyone on the Internet" on each cloud. */
const INTERNET = new Set(['0.0.0.0/0', '::/0', '*', 'Internet', 'any', 'Any']);

/** The admin ports a port range covers (`22`, `0-65535`, `*`, `20-25`). */
function adminPortsIn(range: unknown): string[] {
  const text = String(range ?? '').trim();
  if (text === '' || text === '*' || text === 'all') return ADMIN_PORTS.map((p) => `${p.port} (${p.service})`);
  const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
  if (!m) return [];
  const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
  return ADMIN_PORTS.filter((p) => p.port >= from && p.port <= to).map((p) => `${p.port} (${p.service})`);
}

const meta = (id: string, kind: 'cloudformation' | 'terraform', clouds: Rule['clouds'], description: string, remediation: string) => ({
  id,
  severity: 'error' as const,
  controls: [controlById('admin-ports-closed').id],
  description,
  remediation,
  kind,
  clouds,
});

/** AWS security groups (and their standalone ingress rules) open to 0.0.0.0/0 or ::/0 on an admin port. */
export const cfnNoAdminPortsFromInternet: Rule = {
  ...meta('CFN-NO-ADMIN-PORTS-FROM-INTERNET', 'cloudformation', ['aws'],
    'No security group admits the Internet (0.0.0.0/0, ::/0) on an administrative port (SSH, RDP, Kubernetes API, databases...).',
    'Admit administrative ports only from private ranges or a bastion/SSM; reach nodes with SSM Session Manager instead of SSH.'),
  check: (artifact) => eachCfnResource(artifact, ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'], ({ type, properties }) => {
    const rules = type === 'AWS::EC2::SecurityGroup' ? (Array.isArray(properties.SecurityGroupIngress) ? properties.SecurityGroupIngress : []) : [properties];
    return rules.map((r: any) => {
      const source = r?.CidrIp ?? r?.CidrIpv6;
      if (!INTERNET.has(source)) return undefined;
      const all = String(r?.IpProtocol) === '-1';
      const ports = all ? adminPortsIn('*') : adminPortsIn(r?.FromPort === r?.ToPort ? r?.FromPort : `${r?.FromPort}-${r?.ToPort}`);
      return ports.length > 0 ? `ingress from "${source}" opens ${ports.join(', ')} (expected administrative ports closed to the Internet)` : undefined;
    });
  }),
};

/** Azure NSG rules (inline or standalone) allowing inbound traffic from the Internet on an admin port. */
export const azureNoAdminPortsFromInternet: Rule = {
  ...meta('TF-AZURE-NO-ADMIN-PORTS-FROM-INTERNET', 'terraform', ['azure'],
    'No network security group rule allows inbound traffic from the Internet (*, Internet, 0.0.0.0/0) on an administrative port.',
    'Deny administrative ports from the Internet; use Azure Bastion or a private path, and keep the baseline\'s deny-all rules.'),
  check: (artifact) => eachResource(artifact, ['azurerm_network_security_group', 'azurerm_network_security_rule'], ({ type, body }) => {
    const rules = type === 'azurerm_network_security_group' ? blocks(body.security_rule) : [body];
    return rules.map((r) => {
      if (r.direction !== 'Inbound' || r.access !== 'Allow') return undefined;
      const sources = [r.source_address_prefix, ...(Array.isArray(r.source_address_prefixes) ? r.source_address_prefixes : [])];
      const source = sources.find((s) => INTERNET.has(s));
      if (source === undefined) return undefined;
      const listed = Array.isArray(r.destination_port_ranges) ? r.destination_port_ranges : [];
      const ranges = [r.destination_port_range, ...listed].filter((p) => p !== undefined);
      const ports = [...new Set(ranges.flatMap(adminPortsIn))];
      return ports.length > 0 ? `rule "${r.name}" allows inbound from "${source}" on ${ports.join(', ')} (expected administrative ports closed to the Internet)` : undefined;
    });
  }),
};

/** GCP firewall rules allowing ingress from 0.0.0.0/0 on an admin port. */
export const gcpNoAdminPortsFromInternet: Rule = {
  ...meta('TF-GCP-NO-ADMIN-PORTS-FROM-INTERNET', 'terraform', ['gcp'],
    'No VPC firewall rule allows ingress from the Internet (0.0.0.0/0, ::/0) on an administrative port.',
    'Allow administrative ports only from IAP (35.235.240.0/20) or private ranges; keep the baseline\'s deny-all ingress rule.'),
  check: (artifact) => eachResource(artifact, ['google_compute_firewall'], ({ body }) => {
    if ((body.direction ?? 'INGRESS') !== 'INGRESS' || body.disabled === true) return [];
    const source = (Array.isArray(body.source_ranges) ? body.source_ranges : []).find((s: string) => INTERNET.has(s));
    if (source === undefined) return [];
    const ports = [...new Set(blocks(body.allow).flatMap((a) => {
      if (a.protocol === 'all') return adminPortsIn('*');
      if (a.protocol !== 'tcp' && a.protocol !== 'udp') return [];
      return Array.isArray(a.ports) && a.ports.length > 0 ? a.ports.flatMap(adminPortsIn) : adminPortsIn('*');
    }))];
    return ports.length > 0 ? [`allows ingress from "${source}" on ${ports.join(', ')} (expected administrative ports closed to the Internet)`] : [];
  }),
};
