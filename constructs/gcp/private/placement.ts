import { Token } from 'cdktf';
import { GCP_NAME_PATTERN } from './names';
import { Problems } from '../../../core/problems';

/** Longest name prefix accepted, leaving room for the purpose suffixes within GCP's name limits. */
export const NAME_PREFIX_MAX_LENGTH = 40;

/**
 * A plain project id. Domain-scoped ids ("example.com:my-project") are not accepted here: the workload identity
 * pool and service agent addresses derived from the project id have no room for the domain.
 */
export const GCP_PROJECT_ID_PATTERN = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * A project id, or a domain-scoped one ("example.com:my-project"), for constructs that only pass the id through to
 * the provider.
 */
export const GCP_PROJECT_ID_OR_DOMAIN_SCOPED_PATTERN = /^([a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

export const GCP_REGION_PATTERN = /^[a-z]+-[a-z]+[0-9]+$/;

/** False for a Token, whose value is only known to Terraform and so cannot be checked here. */
export function isKnown(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

/** Appends the problems of the name prefix, project id and region shared by the GCP constructs. */
export function checkPlacement(
  problems: Problems,
  props: { namePrefix: string; project: string; region?: string },
  projectPattern: RegExp = GCP_PROJECT_ID_PATTERN,
): void {
  const { namePrefix, project, region } = props;
  if (isKnown(namePrefix) && (namePrefix.length > NAME_PREFIX_MAX_LENGTH || !GCP_NAME_PATTERN.test(namePrefix))) {
    problems.push(`namePrefix "${namePrefix}" is not a lowercase DNS label of at most ${NAME_PREFIX_MAX_LENGTH} characters (expected like acme-dev)`);
  }
  if (isKnown(project) && !projectPattern.test(project)) {
    problems.push(`project "${project}" is not a GCP project id (expected 6 to 30 lowercase letters, digits or hyphens, starting with a letter, like acme-dev-1234)`);
  }
  if (region !== undefined && isKnown(region) && !GCP_REGION_PATTERN.test(region)) {
    problems.push(`region "${region}" is not a GCP region (expected like europe-west1)`);
  }
}
