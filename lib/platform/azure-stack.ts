import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { dependable, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AzureAlerting, azureAlerting } from './azure-alerting';
import { ACR_PULL_ROLE, IMAGE_VERIFICATION_READER_ID, imageVerificationIdentity } from './image-verification-identity';
import { serviceIdentities } from './service-identities';
import { APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT, collectorAzureIdentity, runsCollector } from './telemetry-collector';
import { addRemoteState } from './terraform-backends';
import { AcrRegistry } from '../../constructs/azure/acr-registry';
import { AksCluster } from '../../constructs/azure/aks-cluster';
import { AzureApplicationInsights } from '../../constructs/azure/application-insights';
import { AzureSubscriptionBudget } from '../../constructs/azure/budget';
import { AzureDefenderForContainers } from '../../constructs/azure/defender-for-containers';
import { AzureGitHubActionsIdentity } from '../../constructs/azure/github-actions-identity';
import { AzureLogAnalyticsWorkspace } from '../../constructs/azure/log-analytics-workspace';
import { AzureNetwork } from '../../constructs/azure/network';
import { AzurePolicyGuardrails, AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES } from '../../constructs/azure/policy-assignments';
import { AzurePublicIngressAddress } from '../../constructs/azure/public-ingress-address';
import { AzureTags } from '../../constructs/azure/tags';
import type { AzureWorkloadIdentity } from '../../constructs/azure/workload-identity';
import { policyExcludedNamespaces } from '../addons';
import { naming } from '../naming';
import { azureCiIdentityName, teamRepository } from '../pipelines/ci-identity';
import type { Environment, Organization } from '../spec';
import { MANDATORY_TAG_KEYS } from '../spec/tags';

/**
 * Where the environment's Log Analytics workspace lived when AksCluster created it (`Cluster/LogAnalyticsWorkspace`).
 * Contract: existing state moves from here to the environment's own workspace.
 */
const FORMER_WORKSPACE_ADDRESS = 'Cluster_LogAnalyticsWorkspace_ABA6E719';

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
  /** The environment's Log Analytics workspace: Container Insights, control-plane and registry logs. */
  public readonly logs: AzureLogAnalyticsWorkspace;
  public readonly cluster: AksCluster;
  public readonly registry: AcrRegistry;
  /** The alert standards on Azure: action groups per escalation role, AKS metric alerts, the Activity Log export. */
  public readonly alerting: AzureAlerting;
  /**
   * Where the cluster's OpenTelemetry Collector sends traces: Application Insights in the environment's workspace,
   * local authentication off; undefined where AKS does not run the collector.
   */
  public readonly traces?: AzureApplicationInsights;
  /**
   * Kyverno's identity for reading image signatures: `AcrPull` on the environment's registry, federated with the
   * admission controller's service account. Its client id is the Terraform output
   * `workload_identity_kyverno_kyverno_admission_controller_client_id`.
   */
  public readonly imageVerificationReader: AzureWorkloadIdentity;
  /** The public Gateway's address and the NSG rule admitting the Internet to it; undefined when no service is public. */
  public readonly publicGatewayAddress?: AzurePublicIngressAddress;

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
      hsmKeyEnabled: env.profile.encryption.hsmKeys,
      tags: env.tags,
    });

    const cluster = env.profile.cluster;
    const namePrefix = naming.namePrefix(org.name, env.name);
    // The workspace belongs to the environment. It stays in the AKS resource group, where AksCluster created it
    // before, because a new resource group would replace it (and lose the logs): the moved block keeps its state.
    this.logs = new AzureLogAnalyticsWorkspace(this, 'Logs', {
      namePrefix,
      location: azure.location,
      resourceGroupName: AksCluster.resourceGroupNameFor(namePrefix),
      retentionDays: cluster.logRetentionDays,
      tags: env.tags,
    });
    this.logs.workspace.moveFromId(`azurerm_log_analytics_workspace.${FORMER_WORKSPACE_ADDRESS}`);

    this.cluster = new AksCluster(this, 'Cluster', {
      namePrefix,
      location: azure.location,
      systemNodesSubnetId: this.network.systemNodesSubnet.id,
      userNodesSubnetId: this.network.userNodesSubnet.id,
      apiServerSubnetId: this.network.apiServerSubnet.id,
      privateEndpointSubnetId: this.network.privateEndpointsSubnet.id,
      keyVaultPrivateDnsZoneId: this.network.keyVaultPrivateDnsZone.id,
      logAnalyticsWorkspaceId: this.logs.workspaceResourceId,
      // Managed Prometheus: the cloud-side outage alerts (azure-alerting.ts) are evaluated on its metrics.
      azureMonitorMetricsEnabled: true,
      hsmKeyEnabled: env.profile.encryption.hsmKeys,
      adminGroupObjectIds: [...org.kubernetes.azureAdminGroupObjectIds],
      kubernetesVersion: org.kubernetes.version,
      // From the spec's CIDR plan, which checks them against every environment network.
      podCidr: azure.podCidr,
      serviceCidr: azure.serviceCidr,
      systemPool: { minCount: cluster.systemNodesMin, maxCount: cluster.systemNodesMax },
      userPool: { minCount: cluster.generalNodesMin, maxCount: cluster.generalNodesMax },
      // Only for a cluster created before node disks had a customer-managed key; the reason is tagged and reported.
      ...(azure.platformManagedNodeDisks && { platformManagedNodeDisks: { reason: azure.platformManagedNodeDisks.reason } }),
      tags: env.tags,
    });
    // The resource group is the cluster's; the workspace in it waits for it.
    this.logs.workspace.dependsOn = [dependable(this.cluster.resourceGroup)];

    this.registry = new AcrRegistry(this, 'Registry', {
      namePrefix: naming.namePrefix(org.name, env.name),
      location: azure.location,
      replicationLocation: azure.drLocation,
      privateEndpointSubnetId: this.network.privateEndpointsSubnet.id,
      virtualNetworkId: this.network.virtualNetwork.id,
      pullPrincipalIds: [this.cluster.kubeletIdentityObjectId],
      untaggedManifestRetentionDays: env.profile.registry.untaggedImageExpiryDays,
      logAnalyticsWorkspaceId: this.logs.workspaceResourceId,
      hsmKeyEnabled: env.profile.encryption.hsmKeys,
      tags: env.tags,
    });

    // The policy engine reads each image's signature as itself: the kubelet identity's AcrPull serves only the kubelet.
    this.imageVerificationReader = imageVerificationIdentity({
      azure: { roleAssignments: [{ roleDefinitionName: ACR_PULL_ROLE, scope: this.registry.registryId }] },
    }).bindAzure(this, IMAGE_VERIFICATION_READER_ID, {
      cluster: this.cluster,
      namePrefix,
      location: azure.location,
      tags: env.tags,
    });

    // Scan-on-push for ACR: Defender for Containers on the environment's subscription.
    new AzureDefenderForContainers(this, 'Defender');

    // Cost guardrail: the tier's monthly amount, in the billing account's currency (org.billing.currency).
    new AzureSubscriptionBudget(this, 'Budget', {
      namePrefix: naming.namePrefix(org.name, env.name),
      subscriptionId: azure.subscriptionId,
      monthlyAmount: env.profile.budget.monthlyAmount,
      receivers: org.alerting.escalation,
    });

    // The same guardrails enforced by Azure itself, for changes made outside this code. Pod security leaves out the
    // namespaces the in-cluster policies leave out too: an admission controller (Kyverno) must never be blocked by another.
    new AzurePolicyGuardrails(this, 'Guardrails', {
      namePrefix: naming.namePrefix(org.name, env.name),
      subscriptionId: azure.subscriptionId,
      location: azure.location,
      allowedLocations: [...new Set([azure.location, ...(azure.drLocation ? [azure.drLocation] : [])])],
      requiredTagKeys: MANDATORY_TAG_KEYS,
      podSecurityExcludedNamespaces: [...new Set([...AZURE_POD_SECURITY_DEFAULT_EXCLUDED_NAMESPACES, ...policyExcludedNamespaces()])],
    });

    // Each team's workflows push this environment's images as the team's identity, trusted only from the GitHub
    // environment of the same name. Entra ID assigns the client id at apply: the outputs feed the workflows' secrets.
    const github = org.delivery?.github;
    if (github) {
      const teams = org.teams.filter((t) => org.services.some((s) => s.team === t.name));
      for (const team of teams) {
        const ci = new AzureGitHubActionsIdentity(this, `Ci-${team.name}`, {
          name: azureCiIdentityName(org.name, env.name, team.name),
          location: azure.location,
          resourceGroupName: this.registry.resourceGroup.name,
          repository: teamRepository(github.owner, team.name),
          environment: env.name,
          pushRegistryIds: [this.registry.registryId],
          tags: { ...env.tags, ...team.tags, team: team.name },
        });
        new TerraformOutput(this, `Ci-${team.name}-ClientId`, {
          value: ci.clientId,
          description: `AZURE_CLIENT_ID of the GitHub environment ${env.name} in ${teamRepository(github.owner, team.name)}`,
        }).overrideLogicalId(`ci_${team.name.replace(/-/g, '_')}_client_id`);
      }
      if (teams.length > 0) {
        new TerraformOutput(this, 'Ci-TenantId', {
          value: new DataAzurermClientConfig(this, 'ClientConfig').tenantId,
          description: 'AZURE_TENANT_ID of every GitHub environment of this environment',
        }).overrideLogicalId('ci_tenant_id');
      }
    }

    this.alerting = azureAlerting(this, org, env, namePrefix, this.cluster, this.logs, this.registry);

    // The node subnets deny the Internet; a public Gateway (only when some service is public) gets its own static
    // address and the one rule that admits HTTPS to it, with the services' reasons.
    const publicServices = org.services.filter((s) => s.exposure.level === 'public');
    if (publicServices.length > 0) {
      this.publicGatewayAddress = new AzurePublicIngressAddress(this, 'PublicGatewayAddress', {
        namePrefix,
        location: azure.location,
        resourceGroupName: this.cluster.resourceGroupName,
        networkSecurityGroupName: this.network.networkSecurityGroups.userNodes.name,
        networkSecurityGroupResourceGroupName: this.network.resourceGroupName,
        clusterIdentityPrincipalId: this.cluster.identity.principalId,
        reason: publicServices.map((s) => `${s.name}: ${s.exposure.reason}`).join('; '),
        tags: env.tags,
      });
      new TerraformOutput(this, 'PublicGatewayAddressOutput', {
        value: this.publicGatewayAddress.address,
        description: 'The public Gateway\'s address, for the DNS records of the public services',
      }).overrideLogicalId('public_gateway_address');
    }

    // Traces: Application Insights in the environment's workspace, written only by the collector's workload identity.
    if (runsCollector('azure')) {
      this.traces = new AzureApplicationInsights(this, 'Traces', {
        namePrefix,
        location: azure.location,
        resourceGroupName: this.cluster.resourceGroupName,
        workspaceId: this.logs.workspaceResourceId,
        tags: env.tags,
      });
      collectorAzureIdentity(this.traces.componentId).bindAzure(this, 'TelemetryCollector', {
        cluster: this.cluster, namePrefix, location: azure.location, tags: env.tags,
      });
      new TerraformOutput(this, 'TelemetryCollectorConnectionString', {
        value: this.traces.connectionString,
        // azurerm marks it sensitive; its key names the component, and with local authentication off grants nothing.
        sensitive: true,
        description: 'Application Insights connection string of the cluster\'s OpenTelemetry Collector (its exporter and authentication proxy)',
      }).overrideLogicalId(APPLICATION_INSIGHTS_CONNECTION_STRING_OUTPUT);
    }

    for (const { service, identity } of serviceIdentities(org, 'azure')) {
      identity.bindAzure(this, `Identity-${service.name}`, {
        cluster: this.cluster,
        namePrefix: naming.namePrefix(org.name, env.name),
        location: azure.location,
        // The owning team's tags (its cost-center) over the environment's, and the team it belongs to.
        tags: { ...env.tags, ...org.teams.find((t) => t.name === service.team)?.tags, team: service.team },
      });
    }
  }
}
