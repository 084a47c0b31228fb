import type { Artifact } from '../artifacts';
import { changedPaths, startsWithPath } from './private/values';
import { KUBERNETES_DATA_HOLDERS, KUBERNETES_IMMUTABLE_FIELDS } from './stateful';
import type { ResourceChange } from './types';

/**
 * The changes between two versions of a manifest file, by object identity (kind, namespace, name, as kubectl and
 * Argo CD address objects; the API version is not part of it, so `autoscaling/v2` replacing `v2beta2` is a
 * modification). A change of an immutable field is a replacement.
 */
export function diffManifests(before: Artifact | undefined, after: Artifact | undefined): ResourceChange[] {
  const some = (after ?? before)!;
  const old = objectsOf(before);
  const now = objectsOf(after);
  const base = { kind: 'kubernetes' as const, cloud: some.cloud, environment: some.environment, artifact: some.name };
  const changes: ResourceChange[] = [];
  for (const [address, o] of now) {
    const holder = KUBERNETES_DATA_HOLDERS[o.kind];
    const holds = holder ? { holds: holder.holds } : {};
    const was = old.get(address);
    if (!was) {
      changes.push({ ...base, address, type: o.type, change: 'add', attributes: [], ...holds, destructive: false });
      continue;
    }
    const paths = changedPaths(withoutVersion(was.body), withoutVersion(o.body));
    if (paths.length === 0) continue;
    const forcing = paths.filter((p) => (KUBERNETES_IMMUTABLE_FIELDS[o.kind] ?? []).some((f) => startsWithPath(p, f)));
    const replace = forcing.length > 0;
    changes.push({
      ...base,
      address,
      type: o.type,
      change: replace ? 'replace' : 'modify',
      attributes: [...forcing, ...paths.filter((p) => !forcing.includes(p))],
      ...holds,
      destructive: replace && holder !== undefined,
    });
  }
  for (const [address, o] of old) {
    if (now.has(address)) continue;
    const holder = KUBERNETES_DATA_HOLDERS[o.kind];
    changes.push({ ...base, address, type: o.type, change: 'remove', attributes: [], ...(holder ? { holds: holder.holds } : {}), destructive: holder !== undefined });
  }
  return changes;
}

function objectsOf(artifact: Artifact | undefined): Map<string, { kind: string; type: string; body: any }> {
  const objects = new Map<string, { kind: string; type: string; body: any }>();
  for (const body of (artifact?.document ?? []) as any[]) {
    const apiVersion = String(body.apiVersion ?? '');
    const kind = String(body.kind);
    const namespace = body.metadata?.namespace;
    const address = `${kind}/${namespace ? `${namespace}/` : ''}${body.metadata?.name}`;
    objects.set(address, { kind, type: `${apiVersion}/${kind}`, body });
  }
  return objects;
}

function withoutVersion(body: any): any {
  const { apiVersion: _, ...rest } = body;
  return rest;
}
