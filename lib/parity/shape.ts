import type { Artifact } from '../artifacts';
import type { Cloud, Organization, OrganizationSpec } from '../spec';
import { PARITY_RULES, ParityRules, targets } from './allowed';
import { Difference, PreparedEnvironment, comparePrepared, organizationValues, prepareEnvironment, teamTagPairs } from './compare';
import { normalizeDocument } from './normalize';
import { requireArtifacts, resolveOrganization } from './parity';
import { placeholder } from './placeholders';
import { Segment, formatPath, isObject, keyFieldOf } from './private/diff';
import { Tokenizer, normalizeDifferences, tokenizerWith } from './private/tokens';

/** Options of `baselineShape`. */
export interface BaselineShapeOptions {
  /** @default PARITY_RULES */
  readonly rules?: ParityRules;
}

/**
 * The baseline shape of one cloud: the normalized artifacts every environment on that cloud shares, for
 * `toMatchSnapshot()`. One snapshot per cloud, whatever the number of environments.
 *
 * It is the first environment's artifacts (stacks and manifests, by normalized name and address), where every
 * value that differs between environments is replaced by the placeholder of the field that explains it
 * (`<<aws.region>>`, `<<network.flowLogRetentionDays>>`, `<<cluster.generalNodesMax:perZone>>`). Values every
 * environment shares stay literal. Resources and properties that a knob or DR placement adds appear as the first
 * environment has them. A change in one environment only is drift (`toHaveEnvironmentParity`), not a new shape.
 *
 * @param artifacts the synthesized artifacts (`artifactsOf(org)` from the root entry point)
 */
export function baselineShape(
  organization: Organization | OrganizationSpec,
  cloud: Cloud,
  artifacts: readonly Artifact[],
  options: BaselineShapeOptions = {},
): Record<string, Record<string, unknown>> {
  const org = resolveOrganization(organization);
  const all = requireArtifacts('baselineShape', artifacts);
  const rules = options.rules ?? PARITY_RULES;
  const placed = org.environments.filter((e) => e[cloud] !== undefined);
  if (placed.length === 0) return {};
  const first = prepareEnvironment(placed[0], all, rules, org.name);
  const shared = organizationValues(org);
  const teamTags = teamTagPairs(org);

  // Where (artifact, resource, path) values differ between the first environment and any other, and why.
  const varying = new Map<string, { d: Difference; other: PreparedEnvironment }>();
  for (const env of placed.slice(1)) {
    const other = prepareEnvironment(env, all, rules, org.name);
    for (const d of comparePrepared(first, other, { rules, organizationValues: shared, teamTags }).differences) {
      const key = locationKey(d.artifact, d.resource, d.path);
      if (d.change === 'changed' && d.cloud === cloud && !varying.has(key)) varying.set(key, { d, other });
    }
  }

  const shape: Record<string, Record<string, unknown>> = {};
  const ofCloud = [...first.artifacts.values()].filter((a) => a.cloud === cloud);
  for (const n of ofCloud.sort((x, y) => x.scope.localeCompare(y.scope) || x.key.localeCompare(y.key))) {
    const resources: Record<string, unknown> = {};
    for (const r of n.resources.values()) {
      resources[r.address] = placed.length === 1
        ? normalizeDocument(r.body, first.side.fields)
        : shapeValue(r.body, [], (path, value) => {
          const v = varying.get(locationKey(n.key, r.address, path));
          return v ? placeholderValue(value, v.d, first, v.other, rules, r.type, r.address) : value;
        }, first.side.tokenizer);
    }
    shape[`${n.scope} ${n.key}`] = resources;
  }
  return shape;
}

/** Rebuilds a document, visiting each leaf with the path `compare` would print for it. */
function shapeValue(value: unknown, path: Segment[], leaf: (path: string, value: unknown) => unknown, tokenizer: Tokenizer): unknown {
  if (Array.isArray(value)) {
    const field = keyFieldOf(value, value);
    const segment = (v: unknown, i: number): Segment => (field ? { field, value: tokenizer.normalize(String((v as any)[field])) } : i);
    return value.map((v, i) => shapeValue(v, [...path, segment(v, i)], leaf, tokenizer));
  }
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      const key = tokenizer.normalize(k);
      return [key, shapeValue(v, [...path, key], leaf, tokenizer)];
    }));
  }
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return JSON.stringify(shapeValue(JSON.parse(value), [...path, { json: true }], leaf, tokenizer));
    } catch {
      // not JSON after all: a plain string leaf
    }
  }
  return leaf(formatPath(path), value);
}

function placeholderValue(
  value: unknown,
  d: Difference,
  first: PreparedEnvironment,
  other: PreparedEnvironment,
  rules: ParityRules,
  type: string,
  address: string,
): unknown {
  const fields = first.side.fields;
  const knobs = d.allowedBy.filter((f) => fields.some((x) => x.path === f && x.source === 'knob'));
  const otherValue = d.values[1];
  if (knobs.length === 0) {
    if (typeof value === 'string' && typeof otherValue === 'string') return normalizeDifferences(value, otherValue, first.side.tokenizer, other.side.tokenizer);
    return placeholder(d.allowedBy.join('|') || 'drift');
  }
  const derivation = (f: string) => rules.properties
    .find((r) => r.field === f && r.derive && targets(r, d.kind, type, address) && r.path.test(d.path))?.derive;
  const token = (f: string) => (derivation(f) ? `${f}:${derivation(f)!.name}` : f);
  if (typeof value !== 'string' || typeof otherValue !== 'string') return placeholder(knobs.map(token).join('|'));
  const extras = (env: PreparedEnvironment) => knobs.map((f) => {
    const v = env.side.byPath.get(f);
    const der = derivation(f);
    return { path: token(f), value: String(der ? der.apply(v) : v), bounded: true };
  });
  return normalizeDifferences(value, otherValue, tokenizerWith(fields, extras(first)), tokenizerWith(other.side.fields, extras(other)));
}

function locationKey(artifact: string, resource: string, path: string): string {
  return [artifact, resource, path].join('\u0000');
}
