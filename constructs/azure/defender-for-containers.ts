import { SecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { Construct } from 'constructs';
import { Problems } from '../../core/problems';

/** Properties of an {@link AzureDefenderForContainers}. */
export interface AzureDefenderForContainersProps {
  /**
   * Plan extensions to turn on.
   * @default ['ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes', 'ContainerSensor']
   */
  readonly extensions?: readonly string[];
}

/** What the baseline turns on: image scanning on push and continuously, cluster discovery, runtime sensor. */
export const DEFAULT_DEFENDER_CONTAINER_EXTENSIONS: readonly string[] = [
  'ContainerRegistriesVulnerabilityAssessments',
  'AgentlessDiscoveryForKubernetes',
  'ContainerSensor',
];

/**
 * Microsoft Defender for Containers on the provider's subscription: ACR images are scanned for vulnerabilities when
 * pushed and re-scanned while they are pulled, which is Azure's counterpart of ECR scan-on-push.
 *
 * The plan is a subscription setting (one per subscription; the primary child `Resource` has the fixed address
 * `azurerm_security_center_subscription_pricing.defender_for_containers`). Destroying it returns the
 * subscription to the Free tier; it holds no data.
 */
export class AzureDefenderForContainers extends Construct {
  public readonly pricing: SecurityCenterSubscriptionPricing;

  constructor(scope: Construct, id: string, props: AzureDefenderForContainersProps = {}) {
    super(scope, id);
    const extensions = props.extensions ?? DEFAULT_DEFENDER_CONTAINER_EXTENSIONS;
    const problems = new Problems('AzureDefenderForContainers');
    for (const extension of extensions.filter((e) => !/^[A-Za-z]+$/.test(e))) {
      problems.invalid('extension', extension, 'is not a plan extension name', 'like ContainerRegistriesVulnerabilityAssessments');
    }
    this.node.addValidation(problems);

    this.pricing = new SecurityCenterSubscriptionPricing(this, 'Resource', {
      tier: 'Standard',
      resourceType: 'Containers',
      extension: extensions.map((name) => ({ name })),
    });
    this.pricing.overrideLogicalId('defender_for_containers');
  }
}
