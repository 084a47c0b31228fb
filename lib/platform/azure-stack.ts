import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { serviceIdentities } from './service-identities';
import { AcrRegistry } from '../../constructs/azure/acr-registry';
import { AksCluster } from '../../constructs/azure/aks-cluster';
import { AzureDefenderForContainers } from '../../constructs/azure/defender-for-containers';
import { AzureNetwork } from '../../constructs/azure/network';
import { AzureTags } from '../../constructs/azure/tags';
import { naming } from '../naming';
import type { Environment, Organization } from '../spec';
import { addRemoteState } from './terraform-backends';

/** Properties of an {@link EnvironmentAzureStack}. */
export interface EnvironmentAzureStackProps {
  readonly organization: Organization;
  readonly environment: Environment;
}

/**
 * The Azure baseline of one environment as a Terraform stack, `<org>-<env>-azure`: the azurerm provider bound to
 * the environment's subscription, remote state, and the baseline constructs, tagged throughout.
 */
export class EnvironmentAzureStack extends TerraformStack {
  public readonly network: AzureNetwork;
  public readonly cluster: AksCluster;
  public readonly registry: AcrRegistry;

  constructor(scope: Construct, id: string, props: EnvironmentAzureStackProps) {
    super(scope, id);
    const { organization: org, environment: env } = props;
    const azure = env.azure;
    if (!azure) throw new Error(`EnvironmentAzureStack: environment "${env.name}" has no Azure placement`);

    new AzurermProvider(this, 'azurerm', {
      features: [{}],
      subscriptionId: azure.subscriptionId,
      // Storage data-plane calls use Entra ID, never shared keys.
      storageUseAzuread: true,
    });
    addRemoteState(this, 'azure', id, org.terraformState);
    AzureTags.apply(this, env.tags);

    this.network = new AzureNetwork(this, 'Network', {
      namePrefix: naming.namePrefix(org.name, env.name),
      location: azure.location,
      addressSpace: azure.cidr,
      subnets: azure.subnets,
      flowLogRetentionDays: env.profile.network.flowLogRetentionDays,
      tags: env.tags,
    });

    const cluster = env.profile.cluster;
    this.cluster = new AksCluster(this, 'Cluster', {
      namePrefix: naming.namePrefix(org.name, env.name),
      location: azure.location,
      systemNodesSubnetId: this.network.systemNodesSubnet.id,
      userNodesSubnetId: this.network.userNodesSubnet.id,
      adminGroupObjectIds: [...org.kubernetes.azureAdminGroupObjectIds],
      kubernetesVersion: org.kubernetes.version,
      systemPool: { minCount: cluster.systemNodesMin, maxCount: cluster.systemNodesMax },
      userPool: { minCount: cluster.generalNodesMin, maxCount: cluster.generalNodesMax },
      logRetentionDays: cluster.logRetentionDays,
      tags: env.tags,
    });

    this.registry = new AcrRegistry(this, 'Registry', {
      namePrefix: naming.namePrefix(org.name, env.name),
      location: azure.location,
      replicationLocation: azure.drLocation,
      privateEndpointSubnetId: this.network.privateEndpointsSubnet.id,
      virtualNetworkId: this.network.virtualNetwork.id,
      pullPrincipalIds: [this.cluster.kubeletIdentityObjectId],
      untaggedManifestRetentionDays: env.profile.registry.untaggedImageExpiryDays,
      logAnalyticsWorkspaceId: this.cluster.logAnalyticsWorkspace.id,
      tags: env.tags,
    });

    // Scan-on-push for ACR: Defender for Containers on the environment's subscription.
    new AzureDefenderForContainers(this, 'Defender');

    for (const { service, identity } of serviceIdentities(org, 'azure')) {
      identity.bindAzure(this, `Identity-${service.name}`, {
        cluster: this.cluster,
        namePrefix: naming.namePrefix(org.name, env.name),
        location: azure.location,
        tags: env.tags,
      });
    }
  }
}
