import type { Artifact } from '../../../artifacts';

/**
 * Whether an artifact is an environment's own stack (`acme-prod`, `acme-prod-azure`, `acme-prod-gcp`), where the
 * environment's audit trail and alerts live; team stacks and DR stacks hold neither.
 */
export function isEnvironmentArtifact(artifact: Artifact): boolean {
  const own = [`-${artifact.environment}`, `-${artifact.environment}-azure`, `-${artifact.environment}-gcp`];
  return own.some((suffix) => artifact.name.endsWith(suffix));
}
