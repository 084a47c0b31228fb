import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
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
      tags: env.tags,
    });
  }
}
