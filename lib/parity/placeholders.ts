import type { Environment } from '../spec';

/** Where a per-environment value is declared in the organization spec. */
export type FieldSource = 'environment' | 'placement' | 'knob' | 'tag' | 'organization';

/**
 * One value an environment declares, and so may legitimately differ from another environment's: its name and
 * tier, a placement field (account, region, CIDR, planned subnet, DR region...), a tier-profile knob or a tag.
 */
export interface EnvironmentField {
  /** Dotted path in the resolved environment, e.g. `aws.account`, `aws.availabilityZones.0`, `network.natGateways`. */
  readonly path: string;
  readonly source: FieldSource;
  readonly value: string | number | boolean;
}

/** The placeholder that stands for a field in normalized output, e.g. `<<aws.account>>`. */
export function placeholder(path: string): string {
  return `<<${path}>>`;
}

/**
 * Every field of an environment, found by walking the resolved `Environment` rather than listing names: a knob
 * or placement field added to the spec later gets a placeholder without a change here.
 *
 * Knob paths are relative to the profile (`network.natGateways`), as the tier profiles spell them. Order is
 * priority when two fields share a value (`dev` is both the name and the tier of `dev`): name first.
 */
export function environmentFields(env: Environment): EnvironmentField[] {
  const fields: EnvironmentField[] = [];
  const walk = (value: unknown, path: string, source: FieldSource) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields.push({ path, source, value });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}.${i}`, source));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, source);
    }
  };
  walk(env.name, 'name', 'environment');
  walk(env.tier, 'tier', 'environment');
  for (const [key, value] of Object.entries(env)) {
    if (key === 'name' || key === 'tier') continue;
    if (key === 'profile') walk(value, '', 'knob');
    else if (key === 'tags') walk(value, 'tags', 'tag');
    else walk(value, key, typeof value === 'object' ? 'placement' : 'environment');
  }
  return fields;
}

/** Looks a field up by path. */
export function fieldValue(fields: readonly EnvironmentField[], path: string): EnvironmentField['value'] | undefined {
  return fields.find((f) => f.path === path)?.value;
}
