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
  'cdk8s': '^2.70.106',
  'cdk8s-plus-28': '^2.5.6',
} as const;

/** An engine package. */
export type EnginePackage = keyof typeof ENGINE_PEERS;

/**
 * Loads the part of the library that needs an engine, turning a missing engine package into one line that names
 * what to install: engines are optional peer dependencies, so a Kubernetes-only team has no aws-cdk-lib or
 * Terraform provider installed, and must not get a stack trace from deep inside Node's resolver.
 *
 * @param what what needed the engine, e.g. `synthesize: the AWS output`
 * @param packages the engine packages it needs
 */
export function loadEngine<T>(what: string, packages: readonly EnginePackage[], load: () => T): T {
  try {
    return load();
  } catch (e: any) {
    const missing = packages.find((name) => e?.code === 'MODULE_NOT_FOUND' && new RegExp(`Cannot find module '${escape(name)}(/[^']*)?'`).test(String(e.message)));
    if (missing === undefined) throw e;
    const install = packages.map((name) => `${name}@${ENGINE_PEERS[name]}`).join(' ');
    throw new Error(`${what} needs ${missing}, which is not installed: npm install ${install}`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
