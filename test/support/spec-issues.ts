import { acme } from '../../examples/acme/org';
import { defineOrganization, OrganizationSpec, SpecValidationError } from '../../lib/spec';

/** The example with one environment changed. */
export function withEnvironment(index: number, change: (env: any) => any): OrganizationSpec {
  return { ...acme, environments: acme.environments.map((env, i) => (i === index ? change(structuredClone(env)) : env)) };
}

/** The problems `defineOrganization` reports, as `path: message` lines; fails when anything else is thrown. */
export function issuesOf(spec: unknown): string[] {
  try {
    defineOrganization(spec as OrganizationSpec);
  } catch (e) {
    if (!(e instanceof SpecValidationError)) throw new Error(`expected a SpecValidationError, got ${String(e)}`);
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}
