import { Address4 } from 'ip-address';
import { Ipv4Network, contains, parseIpv4Cidr } from '../../core/cidr';
import type { AppOutput, Artifact, ArtifactKind } from '../artifacts';
import { readAppOutput } from '../artifacts/read-app';
import { CLOUDS } from '../spec';
import type { Cloud } from '../spec';
import type { Derivation, GovernedFamily, GovernedProperty, ParityRules } from './allowed';
import { Difference, PairComparison, PreparedEnvironment, comparePrepared } from './compare';
import { NormalizedArtifact, normalizeArtifact, scopeOf } from './normalize';
import type { EnvironmentField } from './placeholders';
import { mapStrings } from './private/diff';
import { driftMatrix } from './private/matrix';
import { Tokenizer } from './private/tokens';

/**
 * What a team tells parity about its own app (any CDK, cdktf or cdk8s app, built with our constructs or not):
 * which stacks form each environment, which values are each environment's own (accounts, regions, CIDRs, projects),
 * and which knobs (sizes, retention, replicas) may differ between environments, where, and why.
 *
 * Everything else must be the same in every environment, or it is drift.
 */
export interface AppParityConfig {
  /**
   * The app's name, in the report's title.
   * @default 'app'
   */
  readonly name?: string;
  /** The environments, in the order pairs and reports show them (at least two). */
  readonly environments: readonly AppEnvironment[];
  /**
   * The knobs: each says which properties (or how many resources) one per-environment value drives, and why it
   * may differ. A knob's differences are allowed only there; the same value elsewhere is still drift.
   * @default - none: only the environments' `values` may differ
   */
  readonly knobs?: readonly AppKnob[];
  /**
   * Stacks and manifests that belong to no environment (a shared bootstrap stack): matched against their names,
   * and left out of the comparison.
   * @default - none: every stack must belong to an environment
   */
  readonly ignore?: readonly (string | RegExp)[];
  /**
   * The cloud of the cluster the Kubernetes manifests are applied to (reports show them as `<cloud>/k8s`).
   * @default - the one cloud of the environment's stacks; set it when an environment has stacks on several clouds
   */
  readonly clusterCloud?: Cloud;
  /**
   * Text the same in every environment by declaration (a shared registry, a state bucket): never read for an
   * environment's values inside it.
   * @default []
   */
  readonly sharedValues?: readonly string[];
}

/** One environment of an app. */
export interface AppEnvironment {
  /** The environment's name, e.g. `prod`. */
  readonly name: string;
  /**
   * Which stacks and manifests are this environment's, by name (the CloudFormation stack name, the cdktf stack, the
   * manifest file without `.k8s.yaml`): exact names or patterns. As a record, each key is the stack's role
   * (`network`, `gcp`), which pairs stacks between environments whatever their names; as a list, stacks pair by
   * name with the environment's values in it replaced (`payments-dev` pairs with `payments-prod`).
   * @default - the stacks whose name holds the environment name as a word, in any case (`payments-dev`,
   * `payments-dev-gcp`, `Dev-payments` of a stage `Dev`)
   */
  readonly stacks?: readonly (string | RegExp)[] | Readonly<Record<string, string | RegExp>>;
  /**
   * The environment's own values, which may differ anywhere: account ids, regions, zones, projects, subscription
   * ids, CIDRs, host names. A CIDR also covers every subnet and address inside it at the same offset, so the
   * third /19 of dev's VPC pairs with the third /19 of prod's (and a subnet moved to another offset is drift).
   * @default {}
   */
  readonly values?: Readonly<Record<string, string | readonly string[]>>;
  /** The environment's knob values, by the knob names of `AppParityConfig.knobs`. @default {} */
  readonly knobs?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * A knob: a per-environment value (`natGateways`, `flowLogRetentionDays`) and what it may change. With `path`, it
 * governs that property's value (which must be the environment's knob value, or `derive` of it); without, the
 * number of resources of the type (1 NAT gateway where the knob is 1, 3 where it is 3).
 */
export interface AppKnob {
  /** The knob's name, as the environments' `knobs` spell it. */
  readonly knob: string;
  /** Why this may differ between environments, for reviewers (shown in the report; at least 10 characters). */
  readonly reason: string;
  /**
   * The resource type as the output spells it: `AWS::Logs::LogGroup`, `google_compute_subnetwork`,
   * `v1/ResourceQuota` (Kubernetes `apiVersion/kind`).
   */
  readonly resourceType: string | RegExp;
  /**
   * The output kind. @default - from `resourceType`: `AWS::` is CloudFormation, `apiVersion/Kind` Kubernetes, else
   * Terraform (required when `resourceType` is a pattern)
   */
  readonly kind?: ArtifactKind;
  /** Only resources whose logical id, address or `Kind/namespace/name` matches. @default - every resource of the type */
  readonly address?: RegExp;
  /**
   * The property, as reports print paths (`Properties.RetentionInDays`, `spec.replicas`, `spec.hard.pods`).
   * @default - none: the knob governs how many resources of the type exist
   */
  readonly path?: RegExp;
  /** What the code makes of the knob before it reaches the property (`{ name: 'Gi', apply: (n) => `${n}Gi` }`). @default - the value itself */
  readonly derive?: Derivation;
}

/** A configuration parity cannot use, with every problem at once. */
export class AppParityConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`Invalid app parity configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AppParityConfigError';
  }
}

/** A value an environment declares, as the report shows it. */
export interface DeclaredValue {
  readonly name: string;
  /** `value`: an environment's own value; `knob`: a knob, with its reason and what it governs. */
  readonly source: 'value' | 'knob';
  /** Per environment, in the configuration's order. */
  readonly values: Readonly<Record<string, unknown>>;
  /** For knobs: why they may differ (one per declaration). */
  readonly reasons?: readonly string[];
  /** For knobs: what they govern, e.g. `AWS::Logs::LogGroup ^Properties\.RetentionInDays$` or `number of AWS::EC2::NatGateway`. */
  readonly governs?: readonly string[];
  /** How many differences it explains, over every pair. */
  readonly explains: number;
}

/** The outcome of `checkAppParity`. */
export interface AppParityResult {
  readonly name: string;
  readonly environments: readonly string[];
  /** Which stacks and manifests each environment was given: `payments-prod (CloudFormation)`. */
  readonly stacks: Readonly<Record<string, readonly string[]>>;
  /** Scopes seen: `aws`, `gcp`, `aws/k8s`... */
  readonly scopes: readonly string[];
  readonly pairs: readonly PairComparison[];
  /** Every difference nothing declared explains. */
  readonly drifts: readonly Difference[];
  /** Drift count per environment and scope, counted as `checkParity` does; `undefined` where an environment has no output. */
  readonly matrix: Readonly<Record<string, Readonly<Record<string, number | undefined>>>>;
  /** The declared values and knobs, with how many differences each explains. */
  readonly declared: readonly DeclaredValue[];
  readonly ok: boolean;
}

/** What `checkAppParity` reads: synthesized folders (`cdk.out`, `cdktf.out`, `dist`, or a project folder), or outputs already read. */
export type AppOutputSource = string | readonly string[] | readonly AppOutput[];

/**
 * Environment parity of a team's own app: compares every pair of environments' stacks and manifests and reports
 * every difference that neither an environment's `values` nor a declared knob explains.
 *
 * @param source the synthesized output folders (`['cdk.out', 'cdktf.out', 'dist']` or the project folder), or
 * `readAppOutput(...)` results
 * @throws AppParityConfigError when the configuration is unusable or a stack belongs to no (or several) environment
 */
export function checkAppParity(config: AppParityConfig, source: AppOutputSource): AppParityResult {
  const problems = appParityConfigProblems(config);
  if (problems.length > 0) throw new AppParityConfigError(problems);
  const outputs = readSource(source);
  const { artifacts, roles } = assignEnvironments(config, outputs);
  const rules = appParityRules(config);
  const names = config.environments.map((e) => e.name);
  const prepared = config.environments.map((env) => prepareAppEnvironment(env, artifacts, roles));

  const pairs: PairComparison[] = [];
  for (let i = 0; i < prepared.length; i++) {
    for (let j = i + 1; j < prepared.length; j++) {
      pairs.push(comparePrepared(prepared[i], prepared[j], { rules, organizationValues: config.sharedValues ?? [], teamTags: [] }));
    }
  }
  const drifts = pairs.flatMap((p) => p.drifts);
  const present = new Set(artifacts.map((a) => `${a.environment} ${scopeOf(a)}`));
  const { scopes, matrix } = driftMatrix(names, present, drifts);

  const explained = new Map<string, number>();
  for (const d of pairs.flatMap((p) => p.differences)) {
    for (const f of new Set(d.allowedBy.map(declaredName))) explained.set(f, (explained.get(f) ?? 0) + 1);
  }
  const declared: DeclaredValue[] = [];
  for (const key of new Set(config.environments.flatMap((e) => Object.keys(e.values ?? {})))) {
    declared.push({ name: key, source: 'value', values: Object.fromEntries(config.environments.map((e) => [e.name, e.values?.[key]])), explains: explained.get(key) ?? 0 });
  }
  for (const knob of new Set((config.knobs ?? []).map((k) => k.knob))) {
    const declarations = (config.knobs ?? []).filter((k) => k.knob === knob);
    declared.push({
      name: knob,
      source: 'knob',
      values: Object.fromEntries(config.environments.map((e) => [e.name, e.knobs?.[knob]])),
      reasons: [...new Set(declarations.map((k) => k.reason))],
      governs: declarations.map((k) => `${k.path ? `${show(k.resourceType)} ${show(k.path)}` : `number of ${show(k.resourceType)}`}${k.address ? ` at ${show(k.address)}` : ''}${k.derive ? ` (as ${k.derive.name})` : ''}`),
      explains: explained.get(knob) ?? 0,
    });
  }
  const stacks = Object.fromEntries(names.map((n) => [n, artifacts.filter((a) => a.environment === n).map((a) => `${a.name} (${KIND_NAMES[a.kind]})`)]));
  return { name: config.name ?? 'app', environments: names, stacks, scopes, pairs, drifts, matrix, declared, ok: drifts.length === 0 };
}

const KIND_NAMES: Record<ArtifactKind, string> = { cloudformation: 'CloudFormation', terraform: 'Terraform', kubernetes: 'Kubernetes' };

/** `cidr+0.0.32.0/19` and `aws.account` both belong to the declared value before the offset or index. */
function declaredName(field: string): string {
  return field.replace(/\+.*$/, '').replace(/\.\d+$/, '');
}

function readSource(source: AppOutputSource): readonly AppOutput[] {
  if (typeof source === 'string') return readAppOutput(source);
  if (!Array.isArray(source)) throw new Error(`checkAppParity: expected output folders or readAppOutput(...) results, got ${source === null ? 'null' : typeof source}`);
  return source.flatMap((s: string | AppOutput) => (typeof s === 'string' ? readAppOutput(s) : [s]));
}

/** Every problem of a configuration, each with its path, the bad value and what is expected. */
export function appParityConfigProblems(config: AppParityConfig): string[] {
  const problems: string[] = [];
  if (typeof config !== 'object' || config === null) return [`expected an object with environments and knobs, got ${config === null ? 'null' : typeof config}`];
  const envs = Array.isArray(config.environments) ? config.environments : [];
  if (envs.length < 2) problems.push(`environments: ${envs.length} given (expected at least two to compare)`);
  const knobs = Array.isArray(config.knobs) ? config.knobs : [];
  const knobNames = knobs.map((k) => k?.knob);
  envs.forEach((env, i) => {
    const at = `environments[${i}]`;
    if (typeof env?.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(env.name)) problems.push(`${at}.name: ${JSON.stringify(env?.name)} is not an environment name (expected letters, digits, ".", "_" or "-")`);
    else if (envs.findIndex((e) => e?.name === env.name) < i) problems.push(`${at}.name: "${env.name}" duplicates environments[${envs.findIndex((e) => e?.name === env.name)}].name (expected unique names)`);
    for (const [key, value] of Object.entries(env?.values ?? {})) {
      const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
      if (!list || list.some((v) => typeof v !== 'string' || v.length < 2)) problems.push(`${at}.values.${key}: ${JSON.stringify(value)} is not a value (expected a string of 2 characters or more, or a list of them)`);
    }
    for (const [key, value] of Object.entries(env?.knobs ?? {})) {
      if (!knobNames.includes(key)) problems.push(`${at}.knobs.${key}: no knob "${key}" is declared (expected one of ${knobNames.join(', ') || 'none: declare it in knobs'})`);
      if (!['string', 'number', 'boolean'].includes(typeof value)) problems.push(`${at}.knobs.${key}: ${JSON.stringify(value)} is not a knob value (expected a string, number or boolean)`);
    }
  });
  knobs.forEach((k, i) => {
    const at = `knobs[${i}]`;
    if (typeof k?.knob !== 'string' || k.knob === '') problems.push(`${at}.knob: ${JSON.stringify(k?.knob)} is not a knob name (expected a non-empty string)`);
    if (typeof k?.reason !== 'string' || k.reason.trim().length < 10) problems.push(`${at}.reason: ${JSON.stringify(k?.reason)} is too short (expected why "${k?.knob}" may differ between environments, at least 10 characters, for reviewers)`);
    if (typeof k?.resourceType !== 'string' && !(k?.resourceType instanceof RegExp)) problems.push(`${at}.resourceType: ${JSON.stringify(k?.resourceType)} is not a resource type (expected a string like AWS::Logs::LogGroup or a RegExp)`);
    else if (k.kind === undefined && typeof k.resourceType !== 'string') problems.push(`${at}.kind: is required because resourceType is a pattern (expected cloudformation, terraform or kubernetes)`);
    if (k?.kind !== undefined && !['cloudformation', 'terraform', 'kubernetes'].includes(k.kind)) problems.push(`${at}.kind: ${JSON.stringify(k.kind)} is not an output kind (expected cloudformation, terraform or kubernetes)`);
    if (typeof k?.knob === 'string' && envs.length > 0) {
      const missing = envs.filter((e) => e?.knobs?.[k.knob] === undefined).map((e) => e?.name);
      if (missing.length > 0) problems.push(`${at}: knob "${k.knob}" has no value in ${missing.map((m) => `"${m}"`).join(', ')} (expected every environment to set knobs.${k.knob})`);
    }
  });
  if (config.clusterCloud !== undefined && !CLOUDS.includes(config.clusterCloud)) problems.push(`clusterCloud: ${JSON.stringify(config.clusterCloud)} is not a cloud (expected one of ${CLOUDS.join(', ')})`);
  return [...new Set(problems)];
}

/** The knobs as parity rules. */
export function appParityRules(config: AppParityConfig): ParityRules {
  const families: GovernedFamily[] = [];
  const properties: GovernedProperty[] = [];
  for (const k of config.knobs ?? []) {
    const target = {
      field: k.knob,
      kind: k.kind ?? kindOf(k.resourceType as string),
      resourceType: k.resourceType,
      ...(k.address ? { address: k.address } : {}),
    };
    if (k.path) properties.push({ ...target, path: k.path, ...(k.derive ? { derive: k.derive } : {}) });
    else families.push(target);
  }
  return { artifacts: [], derivedFields: [], families, properties };
}

function kindOf(resourceType: string): ArtifactKind {
  if (/^(AWS|Custom|Alexa)::/.test(resourceType)) return 'cloudformation';
  return resourceType.includes('/') ? 'kubernetes' : 'terraform';
}

/** Attributes each output to its environment, and Kubernetes manifests to their cluster's cloud. */
function assignEnvironments(config: AppParityConfig, outputs: readonly AppOutput[]): { artifacts: Artifact[]; roles: Map<Artifact, string> } {
  const problems: string[] = [];
  const matchers = config.environments.map((env) => ({ env, entries: stackMatchers(env) }));
  const artifacts: Artifact[] = [];
  const roles = new Map<Artifact, string>();
  const assigned: Array<{ output: AppOutput; env: AppEnvironment; role?: string }> = [];
  for (const output of outputs) {
    if ((config.ignore ?? []).some((p) => matches(p, output.name))) continue;
    const hits = matchers.flatMap(({ env, entries }) => {
      const hit = entries.find((e) => matches(e.pattern, output.name));
      return hit ? [{ env, role: hit.role }] : [];
    });
    if (hits.length === 0) {
      problems.push(`${output.file}: ${output.kind === 'kubernetes' ? 'manifest' : 'stack'} "${output.name}" belongs to no environment (expected its name to match the stacks of one of ${config.environments.map((e) => e.name).join(', ')}, or add it to ignore)`);
    } else if (hits.length > 1) {
      problems.push(`${output.file}: "${output.name}" matches the stacks of ${hits.map((h) => h.env.name).join(' and ')} (expected exactly one environment: name its stacks in environments[].stacks)`);
    } else {
      assigned.push({ output, env: hits[0].env, ...(hits[0].role !== undefined ? { role: hits[0].role } : {}) });
    }
  }
  for (const env of config.environments) {
    const own = assigned.filter((a) => a.env === env);
    if (own.length === 0) problems.push(`environments.${env.name}: no stack or manifest belongs to it (read: ${outputs.map((o) => o.name).join(', ') || 'nothing'})`);
    const clouds = [...new Set(own.flatMap((a) => (a.output.cloud ? [a.output.cloud] : [])))];
    const cluster = config.clusterCloud ?? (clouds.length === 1 ? clouds[0] : undefined);
    for (const { output, role } of own) {
      const cloud = output.cloud ?? cluster;
      if (cloud === undefined) {
        problems.push(`${output.file}: the manifest's cluster cloud is unknown, environment "${env.name}" has stacks on ${clouds.length === 0 ? 'no cloud' : clouds.join(' and ')} (expected clusterCloud: 'aws', 'azure' or 'gcp')`);
        continue;
      }
      const artifact: Artifact = { kind: output.kind, cloud, environment: env.name, name: output.name, file: output.file, document: output.document };
      artifacts.push(artifact);
      if (role !== undefined) roles.set(artifact, role);
    }
  }
  if (problems.length > 0) throw new AppParityConfigError([...new Set(problems)]);
  return { artifacts, roles };
}

function stackMatchers(env: AppEnvironment): Array<{ pattern: string | RegExp; role?: string }> {
  // Any case: a stage `Prod` writes `Prod-payments` for the environment `prod`.
  if (env.stacks === undefined) return [{ pattern: new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(env.name)}(?![A-Za-z0-9])`, 'i') }];
  if (Array.isArray(env.stacks)) return env.stacks.map((pattern) => ({ pattern }));
  return Object.entries(env.stacks as Record<string, string | RegExp>).map(([role, pattern]) => ({ pattern, role }));
}

function matches(pattern: string | RegExp, name: string): boolean {
  return typeof pattern === 'string' ? pattern === name : pattern.test(name);
}

/** An app environment's artifacts, normalized for `comparePrepared`. */
export function prepareAppEnvironment(
  env: AppEnvironment,
  artifacts: readonly Artifact[],
  roles: ReadonlyMap<Artifact, string> = new Map(),
): PreparedEnvironment {
  const own = artifacts.filter((a) => a.environment === env.name);
  const fields: EnvironmentField[] = [{ path: 'name', source: 'environment', value: env.name }];
  const networks: Array<{ key: string; network: Ipv4Network }> = [];
  for (const [key, value] of Object.entries(env.values ?? {})) {
    const list = typeof value === 'string' ? [value] : value;
    list.forEach((v, i) => {
      const path = list.length === 1 && typeof value === 'string' ? key : `${key}.${i}`;
      fields.push({ path, source: 'placement', value: v });
      const network = parseIpv4Cidr(v);
      if (network) networks.push({ key: path, network });
    });
  }
  fields.push(...insideNetworks(own, networks));
  for (const [key, value] of Object.entries(env.knobs ?? {})) fields.push({ path: key, source: 'knob', value });
  const tokenizer = new Tokenizer(fields);
  const byKey = new Map<string, NormalizedArtifact>();
  for (const artifact of own) {
    const n = normalizeArtifact(artifact, undefined, tokenizer);
    const role = roles.get(artifact);
    const keyed: NormalizedArtifact = role === undefined ? n : { ...n, key: role };
    byKey.set(`${keyed.scope} ${keyed.key}`, keyed);
  }
  const clouds = new Set<Cloud>(own.map((a) => a.cloud));
  const side = { environment: env.name, fields, byPath: new Map(fields.map((f) => [f.path, f.value])), tokenizer };
  return { name: env.name, clouds, side, artifacts: byKey };
}

const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![\w.])/g;

/**
 * The subnets and addresses the outputs hold inside a declared CIDR, each as a field named by the CIDR and its
 * offset (`cidr+0.0.32.0/19`): the same offset in another environment's CIDR is the same field, so carving the same
 * plan from two CIDRs is no drift, and a subnet moved elsewhere is.
 */
function insideNetworks(artifacts: readonly Artifact[], networks: ReadonlyArray<{ key: string; network: Ipv4Network }>): EnvironmentField[] {
  if (networks.length === 0) return [];
  const seen = new Set<string>(networks.map((n) => n.network.cidr));
  const out: EnvironmentField[] = [];
  for (const artifact of artifacts) {
    mapStrings(artifact.document, (s) => {
      for (const m of s.matchAll(IPV4)) {
        const text = m[0];
        if (seen.has(text)) continue;
        seen.add(text);
        const inner = parseIpv4Cidr(text.includes('/') ? text : `${text}/32`);
        if (!inner) continue;
        // The smallest declared network holding it names it.
        const outer = networks.filter((n) => contains(n.network, inner)).sort((a, b) => b.network.prefixLength - a.network.prefixLength)[0];
        if (!outer) continue;
        const offset = Address4.fromBigInt(inner.first - outer.network.first).correctForm();
        out.push({ path: `${outer.key}+${offset}${text.includes('/') ? `/${inner.prefixLength}` : ''}`, source: 'placement', value: text });
      }
      return s;
    });
  }
  return out;
}

/** A type or pattern as a reader writes it: `AWS::EC2::NatGateway`, `^spec\.replicas$`. */
function show(p: string | RegExp): string {
  return typeof p === 'string' ? p : p.source;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
