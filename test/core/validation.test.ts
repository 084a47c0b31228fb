import { Construct, RootConstruct } from 'constructs';
import { ConstructValidationError, Problems, constructProblems, validateApp } from '../../core';

describe('validateApp', () => {
  test('reports every broken construct of the tree at once, under its path, in tree order', () => {
    // GIVEN a tree with two broken constructs in two branches and one sound one
    const root = new RootConstruct('');
    const a = new Construct(new Construct(root, 'StackA'), 'Network');
    a.node.addValidation(new Problems('AwsNetwork').invalid('cidr', '10.0.0.0/8', 'has a prefix the baseline cannot use', '/16 to /20'));
    new Construct(root, 'Sound').node.addValidation(new Problems('Sound'));
    new Construct(new Construct(root, 'StackB'), 'Cluster').node.addValidation({ validate: () => ['one', 'two'] });

    // WHEN / THEN
    expect(constructProblems(root)).toEqual([
      { path: 'StackA/Network', message: 'AwsNetwork: cidr "10.0.0.0/8" has a prefix the baseline cannot use (expected /16 to /20)' },
      { path: 'StackB/Cluster', message: 'one' },
      { path: 'StackB/Cluster', message: 'two' },
    ]);
    let error: unknown;
    try {
      validateApp(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConstructValidationError);
    expect((error as Error).message).toBe([
      'Validation failed with the following errors:',
      '  [StackA/Network] AwsNetwork: cidr "10.0.0.0/8" has a prefix the baseline cannot use (expected /16 to /20)',
      '  [StackB/Cluster] one',
      '  [StackB/Cluster] two',
    ].join('\n'));
  });

  test('a sound tree passes', () => {
    const root = new RootConstruct('');
    new Construct(root, 'Sound').node.addValidation(new Problems('Sound'));
    expect(() => validateApp(root)).not.toThrow();
  });
});
