import type { Artifact } from '../artifacts';
import { diffTemplates } from './cloudformation';
import { diffManifests } from './kubernetes';
import { globToRegExp } from '../policy/exceptions';
import { isObject, leaves } from './private/values';
import { diffTerraform } from './terraform';
import type { DiffResult, ResourceChange } from './types';

/** Options of {@link diffArtifacts}. */
export interface DiffOptions {
  /**
   * Destructive changes that are intended, as `<artifact>/<address>` or `<address>` patterns (`*` matches any
   * characters), e.g. `acme-prod-azure/azurerm_kubernetes_cluster.*` or `Namespace/legacy`.
   * @default - none: every destructive change blocks
   */
  readonly allowReplace?: readonly string[];
}

/**
 * What going from `before` to `after` (two synths of the same organization) adds, removes, modifies and replaces,
 * per stack and manifest. Artifacts are paired by kind and name; one present on one side only is wholly added or
 * removed. A removed and an added resource of the same type and nearly the same content in the same artifact are
 * one renamed resource: a replacement, since a new address is a new resource.
 */
export function diffArtifacts(before: readonly Artifact[], after: readonly Artifact[], options: DiffOptions = {}): DiffResult {
  const key = (a: Artifact) => `${a.kind}\u0000${a.name}`;
  const old = new Map(before.map((a) => [key(a), a]));
  const now = new Map(after.map((a) => [key(a), a]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const allow = (options.allowReplace ?? []).map(globToRegExp);

  const changes: ResourceChange[] = [];
  for (const k of keys) {
    const a = old.get(k);
    const b = now.get(k);
    const kind = (a ?? b)!.kind;
    const raw = kind === 'cloudformation' ? diffTemplates(a, b) : kind === 'terraform' ? diffTerraform(a, b) : diffManifests(a, b);
    changes.push(...pairRenames(raw, a, b));
  }
  const ordered = changes
    .map((c) => (c.destructive && allow.some((re) => re.test(`${c.artifact}/${c.address}`) || re.test(c.address)) ? { ...c, allowed: true } : c))
    .sort((x, y) => x.environment.localeCompare(y.environment) || x.cloud.localeCompare(y.cloud)
      || Number(x.kind === 'kubernetes') - Number(y.kind === 'kubernetes') || x.artifact.localeCompare(y.artifact) || x.address.localeCompare(y.address));
  return { changes: ordered, blocking: ordered.filter((c) => c.destructive && !c.allowed) };
}

/** Pairs removals with additions of the same type whose content is at least half the same. */
function pairRenames(changes: ResourceChange[], before: Artifact | undefined, after: Artifact | undefined): ResourceChange[] {
  const removed = changes.filter((c) => c.change === 'remove');
  const added = changes.filter((c) => c.change === 'add');
  if (removed.length === 0 || added.length === 0) return changes;
  const paired = new Map<ResourceChange, ResourceChange>();
  const taken = new Set<ResourceChange>();
  for (const r of removed) {
    let best: { add: ResourceChange; score: number } | undefined;
    for (const a of added.filter((x) => x.type === r.type && !taken.has(x))) {
      const score = similarity(bodyOf(before, r), bodyOf(after, a));
      if (score >= 0.5 && (!best || score > best.score)) best = { add: a, score };
    }
    if (best) {
      paired.set(r, best.add);
      taken.add(best.add);
    }
  }
  const out: ResourceChange[] = [];
  for (const c of changes) {
    if (taken.has(c)) continue;
    const add = paired.get(c);
    if (!add) {
      out.push(c);
      continue;
    }
    const changed = [...new Set([...leaves(bodyOf(before, c)), ...leaves(bodyOf(after, add))])]
      .filter((l) => !leaves(bodyOf(before, c)).includes(l) || !leaves(bodyOf(after, add)).includes(l))
      .map((l) => l.slice(0, l.indexOf('=')).replace(/\[\d+\]/g, ''))
      // cdktf's `//` metadata (construct path, unique id) is not part of the resource.
      .filter((p) => p !== '//' && !p.startsWith('//.'));
    out.push({ ...add, change: 'replace', renamedFrom: c.address, attributes: [...new Set(changed)], destructive: c.holds !== undefined });
  }
  return out;
}

function bodyOf(artifact: Artifact | undefined, change: ResourceChange): unknown {
  const doc = artifact?.document;
  if (!doc) return undefined;
  switch (change.kind) {
    case 'cloudformation': return doc.Resources?.[change.address]?.Properties;
    case 'terraform': {
      const dot = change.address.indexOf('.');
      return doc.resource?.[change.address.slice(0, dot)]?.[change.address.slice(dot + 1)];
    }
    case 'kubernetes': {
      const [kind, ...rest] = change.address.split('/');
      const name = rest.pop();
      const namespace = rest[0];
      return (doc as any[]).find((o) => o.kind === kind && o.metadata?.name === name && o.metadata?.namespace === namespace);
    }
  }
}

function similarity(a: unknown, b: unknown): number {
  if (!isObject(a) || !isObject(b)) return 0;
  const x = new Set(leaves(a));
  const y = new Set(leaves(b));
  const common = [...x].filter((l) => y.has(l)).length;
  return common / Math.max(x.size, y.size, 1);
}
