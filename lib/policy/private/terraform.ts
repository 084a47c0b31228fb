import type { Artifact } from '../../artifacts';
import type { Violation } from '../types';
import { isRecord } from './values';

/** One `resource.<type>.<name>` entry of a `cdk.tf.json` document. */
export interface TerraformResource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`: what Terraform, plans and exceptions call it. */
  readonly address: string;
  readonly body: Record<string, any>;
}

/** Every resource of the document, optionally only of the given types, in document order. */
export function terraformResources(document: any, ...types: string[]): TerraformResource[] {
  const found: TerraformResource[] = [];
  for (const [type, byName] of Object.entries<any>(document?.resource ?? {})) {
    if (types.length > 0 && !types.includes(type)) continue;
    if (!isRecord(byName)) continue;
    for (const [name, body] of Object.entries<any>(byName)) {
      found.push({ type, name, address: `${type}.${name}`, body: isRecord(body) ? body : {} });
    }
  }
  return found;
}

/**
 * A nested block. cdktf writes a single block as an object and repeated blocks as a list; a rule reading the
 * first (or only) block should not care which.
 */
export function block(value: unknown): Record<string, any> | undefined {
  if (Array.isArray(value)) return isRecord(value[0]) ? value[0] : undefined;
  return isRecord(value) ? value : undefined;
}

/** Every instance of a repeatable nested block, whichever way it was written. */
export function blocks(value: unknown): Record<string, any>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** Whether a Terraform expression refers to the given resource (`${azurerm_virtual_network.vnet.id}`). */
export function refersTo(value: unknown, resource: TerraformResource): boolean {
  return typeof value === 'string' && new RegExp(`\\$\\{[^}]*\\b${escape(resource.type)}\\.${escape(resource.name)}\\b`).test(value);
}

export function preventDestroy(resource: TerraformResource): boolean {
  return block(resource.body.lifecycle)?.prevent_destroy === true;
}

/** Runs `check` on every resource of the given types; each returned message is one violation of that resource. */
export function eachResource(
  artifact: Artifact,
  types: readonly string[],
  check: (resource: TerraformResource) => Array<string | undefined>,
): Violation[] {
  return terraformResources(artifact.document, ...types).flatMap((resource) =>
    check(resource)
      .filter((message): message is string => message !== undefined)
      .map((message) => ({ resource: resource.address, message })));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
