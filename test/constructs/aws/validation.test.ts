import { App, Stack } from 'aws-cdk-lib';
import { AwsNetwork, EcrRegistry } from '../../../constructs/aws';
import { synthProblems } from '../../support/validation';

const ENV = { account: '111111111111', region: 'eu-west-1' };

describe('construct problems are collected app-wide', () => {
  test('two broken constructs in two stacks are reported by one synth, each under its path', () => {
    // GIVEN an app whose network stack and team stack each hold a construct with bad props
    const app = new App();
    const network = new Stack(app, 'Network', { env: ENV });
    new AwsNetwork(network, 'Vpc', { cidr: '10.0.0.0/8', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    const team = new Stack(app, 'Team', { env: ENV });
    // WHEN building them, nothing throws
    new EcrRegistry(team, 'Registry', { repositoryPrefix: 'acme-dev', services: [{ name: 'Orders' }] });

    // THEN the synth reports both, with the construct path, the bad value and what is expected
    expect(synthProblems(() => app.synth())).toEqual([
      '[Network/Vpc] AwsNetwork: cidr "10.0.0.0/8" has a prefix the baseline cannot use (expected /16 to /20)',
      '[Team/Registry] EcrRegistry: services[0].name "Orders" is not an ECR repository name component (expected lowercase letters and digits separated by single \'.\', \'_\' or \'-\', like orders-api)',
    ]);
  });

  test('the error names no frame inside the library: the message is the whole report', () => {
    // GIVEN
    const app = new App();
    new AwsNetwork(new Stack(app, 'Network', { env: ENV }), 'Vpc', { cidr: 'ten', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] });
    // WHEN
    let error: Error | undefined;
    try {
      app.synth();
    } catch (e) {
      error = e as Error;
    }
    // THEN it is aws-cdk-lib's validation error, raised by the synth, not by our constructor
    expect(error?.message).toBe('Validation failed with the following errors:\n  [Network/Vpc] AwsNetwork: cidr "ten" is not an IPv4 CIDR (expected like 10.20.0.0/16)');
    expect(error?.stack ?? '').not.toMatch(/constructs\/aws\/network\.ts/);
  });
});
