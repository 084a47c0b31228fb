import { Testing, TerraformStack } from 'cdktf';
import { AzureDefenderForContainers } from '../../../constructs/azure/defender-for-containers';
import { problemsOf } from '../../support/terraform';

describe('AzureDefenderForContainers', () => {
  test('turns on the Standard Containers plan with registry scanning, at a pinned address', () => {
    // GIVEN a stack WHEN the plan is added
    const stack = new TerraformStack(Testing.app(), 'test');
    new AzureDefenderForContainers(stack, 'Defender');
    const tf = JSON.parse(Testing.synth(stack));

    // THEN the subscription pricing is Standard for Containers, registry vulnerability assessment included
    expect(Object.keys(tf.resource.azurerm_security_center_subscription_pricing)).toEqual(['defender_for_containers']);
    const pricing = tf.resource.azurerm_security_center_subscription_pricing.defender_for_containers;
    expect(pricing).toMatchObject({ tier: 'Standard', resource_type: 'Containers' });
    expect(pricing.extension.map((e: any) => e.name)).toContain('ContainerRegistriesVulnerabilityAssessments');
  });

  test('rejects malformed extension names, every one at once', () => {
    expect(problemsOf('Defender', (stack) => new AzureDefenderForContainers(stack, 'Defender', { extensions: ['Container Sensor', ''] }))).toBe([
      'AzureDefenderForContainers: extension "Container Sensor" is not a plan extension name (expected like ContainerRegistriesVulnerabilityAssessments)',
      'AzureDefenderForContainers: extension "" is not a plan extension name (expected like ContainerRegistriesVulnerabilityAssessments)',
    ].join('\n'));
  });
});
