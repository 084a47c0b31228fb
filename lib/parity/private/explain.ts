import type { ArtifactKind } from '../../artifacts';
import { GovernedFamily, ParityRules, targets } from '../allowed';
import type { ArtifactResource } from '../normalize';
import { EnvironmentField, placeholder } from '../placeholders';
import { Segment } from './diff';
import { Tokenizer, explainStrings, sameParts, sharedFields, tokenizerWith } from './tokens';

/** One side of a comparison: an environment's fields and the artifact's resources. */
export interface Side {
  readonly environment: string;
  readonly fields: readonly EnvironmentField[];
  readonly byPath: ReadonlyMap<string, EnvironmentField['value']>;
  readonly tokenizer: Tokenizer;
  readonly resources: ReadonlyMap<string, ArtifactResource>;
}

/** Why a difference is allowed (the fields that explain it), or why it is drift. */
export type Verdict = { readonly allowedBy: readonly string[] } | { readonly note?: string };

export interface PropertyDifference {
  readonly kind: ArtifactKind;
  readonly resourceType: string;
  readonly address: string;
  readonly segments: readonly Segment[];
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

/** Decides whether a property difference is explained by the environments' declared fields. */
export function explainProperty(d: PropertyDifference, A: Side, B: Side, rules: ParityRules): Verdict {
  const { a, b } = d;

  // Identity values (name, tier, placements) may differ anywhere.
  if (typeof a === 'string' && typeof b === 'string') {
    const fields = explainStrings(a, b, A.tokenizer, B.tokenizer);
    if (fields) return { allowedBy: fields };
  }

  // Declared tags, where the tag key names the property.
  const tagKey = tagKeyOf(d.segments);
  if (tagKey !== undefined) {
    const f = `tags.${tagKey}`;
    if (A.byPath.has(f) && A.byPath.get(f) === a && B.byPath.get(f) === b) return { allowedBy: [f] };
  }

  // Knobs and placement fields, only on the properties they govern.
  const governing = rules.properties.filter((r) => targets(r, d.kind, d.resourceType, d.address) && r.path.test(d.path));
  const differing = governing.filter((r) => A.byPath.get(r.field) !== B.byPath.get(r.field));
  for (const r of differing) {
    if ((r.match ?? 'value') !== 'presence') continue;
    if ((A.byPath.get(r.field) === undefined) !== (B.byPath.get(r.field) === undefined)) return { allowedBy: [r.field] };
  }
  const byValue = differing.filter((r) => (r.match ?? 'value') === 'value');
  if (byValue.length > 0) {
    const derived = (side: Side, r: (typeof byValue)[number]) => {
      const v = side.byPath.get(r.field);
      return r.derive ? r.derive.apply(v) : v;
    };
    // A derived value that is absent (no cents) is an absent property.
    const matches = (x: unknown, v: unknown) => (x === undefined && v === undefined && true) || sameScalar(x, v);
    const direct = byValue.find((r) => matches(a, derived(A, r)) && matches(b, derived(B, r)));
    if (direct) return { allowedBy: [direct.field] };
    if (typeof a === 'string' && typeof b === 'string') {
      const extras = (side: Side) => byValue.map((r) => ({
        path: knobToken(r.field, r.derive?.name),
        value: String(derived(side, r)),
        bounded: true,
      }));
      const pa = tokenizerWith(A.fields, extras(A)).tokenize(a);
      const pb = tokenizerWith(B.fields, extras(B)).tokenize(b);
      const knobs = sharedFields(pa, pb).filter((f) => byValue.some((r) => knobToken(r.field, r.derive?.name) === f));
      if (sameParts(pa, pb) && knobs.length > 0) return { allowedBy: knobs.map((k) => k.replace(/:.*$/, '')) };
    }
  }

  // A reference may point at another member of a family whose size differs (a private route's NAT gateway).
  const refA = referencedAddress(d, a, A);
  const refB = referencedAddress(d, b, B);
  if (refA && refB) {
    const fa = differingFamily(refA, A, B, d.kind, rules);
    const fb = differingFamily(refB, B, A, d.kind, rules);
    if (fa && fb && fa.field === fb.field) return { allowedBy: [fa.field] };
  }

  return { note: driftNote(d, A, B, governing.map((r) => r.field), rules) };
}

/** Decides whether a resource present in `has` only is explained by a family rule. */
export function explainPresence(
  kind: ArtifactKind,
  resource: ArtifactResource,
  has: Side,
  lacks: Side,
  rules: ParityRules,
  pairOrder: readonly [string, string],
): Verdict {
  for (const family of rules.families) {
    if (!targets(family, kind, resource.type, resource.address)) continue;
    const mine = has.byPath.get(family.field);
    const theirs = lacks.byPath.get(family.field);
    if (mine === theirs) continue;
    if (typeof mine === 'number' && typeof theirs === 'number') {
      // The same number of members per unit of the knob on both sides: 1 NAT gateway for 1, 3 for 3.
      const count = (side: Side) => [...side.resources.values()].filter((r) => targets(family, kind, r.type, r.address)).length;
      if (count(has) * theirs === count(lacks) * mine) return { allowedBy: [family.field] };
    } else if (mine !== undefined && theirs === undefined) {
      return { allowedBy: [family.field] };
    }
  }
  const governing = rules.families.filter((f) => targets(f, kind, resource.type, resource.address));
  if (governing.length === 0) return {};
  const f = governing[0];
  const [first, second] = has.environment === pairOrder[0] ? [has, lacks] : [lacks, has];
  const count = (side: Side) => [...side.resources.values()].filter((r) => targets(f, kind, r.type, r.address)).length;
  const describe = (side: Side) => `${side.environment} has ${count(side)} for ${show(side.byPath.get(f.field))}`;
  return { note: `${placeholder(f.field)} does not account for it: ${describe(first)}, ${describe(second)}` };
}

function differingFamily(address: string, side: Side, other: Side, kind: ArtifactKind, rules: ParityRules): GovernedFamily | undefined {
  const r = side.resources.get(address);
  if (!r) return undefined;
  return rules.families.find((f) => targets(f, kind, r.type, r.address) && side.byPath.get(f.field) !== other.byPath.get(f.field));
}

/** The normalized address a CloudFormation `Ref`/`Fn::GetAtt` or a Terraform `${type.name...}` points at. */
function referencedAddress(d: PropertyDifference, value: unknown, side: Side): string | undefined {
  if (typeof value !== 'string') return undefined;
  const segs = d.segments;
  const last = segs[segs.length - 1];
  if (d.kind === 'cloudformation') {
    const isRef = last === 'Ref' || (last === 0 && segs[segs.length - 2] === 'Fn::GetAtt');
    return isRef ? side.tokenizer.normalize(value) : undefined;
  }
  if (d.kind === 'terraform') {
    const m = /^\$\{(data\.)?([a-z0-9_]+)\.([\w-]+)[.}]/.exec(value);
    return m ? side.tokenizer.normalize(`${m[1] ?? ''}${m[2]}.${m[3]}`) : undefined;
  }
  return undefined;
}

/** A tag value sits under its key (`labels.team`, `tags.owner`) or beside it (`Tags[Key=owner].Value`). */
export function tagKeyOf(segments: readonly Segment[]): string | undefined {
  const last = segments[segments.length - 1];
  const before = segments[segments.length - 2];
  if (last === 'Value' && typeof before === 'object' && before !== null && 'field' in before && before.field === 'Key') return before.value;
  return typeof last === 'string' ? last : undefined;
}

function driftNote(d: PropertyDifference, A: Side, B: Side, governedBy: readonly string[], rules: ParityRules): string | undefined {
  if (governedBy.length > 0) {
    const f = governedBy[0];
    return `governed by ${placeholder(f)} (${A.environment}: ${show(A.byPath.get(f))}, ${B.environment}: ${show(B.byPath.get(f))}), but the values are not the knob's`;
  }
  // A knob's value outside the properties it governs is tier-dependent code, not a knob.
  const knobs = new Set(rules.properties.map((r) => r.field));
  for (const f of A.fields) {
    if (f.source !== 'knob') continue;
    const va = f.value;
    const vb = B.byPath.get(f.path);
    if (va !== vb && (sameScalar(d.a, va) || sameScalar(d.b, vb))) {
      const governs = knobs.has(f.path) ? 'that knob does not govern this property' : 'that knob governs no property in PARITY_RULES';
      return `equals knob ${placeholder(f.path)} (${A.environment}: ${show(va)}, ${B.environment}: ${show(vb)}), but ${governs}: tier-dependent code outside the profile`;
    }
  }
  return undefined;
}

function knobToken(field: string, derivation?: string): string {
  return derivation ? `${field}:${derivation}` : field;
}

function sameScalar(x: unknown, v: unknown): boolean {
  if (x === undefined || v === undefined) return false;
  if (x === v) return true;
  return (typeof x === 'string' || typeof x === 'number') && (typeof v === 'string' || typeof v === 'number') && String(x) === String(v);
}

/** A value as a report shows it: JSON, shortened. */
export function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
