import { SpecIssue, SpecValidationError } from './errors';
import { RELEASE_COMMITTED_AT_EXPECTED, RELEASE_TAG } from './schema';
import type { OrganizationSpec } from './types';
import { isUtcTimestamp } from '../../core/release';
import { show } from '../../core/show';

/** One service's entry in `releases.json`, as the release workflow writes it. */
export interface ReleaseEntry {
  /** The release tag, like `v1.4.2`. */
  readonly version: string;
  /** When the released commit was made, RFC 3339 UTC, like `2026-12-03T18:45:00Z`. */
  readonly committedAt?: string;
}

const TAG_EXPECTED = 'is not a release tag (expected an immutable image tag like v1.4.2; never "latest")';
const ENTRY_EXAMPLE = '{ "version": "v2.3.1", "committedAt": "2026-12-03T18:45:00Z" }';

/**
 * Sets each service's `release` (and `releaseCommittedAt`) from a releases map: the platform repository's
 * `releases.json`, which each service's generated release workflow updates through a pull request. Each entry is
 * `{ "version": "v1.4.2", "committedAt": "2026-12-03T18:45:00Z" }` as the workflow writes it (the commit time is what
 * the lead-time metric measures from), or a bare tag `"v1.4.2"` as earlier workflows wrote it. A service the map
 * does not name keeps the release its spec gives.
 *
 * ```ts
 * const releases = JSON.parse(fs.readFileSync(path.join(__dirname, 'releases.json'), 'utf8'));
 * export default withReleases(spec, releases);
 * ```
 *
 * @throws SpecValidationError with every problem at once: not a JSON object, a name that is no service of the spec
 *   (a release for a removed or misspelt service would otherwise be dropped silently), a value that is no release
 *   tag, a commit time that is no RFC 3339 UTC timestamp, an entry with other fields.
 */
export function withReleases(spec: OrganizationSpec, releases: unknown): OrganizationSpec {
  if (releases === null || typeof releases !== 'object' || Array.isArray(releases)) {
    throw new SpecValidationError([{ path: 'releases', message: `${show(releases)} is not a releases map (expected a JSON object of service name to release, like { "checkout": ${ENTRY_EXAMPLE} })` }]);
  }
  const issues: SpecIssue[] = [];
  const names = new Set((spec.services ?? []).map((s) => s.name));
  const read = new Map<string, ReleaseEntry>();
  for (const [name, value] of Object.entries(releases)) {
    const path = `releases[${JSON.stringify(name)}]`;
    if (!names.has(name)) {
      issues.push({ path, message: `names no service of the organization (expected one of ${[...names].sort().join(', ')}: remove the entry of a service that is gone)` });
      continue;
    }
    const entry = readEntry(path, value, issues);
    if (entry !== undefined) read.set(name, entry);
  }
  if (issues.length > 0) throw new SpecValidationError(issues);
  return {
    ...spec,
    services: (spec.services ?? []).map((s) => {
      const entry = read.get(s.name);
      if (entry === undefined) return s;
      // A new version without a commit time must not keep the previous release's.
      const { releaseCommittedAt: _previous, ...rest } = s;
      return { ...rest, release: entry.version, ...(entry.committedAt !== undefined && { releaseCommittedAt: entry.committedAt }) };
    }),
  };
}

function readEntry(path: string, value: unknown, issues: SpecIssue[]): ReleaseEntry | undefined {
  if (typeof value === 'string') {
    if (RELEASE_TAG.test(value)) return { version: value };
    issues.push({ path, message: `${show(value)} ${TAG_EXPECTED}` });
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ path, message: `${show(value)} is not a release (expected ${ENTRY_EXAMPLE}, or a bare release tag like "v2.3.1")` });
    return undefined;
  }
  const before = issues.length;
  const { version, committedAt, ...others } = value as Record<string, unknown>;
  for (const key of Object.keys(others)) {
    issues.push({ path: `${path}.${key}`, message: `is not a field of a release (expected only version and committedAt, like ${ENTRY_EXAMPLE})` });
  }
  if (version === undefined) {
    issues.push({ path: `${path}.version`, message: `is missing (expected the release tag, like ${ENTRY_EXAMPLE})` });
  } else if (typeof version !== 'string' || !RELEASE_TAG.test(version)) {
    issues.push({ path: `${path}.version`, message: `${show(version)} ${TAG_EXPECTED}` });
  }
  if (committedAt !== undefined && !isUtcTimestamp(committedAt)) {
    issues.push({ path: `${path}.committedAt`, message: `${show(committedAt)} ${RELEASE_COMMITTED_AT_EXPECTED}` });
  }
  if (issues.length > before) return undefined;
  return { version: version as string, ...(committedAt !== undefined && { committedAt: committedAt as string }) };
}
