import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { acme } from '../../../examples/acme/org';
import { parseManifestYaml, toManifestYaml } from '../../../lib/artifacts/yaml';
import { synthesizeKubernetes } from '../../../lib/platform/synth-kubernetes';
import { defineOrganization, type Cloud } from '../../../lib/spec';

jest.setTimeout(5 * 60_000);

describe('manifest YAML', () => {
  // GIVEN objects whose strings a YAML 1.1 reader (go-yaml, as in kubectl and Argo CD) would take for other types
  const objects = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { a: 'on', b: 'yes', c: 'No', d: '0755', e: '1e3', f: '2026-01-01', g: '1:20', h: '~', i: '' } },
      data: { multi: 'line one\nline two', quote: 'say "hi"', colon: 'a: b', hash: 'a #b' },
    },
    { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' }, spec: { '=(securityContext)': { '=(runAsUser)': '>0' }, 'list': [{ n: 1 }, 2, true, null] } },
  ];

  test('round-trips through a YAML 1.1 reader and a YAML 1.2 reader unchanged', () => {
    // WHEN written
    const text = toManifestYaml(objects);

    // THEN both YAML versions read back exactly the objects, strings as strings
    expect(parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())).toEqual(objects);
    expect(parseAllDocuments(text, { version: '1.2' }).map((d) => d.toJS())).toEqual(objects);
    expect(parseManifestYaml(text)).toEqual(objects);
  });

  test('writes one document per object, block style, no anchors', () => {
    const shared = { team: 'payments' };
    const text = toManifestYaml([{ kind: 'A', metadata: { labels: shared } }, { kind: 'B', metadata: { labels: shared } }]);
    expect(text).toBe('kind: A\nmetadata:\n  labels:\n    team: payments\n---\nkind: B\nmetadata:\n  labels:\n    team: payments\n');
  });

  test('reading skips empty documents and keeps dates as strings', () => {
    expect(parseManifestYaml('---\nkind: A\nwhen: 2026-01-01\n---\n---\n')).toEqual([{ kind: 'A', when: '2026-01-01' }]);
  });

  test('every manifest of the acme organization is byte for byte what js-yaml writes for its objects', () => {
    // GIVEN every cluster's manifests of the example organization, as `baseline synth` writes them
    const org = defineOrganization(acme);
    const clouds: readonly Cloud[] = ['aws', 'azure', 'gcp'];
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-yaml-'));
    try {
      synthesizeKubernetes(org, org.environments.flatMap((env) => clouds.map((cloud) => ({ env, cloud }))), outdir);
      const files = fs.readdirSync(outdir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.k8s.yaml'));
      expect(files.length).toBeGreaterThan(40);

      let documents = 0;
      for (const file of files) {
        const text = fs.readFileSync(path.join(outdir, file), 'utf8');
        const read = parseManifestYaml(text);
        documents += read.length;
        // THEN js-yaml's dump of the objects read back is the file (so the writer wrote exactly what js-yaml would)
        const jsYaml = read.map((o) => jsyaml.dump(o, { noRefs: true, lineWidth: -1, quotingType: '"', noCompatMode: false })).join('---\n');
        expect({ file, text }).toEqual({ file, text: jsYaml });
        expect(toManifestYaml(read)).toBe(text);
      }
      expect(documents).toBeGreaterThan(1000);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
