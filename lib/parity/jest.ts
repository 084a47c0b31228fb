/**
 * Jest matchers for environment parity. Import once in a test file (or in jest `setupFilesAfterEnv`):
 *
 * ```ts
 * import 'cdk-enterprise-baseline/parity/jest';
 * expect(defineOrganization(spec)).toHaveEnvironmentParity();
 * ```
 */
import type { Artifact } from '../artifacts';
import type { Organization, OrganizationSpec } from '../spec';
import { ParityOptions, checkParity } from './parity';
import { formatParityReport } from './report';

/** Options of `toHaveEnvironmentParity`. */
export interface EnvironmentParityOptions extends ParityOptions {
  /** Already synthesized artifacts. @default - synthesized in a temporary folder, once per organization object */
  readonly artifacts?: readonly Artifact[];
}

/**
 * Passes when every pair of environments differs only where placements, tags and governed tier knobs say so;
 * fails with the parity report (matrix and every drift with artifact, resource, path and both values).
 */
export function toHaveEnvironmentParity(
  this: jest.MatcherContext | void,
  received: Organization | OrganizationSpec,
  options: EnvironmentParityOptions = {},
): jest.CustomMatcherResult {
  if (typeof received !== 'object' || received === null || !Array.isArray((received as Organization).environments)) {
    throw new Error(`toHaveEnvironmentParity: expected an organization (defineOrganization(spec)) or its spec, got ${received === null ? 'null' : typeof received}`);
  }
  const result = checkParity(received, options.artifacts, options);
  const report = formatParityReport(result);
  return {
    pass: result.ok,
    message: () => (result.ok ? `expected environment drift, but there is none.\n\n${report}` : report),
  };
}

expect.extend({ toHaveEnvironmentParity });

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Type parameters must repeat @types/jest's declaration exactly for the interfaces to merge.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /**
       * The organization's environments differ only where their placements, tags and governed tier knobs say
       * so. Synthesizes in a temporary folder (once per organization object) unless `artifacts` are given.
       */
      toHaveEnvironmentParity(options?: EnvironmentParityOptions): R;
    }
  }
}
