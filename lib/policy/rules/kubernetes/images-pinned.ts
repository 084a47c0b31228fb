import type { KubernetesRule } from './kubernetes-rule';
import { allContainers, CONTAINERS_LIST, forEachPod, meta, podMatch, show } from './private/helpers';

/**
 * A reference with a digest, or whose last path component has a tag: a ':' before the last '/' is a registry port,
 * so `registry:5000/app` is untagged. No `{n,m}` bounds: Kyverno would take the braces for a variable.
 */
const PINNED_IMAGE_PATTERN = '^[^@]+@sha(256|512):[a-f0-9]+$|^([^/@]+/)*[^/@:]+:[A-Za-z0-9_][A-Za-z0-9_.-]*$';

/** The rule `K8S-IMAGES-PINNED`: Every image is pinned: a tag other than latest, or a digest. */
export function imagesPinnedRule(): KubernetesRule {
  return {
    ...meta('K8S-IMAGES-PINNED', 'images-trusted',
      'Every image is pinned: a tag other than latest, or a digest.',
      'Reference images by an immutable version tag (1.4.2) or by digest (@sha256:...), never latest or untagged.'),
    check: forEachPod((pod, report) => {
      for (const c of allContainers(pod.spec)) {
        const image = c.container.image;
        const ref = splitImage(image);
        if (ref === undefined) {
          report(`${c.label} image ${show(image)} is not an image reference (expected like registry.example.com/team/app:1.4.2)`);
        } else if (ref.tag === undefined && ref.digest === undefined) {
          report(`${c.label} image ${show(image)} has neither a tag nor a digest (expected a pinned version, like :1.4.2 or @sha256:...)`);
        } else if (ref.tag === 'latest' && ref.digest === undefined) {
          report(`${c.label} image ${show(image)} is tagged latest (expected a pinned version, like :1.4.2 or @sha256:...)`);
        }
      }
    }),
    kyverno: () => [{
      name: 'images-pinned',
      match: podMatch(),
      validate: {
        message: 'Images must be pinned to a version tag other than latest, or to a digest.',
        foreach: [{
          list: CONTAINERS_LIST,
          deny: {
            conditions: {
              any: [
                { key: `{{ regex_match('${PINNED_IMAGE_PATTERN}', element.image) }}`, operator: 'Equals', value: false },
                { key: "{{ regex_match(':latest$', element.image) }}", operator: 'Equals', value: true },
              ],
            },
          },
        }],
      },
    }],
  };
}

/** Splits `registry/repo:tag@digest`; undefined when the text cannot be an image reference. */
function splitImage(image: unknown): { tag?: string; digest?: string } | undefined {
  if (typeof image !== 'string' || image === '' || /\s/.test(image)) return undefined;
  const at = image.indexOf('@');
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const named = at === -1 ? image : image.slice(0, at);
  if (digest !== undefined && !/^sha(256|512):[a-f0-9]+$/.test(digest)) return undefined;
  // The tag's ':' comes after the last '/'; an earlier ':' belongs to the registry port.
  const colon = named.indexOf(':', named.lastIndexOf('/') + 1);
  const tag = colon === -1 ? undefined : named.slice(colon + 1);
  if (named === '' || tag === '' || (tag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))) return undefined;
  return { tag, digest };
}
