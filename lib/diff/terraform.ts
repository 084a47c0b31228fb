import type { Artifact } from '../artifacts';
import { changedPaths, startsWithPath } from './private/values';
import { TERRAFORM_RESOURCES, terraformForceNew } from './stateful';
import type { ResourceChange } from './types';

interface TerraformResource {
  readonly address: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/**
 * The changes between two versions of a Terraform stack (`cdk.tf.json`), by resource address. A change of a
 * ForceNew attribute (the reviewed table in `stateful.ts`) is a replacement, and so is a ForceNew attribute that
 * refers to a resource being replaced (its value is unknown until apply). A change of the state backend is reported
 * as a replacement of `terraform.backend`: the state has to be migrated. `moved` blocks are followed.
 */
export function diffTerraform(before: Artifact | undefined, after: Artifact | undefined): ResourceChange[] {
  const some = (after ?? before)!;
  const now = resourcesOf(after);
  // A `moved` block (cdktf's moveTo/moveFromId) carries a resource to its new address: the same resource.
  const old = new Map<string, TerraformResource>();
  const moves = new Map<string, string>(((after?.document.moved ?? []) as Array<{ from: string; to: string }>).map((m) => [m.from, m.to]));
  for (const [address, r] of resourcesOf(before)) old.set(moves.get(address) ?? address, r);
  const changes = new Map<string, ResourceChange>();
  const base = { kind: 'terraform' as const, cloud: some.cloud, environment: some.environment, artifact: some.name };

  for (const [address, r] of now) {
    const was = old.get(address);
    const rule = TERRAFORM_RESOURCES[r.type];
    const holds = rule?.holds ? { holds: rule.holds } : {};
    if (!was) {
      changes.set(address, { ...base, address, type: r.type, change: 'add', attributes: [], ...holds, destructive: false });
      continue;
    }
    const paths = changedPaths(was.body, r.body).filter((p) => p !== '//' && !p.startsWith('//.'));
    if (paths.length === 0) continue;
    const forceNew = terraformForceNew(r.type);
    const forcing = paths.filter((p) => forceNew.some((f) => startsWithPath(p, f)));
    const replace = forcing.length > 0;
    changes.set(address, {
      ...base,
      address,
      type: r.type,
      change: replace ? 'replace' : 'modify',
      attributes: [...forcing, ...paths.filter((p) => !forcing.includes(p))],
      ...holds,
      destructive: replace && rule?.holds !== undefined,
    });
  }
  for (const [address, r] of old) {
    if (now.has(address)) continue;
    const rule = TERRAFORM_RESOURCES[r.type];
    changes.set(address, { ...base, address, type: r.type, change: 'remove', attributes: [], ...(rule?.holds ? { holds: rule.holds } : {}), destructive: rule?.holds !== undefined });
  }

  // A ForceNew attribute that refers to a replaced resource is unknown until apply: the referrer is replaced too.
  for (let changed = true; changed;) {
    changed = false;
    for (const [address, r] of now) {
      const current = changes.get(address);
      const rule = TERRAFORM_RESOURCES[r.type];
      if (current?.change === 'replace' || current?.change === 'add') continue;
      const replacedRefs = terraformForceNew(r.type).filter((f) => referencesOf(valueAt(r.body, f)).some((ref) => changes.get(ref)?.change === 'replace'));
      if (replacedRefs.length === 0) continue;
      changes.set(address, {
        ...base,
        address,
        type: r.type,
        change: 'replace',
        attributes: [...replacedRefs.map((f) => `${f} (refers to a replaced resource)`), ...(current?.attributes ?? [])],
        ...(rule?.holds ? { holds: rule.holds } : {}),
        destructive: rule?.holds !== undefined,
      });
      changed = true;
    }
  }

  const backendBefore = before?.document.terraform?.backend;
  const backendAfter = after?.document.terraform?.backend;
  if (before && after && JSON.stringify(backendBefore) !== JSON.stringify(backendAfter)) {
    changes.set('terraform.backend', {
      ...base,
      address: 'terraform.backend',
      type: 'terraform backend',
      change: 'replace',
      attributes: changedPaths(backendBefore ?? {}, backendAfter ?? {}),
      holds: 'the Terraform state of the stack',
      destructive: true,
    });
  }
  return [...changes.values()];
}

function resourcesOf(artifact: Artifact | undefined): Map<string, TerraformResource> {
  const resources = new Map<string, TerraformResource>();
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(artifact?.document.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) resources.set(`${type}.${name}`, { address: `${type}.${name}`, type, body });
  }
  return resources;
}

/** The value at `block.attribute`, looking through cdk.tf.json's one-element block lists. */
function valueAt(body: unknown, dotted: string): unknown {
  let value: unknown = body;
  for (const key of dotted.split('.')) {
    if (Array.isArray(value) && value.length === 1) value = value[0];
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Addresses a value refers to: `${azurerm_subnet.Network_Nodes_1A2B.id}` → `azurerm_subnet.Network_Nodes_1A2B`. */
function referencesOf(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return [...text.matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./g)].map((m) => m[1]).filter((ref) => !ref.startsWith('data.') && !ref.startsWith('var.') && !ref.startsWith('local.'));
}
