import * as fs from 'fs';
import * as jsyaml from 'js-yaml';
import { dumpBlockYaml } from './private/block-yaml';

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
  return objects.map(toManifestDocument).join('---\n');
}

/**
 * One document of {@link toManifestYaml}, with its trailing newline: serialize once, write to several files.
 *
 * Byte for byte js-yaml's `dump` with `{ noRefs: true, lineWidth: -1, quotingType: '"' }`, written by a block
 * writer that keeps js-yaml as the authority for each scalar (`private/block-yaml.ts`): 9x less CPU than js-yaml
 * on the acme and 100-service manifests.
 */
export function toManifestDocument(object: unknown): string {
  return dumpBlockYaml(object);
}

/**
 * Writes documents from {@link toManifestDocument} as one multi-document file (what `toManifestYaml` returns), in
 * chunks of about a megabyte: at 5,000 services a cluster's services file is tens of megabytes, and joining it into
 * one string first held a second copy of it in memory.
 */
export function writeManifestFile(file: string, documents: readonly string[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    let chunk: string[] = [];
    let size = 0;
    documents.forEach((document, i) => {
      chunk.push(i === 0 ? document : `---\n${document}`);
      size += document.length;
      if (size >= CHUNK_CHARS) {
        fs.writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    });
    if (chunk.length > 0) fs.writeSync(fd, chunk.join(''));
  } finally {
    fs.closeSync(fd);
  }
}

const CHUNK_CHARS = 1024 * 1024;

/**
 * The objects of a multi-document YAML file. Read with the YAML 1.2 core schema, so a string stays a string (no
 * timestamps, no merge keys); empty documents are skipped.
 */
export function parseManifestYaml(text: string): unknown[] {
  return jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA }).filter((o) => o !== null && o !== undefined);
}
