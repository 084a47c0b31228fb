import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { NetworkWatcher } from '@cdktf/provider-azurerm/lib/network-watcher';
import { NetworkWatcherFlowLog } from '@cdktf/provider-azurerm/lib/network-watcher-flow-log';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account';
import { StorageAccountCustomerManagedKeyA as StorageAccountCustomerManagedKey } from '@cdktf/provider-azurerm/lib/storage-account-customer-managed-key';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { customerManagedKey, grantKeyRole, PUBLIC_NETWORK_ACCESS_REASON_TAG } from './private/customer-managed-key';
import { keyVaultName } from './private/key-vault-name';
import { azureName } from './private/naming';
import { locationProblems, namePrefixProblems } from './private/placement-rules';
import { storageAccountName } from './private/storage-account-name';
import { tagProblems } from './private/tag-rules';
import { guidProblems, resourceIdProblems, wholeNumberProblems } from './private/value-rules';
import { contains, Ipv4Network, ipv4CidrProblem, overlaps, parseIpv4Cidr } from '../../core/cidr';
import { Problems } from '../../core/problems';

/** The subnet CIDRs of an {@link AzureNetwork}, planned by the caller inside its address space. */
export interface AzureNetworkSubnets {
  /** Subnet for the AKS system node pool, e.g. "10.20.0.0/22". Egress goes through the NAT gateway. */
  readonly systemNodes: string;
  /** Subnet for the AKS user node pools, e.g. "10.20.16.0/20". Egress goes through the NAT gateway. */
  readonly userNodes: string;
  /** Subnet for private endpoints, e.g. "10.20.4.0/24". It has no internet egress. */
  readonly privateEndpoints: string;
  /**
   * Subnet the AKS API server is projected into (API Server VNet Integration), e.g. "10.20.6.0/28": at least a /28,
   * delegated to `Microsoft.ContainerService/managedClusters`, for one cluster only. It has no internet egress.
   */
  readonly apiServer: string;
}

/**
 * An existing Network Watcher for {@link AzureNetworkProps.networkWatcher}.
 * Azure allows one per subscription and region.
 */
export interface AzureNetworkWatcherReference {
  /** The Network Watcher's name, e.g. "NetworkWatcher_westeurope" for the one Azure creates by itself. */
  readonly name: string;
  /** Its resource group, e.g. "NetworkWatcherRG" for the one Azure creates by itself. */
  readonly resourceGroupName: string;
}

/** Where the flow logs of an {@link AzureNetwork} are analysed (Traffic Analytics). */
export interface AzureNetworkTrafficAnalytics {
  /** Resource ID of the Log Analytics workspace, e.g. `LogAnalyticsWorkspace.id`. */
  readonly workspaceResourceId: string;
  /** The workspace's own ID (a GUID, not the resource ID), e.g. `LogAnalyticsWorkspace.workspaceId`. */
  readonly workspaceId: string;
  /**
   * Region of the workspace.
   * @default - the network's location
   */
  readonly workspaceRegion?: string;
  /**
   * How often Traffic Analytics processes the flow logs, 10 or 60 minutes.
   * @default 10
   */
  readonly intervalMinutes?: number;
}

/** Properties of an {@link AzureNetwork}. */
export interface AzureNetworkProps {
  /**
   * Name prefix derived by the caller from organization and environment, e.g. "acme-dev".
   * A lowercase DNS label of at most 40 characters, so that every derived name
   * stays inside Azure's limits.
   */
  readonly namePrefix: string;

  /** Azure region name, e.g. "westeurope" (not the display name "West Europe"). */
  readonly location: string;

  /** The virtual network's address space, an IPv4 CIDR such as "10.20.0.0/16". */
  readonly addressSpace: string;

  /** Subnet CIDRs, inside `addressSpace` and not overlapping each other. */
  readonly subnets: AzureNetworkSubnets;

  /**
   * Tags for every taggable resource this construct creates.
   * @default {}
   */
  readonly tags?: Record<string, string>;

  /**
   * How long the NAT gateway keeps an idle outbound TCP flow open, from 4 to 120 minutes.
   * @default 4
   */
  readonly natIdleTimeoutMinutes?: number;

  /**
   * Availability zones of the NAT gateway's Standard public IP.
   *
   * The default makes the IP zone-redundant, so losing a zone does not lose the
   * egress address that partners may have allowlisted. Pass `[]` in a region
   * without availability zones. The NAT gateway itself is left without a pinned
   * zone: a Standard NAT gateway is a zonal resource either way, and a
   * zone-redundant IP attaches to it whichever zone Azure picks.
   * @default ["1", "2", "3"]
   */
  readonly natPublicIpZones?: string[];

  /**
   * How long the flow log storage account keeps each VNet flow log record, 90 to 365 days: CIS asks for at least
   * 90 days of NSG/VNet flow logs, and 365 is Azure's limit for a flow log retention policy.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;

  /**
   * An existing Network Watcher in this network's region to attach the VNet flow log to.
   *
   * Azure allows one Network Watcher per subscription and region. By default
   * this construct creates it, in the network's resource group, so that the
   * flow log's parent is part of the reviewed code. That fails when the region
   * already has one, e.g. `NetworkWatcher_<location>` in `NetworkWatcherRG`,
   * which Azure creates by itself when the first virtual network appears unless
   * the subscription opted out: pass that one here (or delete or import it),
   * and pass the same one to every other network of the subscription in the region.
   * @default - a Network Watcher `nw-<namePrefix>` created in the network's resource group
   */
  readonly networkWatcher?: AzureNetworkWatcherReference;

  /**
   * Keeps the flow-log storage account's key in an HSM (`RSA-HSM` in a Premium vault) instead of software.
   * Changing it on a live network replaces the key, which `prevent_destroy` refuses: decide before the first apply.
   * @default false
   */
  readonly hsmKeyEnabled?: boolean;

  /**
   * Sends the flow logs to Traffic Analytics in a Log Analytics workspace.
   * @default - no Traffic Analytics: the flow logs are kept in the storage account only
   */
  readonly trafficAnalytics?: AzureNetworkTrafficAnalytics;
}

/** Keys of {@link AzureNetworkSubnets}, in the order subnets are created and reported. */
type SubnetKey = keyof AzureNetworkSubnets;

/** How each subnet appears in construct ids and resource names. Both are contract: do not rename. */
const SUBNET_LAYOUT: ReadonlyArray<{ readonly key: SubnetKey; readonly idPrefix: string; readonly purpose: string }> = [
  { key: 'systemNodes', idPrefix: 'SystemNodes', purpose: 'system-nodes' },
  { key: 'userNodes', idPrefix: 'UserNodes', purpose: 'user-nodes' },
  { key: 'privateEndpoints', idPrefix: 'PrivateEndpoints', purpose: 'private-endpoints' },
  { key: 'apiServer', idPrefix: 'ApiServer', purpose: 'api-server' },
];
/** Subnets whose egress goes through the NAT gateway: the nodes'. The others only receive traffic. */
const NAT_SUBNETS: readonly SubnetKey[] = ['systemNodes', 'userNodes'];

/** Azure's smallest IPv4 subnet. */
const MAX_SUBNET_PREFIX_LENGTH = 29;
/** API Server VNet Integration needs at least a /28. */
const MAX_API_SERVER_SUBNET_PREFIX_LENGTH = 28;
/** CIS Microsoft Azure Foundations: NSG/VNet flow logs are retained for at least 90 days. */
const MIN_FLOW_LOG_RETENTION_DAYS = 90;
/** The private DNS zones (public cloud) of the private endpoints in this network: Key Vaults and blob storage. */
const KEY_VAULT_PRIVATE_DNS_ZONE = 'privatelink.vaultcore.azure.net';
const BLOB_PRIVATE_DNS_ZONE = 'privatelink.blob.core.windows.net';
/** How long a SAS may be valid: a day. Longer ones are logged (shared keys are off, so only user delegation SAS exist). */
const SAS_EXPIRATION_PERIOD = '01.00:00:00';
/**
 * Why the flow-log storage account keeps its public endpoint, recorded on it as a tag and shown by the policy report.
 * At most 256 characters (a tag value).
 */
const FLOW_LOG_STORAGE_PUBLIC_REASON = 'Network Watcher writes flow logs as a trusted Azure service through the public endpoint; the firewall denies every other network and readers use the private endpoint.';
const MIN_NAT_IDLE_TIMEOUT_MINUTES = 4;
const MAX_NAT_IDLE_TIMEOUT_MINUTES = 120;
const AVAILABILITY_ZONES = ['1', '2', '3'];
const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;
/** Azure refuses a longer flow log retention policy (0 would mean forever, which the baseline does not offer). */
const MAX_FLOW_LOG_RETENTION_DAYS = 365;
/** How long a deleted flow log blob or container stays recoverable. */
const FLOW_LOG_SOFT_DELETE_DAYS = 7;
const TRAFFIC_ANALYTICS_INTERVALS_MINUTES = [10, 60];
const DEFAULT_TRAFFIC_ANALYTICS_INTERVAL_MINUTES = 10;
/**
 * The last priority a user rule can take (100-4096, lowest number first), so
 * every rule a team adds is evaluated before this deny.
 */
const DENY_INTERNET_INBOUND_PRIORITY = 4096;

/**
 * The network baseline of one environment in Azure: a resource group holding a
 * virtual network with subnets for AKS system nodes, AKS user nodes and private
 * endpoints, each behind its own network security group, and a NAT gateway
 * with a static public IP that gives the node subnets a stable egress address.
 *
 * Secure by default: Azure's implicit default outbound access is off on every
 * subnet (the node subnets leave through the NAT gateway, the private-endpoint
 * subnet has no internet egress), every NSG carries an explicit
 * deny-all-inbound-from-Internet rule, and NSGs and route tables apply to
 * private endpoints.
 *
 * Every flow through the virtual network is recorded by a VNet flow log (Azure
 * retired NSG flow logs) into a dedicated storage account, which carries
 * `prevent_destroy` because the logs are audit evidence. The account takes
 * Entra ID only (shared keys off, SAS limited to a day), is encrypted with a
 * customer-managed key from a private Key Vault of the network, and is read
 * through a private endpoint; its public endpoint stays on behind a deny-all
 * firewall only because Network Watcher writes through it as a trusted service.
 *
 * The network owns the private DNS zones of Key Vaults and blob storage
 * (`privatelink.vaultcore.azure.net`, `privatelink.blob.core.windows.net`),
 * linked to the virtual network: a virtual network links one zone of a name,
 * so AKS and other vaults of the environment take {@link keyVaultPrivateDnsZone}.
 * The delegated API server subnet carries AKS API Server VNet Integration. The flow log hangs
 * off a Network Watcher that this construct creates unless one is given, see
 * {@link AzureNetworkProps.networkWatcher}.
 */
export class AzureNetwork extends Construct {
  /** The resource group holding every resource of this construct. */
  public readonly resourceGroup: ResourceGroup;
  /** The virtual network. */
  public readonly virtualNetwork: VirtualNetwork;
  /** The subnet for the AKS system node pool. */
  public readonly systemNodesSubnet: Subnet;
  /** The subnet for the AKS user node pools. */
  public readonly userNodesSubnet: Subnet;
  /** The subnet for private endpoints. */
  public readonly privateEndpointsSubnet: Subnet;
  /** The subnet delegated to the AKS API server (API Server VNet Integration). */
  public readonly apiServerSubnet: Subnet;
  /** The `privatelink.vaultcore.azure.net` zone, linked to the virtual network, for every Key Vault private endpoint. */
  public readonly keyVaultPrivateDnsZone: PrivateDnsZone;
  /** The `privatelink.blob.core.windows.net` zone, linked to the virtual network. */
  public readonly blobPrivateDnsZone: PrivateDnsZone;
  /** The Key Vault holding the flow-log storage account's key. */
  public readonly flowLogKeyVault: KeyVault;
  /** The customer-managed key of the flow-log storage account. */
  public readonly flowLogKey: KeyVaultKey;
  /** The flow-log storage account's private endpoint (blob). */
  public readonly flowLogStoragePrivateEndpoint: PrivateEndpoint;
  /** The network security group of each subnet, for teams that must add rules. */
  public readonly networkSecurityGroups: { readonly [key in keyof AzureNetworkSubnets]: NetworkSecurityGroup };
  /** The NAT gateway serving the node subnets. */
  public readonly natGateway: NatGateway;
  /** The NAT gateway's public IP: the egress address of the node subnets, for allowlists. */
  public readonly natPublicIp: PublicIp;
  /** The resource group's name, as a reference so that dependants wait for the group. */
  public readonly resourceGroupName: string;
  /** The Azure region of every resource of this construct. */
  public readonly location: string;
  /** The Network Watcher this construct created, or undefined when {@link AzureNetworkProps.networkWatcher} names an existing one. */
  public readonly networkWatcher?: NetworkWatcher;
  /** The name of the Network Watcher holding the flow log, created or given. */
  public readonly networkWatcherName: string;
  /** The storage account receiving the VNet flow logs. */
  public readonly flowLogStorageAccount: StorageAccount;
  /** The VNet flow log of {@link virtualNetwork}. */
  public readonly flowLog: NetworkWatcherFlowLog;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    this.node.addValidation(validate(props));

    const { namePrefix, location } = props;
    const tags = props.tags;
    this.location = location;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', {
      name: azureName('rg', namePrefix, 'network'),
      location,
      tags,
    });
    this.resourceGroupName = this.resourceGroup.name;
    const placement = { resourceGroupName: this.resourceGroupName, location };

    this.virtualNetwork = new VirtualNetwork(this, 'Resource', {
      ...placement,
      name: azureName('vnet', namePrefix),
      addressSpace: [props.addressSpace],
      tags,
    });

    const subnets = {} as Record<SubnetKey, Subnet>;
    const nsgs = {} as Record<SubnetKey, NetworkSecurityGroup>;
    for (const { key, idPrefix, purpose } of SUBNET_LAYOUT) {
      const subnet = new Subnet(this, `${idPrefix}Subnet`, {
        resourceGroupName: this.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        name: azureName('snet', namePrefix, purpose),
        addressPrefixes: [props.subnets[key]],
        // Egress must be explicit (the NAT gateway), not Azure's implicit,
        // unlisted default outbound address, which Azure is retiring.
        defaultOutboundAccessEnabled: false,
        // Without this, NSG and route-table rules silently skip private endpoints.
        ...(key === 'privateEndpoints' ? { privateEndpointNetworkPolicies: 'Enabled' } : {}),
        ...(key === 'apiServer' ? {
          delegation: [{
            name: 'aks-api-server',
            serviceDelegation: { name: 'Microsoft.ContainerService/managedClusters', actions: ['Microsoft.Network/virtualNetworks/subnets/join/action'] },
          }],
        } : {}),
      });

      // Rules are separate resources rather than inline blocks: the provider
      // cannot mix the two, and teams must be able to add their own rules.
      const nsg = new NetworkSecurityGroup(this, `${idPrefix}Nsg`, {
        ...placement,
        name: azureName('nsg', namePrefix, purpose),
        tags,
      });
      // Azure's default rules already drop this traffic; the explicit rule makes
      // the intent reviewable and checkable by policy.
      new NetworkSecurityRule(this, `${idPrefix}NsgDenyInternetInbound`, {
        resourceGroupName: this.resourceGroupName,
        networkSecurityGroupName: nsg.name,
        name: 'DenyInternetInbound',
        description: 'Baseline: deny all inbound traffic from the Internet unless a higher-priority rule allows it.',
        priority: DENY_INTERNET_INBOUND_PRIORITY,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'Internet',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '*',
      });
      new SubnetNetworkSecurityGroupAssociation(this, `${idPrefix}NsgAssociation`, {
        subnetId: subnet.id,
        networkSecurityGroupId: nsg.id,
      });

      subnets[key] = subnet;
      nsgs[key] = nsg;
    }
    this.systemNodesSubnet = subnets.systemNodes;
    this.userNodesSubnet = subnets.userNodes;
    this.privateEndpointsSubnet = subnets.privateEndpoints;
    this.apiServerSubnet = subnets.apiServer;
    this.networkSecurityGroups = nsgs;

    this.natPublicIp = new PublicIp(this, 'NatPublicIp', {
      ...placement,
      name: azureName('pip', namePrefix, 'nat'),
      sku: 'Standard',
      allocationMethod: 'Static',
      ipVersion: 'IPv4',
      zones: props.natPublicIpZones ?? AVAILABILITY_ZONES,
      tags,
    });
    this.natGateway = new NatGateway(this, 'NatGateway', {
      ...placement,
      name: azureName('ng', namePrefix),
      skuName: 'Standard',
      idleTimeoutInMinutes: props.natIdleTimeoutMinutes ?? MIN_NAT_IDLE_TIMEOUT_MINUTES,
      tags,
    });
    new NatGatewayPublicIpAssociation(this, 'NatPublicIpAssociation', {
      natGatewayId: this.natGateway.id,
      publicIpAddressId: this.natPublicIp.id,
    });
    // Private endpoints and the API server only receive traffic, so their subnets get no egress.
    for (const { key, idPrefix } of SUBNET_LAYOUT.filter((s) => NAT_SUBNETS.includes(s.key))) {
      new SubnetNatGatewayAssociation(this, `${idPrefix}NatAssociation`, {
        subnetId: subnets[key].id,
        natGatewayId: this.natGateway.id,
      });
    }

    const privateZone = (zoneId: string, zoneName: string, purpose: string) => {
      const zone = new PrivateDnsZone(this, `${zoneId}PrivateDnsZone`, { resourceGroupName: this.resourceGroupName, name: zoneName, tags });
      new PrivateDnsZoneVirtualNetworkLink(this, `${zoneId}PrivateDnsZoneLink`, {
        resourceGroupName: this.resourceGroupName,
        name: azureName('link', namePrefix, purpose),
        privateDnsZoneName: zone.name,
        virtualNetworkId: this.virtualNetwork.id,
        registrationEnabled: false,
        tags,
      });
      return zone;
    };
    this.keyVaultPrivateDnsZone = privateZone('KeyVault', KEY_VAULT_PRIVATE_DNS_ZONE, 'kv');
    this.blobPrivateDnsZone = privateZone('Blob', BLOB_PRIVATE_DNS_ZONE, 'blob');

    const clientConfig = new DataAzurermClientConfig(this, 'ClientConfig', {});
    const flowLogKey = customerManagedKey(this, {
      ids: { keyVault: 'FlowLogKeyVault', key: 'FlowLogKey', deployerRole: 'DeployerFlowLogKeyVaultCryptoOfficer', privateEndpoint: 'FlowLogKeyVaultPrivateEndpoint' },
      ...placement,
      // "-net" gives the vault a name of its own next to the AKS and ACR vaults of the same prefix.
      vaultName: keyVaultName(`${namePrefix}-net`, clientConfig.subscriptionId),
      tenantId: clientConfig.tenantId,
      deployerObjectId: clientConfig.objectId,
      keyName: 'flow-log-storage',
      keySize: 3072,
      keyOpts: ['wrapKey', 'unwrapKey'],
      hsm: props.hsmKeyEnabled ?? false,
      network: {
        mode: 'private',
        privateEndpointSubnetId: this.privateEndpointsSubnet.id,
        privateDnsZoneId: this.keyVaultPrivateDnsZone.id,
        endpointName: azureName('pep', namePrefix, 'net-kv'),
      },
      tags,
    });
    this.flowLogKeyVault = flowLogKey.keyVault;
    this.flowLogKey = flowLogKey.key;

    const retentionDays = props.flowLogRetentionDays ?? DEFAULT_FLOW_LOG_RETENTION_DAYS;
    this.flowLogStorageAccount = new StorageAccount(this, 'FlowLogStorage', {
      ...placement,
      name: storageAccountName(namePrefix, this.resourceGroup.id),
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: 'ZRS',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      infrastructureEncryptionEnabled: true,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      // Entra ID only: Network Watcher writes as a trusted service with its own identity, and people and tools
      // read with RBAC roles. No account key can leak, and a SAS (user delegation only) lives a day at most.
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      sasPolicy: { expirationPeriod: SAS_EXPIRATION_PERIOD, expirationAction: 'Log' },
      // The firewall denies every network; Network Watcher reaches the account as a trusted Azure service, which
      // needs the public endpoint switched on (a disabled endpoint refuses trusted services too). Readers inside the
      // network use the private endpoint.
      publicNetworkAccessEnabled: true,
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
      // The system-assigned identity reads the customer-managed key; as a trusted service it passes the private
      // vault's firewall, which a user-assigned identity would not.
      identity: { type: 'SystemAssigned' },
      blobProperties: {
        deleteRetentionPolicy: { days: FLOW_LOG_SOFT_DELETE_DAYS },
        containerDeleteRetentionPolicy: { days: FLOW_LOG_SOFT_DELETE_DAYS },
      },
      tags: { ...tags, [PUBLIC_NETWORK_ACCESS_REASON_TAG]: FLOW_LOG_STORAGE_PUBLIC_REASON },
      lifecycle: { preventDestroy: true },
    });
    const storageKeyRole = grantKeyRole(this, 'FlowLogStorageKeyVaultCryptoServiceEncryptionUser', this.flowLogKeyVault,
      'Key Vault Crypto Service Encryption User', this.flowLogStorageAccount.identity.principalId);
    new StorageAccountCustomerManagedKey(this, 'FlowLogStorageCustomerManagedKey', {
      storageAccountId: this.flowLogStorageAccount.id,
      keyVaultId: this.flowLogKeyVault.id,
      // Versionless: the account follows the key's rotation by itself.
      keyName: this.flowLogKey.name,
      dependsOn: [storageKeyRole],
    });

    const storageEndpointName = azureName('pep', namePrefix, 'flow-logs');
    this.flowLogStoragePrivateEndpoint = new PrivateEndpoint(this, 'FlowLogStoragePrivateEndpoint', {
      ...placement,
      name: storageEndpointName,
      subnetId: this.privateEndpointsSubnet.id,
      customNetworkInterfaceName: `${storageEndpointName}-nic`,
      privateServiceConnection: {
        name: storageEndpointName,
        privateConnectionResourceId: this.flowLogStorageAccount.id,
        subresourceNames: ['blob'],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [this.blobPrivateDnsZone.id] },
      tags,
    });

    const watcher = props.networkWatcher;
    if (watcher === undefined) {
      this.networkWatcher = new NetworkWatcher(this, 'NetworkWatcher', {
        ...placement,
        name: azureName('nw', namePrefix),
        tags,
      });
      this.networkWatcherName = this.networkWatcher.name;
    } else {
      this.networkWatcherName = watcher.name;
    }

    const analytics = props.trafficAnalytics;
    this.flowLog = new NetworkWatcherFlowLog(this, 'FlowLog', {
      name: azureName('fl', namePrefix, 'vnet'),
      networkWatcherName: this.networkWatcherName,
      resourceGroupName: watcher?.resourceGroupName ?? this.resourceGroupName,
      // A flow log lives in its Network Watcher's region, which is the network's.
      location,
      targetResourceId: this.virtualNetwork.id,
      storageAccountId: this.flowLogStorageAccount.id,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: retentionDays },
      ...(analytics === undefined ? {} : {
        trafficAnalytics: {
          enabled: true,
          workspaceResourceId: analytics.workspaceResourceId,
          workspaceId: analytics.workspaceId,
          workspaceRegion: analytics.workspaceRegion ?? location,
          intervalInMinutes: analytics.intervalMinutes ?? DEFAULT_TRAFFIC_ANALYTICS_INTERVAL_MINUTES,
        },
      }),
      tags,
    });
  }
}

/** Throws one Error listing every problem of `props`, one per line. */
/** A network to copy in messages. */
const AZURE_CIDR_EXAMPLE = '10.20.0.0/16';

function validate(props: AzureNetworkProps): Problems {
  const problems = new Problems('AzureNetwork');
  const { namePrefix, location, addressSpace } = props;

  problems.push(...namePrefixProblems(namePrefix), ...locationProblems(location));

  let space: Ipv4Network | undefined;
  if (!Token.isUnresolved(addressSpace)) {
    problems.push(ipv4CidrProblem('addressSpace', addressSpace, AZURE_CIDR_EXAMPLE));
    space = parseIpv4Cidr(addressSpace);
  }

  const subnets: Array<{ readonly label: string; readonly cidr: string; readonly block: Ipv4Network }> = [];
  for (const { key } of SUBNET_LAYOUT) {
    const label = `subnets.${key}`;
    const cidr = props.subnets?.[key];
    if (cidr === undefined) {
      problems.push(`${label} is missing (expected an IPv4 CIDR inside addressSpace${key === 'apiServer' ? ', at least a /28, for AKS API Server VNet Integration' : ''})`);
      continue;
    }
    if (Token.isUnresolved(cidr)) {
      continue;
    }
    const block = parseIpv4Cidr(cidr);
    if (block === undefined) {
      problems.push(ipv4CidrProblem(label, cidr, AZURE_CIDR_EXAMPLE));
      continue;
    }
    if (block.prefixLength > MAX_SUBNET_PREFIX_LENGTH) {
      problems.push(`${label} "${cidr}" is smaller than Azure allows (expected a prefix length of /${MAX_SUBNET_PREFIX_LENGTH} or shorter)`);
    } else if (key === 'apiServer' && block.prefixLength > MAX_API_SERVER_SUBNET_PREFIX_LENGTH) {
      problems.push(`${label} "${cidr}" is smaller than API Server VNet Integration allows (expected a prefix length of /${MAX_API_SERVER_SUBNET_PREFIX_LENGTH} or shorter)`);
    }
    if (space !== undefined && !contains(space, block)) {
      problems.push(`${label} "${cidr}" is outside addressSpace "${addressSpace}"`);
    }
    for (const other of subnets) {
      if (overlaps(block, other.block)) {
        problems.push(`${label} "${cidr}" overlaps ${other.label} "${other.cidr}"`);
      }
    }
    subnets.push({ label, cidr, block });
  }

  problems.push(...wholeNumberProblems('natIdleTimeoutMinutes', props.natIdleTimeoutMinutes, MIN_NAT_IDLE_TIMEOUT_MINUTES, MAX_NAT_IDLE_TIMEOUT_MINUTES));

  const zones = props.natPublicIpZones;
  if (zones !== undefined && !Token.isUnresolved(zones)) {
    const seen = new Set<string>();
    for (const zone of zones) {
      if (Token.isUnresolved(zone)) {
        continue;
      }
      if (!AVAILABILITY_ZONES.includes(zone)) {
        problems.push(`natPublicIpZones "${zone}" is not an availability zone (expected "1", "2" or "3")`);
      } else if (seen.has(zone)) {
        problems.push(`natPublicIpZones lists zone "${zone}" more than once`);
      }
      seen.add(zone);
    }
  }

  problems.push(...wholeNumberProblems('flowLogRetentionDays', props.flowLogRetentionDays, MIN_FLOW_LOG_RETENTION_DAYS, MAX_FLOW_LOG_RETENTION_DAYS));

  const watcher = props.networkWatcher;
  if (watcher !== undefined) {
    for (const key of ['name', 'resourceGroupName'] as const) {
      const value = watcher[key];
      if (!Token.isUnresolved(value) && (typeof value !== 'string' || value.trim().length === 0)) {
        problems.push(`networkWatcher.${key} is empty (expected the ${key === 'name' ? 'name' : 'resource group name'} of an existing Network Watcher, like ${key === 'name' ? 'NetworkWatcher_westeurope' : 'NetworkWatcherRG'})`);
      }
    }
  }

  const analytics = props.trafficAnalytics;
  if (analytics !== undefined) {
    problems.push(
      ...resourceIdProblems('trafficAnalytics.workspaceResourceId', analytics.workspaceResourceId, 'Log Analytics workspace'),
      ...guidProblems('trafficAnalytics.workspaceId', analytics.workspaceId, 'a workspace ID'),
    );
    if (analytics.workspaceRegion !== undefined) {
      problems.push(...locationProblems(analytics.workspaceRegion, 'trafficAnalytics.workspaceRegion'));
    }
    const interval = analytics.intervalMinutes;
    if (interval !== undefined && !Token.isUnresolved(interval) && !TRAFFIC_ANALYTICS_INTERVALS_MINUTES.includes(interval)) {
      problems.push(`trafficAnalytics.intervalMinutes ${interval} is not a Traffic Analytics interval (expected 10 or 60)`);
    }
  }

  problems.push(...tagProblems('tags', props.tags ?? {}));

  return problems;
}
