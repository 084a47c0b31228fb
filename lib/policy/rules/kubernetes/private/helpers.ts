import type { Artifact } from '../../../../artifacts';
import { controlById } from '../../../controls';
import type { Violation } from '../../../types';

/** Every container of a pod, init and ephemeral containers included, as Kyverno's foreach lists them. */
export const CONTAINERS_LIST = 'request.object.spec.[ephemeralContainers, initContainers, containers][]';

/**
 * The `default` ServiceAccount the control plane creates in every namespace: blocking it would stop namespaces from
 * coming up. Pods never rely on its automount setting, because they must turn the token off themselves.
 */
export const CONTROL_PLANE_SERVICE_ACCOUNT = { resources: { kinds: ['ServiceAccount'], names: ['default'] } };

export function meta(id: string, control: string, description: string, remediation: string) {
  return {
    id,
    severity: 'error' as const,
    // Fails at load on a control id that does not exist.
    controls: [controlById(control).id],
    description,
    remediation,
    kind: 'kubernetes' as const,
  };
}

export function podMatch(): Record<string, unknown> {
  // Kyverno generates the same rule for Deployments, StatefulSets, DaemonSets, Jobs and CronJobs (autogen).
  return kindsMatch(['Pod']);
}

export function kindsMatch(kinds: readonly string[]): Record<string, unknown> {
  return { any: [{ resources: { kinds: [...kinds] } }] };
}

/** Kubernetes objects of a manifest artifact, skipping anything that is not an object with a kind. */
export function objectsOf(artifact: Artifact): any[] {
  const document = Array.isArray(artifact.document) ? artifact.document : [];
  return document.filter((o: any) => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

/** `<Kind>/<namespace>/<name>`, or `<Kind>/<name>` for an object without a namespace. */
export function nameOf(object: any): string {
  const namespace = object.metadata?.namespace;
  const name = object.metadata?.name ?? '<unnamed>';
  return namespace ? `${object.kind}/${namespace}/${name}` : `${object.kind}/${name}`;
}

export interface PodTemplate {
  readonly metadata?: any;
  readonly spec: any;
}

/**
 * The pod spec of an object and the metadata its pods get: a Pod's own, or the first `template` reached through
 * `spec`, `template` and `jobTemplate` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, and custom
 * kinds shaped the same way, such as Argo Rollouts).
 */
export function podTemplateOf(object: any): PodTemplate | undefined {
  if (object.kind === 'Pod') {
    return isPodSpec(object.spec) ? { metadata: object.metadata, spec: object.spec } : undefined;
  }
  const search = (node: any, depth: number): PodTemplate | undefined => {
    if (node === null || typeof node !== 'object' || depth > 6) return undefined;
    if (isPodSpec(node.template?.spec)) return { metadata: node.template.metadata, spec: node.template.spec };
    for (const key of ['spec', 'template', 'jobTemplate']) {
      const found = search(node[key], depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(object.spec, 0);
}

export function isPodSpec(spec: any): boolean {
  return spec !== null && typeof spec === 'object' && Array.isArray(spec.containers);
}

export type Report = (message: string) => void;

/** A check that runs `inspect` on every pod spec of the artifact, naming violations after the owning object. */
export function forEachPod(inspect: (pod: PodTemplate, report: Report) => void): (artifact: Artifact) => Violation[] {
  return (artifact) => {
    const violations: Violation[] = [];
    for (const object of objectsOf(artifact)) {
      const pod = podTemplateOf(object);
      if (pod) inspect(pod, (message) => violations.push({ resource: nameOf(object), message }));
    }
    return violations;
  };
}

export interface LabelledContainer {
  readonly container: any;
  readonly label: string;
}

export function allContainers(spec: any, withEphemeral = true): LabelledContainer[] {
  const groups: [string, string][] = [['containers', 'container'], ['initContainers', 'initContainer']];
  if (withEphemeral) groups.push(['ephemeralContainers', 'ephemeralContainer']);
  return groups.flatMap(([field, noun]) => asArray(spec[field])
    .filter((c) => c !== null && typeof c === 'object')
    .map((container) => ({ container, label: `${noun} ${show(container.name)}` })));
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** A value quoted for a message: JSON, or `unset`. */
export function show(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}
