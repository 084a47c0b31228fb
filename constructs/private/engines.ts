/**
 * The engines, as the package declares them as optional peer dependencies (a test holds this table equal to
 * package.json): what a missing-engine error tells the user to install.
 */
export const ENGINE_PEERS = {
  'aws-cdk-lib': '^2.276.0',
  'constructs': '^10.8.1',
  'cdk-nag': '^3.0.2',
  'cdktf': '^0.21.0',
  '@cdktf/provider-azurerm': '^14.23.1',
  '@cdktf/provider-google': '^16.12.1',
  '@cdktf/provider-github': '^15.3.1',
  'cdk8s': '^2.70.106',
  'cdk8s-plus-28': '^2.5.6',
} as const;

/** An engine package. */
export type EnginePackage = keyof typeof ENGINE_PEERS;

/**
 * Fails with one line naming what to install when an engine an entry point needs is missing. Engines are optional
 * peers, so a Kubernetes-only team that imports `/azure` by mistake must read which packages the entry point needs,
 * not a resolver stack trace from deep inside the library.
 *
 * @param entryPoint the entry point being loaded, e.g. `cdk-enterprise-baseline/azure`
 * @param packages every engine package the entry point imports
 */
export function requireEngines(entryPoint: string, packages: readonly EnginePackage[]): void {
  const missing = packages.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  const install = packages.map((name) => `${name}@${ENGINE_PEERS[name]}`).join(' ');
  throw new Error(`${entryPoint} needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed: npm install ${install}`);
}

function isInstalled(name: string): boolean {
  try {
    // package.json is in every engine's exports map, so this resolves without loading the engine
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}
