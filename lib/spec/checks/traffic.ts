import { show } from '../../../core/show';
import { formatPath, SpecIssue } from '../errors';
import { EXPOSURE_LEVELS, MIN_PUBLIC_EXPOSURE_REASON_LENGTH } from '../exposure';

/** Beyond this many services, a message names the list rather than every service in it. */
const MAX_NAMES_IN_MESSAGE = 20;

/**
 * Problems of the declared traffic: calls to services that do not exist, to the service itself or twice to the
 * same one, and exposure reasons that are missing (public) or out of place (anything else). Runs on the raw spec,
 * on whatever parts are well-formed, so it reports alongside every other problem.
 */
export function trafficIssues(spec: any): SpecIssue[] {
  const services: any[] = Array.isArray(spec?.services) ? spec.services : [];
  const names = services.map((s) => s?.name).filter((n): n is string => typeof n === 'string');
  const known = new Set(names);
  const expected = names.length <= MAX_NAMES_IN_MESSAGE
    ? `one of ${[...known].join(', ')}`
    : 'the name of a service listed in services';
  const issues: SpecIssue[] = [];

  services.forEach((svc, i) => {
    const calls: unknown[] = Array.isArray(svc?.calls) ? svc.calls : [];
    const first = new Map<string, number>();
    calls.forEach((callee, j) => {
      if (typeof callee !== 'string') return;
      const path = formatPath(['services', i, 'calls', j]);
      if (!known.has(callee)) {
        issues.push({ path, message: `${show(callee)} is not a service of this organization (expected ${expected})` });
      } else if (callee === svc.name) {
        issues.push({ path, message: `${show(callee)} is the service itself (expected another service: calls open paths between services)` });
      } else if (first.has(callee)) {
        issues.push({ path, message: `${show(callee)} duplicates ${formatPath(['services', i, 'calls', first.get(callee)!])} (expected each callee once)` });
      }
      if (!first.has(callee)) first.set(callee, j);
    });

    const exposure = svc?.exposure;
    if (exposure === null || typeof exposure !== 'object') return;
    const reason = exposure.reason;
    const reasonPath = formatPath(['services', i, 'exposure', 'reason']);
    if (exposure.level === 'public') {
      if (reason === undefined) {
        issues.push({
          path: reasonPath,
          message: `is required because exposure.level is "public" (expected why the service must be reachable from the internet, at least ${MIN_PUBLIC_EXPOSURE_REASON_LENGTH} characters, for reviewers)`,
        });
      } else if (typeof reason === 'string' && reason.trim().length < MIN_PUBLIC_EXPOSURE_REASON_LENGTH) {
        issues.push({
          path: reasonPath,
          message: `${show(reason)} is too short to review (expected why the service must be reachable from the internet, at least ${MIN_PUBLIC_EXPOSURE_REASON_LENGTH} characters)`,
        });
      }
    } else if (reason !== undefined && typeof exposure.level === 'string' && (EXPOSURE_LEVELS as readonly string[]).includes(exposure.level)) {
      issues.push({
        path: reasonPath,
        message: `${show(reason)} is only taken with exposure.level "public" (expected no reason for ${show(exposure.level)}: it weakens nothing)`,
      });
    }
  });
  return issues;
}
