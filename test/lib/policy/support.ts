import { exceptions as exampleLedger } from '../../../examples/acme/exceptions';
import type { Artifact } from '../../../lib/artifacts';
import type { Rule, RulePack, Violation } from '../../../lib/policy';

/** A day on which the example's ledger is valid, so tests do not depend on the calendar. */
export const TODAY = new Date('2026-12-01T00:00:00Z');

export { exampleLedger };

export function ruleOf(pack: RulePack, id: string): Rule {
  const rule = pack.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id} in pack ${pack.name}`);
  return rule;
}

/** A deep copy of the artifact whose document `mutate` changed; the original stays clean for other tests. */
export function broken(artifact: Artifact, mutate: (document: any) => void): Artifact {
  const document = structuredClone(artifact.document);
  mutate(document);
  return { ...artifact, document };
}

/** The body of the first Terraform resource of a type, adding `fallback` under `name` when the output has none yet. */
export function tfResource(document: any, type: string, name: string, fallback: Record<string, any>): { address: string; body: any } {
  document.resource[type] ??= {};
  const existing = Object.keys(document.resource[type])[0];
  if (existing) return { address: `${type}.${existing}`, body: document.resource[type][existing] };
  document.resource[type][name] = structuredClone(fallback);
  return { address: `${type}.${name}`, body: document.resource[type][name] };
}

/** The first resource of a type in a CloudFormation template, adding `fallback` under `logicalId` when there is none. */
export function cfnResource(template: any, type: string, logicalId: string, fallback: Record<string, any>): { logicalId: string; body: any } {
  const existing = Object.entries<any>(template.Resources).find(([, r]) => r.Type === type);
  if (existing) return { logicalId: existing[0], body: existing[1] };
  template.Resources[logicalId] = structuredClone({ Type: type, ...fallback });
  return { logicalId, body: template.Resources[logicalId] };
}

export function check(rule: Rule, artifact: Artifact): Violation[] {
  return rule.check(artifact);
}
