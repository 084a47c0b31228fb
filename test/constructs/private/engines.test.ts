import { ENGINE_PEERS, EnginePackage, requireEngines } from '../../../constructs/private/engines';

describe('requireEngines', () => {
  test('passes when every engine of the entry point is installed', () => {
    expect(() => requireEngines('cdk-enterprise-baseline/gcp', ['cdktf', '@cdktf/provider-google', 'constructs'])).not.toThrow();
  });

  test('names every missing engine and the whole install line, in one line', () => {
    // GIVEN an engine name that is not installed (as a Kubernetes-only project lacks cdktf)
    const notInstalled = 'cdktf-not-installed' as EnginePackage;
    (ENGINE_PEERS as Record<string, string>)[notInstalled] = '^1.0.0';
    try {
      // WHEN / THEN
      expect(() => requireEngines('cdk-enterprise-baseline/azure', [notInstalled, 'constructs'])).toThrow(
        new Error(`cdk-enterprise-baseline/azure needs cdktf-not-installed, which is not installed: npm install cdktf-not-installed@^1.0.0 constructs@${ENGINE_PEERS.constructs}`));
    } finally {
      delete (ENGINE_PEERS as Record<string, string>)[notInstalled];
    }
  });
});
