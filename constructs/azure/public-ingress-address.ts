import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { tagProblems } from './private/tag-rules';
import { wholeNumberProblems } from './private/value-rules';
import { Problems } from '../../core/problems';

/** The tag that carries, on the public address, why it is public. */
export const PUBLIC_EXPOSURE_REASON_TAG = 'public-exposure-reason';

/** The shortest reason accepted for exposing a cluster to the Internet (the policy pack's rule for public Gateways). */
const MIN_REASON_LENGTH = 20;
/** Azure's longest tag value and NSG rule description. */
const MAX_TAG_VALUE_LENGTH = 256;
const MAX_RULE_DESCRIPTION_LENGTH = 140;

/** Properties of an {@link AzurePublicIngressAddress}. */
export interface AzurePublicIngressAddressProps {
  /** Prefix of the public IP's name (`pip-<prefix>-gateway`), e.g. `acme-prod`. */
  readonly namePrefix: string;
  /** Azure region of the public IP: the cluster's. */
  readonly location: string;
  /**
   * Resource group of the public IP, which the LoadBalancer Service names in its
   * `service.beta.kubernetes.io/azure-load-balancer-resource-group` annotation: for example the cluster's own group.
   */
  readonly resourceGroupName: string;
  /** The network security group of the subnet whose nodes run the Gateway's proxies (the user node pool's). */
  readonly networkSecurityGroupName: string;
  /** Resource group of {@link networkSecurityGroupName}. */
  readonly networkSecurityGroupResourceGroupName: string;
  /**
   * Principal ID of the AKS cluster's control-plane identity, which binds the address to the cluster's load balancer:
   * it receives Network Contributor on this public IP only.
   */
  readonly clusterIdentityPrincipalId: string;
  /**
   * Why the cluster is reachable from the Internet, at least 20 characters (for example the public services and
   * their reasons). It is the public IP's `public-exposure-reason` tag and starts the NSG rule's description.
   */
  readonly reason: string;
  /**
   * Priority of the inbound allow rule: before the baseline's deny-all-from-Internet rule (4096).
   * @default 4000
   */
  readonly priority?: number;
  /**
   * TCP ports the Internet may reach on the address.
   * @default [443] - HTTPS only, as the baseline's Gateways listen
   */
  readonly ports?: readonly number[];
  /**
   * Availability zones of the public IP.
   * @default ['1', '2', '3'] - zone-redundant, like the load balancer in front of a zonal cluster
   */
  readonly zones?: readonly string[];
  /** Tags of the public IP. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The Internet-facing address of an AKS cluster's public Gateway, and the one hole in the node subnet's NSG that
 * lets the Internet reach it.
 *
 * The baseline's node subnets deny every inbound flow from the Internet (`AzureNetwork`). A public Gateway's
 * LoadBalancer Service needs an exception, and this construct makes it as narrow as Azure allows: a static, zone-
 * redundant Standard public IP, created here (so its address is known before any Service exists, stays the same when
 * the Service is recreated, and can carry DNS records), and one allow rule from `Internet` to exactly that address
 * on HTTPS. The Azure load balancer keeps the frontend address as the packets' destination (AKS enables floating IP
 * on its rules), so the rule names the address rather than every node.
 *
 * The public IP is protected from deletion (`prevent_destroy`): DNS records and partners' allowlists point at it.
 * The Service names it with {@link serviceAnnotations}.
 */
export class AzurePublicIngressAddress extends Construct {
  /** The public IP. */
  public readonly resource: PublicIp;
  /** The inbound rule that admits the Internet to the address. */
  public readonly networkSecurityRule: NetworkSecurityRule;
  /** The public address (resolved at apply time). */
  public readonly address: string;
  /** The public IP's name. */
  public readonly publicIpName: string;
  /**
   * Annotations that make a LoadBalancer Service (for example a Gateway's, through Gateway API
   * `spec.infrastructure.annotations`) use this address.
   */
  public readonly serviceAnnotations: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AzurePublicIngressAddressProps) {
    super(scope, id);
    this.node.addValidation(problemsOf(props));
    const ports = props.ports ?? [443];
    this.publicIpName = azureName('pip', props.namePrefix, 'gateway');

    this.resource = new PublicIp(this, 'Resource', {
      name: this.publicIpName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: 'Standard',
      allocationMethod: 'Static',
      ipVersion: 'IPv4',
      zones: [...(props.zones ?? ['1', '2', '3'])],
      tags: { ...props.tags, [PUBLIC_EXPOSURE_REASON_TAG]: truncate(props.reason, MAX_TAG_VALUE_LENGTH) },
      lifecycle: { preventDestroy: true },
    });
    this.address = this.resource.ipAddress;

    // The cloud provider of AKS joins the address to the cluster's load balancer; it needs no more than this IP.
    new RoleAssignment(this, 'ClusterIdentityNetworkContributor', {
      scope: this.resource.id,
      roleDefinitionName: 'Network Contributor',
      principalId: props.clusterIdentityPrincipalId,
      principalType: 'ServicePrincipal',
      skipServicePrincipalAadCheck: true,
    });

    this.networkSecurityRule = new NetworkSecurityRule(this, 'AllowInternetInbound', {
      resourceGroupName: props.networkSecurityGroupResourceGroupName,
      networkSecurityGroupName: props.networkSecurityGroupName,
      name: 'AllowInternetToPublicGateway',
      description: truncate(`Public Gateway: ${props.reason}`, MAX_RULE_DESCRIPTION_LENGTH),
      priority: props.priority ?? 4000,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: 'Internet',
      sourcePortRange: '*',
      destinationAddressPrefix: this.address,
      destinationPortRanges: ports.map(String),
    });

    this.serviceAnnotations = {
      'service.beta.kubernetes.io/azure-pip-name': this.publicIpName,
      'service.beta.kubernetes.io/azure-load-balancer-resource-group': props.resourceGroupName,
    };
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function problemsOf(props: AzurePublicIngressAddressProps): Problems {
  const problems = new Problems('AzurePublicIngressAddress').push(
    ...namePrefixProblems(props.namePrefix),
    ...locationProblems(props.location),
    ...tagProblems('tags', { ...props.tags }),
    // The deny-all-from-Internet rule of the baseline is 4096: an allow rule must come before it.
    ...wholeNumberProblems('priority', props.priority, 100, 4095),
  );
  if (!Token.isUnresolved(props.reason) && (typeof props.reason !== 'string' || props.reason.trim().length < MIN_REASON_LENGTH)) {
    problems.push(`reason ${JSON.stringify(props.reason)} is too short (expected at least ${MIN_REASON_LENGTH} characters saying why the cluster is reachable from the Internet)`);
  }
  const ports = props.ports ?? [443];
  if (ports.length === 0) problems.push('ports is empty (expected at least one TCP port, like 443)');
  for (const port of ports) {
    if (!Token.isUnresolved(port) && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      problems.push(`ports ${port} is not a TCP port (expected a whole number from 1 to 65535)`);
    }
  }
  return problems;
}
