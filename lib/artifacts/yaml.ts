import * as jsyaml from 'js-yaml';

/*
 * Manifests are written and read with js-yaml rather than the `yaml` package cdk8s uses: at 1,000 services the
 * manifests hold tens of thousands of objects, and `yaml` spent 45 % of the whole synth serializing them
 * (bench/README.md). js-yaml is 3-5x faster both ways on the same documents.
 */

/**
 * Multi-document YAML for Kubernetes objects, `---` between documents.
 *
 * Strings that a YAML 1.1 reader would take for something else (`yes`, `on`, `0755`, `1e3`, dates) are quoted:
 * kubectl and Argo CD parse manifests with go-yaml, whose YAML 1.1 rules would turn a label value `on` into a
 * boolean. Keys keep their order; no anchors or aliases; no line folding.
 */
export function toManifestYaml(objects: readonly unknown[]): string {
  return objects
    .map((object) => jsyaml.dump(object, { noRefs: true, lineWidth: -1, quotingType: '"', noCompatMode: false }))
    .join('---\n');
}

/**
 * The objects of a multi-document YAML file. Read with the YAML 1.2 core schema, so a string stays a string (no
 * timestamps, no merge keys); empty documents are skipped.
 */
export function parseManifestYaml(text: string): unknown[] {
  return jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA }).filter((o) => o !== null && o !== undefined);
}
