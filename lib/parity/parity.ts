import type { Artifact } from '../artifacts';
import { Organization, OrganizationSpec, defineOrganization } from '../spec';
import type { ParityRules } from './allowed';
import { Difference, PairComparison, PreparedEnvironment, comparePrepared, environmentOf, organizationValues, prepareEnvironment, teamTagPairs } from './compare';
import { driftMatrix } from './private/matrix';

/** Options of `checkParity`. */
export interface ParityOptions {
  /** What knobs and placements govern. @default PARITY_RULES */
  readonly rules?: ParityRules;
  /** Only these environments. @default - every environment of the organization */
  readonly environments?: readonly string[];
}

/** Parity of every pair of environments. */
export interface ParityResult {
  readonly organization: string;
  /** In the organization's order. */
  readonly environments: readonly string[];
  /** Scopes seen: `aws`, `aws/k8s`, `azure`, `azure/k8s`, `gcp`, `gcp/k8s` (those with artifacts). */
  readonly scopes: readonly string[];
  /** Every pair (`n * (n - 1) / 2` of them), in the organization's order. */
  readonly pairs: readonly PairComparison[];
  /** Every drift of every pair. */
  readonly drifts: readonly Difference[];
  /**
   * Drift count per environment and scope. A drift location (artifact, resource, path) counts for the
   * environments it implicates: those in every pair that drifts there (with dev, staging, prod and a dev-only
   * change, dev), or all of them when no environment is common. `undefined` where the environment has no
   * artifact in the scope.
   */
  readonly matrix: Readonly<Record<string, Readonly<Record<string, number | undefined>>>>;
  /** No drift. */
  readonly ok: boolean;
}

/** Accepts a resolved organization or a spec (resolved with `defineOrganization`). */
export function resolveOrganization(org: Organization | OrganizationSpec): Organization {
  return isResolved(org) ? org : defineOrganization(org);
}

/**
 * Compares every pair of environments and reports what nothing declared explains.
 *
 * @param artifacts the synthesized artifacts (`synthesizeArtifacts(org)` or `artifactsOf(org)` from the root entry
 * point, or `readArtifacts(org, outdir)` of an existing synth): parity reads output, it never synthesizes.
 */
export function checkParity(
  organization: Organization | OrganizationSpec,
  artifacts: readonly Artifact[],
  options: ParityOptions = {},
): ParityResult {
  const org = resolveOrganization(organization);
  const all = requireArtifacts('checkParity', artifacts);
  const names = options.environments ?? org.environments.map((e) => e.name);
  const prepared: PreparedEnvironment[] = names.map((n) => prepareEnvironment(environmentOf(org, n), all, options.rules, org.name));

  const shared = organizationValues(org);
  const teamTags = teamTagPairs(org);
  const pairs: PairComparison[] = [];
  for (let i = 0; i < prepared.length; i++) {
    for (let j = i + 1; j < prepared.length; j++) {
      pairs.push(comparePrepared(prepared[i], prepared[j], { rules: options.rules, organizationValues: shared, teamTags }));
    }
  }
  const drifts = pairs.flatMap((p) => p.drifts);
  const present = new Set(all.filter((a) => names.includes(a.environment)).map((a) => `${a.environment} ${a.kind === 'kubernetes' ? `${a.cloud}/k8s` : a.cloud}`));
  const { scopes, matrix } = driftMatrix(names, present, drifts);
  return { organization: org.name, environments: names, scopes, pairs, drifts, matrix, ok: drifts.length === 0 };
}

function isResolved(org: Organization | OrganizationSpec): org is Organization {
  return (org as Organization).spec !== undefined && org.environments.every((e) => (e as any).profile !== undefined);
}

/** Parity reads synthesized output and never synthesizes: a missing argument is a clear error, not a synth. */
export function requireArtifacts(caller: string, artifacts: readonly Artifact[] | undefined): readonly Artifact[] {
  if (!Array.isArray(artifacts)) {
    throw new Error(`${caller}: expected the synthesized artifacts (artifactsOf(org) or synthesizeArtifacts(org) from 'cdk-enterprise-baseline', or readArtifacts(org, outdir)), got ${artifacts === null ? 'null' : typeof artifacts}`);
  }
  return artifacts;
}
