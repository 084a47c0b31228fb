import type { Artifact } from '../../artifacts';
import type { Violation } from '../types';
import { isRecord } from './values';

/** One entry of a template's `Resources`. */
export interface CfnResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly body: Record<string, any>;
}

/** Every resource of the template, optionally only of the given types, in template order. */
export function cfnResources(template: any, ...types: string[]): CfnResource[] {
  return Object.entries<any>(template?.Resources ?? {})
    .filter(([, body]) => isRecord(body) && (types.length === 0 || types.includes(body.Type)))
    .map(([logicalId, body]) => ({ logicalId, type: body.Type, properties: isRecord(body.Properties) ? body.Properties : {}, body }));
}

/** Runs `check` on every resource of the given types; each returned message is one violation of that resource. */
export function eachCfnResource(
  artifact: Artifact,
  types: readonly string[],
  check: (resource: CfnResource) => Array<string | undefined>,
): Violation[] {
  return cfnResources(artifact.document, ...types).flatMap((resource) =>
    check(resource)
      .filter((message): message is string => message !== undefined)
      .map((message) => ({ resource: resource.logicalId, message })));
}

/** Whether a value is `{ Ref: logicalId }` or a `Fn::GetAtt` of it. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (!isRecord(value)) return false;
  if (value.Ref === logicalId) return true;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[0] === logicalId;
}

/** Tags as a map, whether the resource type writes them as `[{Key, Value}]` (most) or as a map (EKS, SSM). */
export function tagMap(tags: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(tags)) {
    return Object.fromEntries(tags.filter(isRecord).map((t) => [String(t.Key), t.Value]));
  }
  return isRecord(tags) ? tags : undefined;
}
