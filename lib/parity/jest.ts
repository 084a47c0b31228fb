/**
 * Jest matchers for environment parity. Import once in a test file (or in jest `setupFilesAfterEnv`):
 *
 * ```ts
 * import 'cdk-enterprise-baseline/parity/jest';
 * const org = defineOrganization(spec);
 * expect(org).toHaveEnvironmentParity({ artifacts: artifactsOf(org) });
 * ```
 */
import type { Artifact } from '../artifacts';
import type { Organization, OrganizationSpec } from '../spec';
import { AppOutputSource, AppParityConfig, checkAppParity } from './app';
import { formatAppParityReport } from './app-report';
import { ParityOptions, checkParity, requireArtifacts } from './parity';
import { formatParityReport } from './report';

/** Options of `toHaveEnvironmentParity`. */
export interface EnvironmentParityOptions extends ParityOptions {
  /** The synthesized artifacts: `artifactsOf(org)` (synthesized once per organization object) or `readArtifacts`. */
  readonly artifacts: readonly Artifact[];
}

/**
 * Passes when every pair of environments differs only where placements, tags and governed tier knobs say so;
 * fails with the parity report (matrix and every drift with artifact, resource, path and both values).
 */
export function toHaveEnvironmentParity(
  this: jest.MatcherContext | void,
  received: Organization | OrganizationSpec,
  options: EnvironmentParityOptions,
): jest.CustomMatcherResult {
  if (typeof received !== 'object' || received === null || !Array.isArray((received as Organization).environments)) {
    throw new Error(`toHaveEnvironmentParity: expected an organization (defineOrganization(spec)) or its spec, got ${received === null ? 'null' : typeof received}`);
  }
  const result = checkParity(received, requireArtifacts('toHaveEnvironmentParity', options?.artifacts), options);
  const report = formatParityReport(result);
  return {
    pass: result.ok,
    message: () => (result.ok ? `expected environment drift, but there is none.\n\n${report}` : report),
  };
}

/**
 * Passes when the environments of a team's own app differ only where its declared values and knobs say so; fails
 * with the report (the declared differences, the matrix, every drift with stack, logical id, path and both values).
 *
 * ```ts
 * expect(['cdk.out', 'cdktf.out', 'dist']).toHaveAppParity(config);
 * ```
 */
export function toHaveAppParity(
  this: jest.MatcherContext | void,
  received: AppOutputSource,
  config: AppParityConfig,
): jest.CustomMatcherResult {
  const result = checkAppParity(config, received);
  const report = formatAppParityReport(result);
  return {
    pass: result.ok,
    message: () => (result.ok ? `expected environment drift, but there is none.\n\n${report}` : report),
  };
}

expect.extend({ toHaveEnvironmentParity, toHaveAppParity });

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // Type parameters must repeat @types/jest's declaration exactly for the interfaces to merge.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = {}> {
      /**
       * The organization's environments differ only where their placements, tags and governed tier knobs say
       * so, in the given synthesized `artifacts`.
       */
      toHaveEnvironmentParity(options: EnvironmentParityOptions): R;
      /**
       * A team's own app (its synthesized folders, or `readAppOutput` results): its environments differ only where
       * the configuration's values and knobs say so.
       */
      toHaveAppParity(config: AppParityConfig): R;
    }
  }
}
