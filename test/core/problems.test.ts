import { Construct, RootConstruct } from 'constructs';
import { Problems } from '../../core/problems';

describe('Problems', () => {
  test('formats every problem as "<Construct>: <path> <quoted value> <complaint> (expected ...)", in order', () => {
    // GIVEN
    const problems = new Problems('AwsNetwork');
    // WHEN
    problems.invalid('cidr', '10.0.0.0/8', 'has a prefix the baseline cannot use', '/16 to /20');
    problems.invalid('natGateways', 4, 'is out of range', '1 to 3');
    problems.push(undefined, 'availabilityZones is missing (expected three zones)');
    // THEN
    expect(problems.length).toBe(3);
    expect(problems.validate()).toEqual([
      'AwsNetwork: cidr "10.0.0.0/8" has a prefix the baseline cannot use (expected /16 to /20)',
      'AwsNetwork: natGateways 4 is out of range (expected 1 to 3)',
      'AwsNetwork: availabilityZones is missing (expected three zones)',
    ]);
  });

  test('throwIfAny lists every problem in one error, and is silent without problems', () => {
    expect(() => new Problems('EcrRegistry').throwIfAny()).not.toThrow();
    const problems = new Problems('EcrRegistry').push('services is empty (expected at least one)', 'keepReleaseImages 0 is out of range (expected at least 1)');
    expect(() => problems.throwIfAny()).toThrow(new Error(
      'EcrRegistry: services is empty (expected at least one)\nEcrRegistry: keepReleaseImages 0 is out of range (expected at least 1)',
    ));
  });

  test('is a constructs validation: the node reports the problems under the construct', () => {
    // GIVEN
    const construct = new Construct(new RootConstruct('app'), 'Network');
    // WHEN
    construct.node.addValidation(new Problems('AwsNetwork').invalid('natGateways', 0, 'is out of range', '1 to 3'));
    // THEN
    expect(construct.node.validate()).toEqual(['AwsNetwork: natGateways 0 is out of range (expected 1 to 3)']);
  });
});
