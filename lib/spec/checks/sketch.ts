import type { Cloud } from '../network-plan';
import type { Service } from '../organization';
import type { Tier, TierProfile } from '../tiers';

/**
 * What the checks on resolved values need of an environment: its name, tier, resolved profile and the clouds it
 * is placed on. Validation builds these from the well-formed parts of a spec that may have other problems.
 */
export interface EnvironmentSketch {
  readonly name: string;
  readonly tier: Tier;
  readonly profile: TierProfile;
  readonly aws?: object;
  readonly azure?: object;
  readonly gcp?: object;
}

/** A service with defaults applied, and whether each resource field was given in the spec. */
export interface ServiceSketch {
  /** Index in `services`. */
  readonly index: number;
  readonly service: Pick<Service, 'name' | 'team' | 'replicas' | 'maxReplicas' | 'resources'>;
  readonly given: ReadonlySet<string>;
}

/** The clouds an environment is placed on. */
export function cloudsOf(env: EnvironmentSketch): Cloud[] {
  return (['aws', 'azure', 'gcp'] as const).filter((c) => env[c] !== undefined);
}
