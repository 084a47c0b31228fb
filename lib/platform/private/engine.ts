import { ENGINE_PEERS, EnginePackage } from '../../../constructs/private/engines';

export { ENGINE_PEERS };
export type { EnginePackage };

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
