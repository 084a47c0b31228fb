import { SpecIssue, SpecValidationError } from './errors';
import { RELEASE_TAG } from './schema';
import type { OrganizationSpec } from './types';
import { show } from '../../core/show';

/**
 * Sets each service's `release` from a releases map: the platform repository's `releases.json` (service name ->
 * release tag), which each service's generated release workflow updates through a pull request. A service the map
 * does not name keeps the release its spec gives.
 *
 * ```ts
 * const releases = JSON.parse(fs.readFileSync(path.join(__dirname, 'releases.json'), 'utf8'));
 * export default withReleases(spec, releases);
 * ```
 *
 * @throws SpecValidationError with every problem at once: not a JSON object, a name that is no service of the spec
 *   (a release for a removed or misspelt service would otherwise be dropped silently), a value that is no release tag.
 */
export function withReleases(spec: OrganizationSpec, releases: unknown): OrganizationSpec {
  if (releases === null || typeof releases !== 'object' || Array.isArray(releases)) {
    throw new SpecValidationError([{ path: 'releases', message: `${show(releases)} is not a releases map (expected a JSON object of service name to release tag, like { "checkout": "v2.3.1" })` }]);
  }
  const issues: SpecIssue[] = [];
  const names = new Set((spec.services ?? []).map((s) => s.name));
  for (const [name, tag] of Object.entries(releases)) {
    const path = `releases[${JSON.stringify(name)}]`;
    if (!names.has(name)) {
      issues.push({ path, message: `names no service of the organization (expected one of ${[...names].sort().join(', ')}: remove the entry of a service that is gone)` });
    } else if (typeof tag !== 'string' || !RELEASE_TAG.test(tag)) {
      issues.push({ path, message: `${show(tag)} is not a release tag (expected an immutable image tag like v1.4.2; never "latest")` });
    }
  }
  if (issues.length > 0) throw new SpecValidationError(issues);
  const map = releases as Record<string, string>;
  return { ...spec, services: (spec.services ?? []).map((s) => (map[s.name] === undefined ? s : { ...s, release: map[s.name] })) };
}
