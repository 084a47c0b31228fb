import type { Artifact, ArtifactKind } from '../artifacts';
import { CLOUDS } from '../spec';
import type { Cloud, Environment, Organization } from '../spec';
import { PARITY_RULES, ParityRules, targets } from './allowed';
import { NormalizedArtifact, normalizeArtifact } from './normalize';
import { EnvironmentField, environmentFields, placeholder } from './placeholders';
import { diffValues, formatPath, Segment } from './private/diff';
import { Side, Verdict, explainPresence, explainProperty, tagKeyOf } from './private/explain';
import { Part, Tokenizer, sameParts } from './private/tokens';

/** What happened between the first and the second environment of a pair. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One difference between the same artifact of two environments. */
export interface Difference {
  /** The pair, in the organization's order (`['dev', 'prod']`). */
  readonly environments: readonly [string, string];
  readonly cloud: Cloud;
  readonly kind: ArtifactKind;
  /** `aws`, `azure`, `gcp`, or `<cloud>/k8s` for the manifests applied to that cloud's cluster. */
  readonly scope: string;
  /** The artifact with placeholders, e.g. `acme-<<name>>-azure`. */
  readonly artifact: string;
  /** The two files (relative to the synth folder); `undefined` where the artifact is absent. */
  readonly files: readonly [string | undefined, string | undefined];
  /** The artifact's name in each environment, as synthesized (`payments-dev`, `Prod-payments`); `undefined` where absent. */
  readonly names?: readonly [string | undefined, string | undefined];
  /** Normalized logical id / Terraform address / Kubernetes object; empty for a whole artifact. */
  readonly resource: string;
  /**
   * The resource as each environment's output names it (logical id, address, object), without placeholders;
   * `undefined` on a side where it is absent.
   */
  readonly ids?: readonly [string | undefined, string | undefined];
  readonly resourceType: string;
  /** JSON path inside the resource (`Properties.ScalingConfig.MaxSize`); empty for a whole resource. */
  readonly path: string;
  /** `added`: only in the second environment; `removed`: only in the first. */
  readonly change: ChangeKind;
  /** The first and second environment's values (`undefined` where absent). */
  readonly values: readonly [unknown, unknown];
  /** The declared fields that explain the difference (`aws.region`, `network.natGateways`); empty for drift. */
  readonly allowedBy: readonly string[];
  /** For drift: what the engine noticed (a knob's value outside its properties, a family the knob does not explain). */
  readonly note?: string;
}

/** Everything that differs between two environments, allowed or not. */
export interface PairComparison {
  readonly environments: readonly [string, string];
  /** Scopes compared (present in at least one of the two). */
  readonly scopes: readonly string[];
  readonly differences: readonly Difference[];
  /** Differences nothing declared explains. */
  readonly drifts: readonly Difference[];
}

/** Options of `compareEnvironments`. */
export interface CompareOptions {
  /** What knobs and placements govern. @default PARITY_RULES */
  readonly rules?: ParityRules;
  /**
   * Values the organization declares for every environment alike (its name, tags, state backends, receivers):
   * text every environment shares is not read for environment values inside them.
   * @default - none (`compareEnvironments` and `checkParity` take them from the organization)
   */
  readonly organizationValues?: readonly string[];
  /**
   * Tags teams declare, as `key=value`: a team's tag wins over the environment's on the team's resources.
   * @default - none (`compareEnvironments` and `checkParity` take them from the organization)
   */
  readonly teamTags?: readonly string[];
}

/** The tags teams declare, as `key=value`. */
export function teamTagPairs(org: Organization): string[] {
  return org.teams.flatMap((t) => Object.entries(t.tags).map(([k, v]) => `${k}=${v}`));
}

/** The string values of an organization's spec outside its environments: the same in every environment. */
export function organizationValues(org: Organization): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const [key, value] of Object.entries(org.spec)) if (key !== 'environments' && key !== 'name') walk(value);
  return [...out];
}

/** An environment's artifacts, normalized once and reused by every pair it is part of. */
export interface PreparedEnvironment {
  /** The environment's name. */
  readonly name: string;
  /**
   * The organization's environment, when prepared from one (`prepareEnvironment`).
   * @default - none: an app's environment (`prepareAppEnvironment`)
   */
  readonly environment?: Environment;
  /** The clouds the environment is placed on: a cloud it is not placed on has no artifacts there, by declaration. */
  readonly clouds: ReadonlySet<Cloud>;
  readonly side: Omit<Side, 'resources'>;
  readonly artifacts: ReadonlyMap<string, NormalizedArtifact>;
}

/** Normalizes the artifacts of one environment. */
export function prepareEnvironment(
  environment: Environment,
  artifacts: readonly Artifact[],
  rules: ParityRules = PARITY_RULES,
  organization?: string,
): PreparedEnvironment {
  // The organization name is the same everywhere; it tells the tokenizer where the naming helpers put the
  // environment name (after it), so names are tokens, not substrings.
  const fields: EnvironmentField[] = [
    ...(organization !== undefined ? [{ path: 'organization', source: 'organization' as const, value: organization }] : []),
    ...environmentFields(environment),
  ];
  for (const d of rules.derivedFields) {
    const value = d.derive(environment);
    if (value !== undefined) fields.push({ path: d.path, source: 'placement', value });
  }
  const tokenizer = new Tokenizer(fields);
  const byKey = new Map<string, NormalizedArtifact>();
  for (const artifact of artifacts) {
    if (artifact.environment !== environment.name) continue;
    const n = normalizeArtifact(artifact, environment, tokenizer);
    byKey.set(`${n.scope} ${n.key}`, n);
  }
  return {
    name: environment.name,
    environment,
    clouds: new Set(CLOUDS.filter((c) => environment[c] !== undefined)),
    side: { environment: environment.name, fields, byPath: new Map(fields.map((f) => [f.path, f.value])), tokenizer },
    artifacts: byKey,
  };
}

/**
 * Compares two environments' artifacts: artifacts pair by normalized name, resources by normalized address, and
 * properties structurally. Each difference is checked against what the environments declare (placements, tags,
 * and the knobs of `rules`); what nothing explains is drift.
 */
export function compareEnvironments(
  org: Organization,
  artifacts: readonly Artifact[],
  a: string,
  b: string,
  options: CompareOptions = {},
): PairComparison {
  const rules = options.rules ?? PARITY_RULES;
  const prepare = (name: string) => prepareEnvironment(environmentOf(org, name), artifacts, rules, org.name);
  return comparePrepared(prepare(a), prepare(b), { organizationValues: organizationValues(org), teamTags: teamTagPairs(org), ...options });
}

/** `compareEnvironments` over already normalized environments. */
export function comparePrepared(A: PreparedEnvironment, B: PreparedEnvironment, options: CompareOptions = {}): PairComparison {
  const rules = options.rules ?? PARITY_RULES;
  const shared = [...(options.organizationValues ?? [])].filter((v) => v.length >= 4).sort((x, y) => y.length - x.length);
  const teamTags = new Set(options.teamTags ?? []);
  const environments = [A.name, B.name] as const;
  const differences: Difference[] = [];
  const scopes = new Set<string>();

  for (const key of new Set([...A.artifacts.keys(), ...B.artifacts.keys()])) {
    const na = A.artifacts.get(key);
    const nb = B.artifacts.get(key);
    const some = (na ?? nb)!;
    scopes.add(some.scope);
    const base = {
      environments,
      cloud: some.cloud,
      kind: some.kind,
      scope: some.scope,
      artifact: some.key,
      files: [na?.artifact.file, nb?.artifact.file] as const,
      names: [na?.artifact.name, nb?.artifact.name] as const,
    };
    if (!na || !nb) {
      // An environment without a placement on a cloud has no artifacts there, by declaration.
      const [has, lacking] = na ? [A, B] : [B, A];
      const governed = rules.artifacts.find((g) => g.kind === some.kind && g.artifact.test(some.key)
        && has.side.byPath.get(g.field) !== undefined && lacking.side.byPath.get(g.field) === undefined);
      const placed = lacking.clouds.has(some.cloud) && !governed;
      differences.push({
        ...base,
        resource: '',
        resourceType: some.kind,
        path: '',
        change: na ? 'removed' : 'added',
        values: [na ? '(artifact)' : undefined, nb ? '(artifact)' : undefined],
        allowedBy: placed ? [] : [governed ? governed.field : some.cloud],
        note: placed ? `the artifact exists only in ${na ? A.name : B.name}` : undefined,
      });
      continue;
    }
    const sa: Side = { ...A.side, resources: na.resources };
    const sb: Side = { ...B.side, resources: nb.resources };
    for (const address of new Set([...na.resources.keys(), ...nb.resources.keys()])) {
      const ra = na.resources.get(address);
      const rb = nb.resources.get(address);
      if (!ra || !rb) {
        const verdict = ra
          ? explainPresence(some.kind, ra, sa, sb, rules, environments)
          : explainPresence(some.kind, rb!, sb, sa, rules, environments);
        differences.push({ ...base, resource: address, ids: [ra?.id, rb?.id], resourceType: (ra ?? rb)!.type, path: '', change: ra ? 'removed' : 'added', values: [ra?.body, rb?.body], ...verdictFields(verdict) });
        continue;
      }
      const keyA = (k: string) => A.side.tokenizer.normalize(k);
      const keyB = (k: string) => B.side.tokenizer.normalize(k);
      // Text both environments share is compared too: where it stands for a declared value in one of them, it
      // must stand for the same field in the other (prod's AKS moved to dev's location is drift, not agreement).
      const sameText = (segments: readonly Segment[], raw: string) => {
        // A declared tag that differs between the two cannot have the same value in both (unless a team sets it).
        const tagKey = tagKeyOf(segments);
        if (tagKey !== undefined) {
          const [da, db] = [A.side.byPath.get(`tags.${tagKey}`), B.side.byPath.get(`tags.${tagKey}`)];
          if (da !== undefined && db !== undefined && da !== db && (raw === da || raw === db) && !teamTags.has(`${tagKey}=${raw}`)) {
            differences.push({
              ...base,
              resource: address,
              ids: [ra.id, rb.id],
              resourceType: ra.type,
              path: formatPath(segments),
              change: 'changed',
              values: [raw, raw],
              allowedBy: [],
              note: `tag "${tagKey}" is declared ${JSON.stringify(da)} in ${A.name} and ${JSON.stringify(db)} in ${B.name}, but both have ${JSON.stringify(raw)}`,
            });
            return;
          }
        }
        if (A.side.tokenizer.normalize(raw) === B.side.tokenizer.normalize(raw)) return;
        // Organization-wide values (the state bucket's key, a shared registry) are the same everywhere by
        // declaration, whatever they happen to contain.
        const value = shared.reduce((s, literal) => s.split(literal).join('\u0001'), raw);
        const pa = A.side.tokenizer.tokenize(value);
        const pb = B.side.tokenizer.tokenize(value);
        if (sameParts(pa, pb)) return;
        const meaning = (parts: readonly Part[]) => parts.filter((p): p is ReadonlySet<string> => typeof p !== 'string').map((p) => placeholder([...p][0])).join(', ') || 'no declared value';
        differences.push({
          ...base,
          resource: address,
          ids: [ra.id, rb.id],
          resourceType: ra.type,
          path: formatPath(segments),
          change: 'changed',
          values: [raw, raw],
          allowedBy: [],
          note: `the same text stands for ${meaning(pa)} in ${A.name} and for ${meaning(pb)} in ${B.name}`,
        });
      };
      // A knob-governed value both share is wrong in one of them when their knobs differ (a knob not applied).
      const governed = rules.properties.filter((r) => (r.match ?? 'value') === 'value' && targets(r, some.kind, ra.type, address));
      const sameValue = (segments: readonly Segment[], raw: string | number | boolean) => {
        const path = governed.length > 0 ? formatPath(segments) : '';
        const here = governed.filter((r) => r.path.test(path));
        const knob = (side: PreparedEnvironment, r: (typeof here)[number]) => {
          const v = side.side.byPath.get(r.field);
          return r.derive ? r.derive.apply(v) : v;
        };
        if (here.some((r) => sameScalarValue(raw, knob(A, r)) && sameScalarValue(raw, knob(B, r)))) return;
        const unapplied = here.find((r) => !sameScalarValue(knob(A, r), knob(B, r))
          && (sameScalarValue(raw, knob(A, r)) || sameScalarValue(raw, knob(B, r))));
        if (unapplied) {
          differences.push({
            ...base,
            resource: address,
            ids: [ra.id, rb.id],
            resourceType: ra.type,
            path,
            change: 'changed',
            values: [raw, raw],
            allowedBy: [],
            note: `governed by ${placeholder(unapplied.field)} (${A.name}: ${JSON.stringify(A.side.byPath.get(unapplied.field))}, ${B.name}: ${JSON.stringify(B.side.byPath.get(unapplied.field))}), but both have ${JSON.stringify(raw)}`,
          });
          return;
        }
        if (typeof raw === 'string') sameText(segments, raw);
      };
      for (const leaf of diffValues(ra.body, rb.body, keyA, keyB, [], [], sameValue)) {
        const path = formatPath(leaf.path);
        const difference = { kind: some.kind, resourceType: ra.type, address, segments: leaf.path, path, a: leaf.a, b: leaf.b };
        const verdict = explainProperty(difference, sa, sb, rules);
        differences.push({
          ...base,
          resource: address,
          ids: [ra.id, rb.id],
          resourceType: ra.type,
          path,
          change: leaf.a === undefined ? 'added' : leaf.b === undefined ? 'removed' : 'changed',
          values: [leaf.a, leaf.b],
          ...verdictFields(verdict),
        });
      }
    }
  }
  return { environments, scopes: [...scopes].sort(), differences, drifts: differences.filter((d) => d.allowedBy.length === 0) };
}

/** Equal as scalars: `3` and `"3"` are the same knob value in a Kubernetes quantity or a Money string. */
function sameScalarValue(x: unknown, y: unknown): boolean {
  if (x === undefined || y === undefined) return false;
  return x === y || ((typeof x === 'string' || typeof x === 'number') && (typeof y === 'string' || typeof y === 'number') && String(x) === String(y));
}

function verdictFields(v: Verdict): { allowedBy: readonly string[]; note?: string } {
  return 'allowedBy' in v ? { allowedBy: v.allowedBy } : { allowedBy: [], ...(v.note !== undefined && { note: v.note }) };
}

/** Looks an environment up by name; throws with the names it knows. */
export function environmentOf(org: Organization, name: string): Environment {
  const env = org.environments.find((e) => e.name === name);
  if (!env) throw new Error(`parity: environment "${name}" is not in "${org.name}" (expected one of ${org.environments.map((e) => e.name).join(', ')})`);
  return env;
}
