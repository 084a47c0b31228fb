/**
 * Container image references (the grammar of github.com/distribution/reference),
 * checked offline so that an unpinned or ambiguous image fails at synth rather
 * than being pulled as whatever the registry serves that day.
 */

/** `host[:port]`: DNS components, an optional port. */
const REGISTRY = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
/** One repository path component: lowercase alphanumerics joined by '.', '_', '__' or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
/** Only the registered OCI digest algorithms, so a truncated digest is caught. */
const DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** The reference grammar caps the name (registry and repository) at 255 characters. */
const MAX_NAME_LENGTH = 255;

/** A reference that passed the grammar. */
export interface ImageReference {
  /** The registry host (and port), or undefined when the reference has none and would resolve to Docker Hub. */
  readonly registry?: string;
  /** The repository path inside the registry. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Parses an image reference, or returns undefined when the text is not one. */
export function parseImageReference(text: unknown): ImageReference | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const at = text.indexOf('@');
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const named = at === -1 ? text : text.slice(0, at);
  // A tag's ':' comes after the last '/'; an earlier one belongs to the registry port.
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1);
  const tag = colon === -1 ? undefined : named.slice(colon + 1);
  const name = colon === -1 ? named : named.slice(0, colon);

  const components = name.split('/');
  // As in Docker: the first component is a registry only if it cannot be a
  // repository path (it has a '.', a port or uppercase, or is localhost).
  const first = components[0];
  const hasRegistry = components.length > 1 && (/[.:A-Z]/.test(first) || first === 'localhost');
  const registry = hasRegistry ? first : undefined;
  const path = hasRegistry ? components.slice(1) : components;

  const valid = name.length <= MAX_NAME_LENGTH
    && (registry === undefined || REGISTRY.test(registry))
    && path.every((component) => PATH_COMPONENT.test(component))
    && (tag === undefined || TAG.test(tag))
    && (digest === undefined || DIGEST.test(digest));
  return valid ? { registry, repository: path.join('/'), tag, digest } : undefined;
}

const EXAMPLE = 'like registry.example.com/payments/api:1.4.2 or registry.example.com/payments/api@sha256:<64 hex digits>';

/**
 * Why an image reference cannot be deployed as a pinned image from a known
 * registry, as a sentence starting with `path` and the quoted text; undefined
 * when it can.
 *
 * A `latest` tag is accepted together with a digest, because the digest alone
 * decides what the runtime pulls.
 */
export function pinnedImageProblem(path: string, text: unknown): string | undefined {
  const quoted = `${path} ${JSON.stringify(text)}`;
  const image = parseImageReference(text);
  if (image === undefined) {
    return `${quoted} is not an image reference (expected ${EXAMPLE})`;
  }
  if (image.registry === undefined) {
    return `${quoted} names no registry and would be pulled from Docker Hub (expected the full reference in the organization's registry, ${EXAMPLE})`;
  }
  if (image.tag === undefined && image.digest === undefined) {
    return `${quoted} has neither a tag nor a digest (expected a pinned version, ${EXAMPLE})`;
  }
  if (image.tag === 'latest' && image.digest === undefined) {
    return `${quoted} is tagged latest, which moves (expected a pinned version, ${EXAMPLE})`;
  }
  return undefined;
}
